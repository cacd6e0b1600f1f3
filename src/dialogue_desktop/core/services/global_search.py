"""Search everything at once (the main window's search box): dialogues, people, actions, organisations.

Each kind is searched the way its own page searches it (dialogue titles and venue, the participant search
with its Khmer/Latin folding, an action's text in either language, an organisation's names and acronym),
a few hits of each, so that one box finds whatever the facilitator half remembers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import Action, Dialogue
from dialogue_desktop.core.domain.rules import fold_for_search
from dialogue_desktop.core.services.listing import DialogueFilters, list_dialogues, searchable
from dialogue_desktop.core.services.organisations import list_organisations
from dialogue_desktop.core.services.participants import search_participants


class FoundKind(StrEnum):
    DIALOGUE = "dialogue"
    PARTICIPANT = "participant"
    ACTION = "action"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Found:
    """One hit: what it is, its names in both scripts, a date when it has one (a dialogue's, an action's
    dialogue's), what tells it apart (a person's organisation) and the dialogue it belongs to."""

    kind: FoundKind
    id: str
    name_km: str
    name_en: str
    when: date | None = None
    dialogue_id: str | None = None
    detail_km: str = ""
    detail_en: str = ""


def search_everything(session: Session, query: str, per_kind: int = 5) -> list[Found]:
    """Up to `per_kind` hits of each kind for `query`: dialogues (newest first), people, actions (newest
    dialogue first), organisations. Nothing for an empty query."""
    folded = fold_for_search(query)
    if not folded.strip() or per_kind <= 0:
        return []
    found = [
        Found(FoundKind.DIALOGUE, row.id, row.title_km, row.title_en, row.date, row.id)
        for row in list_dialogues(session, DialogueFilters(text=query), limit=per_kind)
    ]
    found += [
        Found(
            FoundKind.PARTICIPANT,
            hit.id,
            hit.name_km,
            hit.name_latin,
            detail_km=hit.organisation_name_km,
            detail_en=hit.organisation_name_en,
        )
        for hit in search_participants(session, query, per_kind)
    ]
    actions = session.execute(
        select(Action.id, Action.text_km, Action.text_en, Dialogue.date, Dialogue.id)
        .join(Dialogue, Dialogue.id == Action.dialogue_id)
        .where(
            Action.deleted.is_(False),
            Dialogue.deleted.is_(False),
            or_(searchable(Action.text_km).contains(folded, autoescape=True),
                searchable(Action.text_en).contains(folded, autoescape=True)),
        )
        .order_by(Dialogue.date.desc(), Action.id)
        .limit(per_kind)
    )  # fmt: skip
    found += [
        Found(FoundKind.ACTION, action_id, text_km, text_en, when, dialogue_id)
        for action_id, text_km, text_en, when, dialogue_id in actions
    ]
    found += [
        Found(FoundKind.ORGANISATION, row.id, row.name_km, row.name_en or row.acronym)
        for row in list_organisations(session, query)[:per_kind]
    ]
    return found
