"""The agenda of a dialogue: ordered items with a presenter and a planned duration.

Positions count from 0 among the live items of a dialogue and stay contiguous: adding, deleting and
moving an item renumber the others. Every change is refused once the minutes are approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import NAME, AgendaItem, Decision
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.validation import Checker, get_live

LABELS: dict[str, str] = {
    "title_km": N_("Title in Khmer"),
    "title_en": N_("Title in English"),
    "presenter": N_("Presenter"),
    "duration_minutes": N_("Duration (minutes)"),
}
MAX_MINUTES = 24 * 60


def ordered(session: Session, model: type[AgendaItem] | type[Decision], dialogue_id: str) -> list[Any]:
    """The live records of a dialogue in their order (ties, e.g. after a sync merge, by creation)."""
    return list(
        session.scalars(
            select(model)
            .where(model.dialogue_id == dialogue_id, model.deleted.is_(False))
            .order_by(model.position, model.created_at, model.id)
        )
    )


def renumber(records: Sequence[AgendaItem | Decision]) -> None:
    """Positions 0, 1, 2… in the given order; only records whose position changes are touched."""
    for index, record in enumerate(records):
        if record.position != index:
            record.position = index


def place_at(records: list[Any], record: Any, position: int | None) -> None:
    """Put `record` at `position` (clamped; None = last) among `records` and renumber them all."""
    others = [r for r in records if r.id != record.id]
    index = len(others) if position is None else max(0, min(position, len(others)))
    others.insert(index, record)
    renumber(others)


@dataclass
class AgendaItemInput:
    title_km: str = ""
    title_en: str = ""
    presenter: str = ""
    duration_minutes: int | str | None = 0


@dataclass(frozen=True)
class AgendaItemView:
    id: str
    position: int
    title_km: str
    title_en: str
    presenter: str
    duration_minutes: int


def _validate(data: AgendaItemInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = {
        "title_km": checker.text("title_km", LABELS["title_km"], data.title_km, max_length=NAME),
        "title_en": checker.text("title_en", LABELS["title_en"], data.title_en, max_length=NAME),
        "presenter": checker.text("presenter", LABELS["presenter"], data.presenter, max_length=NAME),
        "duration_minutes": checker.integer(
            "duration_minutes", LABELS["duration_minutes"], data.duration_minutes, low=0, high=MAX_MINUTES
        )
        or 0,
    }
    if not values["title_km"] and not values["title_en"]:
        checker.add("title_km", LABELS["title_km"], N_("Enter the title in Khmer or in English."))
    checker.done()
    return values


def add_agenda_item(
    session: Session, dialogue_id: str, data: AgendaItemInput, position: int | None = None
) -> str:
    """Add an item at `position` (0 = first; None = last); returns its id."""
    ensure_editable(session, dialogue_id)
    values = _validate(data)
    items = ordered(session, AgendaItem, dialogue_id)
    item = AgendaItem(dialogue_id=dialogue_id, position=len(items), **values)
    session.add(item)
    place_at(items, item, position)
    session.flush()
    return item.id


def update_agenda_item(session: Session, item_id: str, data: AgendaItemInput) -> None:
    """Replace an item's title, presenter and duration (its position stays)."""
    item = get_live(session, AgendaItem, item_id)
    ensure_editable(session, item.dialogue_id)
    for key, value in _validate(data).items():
        setattr(item, key, value)
    session.flush()


def delete_agenda_item(session: Session, item_id: str) -> None:
    """Tombstone an item; the items after it move up."""
    item = get_live(session, AgendaItem, item_id)
    ensure_editable(session, item.dialogue_id)
    item.deleted = True
    renumber([i for i in ordered(session, AgendaItem, item.dialogue_id) if i.id != item.id])
    session.flush()


def move_agenda_item(session: Session, item_id: str, new_position: int) -> None:
    """Move an item to `new_position` (0 = first, clamped to the last); the others are renumbered."""
    item = get_live(session, AgendaItem, item_id)
    ensure_editable(session, item.dialogue_id)
    place_at(ordered(session, AgendaItem, item.dialogue_id), item, new_position)
    session.flush()


def agenda_items(session: Session, dialogue_id: str) -> list[AgendaItemView]:
    """The live agenda of a dialogue, in order."""
    return [
        AgendaItemView(i.id, i.position, i.title_km, i.title_en, i.presenter, i.duration_minutes)
        for i in ordered(session, AgendaItem, dialogue_id)
    ]


def agenda_total_minutes(session: Session, dialogue_id: str) -> int:
    """The planned length of the agenda: the sum of the live items' durations."""
    total = session.scalar(
        select(func.coalesce(func.sum(AgendaItem.duration_minutes), 0)).where(
            AgendaItem.dialogue_id == dialogue_id, AgendaItem.deleted.is_(False)
        )
    )
    return int(total or 0)
