"""Agreed actions and their follow-ups: the tracker, a dialogue's own actions, adding and correcting them.

Every write here changes the one topic ACTIONS (badges, the tracker and the dialogue's tab follow it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import format_date
from dialogue_desktop.core.services import actions as action_service
from dialogue_desktop.core.services.actions import ActionInput, FollowUpInput
from dialogue_desktop.core.services.listing import (
    ActionFilters,
    DialogueFilters,
    list_actions,
    list_dialogues,
)
from dialogue_desktop.core.services.organisations import list_organisations
from dialogue_desktop.gui.text import both
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

CHANGES = frozenset({Topic.ACTIONS})


@dataclass(frozen=True)
class Choices:
    """What the action forms offer: organisations and the recent dialogues, as (id, text) pairs."""

    organisations: list[tuple[str, str]]
    dialogues: list[tuple[str, str]]


def _read_choices(session: Any) -> Choices:
    return Choices(
        [(o.id, both(o.name_km, o.name_en)) for o in list_organisations(session)],
        [
            (d.id, f"{format_date(d.date, style='short')} {d.title()}")
            for d in list_dialogues(session, DialogueFilters(), limit=60)
        ],
    )


def read_choices() -> Op:
    """Organisations and the recent dialogues for the forms' combo boxes (a Choices)."""
    return op(_read_choices)


def listed(filters: ActionFilters) -> Op:
    """The actions matching the filters (ActionRow views), for the tracker or one dialogue's tab."""
    return op(list_actions, filters)


def get(action_id: str) -> Op:
    """One action with its supporters (an ActionView)."""
    return op(action_service.get_action, action_id)


def create(dialogue_id: str, data: ActionInput) -> Op:
    """Record an action agreed in the dialogue (with its supporters); its id."""
    return op(action_service.create_action, dialogue_id, data, changes=CHANGES)


def update(action_id: str, data: ActionInput) -> Op:
    """Correct an action's texts, responsibility, deadline, indicator and supporters."""
    return op(action_service.update_action, action_id, data, changes=CHANGES)


def set_status(action_id: str, status: ActionStatus) -> Op:
    """Change an action's status (allowed after the minutes are approved: it is monitoring)."""
    return op(action_service.set_action_status, action_id, status, changes=CHANGES)


def delete(action_id: str) -> Op:
    """Delete an action with its follow-ups."""
    return op(action_service.delete_action, action_id, changes=CHANGES)


def follow_ups(action_id: str) -> Op:
    """The follow-ups of an action, oldest first."""
    return op(action_service.list_follow_ups, action_id)


def add_follow_up(action_id: str, data: FollowUpInput) -> Op:
    """Record progress on an action (its status follows the latest follow-up); the follow-up's id."""
    return op(action_service.add_follow_up, action_id, data, changes=CHANGES)
