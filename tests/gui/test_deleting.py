"""Deleting a dialogue (from its workspace) and an action, after a confirmation; approved minutes refuse."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from tests.gui.conftest import wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus
from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services import dialogues as dialogue_service
from dialogue_desktop.core.services.actions import ActionInput, create_action
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.listing import ActionFilters, list_actions
from dialogue_desktop.core.services.locking import LOCKED_MESSAGE
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.widgets import dialogs


def add_dialogue(store: Store, title: str, approved: bool = False) -> str:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(
            session,
            DialogueInput(
                kind=DialogueKind.PROVINCIAL, title_en=title, date=date(2025, 3, 14), province_code="07"
            ),
        )
        if approved:
            lifecycle = dialogue_service.LIFECYCLE
            for status in lifecycle[: lifecycle.index(DialogueStatus.MINUTES_DRAFTED) + 1]:
                dialogue_service.set_status(session, dialogue_id, status)
            dialogue_service.approve_minutes(session, dialogue_id)
    return dialogue_id


def listed_titles(qtbot: Any, page: Any) -> list[str]:
    page.reload()
    wait_idle(qtbot, page.ctx.worker)
    model = page.list.model
    qtbot.waitUntil(model.loaded)
    titles = lambda: [model.data(model.index(row, 1)) for row in range(model.rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: "…" not in titles())
    return titles()


def open_dialogue(qtbot: Any, window: Any, dialogue_id: str, tab: int = 0) -> Any:
    page = window.show_page("dialogues")
    with qtbot.waitSignal(page.workspace.loaded):
        page.open_dialogue(dialogue_id, tab)
    wait_idle(qtbot, window.ctx.worker)
    return page


def test_deleting_a_dialogue_asks_then_goes_back_to_the_list(
    window: Any, qtbot: Any, store: Store, monkeypatch: Any
) -> None:
    gone = add_dialogue(store, "Kampot water forum")
    add_dialogue(store, "Siem Reap roads")
    page = open_dialogue(qtbot, window, gone)
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, yes: bool) -> bool:
        asked.append(text)
        return yes

    monkeypatch.setattr(dialogs, "confirm", lambda *a: answer(*a, yes=False))
    qtbot.mouseClick(page.workspace.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert "Kampot water forum" in asked[0]
    assert page.stack.currentWidget() is page.workspace  # No: nothing happened
    monkeypatch.setattr(dialogs, "confirm", lambda *a: answer(*a, yes=True))
    qtbot.mouseClick(page.workspace.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert page.stack.currentWidget() is page.list
    assert window.ctx.settings.dialogue_id == ""
    assert listed_titles(qtbot, page) == ["Siem Reap roads"]


def test_a_dialogue_with_approved_minutes_refuses_deletion(
    window: Any, qtbot: Any, store: Store, monkeypatch: Any, shown_boxes: list[tuple[str, str]]
) -> None:
    locked = add_dialogue(store, "Approved forum", approved=True)
    page = open_dialogue(qtbot, window, locked)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(page.workspace.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    # The refusal is said under the dialogue's header, in the user's language, not in a modal box.
    assert page.workspace.message.isVisibleTo(page.workspace)
    assert page.workspace.message.text() == _(LOCKED_MESSAGE)
    assert shown_boxes == []
    assert page.stack.currentWidget() is page.workspace
    assert listed_titles(qtbot, page) == ["Approved forum"]


def test_deleting_an_action_from_the_tracker(window: Any, qtbot: Any, store: Store, monkeypatch: Any) -> None:
    dialogue_id = add_dialogue(store, "Kampot water forum")
    with store.unit_of_work() as session:
        create_action(session, dialogue_id, ActionInput(text_en="Repair the well in Trapeang Sangkae"))
        create_action(session, dialogue_id, ActionInput(text_en="Publish the water budget"))
    page = window.show_page("actions")
    wait_idle(qtbot, window.ctx.worker)
    panel = page.panel
    texts = [panel.model.rows[i].text_en for i in range(panel.model.rowCount())]
    assert not panel.delete_button.isEnabled()
    panel.table.selectRow(texts.index("Publish the water budget"))
    assert panel.delete_button.isEnabled()
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert [r.text_en for r in panel.model.rows] == ["Repair the well in Trapeang Sangkae"]
    with store.unit_of_work() as session:
        assert [r.text_en for r in list_actions(session, ActionFilters())] == [
            "Repair the well in Trapeang Sangkae"
        ]


def test_the_tracker_says_under_its_table_why_an_approved_dialogues_action_stays(
    window: Any, qtbot: Any, store: Store, monkeypatch: Any, shown_boxes: list[tuple[str, str]]
) -> None:
    dialogue_id = add_dialogue(store, "Approved forum")
    with store.unit_of_work() as session:
        create_action(session, dialogue_id, ActionInput(text_en="Repair the well in Trapeang Sangkae"))
    with store.unit_of_work() as session:  # approved after the action was agreed
        dialogue_service.set_status(session, dialogue_id, DialogueStatus.HELD)
        dialogue_service.set_status(session, dialogue_id, DialogueStatus.MINUTES_DRAFTED)
        dialogue_service.approve_minutes(session, dialogue_id)
    page = window.show_page("actions")
    wait_idle(qtbot, window.ctx.worker)
    panel = page.panel
    panel.table.selectRow(0)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.message.isVisibleTo(panel) and panel.message.text() == _(LOCKED_MESSAGE)
    assert shown_boxes == []
    assert [r.text_en for r in panel.model.rows] == ["Repair the well in Trapeang Sangkae"]
