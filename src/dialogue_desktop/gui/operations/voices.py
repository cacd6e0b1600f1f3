"""The speaking log of a dialogue: its shares of the floor, the turns, and logging or removing a turn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.services import agenda as agenda_service
from dialogue_desktop.core.services import interventions as voice_service
from dialogue_desktop.core.services.interventions import InterventionRow, VoiceShares
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

#: A turn logged or removed: the shares and the log.
TURNS = frozenset({Topic.VOICES})


@dataclass(frozen=True)
class VoicesState:
    """What the Voices tab shows: the shares, the turns in order, the agenda items as (id, Khmer, English)."""

    shares: VoiceShares
    log: list[InterventionRow]
    agenda: list[tuple[str, str, str]]


def _read(session: Any, dialogue_id: str) -> VoicesState:
    shares = voice_service.voice_shares(session, dialogue_id)
    log = voice_service.list_interventions(session, dialogue_id)
    agenda = [(i.id, i.title_km, i.title_en) for i in agenda_service.agenda_items(session, dialogue_id)]
    return VoicesState(shares, log, agenda)


def read(dialogue_id: str) -> Op:
    """The dialogue's voices (a :class:`VoicesState`)."""
    return op(_read, dialogue_id)


def log_named(dialogue_id: str, participant_id: str, agenda_item_id: str | None) -> Op:
    """A turn by a person of the registry; the turn's id."""
    return op(voice_service.log_named, dialogue_id, participant_id, agenda_item_id, changes=TURNS)


def log_unnamed(dialogue_id: str, sex: Sex, youth: bool, agenda_item_id: str | None) -> Op:
    """A turn by someone unnamed (a woman, a man, a young person); the turn's id."""
    return op(voice_service.log_unnamed, dialogue_id, sex, youth, agenda_item_id, changes=TURNS)


def remove(intervention_id: str) -> Op:
    """Remove a turn logged by mistake."""
    return op(voice_service.delete_intervention, intervention_id, changes=TURNS)
