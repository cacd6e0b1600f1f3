"""The main window: navigation, status bar, language switch at run time, remembered place, worker."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from tests.gui.conftest import close_window, make_window, visible_texts, wait_idle

from dialogue_desktop.core.i18n import current_language
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.worker import DbWorker, op

PAGES = ["dialogues", "participants", "actions", "sync", "reports", "settings"]
# Words that may stay Latin in Khmer mode: proper names and the English language button.
ALLOWED = {
    "EN",
    "English",
    "Dialogue",
    "Desktop",
    "USB",
    "PDF",
    "CSO",
    "NGO",
    "CSV",
    "XLSX",
    "Excel",
    "zip",
    "Ctrl",
    "Enter",
    "Esc",
}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def english_left(texts: list[str], allowed: set[str]) -> list[str]:
    """Texts containing a Latin word that is not an allowed proper name."""
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>|&\w+;", " ", text)  # rich text: tags and entities are not words
        without_paths = re.sub(r"\S*[/\\]\S*", "", plain)  # file paths are names, not words
        words = [w for w in LATIN_WORD.findall(without_paths) if w not in allowed]
        if words:
            found.append(text)
    return found


def test_every_page_is_reachable_from_the_navigation(window: Any, qtbot: Any) -> None:
    for row, key in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        assert window.current_page().key == key
        assert window.nav.item(row).text().startswith(window.pages[key].title())


def test_status_bar_names_the_database_and_says_saved(window: Any, store: Any) -> None:
    assert store.path.name in window.status_line.db_label.text()
    assert "✓" in window.status_line.saved_label.text()
    assert window.status_line.device_label.text()


def test_switching_language_retranslates_every_page_and_is_remembered(
    window: Any, qtbot: Any, store: Any
) -> None:
    km_button = next(b for b in window.language_buttons.buttons() if b.property("language") == "km")
    qtbot.mouseClick(km_button, Qt.MouseButton.LeftButton)
    assert current_language() == "km"
    wait_idle(qtbot, window.ctx.worker)
    for row, key in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        wait_idle(qtbot, window.ctx.worker)
        page = window.pages[key]
        left = english_left(visible_texts(page), ALLOWED | proper_names(window))
        assert not left, f"English left on {key}: {left}"
    nav_left = english_left([window.nav.item(i).text() for i in range(window.nav.count())], ALLOWED)
    assert not nav_left
    assert GuiSettings.load().language == "km"


def proper_names(window: Any) -> set[str]:
    """Names typed by people (the device name) that stay as they are."""
    return set(LATIN_WORD.findall(window.ctx.device.name))


def test_qt_standard_buttons_are_translated_in_khmer(window: Any, qtbot: Any) -> None:
    window.switch_language("km")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert not english_left(texts, set()), texts
    window.switch_language("en")
    qtbot.waitUntil(lambda: {b.text().replace("&", "") for b in box.buttons()} == {"OK", "Cancel"})


def test_the_window_reopens_on_the_page_left(qtbot: Any, store: Any, shown_boxes: Any) -> None:
    first = make_window(qtbot, store)
    first.show_page("actions")
    close_window(first)
    second = make_window(qtbot, store)
    try:
        assert second.current_page().key == "actions"
    finally:
        close_window(second)


def test_worker_runs_off_the_gui_thread_and_reports_failures(qtbot: Any, store: Any) -> None:
    import threading

    worker = DbWorker(store)
    seen: dict[str, Any] = {}
    try:
        with qtbot.waitSignal(worker.finished):
            op(lambda _s: threading.current_thread().name).success(lambda v: seen.update(thread=v)).run(
                worker
            )
        assert seen["thread"] != threading.current_thread().name

        def boom(_session: Any) -> None:
            raise ValueError("no")

        with qtbot.waitSignal(worker.finished):
            op(boom).failure(lambda e: seen.update(error=e)).run(worker)
        assert isinstance(seen["error"], ValueError)
    finally:
        worker.stop()
