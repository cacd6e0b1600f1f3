"""Needs and issues raised in a dialogue, and the decisions it took (in order).

Every change is refused once the dialogue's minutes are approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import Sector
from dialogue_desktop.core.domain.models import NAME, Decision, Need, Participant
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.agenda import ordered, place_at, renumber
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.validation import Checker, get_live

LABELS: dict[str, str] = {
    "text_km": N_("Text in Khmer"),
    "text_en": N_("Text in English"),
    "sector": N_("Sector"),
    "raised_by": N_("Raised by"),
    "raised_by_participant_id": N_("Raised by"),
}
TEXT_LIMIT = 5_000


def _texts(checker: Checker, text_km: str, text_en: str) -> dict[str, str]:
    values = {
        "text_km": checker.text("text_km", LABELS["text_km"], text_km, max_length=TEXT_LIMIT),
        "text_en": checker.text("text_en", LABELS["text_en"], text_en, max_length=TEXT_LIMIT),
    }
    if not values["text_km"] and not values["text_en"]:
        checker.add("text_km", LABELS["text_km"], N_("Enter the text in Khmer or in English."))
    return values


# --- needs ------------------------------------------------------------------------------------------------


@dataclass
class NeedInput:
    text_km: str = ""
    text_en: str = ""
    sector: Sector | str = Sector.OTHER
    raised_by: str = ""
    raised_by_participant_id: str | None = None


@dataclass(frozen=True)
class NeedView:
    id: str
    dialogue_id: str
    text_km: str
    text_en: str
    sector: Sector
    raised_by: str
    raised_by_participant_id: str | None


def _validate_need(session: Session, data: NeedInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = _texts(checker, data.text_km, data.text_en)
    values["sector"] = checker.choice("sector", LABELS["sector"], data.sector or Sector.OTHER, Sector)
    values["raised_by"] = checker.text("raised_by", LABELS["raised_by"], data.raised_by, max_length=NAME)
    participant_id = data.raised_by_participant_id or None
    if participant_id is not None:
        person = session.get(Participant, participant_id)
        if person is None or person.deleted:
            checker.add(
                "raised_by_participant_id",
                LABELS["raised_by_participant_id"],
                N_("This choice no longer exists; choose another."),
            )
    values["raised_by_participant_id"] = participant_id
    checker.done()
    return values


def add_need(session: Session, dialogue_id: str, data: NeedInput) -> str:
    """Record a need raised in a dialogue; returns its id."""
    ensure_editable(session, dialogue_id)
    need = Need(dialogue_id=dialogue_id, **_validate_need(session, data))
    session.add(need)
    session.flush()
    return need.id


def update_need(session: Session, need_id: str, data: NeedInput) -> None:
    """Replace a need's text, sector and who raised it."""
    need = get_live(session, Need, need_id)
    ensure_editable(session, need.dialogue_id)
    for key, value in _validate_need(session, data).items():
        setattr(need, key, value)
    session.flush()


def delete_need(session: Session, need_id: str) -> None:
    """Tombstone a need (actions that answered it keep their own text)."""
    need = get_live(session, Need, need_id)
    ensure_editable(session, need.dialogue_id)
    need.deleted = True
    session.flush()


def list_needs(session: Session, dialogue_id: str) -> list[NeedView]:
    """The live needs of a dialogue, in the order they were recorded."""
    records = session.scalars(
        select(Need)
        .where(Need.dialogue_id == dialogue_id, Need.deleted.is_(False))
        .order_by(Need.created_at, Need.id)
    )
    return [
        NeedView(n.id, n.dialogue_id, n.text_km, n.text_en, n.sector, n.raised_by, n.raised_by_participant_id)
        for n in records
    ]


# --- decisions --------------------------------------------------------------------------------------------


@dataclass
class DecisionInput:
    text_km: str = ""
    text_en: str = ""


@dataclass(frozen=True)
class DecisionView:
    id: str
    dialogue_id: str
    position: int
    text_km: str
    text_en: str


def _validate_decision(data: DecisionInput) -> dict[str, Any]:
    checker = Checker()
    values = _texts(checker, data.text_km, data.text_en)
    checker.done()
    return values


def add_decision(session: Session, dialogue_id: str, data: DecisionInput, position: int | None = None) -> str:
    """Record a decision at `position` (0 = first; None = last); returns its id."""
    ensure_editable(session, dialogue_id)
    values = _validate_decision(data)
    decisions = ordered(session, Decision, dialogue_id)
    decision = Decision(dialogue_id=dialogue_id, position=len(decisions), **values)
    session.add(decision)
    place_at(decisions, decision, position)
    session.flush()
    return decision.id


def update_decision(session: Session, decision_id: str, data: DecisionInput) -> None:
    """Replace a decision's text."""
    decision = get_live(session, Decision, decision_id)
    ensure_editable(session, decision.dialogue_id)
    for key, value in _validate_decision(data).items():
        setattr(decision, key, value)
    session.flush()


def move_decision(session: Session, decision_id: str, new_position: int) -> None:
    """Move a decision to `new_position` (0 = first, clamped); the others are renumbered."""
    decision = get_live(session, Decision, decision_id)
    ensure_editable(session, decision.dialogue_id)
    place_at(ordered(session, Decision, decision.dialogue_id), decision, new_position)
    session.flush()


def delete_decision(session: Session, decision_id: str) -> None:
    """Tombstone a decision; the ones after it move up."""
    decision = get_live(session, Decision, decision_id)
    ensure_editable(session, decision.dialogue_id)
    decision.deleted = True
    renumber([d for d in ordered(session, Decision, decision.dialogue_id) if d.id != decision.id])
    session.flush()


def list_decisions(session: Session, dialogue_id: str) -> list[DecisionView]:
    """The live decisions of a dialogue, in order."""
    return [
        DecisionView(d.id, d.dialogue_id, d.position, d.text_km, d.text_en)
        for d in ordered(session, Decision, dialogue_id)
    ]
