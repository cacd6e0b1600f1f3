"""The README's keyboard section, key by key: where the focus lands and what each key does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from tests.gui.conftest import close_window, make_window, wait_idle
from tests.gui.test_flows import seed

from dialogue_desktop.core.i18n import current_language
from dialogue_desktop.core.store.store import Store

PAGES = ["dialogues", "participants", "actions", "sync", "reports", "settings"]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the focus is, as on the keyboard."""
    qtbot.keyClick(focused(), key, modifier)


def shown_window(qtbot: Any, store: Store) -> Any:
    window = make_window(qtbot, store)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_readme_keyboard_section_key_by_key(qtbot: Any, store: Store, shown_boxes: Any) -> None:
    ids = seed(store)
    window = shown_window(qtbot, store)
    try:
        # At start: the first field of the page, never the top bar's buttons.
        dialogues = window.pages["dialogues"]
        assert focused() is dialogues.list.new_bar.title
        for button in [window.about_button, *window.language_buttons.buttons()]:
            assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
        press(qtbot, Qt.Key.Key_Space)  # a Space typed goes into the field, the language stays
        assert current_language() == "en" and dialogues.list.new_bar.title.text() == " "
        dialogues.list.new_bar.title.clear()
        # Alt+1…6: each page, its first field focused; Ctrl+F: the top search box on every page.
        for row, key in enumerate(PAGES):
            press(qtbot, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.AltModifier)
            wait_idle(qtbot, window.ctx.worker)
            page = window.current_page()
            assert page.key == key
            assert page.isAncestorOf(focused()), f"{key}: the focus is on {focused()!r}"
            press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
            assert focused() is window.search, key
        # Ctrl+F, a few letters, ↓ and Enter open what was picked.
        qtbot.keyClicks(window.search, "kampot")
        qtbot.waitUntil(
            lambda: window.search.found.popup().isVisible() and window.search.found_model.rowCount() > 0
        )
        qtbot.keyClick(window.search.found.popup(), Qt.Key.Key_Down)
        with qtbot.waitSignal(dialogues.workspace.loaded):
            qtbot.keyClick(window.search.found.popup(), Qt.Key.Key_Return)
        wait_idle(qtbot, window.ctx.worker)
        workspace = dialogues.workspace
        assert window.current_page() is dialogues and workspace.dialogue.id == ids["dialogue"]
        assert workspace.isAncestorOf(focused())
        # At the door: the name box has the focus.
        door = workspace.attendance
        workspace.tabs.setCurrentWidget(door)
        wait_idle(qtbot, window.ctx.worker)
        assert focused() is door.search
        qtbot.keyClicks(focused(), "ha")  # sokHA, cHAn, then "+ New person"
        qtbot.waitUntil(lambda: door.matches.count() == 3)
        press(qtbot, Qt.Key.Key_Down)  # the second one; the typing goes on in the name box
        assert door.matches.currentRow() == 1 and focused() is door.search
        with qtbot.waitSignal(door.refreshed):
            press(qtbot, Qt.Key.Key_Return)
        assert door.counts.counts.total == 1 and door.search.text() == ""
        # Ctrl+N: the short form; Esc closes it, back to the name.
        press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert door.form.isVisible() and door.form.isAncestorOf(focused())
        press(qtbot, Qt.Key.Key_Escape)
        assert not door.form.isVisible() and focused() is door.search
        # Ctrl+N, Tab between fields, Enter saves and returns to the name.
        press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        first = focused()
        qtbot.keyClicks(first, "Keo Pich")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is not first and door.form.isAncestorOf(focused())
        with qtbot.waitSignal(door.refreshed):
            press(qtbot, Qt.Key.Key_Return)
        assert not door.form.isVisible() and focused() is door.search
        assert door.counts.counts.total == 2
        # Ctrl+Z removes the last arrival.
        with qtbot.waitSignal(door.refreshed):
            press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert door.counts.counts.total == 1
        assert current_language() == "en"  # no key on the way switched the language
    finally:
        close_window(window)
