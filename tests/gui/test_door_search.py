"""Typing fast at the door: searches superseded by newer text never run, and the final text's matches show."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from tests.gui.conftest import type_text, wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.worker import op


def seed(store: Store) -> str:
    with store.unit_of_work() as session:
        dialogue = create_dialogue(
            session,
            DialogueInput(
                kind=DialogueKind.PROVINCIAL, title_en="Door", date=date(2025, 3, 14), province_code="07"
            ),
        )
        for name_km, name_latin in [("សុខា ចាន់", "Sokha Chan"), ("", "Sok Dara"), ("", "Sophal Kim"),
                                    ("ស្រី សុខា", "Srey Sokha"), ("សុភាព", "Sopheap")]:  # fmt: skip
            create_participant(session, ParticipantInput(name_km=name_km, name_latin=name_latin))
    return dialogue


def open_door(qtbot: Any, window: Any, dialogue_id: str) -> Any:
    page = window.show_page("dialogues")
    with qtbot.waitSignal(page.workspace.loaded):
        page.open_dialogue(dialogue_id, 2)
    wait_idle(qtbot, window.ctx.worker)
    return page.workspace.attendance


def shown(door: Any) -> list[str]:
    return [door.matches.item(row).text() for row in range(door.matches.count())]


def type_while_the_worker_is_busy(qtbot: Any, window: Any, door: Any, text: str) -> list[str]:
    """Type `text` while another operation holds the worker; returns the texts actually searched."""
    searched: list[str] = []
    search = door._searches.fn

    def counting(session: Any, query: str, limit: int) -> Any:
        searched.append(query)
        return search(session, query, limit)

    door._searches.fn = counting
    gate = threading.Event()
    op(lambda _session: gate.wait(10)).run(window.ctx.worker)
    type_text(qtbot, door.search, text)
    gate.set()
    wait_idle(qtbot, window.ctx.worker)
    return searched


def test_typing_fast_searches_only_the_final_text(window: Any, qtbot: Any, store: Store) -> None:
    door = open_door(qtbot, window, seed(store))
    searched = type_while_the_worker_is_busy(qtbot, window, door, "sokha")
    assert searched == ["s", "sokha"]  # the first keystroke's search was queued; the others waited for it
    matches = shown(door)
    assert len(matches) == 3 and "Sokha Chan" in matches[0] and "Srey Sokha" in matches[1]
    assert "sokha" in matches[2]  # + New person “sokha”


def test_typing_khmer_fast_shows_the_final_matches(window: Any, qtbot: Any, store: Store) -> None:
    door = open_door(qtbot, window, seed(store))
    searched = type_while_the_worker_is_busy(qtbot, window, door, "សុខា")
    assert searched[-1] == "សុខា" and len(searched) == 2
    matches = shown(door)
    assert "Sokha Chan" in matches[0] and "Srey Sokha" in matches[1] and len(matches) == 3


def test_emptying_the_box_while_searching_shows_nothing(window: Any, qtbot: Any, store: Store) -> None:
    door = open_door(qtbot, window, seed(store))
    gate = threading.Event()
    op(lambda _session: gate.wait(10)).run(window.ctx.worker)
    qtbot.keyClicks(door.search, "so")
    door.search.clear()
    gate.set()
    wait_idle(qtbot, window.ctx.worker)
    assert door.matches.count() == 0 and not door.matches.isVisible()
