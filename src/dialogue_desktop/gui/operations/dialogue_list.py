"""The dialogue list: its ordered ids, its rows, and creating a dialogue from its bar.

The list is the page shown first, and can be built before the database is open (from the start-up
snapshot): so this module loads nothing of the database layer itself. The services are imported by the
functions that run on the worker, which by then has opened the store (and so loaded them already).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dialogue_desktop.core.domain.dialogue_list import DialogueFilters, DialogueRow, DialogueSort
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

if TYPE_CHECKING:
    from dialogue_desktop.core.services.dialogues import DialogueInput


def _create_here(session: Any, data: DialogueInput) -> str:
    from dialogue_desktop.core.services.dialogues import create_dialogue
    from dialogue_desktop.core.services.identity import device_province

    if not data.province_code:
        data = replace(data, province_code=device_province(session))
    return create_dialogue(session, data)


def create_here(data: DialogueInput) -> Op:
    """A new planned dialogue, in this laptop's province when none was chosen (read on the worker, so a
    dialogue created before the laptop's identity reached the window still gets it); its id."""
    return op(_create_here, data, changes={Topic.DIALOGUES})


def _ids(session: Any, filters: DialogueFilters, sort: DialogueSort, limit: int | None = None) -> list[str]:
    from dialogue_desktop.core.services.listing import dialogue_ids

    return dialogue_ids(session, filters, sort, limit=limit)


def ids(filters: DialogueFilters, sort: DialogueSort) -> Op:
    """The ordered ids of the live dialogues matching `filters` (the list builds its rows as shown)."""
    return op(_ids, filters, sort)


def first_ids(limit: int) -> Op:
    """The ids of the first `limit` live dialogues in the list's default order (newest first)."""
    return op(_ids, DialogueFilters(), DialogueSort(), limit)


def _rows(session: Any, ids: Sequence[str]) -> list[DialogueRow]:
    from dialogue_desktop.core.services.listing import dialogue_rows

    return dialogue_rows(session, ids)


def rows(ids: Sequence[str]) -> Op:
    """The list's rows (DialogueRow views) of these dialogues, in any order (the list places them)."""
    return op(_rows, ids)
