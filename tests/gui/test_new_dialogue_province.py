"""New dialogues start in the laptop's province: shown in the new-dialogue bar, used even before it is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from tests.gui.conftest import close_window, make_window, wait_idle

from dialogue_desktop.core.domain.models import Device
from dialogue_desktop.core.services.dialogues import get_dialogue
from dialogue_desktop.core.store.store import Store


def set_laptop_province(store: Store, code: str) -> None:
    """What the first-run screen saves: this laptop's province."""
    with store.unit_of_work() as session:
        device = session.get(Device, store.device_id)
        assert device is not None
        device.province_code = code


def test_the_bar_shows_the_laptops_province(qtbot: Any, store: Store, shown_boxes: Any) -> None:
    set_laptop_province(store, "07")
    window = make_window(qtbot, store)
    try:
        bar = window.pages["dialogues"].list.new_bar
        assert bar.province.currentData() == "07"
        assert bar.province.currentText() != "Province…"
    finally:
        close_window(window)


def test_enter_right_after_the_first_run_screen_uses_the_province_just_saved(
    qtbot: Any, store: Store, shown_boxes: Any
) -> None:
    window = make_window(qtbot, store)
    try:
        page = window.show_page("dialogues")
        bar = page.list.new_bar
        assert bar.province.currentData() is None  # no province known yet
        set_laptop_province(store, "07")  # the first-run screen saved it...
        window.refresh_device()  # ...and the window is still reading it when Enter is pressed
        qtbot.keyClicks(bar.title, "Commune dialogue on roads")
        with qtbot.waitSignal(bar.created) as created:
            qtbot.keyClick(bar.title, Qt.Key.Key_Return)
        assert not bar.error.isVisible()
        with store.unit_of_work() as session:
            assert get_dialogue(session, created.args[0]).province_code == "07"
        wait_idle(qtbot, window.ctx.worker)
        assert bar.province.currentData() == "07"  # and the bar shows it once read
    finally:
        close_window(window)
