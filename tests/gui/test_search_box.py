"""The search box at the top of the window: type, pick with the keyboard, land on the record."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from tests.gui.conftest import wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, Sex
from dialogue_desktop.core.services.actions import ActionInput, create_action
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store


def seed(store: Store) -> dict[str, str]:
    with store.unit_of_work() as session:
        forum = create_dialogue(session, DialogueInput(kind=DialogueKind.PROVINCIAL, title_en="Kampot water forum",
                                                       date=date(2025, 3, 14), province_code="07"))  # fmt: skip
        other = create_dialogue(session, DialogueInput(kind=DialogueKind.DISTRICT, title_en="Chhuk roads meeting",
                                                       date=date(2025, 4, 2), province_code="07"))  # fmt: skip
        sokha = create_participant(session, ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE))
        create_participant(session, ParticipantInput(name_latin="Chan Dara", sex=Sex.MALE))
        create_action(session, other, ActionInput(text_en="Grade the road to Chhuk market"))
    return {"forum": forum, "other": other, "sokha": sokha}


def pick_first(qtbot: Any, window: Any, text: str) -> list[str]:
    """Type `text` in the search box, wait for the results, choose the first with ↓ and Enter; the
    results' texts."""
    window.search.setFocus()
    window.search.clear()
    qtbot.keyClicks(window.search, text)
    qtbot.waitUntil(
        lambda: window.search.found.popup().isVisible() and window.search.found_model.rowCount() > 0
    )
    shown = [
        window.search.found_model.item(row).text() for row in range(window.search.found_model.rowCount())
    ]
    popup = window.search.found.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    return shown


def test_a_dialogue_found_opens_its_workspace(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    shown = pick_first(qtbot, window, "kampot")
    assert shown == ["Dialogue · Fri 14 Mar 2025 · Kampot water forum"]
    page = window.pages["dialogues"]
    qtbot.waitUntil(
        lambda: page.workspace.dialogue is not None and page.workspace.dialogue.id == ids["forum"]
    )
    assert page.stack.currentWidget() is page.workspace


def test_a_person_found_is_chosen_in_the_registry(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    assert pick_first(qtbot, window, "sokha") == ["Person · Srey Sokha"]
    page = window.pages["participants"]
    assert window.current_page() is page
    qtbot.waitUntil(lambda: page.person.view is not None and page.person.view.id == ids["sokha"])


def test_an_action_found_opens_its_dialogue_on_the_actions_tab(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    assert pick_first(qtbot, window, "grade the road") == [
        "Action · Wed 2 Apr 2025 · Grade the road to Chhuk market"
    ]
    page = window.pages["dialogues"]
    workspace = page.workspace
    qtbot.waitUntil(lambda: workspace.dialogue is not None and workspace.dialogue.id == ids["other"])
    assert workspace.tabs.currentWidget() is workspace.actions_tab


def test_nothing_found_says_so(window: Any, qtbot: Any, store: Store) -> None:
    seed(store)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "zzzz")
    qtbot.waitUntil(lambda: window.search.found_model.rowCount() == 1)
    assert window.search.found_model.item(0).text() == "Nothing found for “zzzz”"
    assert not window.search.found_model.item(0).isEnabled()
