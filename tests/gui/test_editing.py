"""Correcting what was entered: agenda items, needs, decisions and agreed actions, field by field, saved on
leaving the field (read back through the core) and shown; a bad value gets its message and saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from tests.gui.conftest import type_text, wait_idle
from tests.gui.test_flows import open_workspace, seed

from dialogue_desktop.core.services.agenda import agenda_items
from dialogue_desktop.core.services.needs import list_decisions, list_needs
from dialogue_desktop.core.store.store import Store


def leave(qtbot: Any, window: Any, widget: QWidget) -> None:
    """Tab out of a field, as a facilitator does, and wait for the save."""
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    wait_idle(qtbot, window.ctx.worker)


def retype(qtbot: Any, window: Any, line: QLineEdit, text: str) -> None:
    """Put the cursor in a field, replace its text by typing, and leave it."""
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    type_text(qtbot, line, text)
    leave(qtbot, window, line)


def set_date(qtbot: Any, window: Any, field: Any, value: date) -> None:
    """Pick a date in an optional-date field by keyboard focus, and leave it."""
    field.date.setFocus()
    field.set_value(value)
    field.window().focusNextChild()  # Tab moves between the day, month and year: leave it another way
    wait_idle(qtbot, window.ctx.worker)


def add_and_select(qtbot: Any, window: Any, tab: Any, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    qtbot.waitUntil(tab.edit_box.isEnabled)


def test_an_agenda_item_is_corrected_field_by_field(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    agenda = open_workspace(qtbot, window, ids["dialogue"], tab=1).agenda
    add_and_select(qtbot, window, agenda, agenda.title, "Welcome")
    fields = agenda.editor.fields
    assert fields["title_en"].text() == "Welcome"
    retype(qtbot, window, fields["title_km"], "ការស្វាគមន៍")
    retype(qtbot, window, fields["title_en"], "Welcome and introductions")
    retype(qtbot, window, fields["presenter"], "Chan Dara")
    fields["duration_minutes"].setFocus()
    fields["duration_minutes"].setValue(20)
    leave(qtbot, window, fields["duration_minutes"])
    with store.unit_of_work() as session:
        (item,) = agenda_items(session, ids["dialogue"])
    assert (item.title_km, item.title_en, item.presenter, item.duration_minutes) == (
        "ការស្វាគមន៍", "Welcome and introductions", "Chan Dara", 20,
    )  # fmt: skip
    qtbot.waitUntil(lambda: agenda.model.rows[0].duration_minutes == 20)
    assert agenda.table.selectionModel().selectedRows()  # still selected, the form still shows it
    assert agenda.model.data(agenda.model.index(0, 1)) == "Welcome and introductions"
    # Both titles emptied: the message beside the field, nothing saved.
    retype(qtbot, window, fields["title_km"], "")
    retype(qtbot, window, fields["title_en"], "")
    assert agenda.editor.errors["title_km"].isVisible()
    with store.unit_of_work() as session:
        assert agenda_items(session, ids["dialogue"])[0].title_en == "Welcome and introductions"


def test_a_need_is_corrected_field_by_field(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    needs = open_workspace(qtbot, window, ids["dialogue"], tab=4).needs
    add_and_select(qtbot, window, needs, needs.text, "Clean water")
    fields = needs.editor.fields
    retype(qtbot, window, fields["text_km"], "ទឹកស្អាត")
    retype(qtbot, window, fields["text_en"], "Clean water for the school")
    fields["sector"].setFocus()
    fields["sector"].setCurrentIndex(fields["sector"].findData("health"))
    fields["sector"].activated.emit(fields["sector"].currentIndex())
    wait_idle(qtbot, window.ctx.worker)
    retype(qtbot, window, fields["raised_by"], "Village chief")
    with store.unit_of_work() as session:
        (need,) = list_needs(session, ids["dialogue"])
    assert (need.text_km, need.text_en, need.sector.value, need.raised_by) == (
        "ទឹកស្អាត", "Clean water for the school", "health", "Village chief",
    )  # fmt: skip
    qtbot.waitUntil(lambda: needs.model.rows[0].raised_by == "Village chief")
    retype(qtbot, window, fields["text_km"], "")
    retype(qtbot, window, fields["text_en"], "")
    assert needs.editor.errors["text_km"].isVisible()
    with store.unit_of_work() as session:
        assert list_needs(session, ids["dialogue"])[0].text_en == "Clean water for the school"


def test_a_decision_is_corrected(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    decisions = open_workspace(qtbot, window, ids["dialogue"], tab=5).decisions
    add_and_select(qtbot, window, decisions, decisions.text, "Repair the well")
    fields = decisions.editor.fields
    retype(qtbot, window, fields["text_km"], "ជួសជុលអណ្តូង")
    retype(qtbot, window, fields["text_en"], "Repair the well before May")
    with store.unit_of_work() as session:
        (decision,) = list_decisions(session, ids["dialogue"])
    assert (decision.text_km, decision.text_en) == ("ជួសជុលអណ្តូង", "Repair the well before May")
    qtbot.waitUntil(lambda: decisions.model.rows[0].text_en == "Repair the well before May")
    assert decisions.model.data(decisions.model.index(0, 1)) == "Repair the well before May"
    retype(qtbot, window, fields["text_km"], "")
    retype(qtbot, window, fields["text_en"], "")
    assert decisions.editor.errors["text_km"].isVisible()
    with store.unit_of_work() as session:
        # Emptying the Khmer text alone was a fair correction; emptying both was refused.
        assert list_decisions(session, ids["dialogue"])[0].text_en == "Repair the well before May"


def test_an_action_is_added_with_every_field_then_corrected(window: Any, qtbot: Any, store: Store) -> None:
    from dialogue_desktop.core.services.actions import get_action
    from dialogue_desktop.core.services.listing import ActionFilters, list_actions

    ids = seed(store)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the shortcuts work in the active window only
    tab = open_workspace(qtbot, window, ids["dialogue"], tab=6).actions_tab
    form = tab.form.fields
    qtbot.waitUntil(lambda: form["responsible_organisation_id"].findData(ids["gov"]) > 0)
    # The form is closed (the table keeps the height); Ctrl+N opens it, the focus in its first field.
    assert not tab.form_box.isVisible() and QApplication.focusWidget() is tab.open_button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.form_box.isVisible() and QApplication.focusWidget() is form["text_km"]
    # Esc closes it, the focus back on its button; Ctrl+N opens it again.
    qtbot.keyClick(form["text_km"], Qt.Key.Key_Escape)
    assert not tab.form_box.isVisible() and QApplication.focusWidget() is tab.open_button
    qtbot.keyClick(tab.open_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form["text_km"]
    # Empty texts: the message beside the field, nothing added.
    form["indicator"].setFocus()
    qtbot.keyClicks(form["indicator"], "Water flows")
    qtbot.keyClick(form["indicator"], Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert tab.form.errors["text_km"].isVisible()
    with store.unit_of_work() as session:
        assert list_actions(session, ActionFilters(dialogue_id=ids["dialogue"])) == []
    type_text(qtbot, form["text_km"], "ជួសជុលអណ្តូង")
    qtbot.keyClicks(form["text_en"], "Repair the well")
    form["responsible_organisation_id"].setCurrentIndex(
        form["responsible_organisation_id"].findData(ids["gov"])
    )
    qtbot.keyClicks(form["responsible_person"], "Mr Chan")
    form["deadline"].set_value(date(2025, 6, 30))
    tab.form.supporters.set_value([ids["cso"]])
    qtbot.keyClick(form["text_en"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.panel.model.rowCount() == 1)
    assert not tab.form.errors["text_km"].isVisible() and form["text_en"].text() == ""
    # Added: the form closes, the new action is selected and the focus is on the table (its follow-up next).
    qtbot.waitUntil(lambda: tab.panel.follow_up.action is not None)
    assert not tab.form_box.isVisible() and tab.open_button.isVisible()
    assert QApplication.focusWidget() is tab.panel.table
    assert [i.row() for i in tab.panel.table.selectionModel().selectedRows()] == [0]
    with store.unit_of_work() as session:
        action = get_action(session, tab.panel.model.rows[0].id)
    assert (action.text_km, action.text_en, action.responsible_organisation_id, action.responsible_person,
            action.deadline, action.indicator, action.supporter_ids) == (
        "ជួសជុលអណ្តូង", "Repair the well", ids["gov"], "Mr Chan", date(2025, 6, 30), "Water flows",
        frozenset({ids["cso"]}),
    )  # fmt: skip

    # Correct every field of the selected action, each saved on leaving it.
    panel = tab.panel
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.editing is not None)
    panel.detail.setCurrentWidget(panel.editor)
    edit = panel.editor.fields
    assert edit["text_en"].text() == "Repair the well" and panel.editor.supporters.value() == (ids["cso"],)
    retype(qtbot, window, edit["text_km"], "ជួសជុលអណ្តូងទឹក")
    retype(qtbot, window, edit["text_en"], "Repair the village well")
    retype(qtbot, window, edit["responsible_person"], "Ms Sokha")
    retype(qtbot, window, edit["indicator"], "Water flows all year")
    combo = edit["responsible_organisation_id"]
    combo.setCurrentIndex(combo.findData(ids["cso"]))
    combo.activated.emit(combo.currentIndex())
    wait_idle(qtbot, window.ctx.worker)
    set_date(qtbot, window, edit["deadline"], date(2025, 9, 1))
    panel.editor.supporters.set_value([ids["gov"]])
    panel.editor.supporters.changed.emit()  # as ticking a box does
    wait_idle(qtbot, window.ctx.worker)
    status = edit["status"]
    status.setCurrentIndex(status.findData("in_progress"))
    status.activated.emit(status.currentIndex())
    wait_idle(qtbot, window.ctx.worker)
    with store.unit_of_work() as session:
        action = get_action(session, action.id)
    assert (action.text_km, action.text_en, action.responsible_organisation_id, action.responsible_person,
            action.deadline, action.indicator, action.status.value, action.supporter_ids) == (
        "ជួសជុលអណ្តូងទឹក", "Repair the village well", ids["cso"], "Ms Sokha", date(2025, 9, 1),
        "Water flows all year", "in_progress", frozenset({ids["gov"]}),
    )  # fmt: skip
    qtbot.waitUntil(lambda: panel.model.rows[0].text_en == "Repair the village well")
    assert panel.model.data(panel.model.index(0, 0)) == "Repair the village well"
    assert "Ms Sokha" in panel.model.data(panel.model.index(0, 1))
    # A deadline before the dialogue: the message beside it, nothing saved.
    set_date(qtbot, window, edit["deadline"], date(2024, 1, 1))
    assert panel.editor.errors["deadline"].isVisible()
    with store.unit_of_work() as session:
        assert get_action(session, action.id).deadline == date(2025, 9, 1)
    # The tracker offers the same correction.
    tracker = window.show_page("actions")
    qtbot.waitUntil(lambda: tracker.panel.model.rowCount() == 1)
    tracker.panel.table.selectRow(0)
    qtbot.waitUntil(lambda: tracker.panel.editing is not None)
    tracker.panel.detail.setCurrentWidget(tracker.panel.editor)
    retype(qtbot, window, tracker.panel.editor.fields["text_en"], "Repair the well by September")
    with store.unit_of_work() as session:
        assert get_action(session, action.id).text_en == "Repair the well by September"
