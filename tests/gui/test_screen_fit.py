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

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.domain.models import Dialogue, Participant
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.services.actions import ActionInput, create_action
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.services.listing import ActionFilters, list_actions
from dialogue_desktop.core.store.store import Store

WIDTH, HEIGHT = 1366, 728  # a 1366×768 screen less a taskbar


def longest_titled(store: Store) -> str:
    """The demo dialogue with the longest Khmer title (the widest header)."""
    with store.unit_of_work() as session:
        found = session.scalar(select(Dialogue.id).order_by(func.length(Dialogue.title_km).desc()).limit(1))
    assert found is not None
    return str(found)


def editable_with_actions(store: Store, count: int) -> str:
    """The demo dialogue with the longest Khmer title whose minutes are not approved, given `count` actions."""
    with store.unit_of_work() as session:
        found = session.scalar(
            select(Dialogue.id)
            .where(Dialogue.status != DialogueStatus.MINUTES_APPROVED)
            .order_by(func.length(Dialogue.title_km).desc())
            .limit(1)
        )
        assert found is not None
        have = len(list_actions(session, ActionFilters(dialogue_id=found)))
        for number in range(have, count):
            create_action(
                session, found, ActionInput(text_km=f"សកម្មភាព {number}", text_en=f"Action {number}")
            )
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


def open_tab(qtbot: Any, window: Any, dialogue_id: str, name: str) -> Any:
    """The dialogue's tab `name` (an attribute of the workspace), shown, its data read."""
    dialogues = window.show_page("dialogues")
    with qtbot.waitSignal(dialogues.workspace.loaded):
        dialogues.open_dialogue(dialogue_id)
    tab = getattr(dialogues.workspace, name)
    dialogues.workspace.tabs.setCurrentWidget(tab)
    wait_idle(qtbot, window.ctx.worker)
    QApplication.processEvents()
    return tab


def rows_in_sight(table: Any) -> int:
    """How many rows of the table are wholly in sight, from the top."""
    height = table.viewport().height()
    return sum(
        1
        for row in range(table.model().rowCount())
        if table.rowViewportPosition(row) >= 0
        and table.rowViewportPosition(row) + table.rowHeight(row) <= height
    )


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
        controls += [tab.open_button]  # the rest shows on demand (test below)
    elif tab is workspace.minutes:
        controls += [tab.column.save_button, tab.column.print_button]
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


@pytest.mark.parametrize("language", ["km", "en"])
def test_a_dialogues_actions_keep_six_rows_in_sight_and_the_form_opens_by_keyboard(
    qtbot: Any, fitted: Any, store: Store, language: str
) -> None:
    window = fitted
    window.switch_language(language)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts work in the active window only
    tab = open_tab(qtbot, window, editable_with_actions(store, 8), "actions_tab")
    table = tab.panel.table
    assert tab.panel.model.rowCount() == 8
    check_fits(window, f"{language} actions", [tab.open_button])
    assert rows_in_sight(table) >= 6, f"{language}: {rows_in_sight(table)} rows in sight"
    assert QApplication.focusWidget() is tab.open_button  # where work on the tab starts
    # Ctrl+N opens the form, the focus in its first field; its Add button is wholly in sight.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.form_box.isVisible() and QApplication.focusWidget() is tab.form.fields["text_km"]
    check_fits(window, f"{language} adding an action", [tab.add_button, tab.close_button])
    # Esc closes it: the rows come back.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not tab.form_box.isVisible() and QApplication.focusWidget() is tab.open_button
    assert rows_in_sight(table) >= 6
    # An action picked: its follow-up and correction below, the row still in sight; Esc lets go of it.
    table.setFocus()
    table.selectRow(7)
    wait_idle(qtbot, window.ctx.worker)
    QApplication.processEvents()
    check_fits(
        window, f"{language} an action picked", [tab.panel.delete_button, tab.panel.follow_up.add_button]
    )
    assert table.rowViewportPosition(7) >= 0
    assert table.rowViewportPosition(7) + table.rowHeight(7) <= table.viewport().height()
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not tab.panel.detail.isVisible() and rows_in_sight(table) >= 6


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_minutes_options_scroll_and_save_and_print_stay_in_sight(
    qtbot: Any, fitted: Any, store: Store, language: str
) -> None:
    window = fitted
    window.switch_language(language)
    tab = open_tab(qtbot, window, longest_titled(store), "minutes")
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=20000)
    check_fits(window, f"{language} minutes", [tab.column.save_button, tab.column.print_button])
    # What does not fit the column is reached by scrolling it, never cut off or pushing the buttons out.
    column = tab.column
    column.side_scroll.ensureWidgetVisible(column.attachments)
    QApplication.processEvents()
    assert cut_off(column.attachments.add_button, window) == "", language
    check_fits(window, f"{language} minutes, scrolled", [column.save_button, column.print_button])


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_registry_shows_a_chosen_persons_form_and_save_without_scrolling(
    qtbot: Any, fitted: Any, store: Store, language: str
) -> None:
    window = fitted
    window.switch_language(language)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.show_page("participants")
    wait_idle(qtbot, window.ctx.worker)
    person = page.person
    with store.unit_of_work() as session:
        phones = set(session.scalars(select(Participant.id).where(Participant.phone != "")))
    # A person with a phone: the consent line under it makes the form's tallest state.
    with_phone = next(row for row, r in enumerate(page.model.rows) if r.id in phones)
    page.table.setFocus()
    page.table.selectRow(with_phone)
    qtbot.waitUntil(lambda: person.view is not None and person.view.id == page.model.rows[with_phone].id)
    wait_idle(qtbot, window.ctx.worker)
    assert person.phone.text() and person.phone_note.isVisible()
    fields = [widget for _key, widget in person.fields]
    ticks = [person.consent_data, person.consent_photo]
    check_fits(
        window, f"{language} a person chosen", [*fields, *ticks, person.save_button, person.phone_note]
    )
    scroll = next(area for area in page.findChildren(QScrollArea) if area.widget() is person)
    assert not scroll.verticalScrollBar().isVisible(), language
    # Enter on the row opens the person: the focus in the first field; Tab reads the form in order.
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert QApplication.focusWidget() is person.name_km
    for expected in [*fields[1:], *ticks, person.save_button]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected, f"{language}: {QApplication.focusWidget()!r}"
    # A person picked in the search box (from another page) opens with the focus in the first field too.
    picked = page.model.rows[with_phone + 1]
    window.show_page("actions")
    window.show_page("participants")  # as the search box does it, the focus on the page's search box
    assert QApplication.focusWidget() is page.search
    page.open_person(picked.id, picked.name_latin)
    qtbot.waitUntil(lambda: person.view is not None and person.view.id == picked.id)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is person.name_km)
    # A person with possible duplicates: their third tab's name fits beside the others, whole.
    page.search.clear()  # the whole registry again
    wait_idle(qtbot, window.ctx.worker)
    page.table.setFocus()
    page.table.selectRow(with_duplicates(qtbot, window, page))
    wait_idle(qtbot, window.ctx.worker)
    QApplication.processEvents()
    bar = person.tabs.tabBar()
    assert person.tabs.isTabVisible(person.tabs.indexOf(person.duplicates_box))
    assert bar.sizeHint().width() <= bar.width(), f"{language}: tabs {bar.sizeHint().width()} > {bar.width()}"
    check_fits(window, f"{language} a person with duplicates", [bar, person.save_button])


def with_duplicates(qtbot: Any, window: Any, page: Any) -> int:
    """The first row of the registry whose person has possible duplicates (chosen one by one)."""
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        qtbot.waitUntil(
            lambda row=row: page.person.view is not None and page.person.view.id == page.model.rows[row].id
        )
        if page.person.view.duplicates:
            return row
    raise AssertionError("the demo data has no possible duplicates")


@pytest.mark.parametrize("language", ["km", "en"])
def test_settings_fit_and_scroll_to_what_errors_push_down_the_window_keeping_its_size(
    qtbot: Any, fitted: Any, language: str
) -> None:
    window = fitted
    window.switch_language(language)
    page = window.show_page("settings")
    wait_idle(qtbot, window.ctx.worker)
    rows = [page.min_count.edit, page.min_count.note, page.change_passphrase, page.ask_at_start]
    check_fits(window, f"{language} settings", [*page_controls(window, "settings"), *rows, page.restore])
    assert page.ask_at_start_note.text() and cut_off(page.ask_at_start_note, window) == ""
    # The laptop's details saved without its name, a minimum count that is no number: an error under each
    # (the laptop's name's stays, it was wiped by the form's general line); the window keeps its size and
    # what they push down is reached by scrolling.
    page.name.clear()
    page.device_name.clear()
    qtbot.mouseClick(page.save_identity, Qt.MouseButton.LeftButton)
    page.min_count.edit.setFocus()
    page.min_count.edit.clear()
    qtbot.keyClicks(page.min_count.edit, "many")
    qtbot.keyClick(page.min_count.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert page.device_error.isVisible() and page.min_count.error.isVisible()
    assert window.width() <= WIDTH and window.height() <= HEIGHT, f"{window.width()}×{window.height()}"
    scroll = next(area for area in page.findChildren(QScrollArea))
    for control in [page.backup_now, page.restore, page.change_passphrase, page.ask_at_start]:
        scroll.ensureWidgetVisible(control)
        QApplication.processEvents()
        assert cut_off(control, window) == "", f"{language}: “{control.text()}” {cut_off(control, window)}"
