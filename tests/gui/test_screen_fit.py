"""The window fits a 1366×768 laptop screen with a taskbar (1366×728): on every page and every tab of a
dialogue, in Khmer and in English, over the demo data, it does not grow, and each page's key controls
(its Add/Save/Print buttons, the status bar) are wholly inside it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget
from sqlalchemy import func, select
from tests.gui.conftest import close_window, make_window, wait_idle

from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.store.store import Store

WIDTH, HEIGHT = 1366, 728  # a 1366×768 screen less a taskbar


def longest_titled(store: Store) -> str:
    """The demo dialogue with the longest Khmer title (the widest header)."""
    with store.unit_of_work() as session:
        found = session.scalar(select(Dialogue.id).order_by(func.length(Dialogue.title_km).desc()).limit(1))
    assert found is not None
    return str(found)


@pytest.fixture
def fitted(qtbot: Any, store: Store, shown_boxes: Any) -> Iterator[Any]:
    """The real window over the demo data, asked for 1366×728."""
    make_demo(store, dialogues=12, seed=3)
    window = make_window(qtbot, store)
    window.resize(WIDTH, HEIGHT)
    yield window
    close_window(window)
    set_language("en")


def cut_off(widget: QWidget, window: QWidget) -> str:
    """Why `widget` is not wholly seen inside the window ("" when it is)."""
    if not widget.isVisible():
        return "hidden"
    corner = widget.mapTo(window, QPoint(0, 0))
    if not window.rect().contains(QRect(corner, widget.size())):
        return f"at {corner.x()},{corner.y()} {widget.width()}×{widget.height()}, outside the window"
    if widget.visibleRegion().boundingRect() != widget.rect():
        return "partly hidden by its parent"
    return ""


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def check_fits(window: Any, where: str, key_controls: list[QWidget]) -> None:
    QApplication.processEvents()
    assert window.width() <= WIDTH and window.height() <= HEIGHT, (
        f"{where}: {window.width()}×{window.height()}"
    )
    for control in [window.statusBar(), *key_controls]:
        problem = cut_off(control, window)
        assert not problem, f"{where}: {type(control).__name__} “{getattr(control, 'text', str)()}” {problem}"
    # Every other button shown is wholly inside too (scroll areas may hold more than they show).
    page = window.current_page()
    for button in page.findChildren(QAbstractButton):
        if button.isVisible() and not in_scroll_area(button):
            problem = cut_off(button, window)
            assert not problem, f"{where}: “{button.text()}” {problem}"


def page_controls(window: Any, key: str) -> list[QWidget]:
    page = window.pages[key]
    inner = getattr(page, "inner", page)  # a page built when first shown
    if key == "dialogues":
        return [inner.list.new_bar.create_button]
    if key == "participants":
        return [inner.person.save_button]
    if key == "actions":
        return [inner.report_button, inner.panel.delete_button, inner.panel.follow_up.add_button]
    if key == "settings":
        return [inner.save_identity, inner.backup_now]
    return []


def tab_controls(workspace: Any, tab: Any) -> list[QWidget]:
    controls: list[QWidget] = [workspace.back, workspace.delete_button]
    if tab is workspace.actions_tab:
        controls += [tab.add_button, tab.panel.delete_button, tab.panel.follow_up.add_button]
    elif tab is workspace.minutes:
        controls += [tab.save_button, tab.print_button]
    elif tab is workspace.attendance:
        controls += [tab.import_button]
    elif hasattr(tab, "add_button"):
        controls += [tab.add_button]
    return controls


@pytest.mark.parametrize("language", ["km", "en"])
def test_every_page_and_tab_fits_a_laptop_screen(
    qtbot: Any, fitted: Any, store: Store, language: str
) -> None:
    window = fitted
    window.switch_language(language)
    for key in window.pages:
        window.show_page(key)
        if key == "dialogues":
            window.pages[key].show_list()
        wait_idle(qtbot, window.ctx.worker)
        check_fits(window, f"{language} {key}", page_controls(window, key))
    dialogues = window.pages["dialogues"]
    window.show_page("dialogues")
    with qtbot.waitSignal(dialogues.workspace.loaded):
        dialogues.open_dialogue(longest_titled(store))
    workspace = dialogues.workspace
    for index, tab in enumerate(workspace.tab_widgets):
        workspace.tabs.setCurrentIndex(index)
        wait_idle(qtbot, window.ctx.worker)
        check_fits(window, f"{language} tab {type(tab).__name__}", tab_controls(workspace, tab))
    dialogues.show_list()
    check_fits(window, f"{language} back to the list", page_controls(window, "dialogues"))


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_tracker_shows_every_column_without_scrolling_sideways(
    qtbot: Any, fitted: Any, language: str
) -> None:
    window = fitted
    window.switch_language(language)
    page = window.show_page("actions")
    wait_idle(qtbot, window.ctx.worker)
    QApplication.processEvents()
    table, model = page.panel.table, page.panel.model
    assert model.rowCount() > 0
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    overdue = next(row for row, action in enumerate(model.rows) if action.overdue)
    for column in range(model.columnCount()):
        name = model.headerData(column, Qt.Orientation.Horizontal)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionViewportPosition(column) >= 0 and right <= table.viewport().width(), name
        text = model.data(model.index(overdue, column))
        assert (
            model.data(model.index(overdue, column), Qt.ItemDataRole.ToolTipRole) == text
        )  # whole when elided
        if column >= 3:  # deadline, status (with "overdue"), latest follow-up: read whole, never elided
            assert table.fontMetrics().horizontalAdvance(text) < header.sectionSize(column), (name, text)
