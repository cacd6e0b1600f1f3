"""Facilitators: the people who run dialogues and record them (also named in the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import NAME, Facilitator
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services import shared_lists
from dialogue_desktop.core.services.places import check_places
from dialogue_desktop.core.services.validation import Checker, get_live

LABELS: dict[str, str] = {
    "name_km": N_("Name in Khmer"),
    "name_latin": N_("Name in Latin letters"),
    "phone": N_("Phone"),
    "province_code": N_("Province"),
}


@dataclass
class FacilitatorInput:
    name_km: str = ""
    name_latin: str = ""
    phone: str = ""
    province_code: str | None = None


@dataclass(frozen=True)
class FacilitatorRow:
    id: str
    name_km: str
    name_latin: str
    phone: str
    province_code: str | None


def _validate(data: FacilitatorInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = {
        "name_km": checker.text("name_km", LABELS["name_km"], data.name_km, max_length=NAME),
        "name_latin": checker.text("name_latin", LABELS["name_latin"], data.name_latin, max_length=NAME),
        "phone": checker.phone("phone", LABELS["phone"], data.phone),
    }
    if not values["name_km"] and not values["name_latin"]:
        checker.add("name_km", LABELS["name_km"], N_("Enter a name in Khmer or in Latin letters."))
    values["province_code"], _, _ = check_places(checker, data.province_code)
    checker.done()
    return values


def create_facilitator(session: Session, data: FacilitatorInput) -> str:
    """Add a facilitator; returns the id."""
    facilitator = Facilitator(**_validate(data))
    session.add(facilitator)
    session.flush()
    return facilitator.id


def update_facilitator(session: Session, facilitator_id: str, data: FacilitatorInput) -> None:
    """Replace a facilitator's details with `data` (on a laptop, one added elsewhere keeps their names and
    only a few are changed at a time: see `shared_lists`)."""
    facilitator = get_live(session, Facilitator, facilitator_id)
    values = _validate(data)
    shared_lists.check_edit(session, facilitator, values, LABELS)
    for key, value in values.items():
        setattr(facilitator, key, value)
    session.flush()


def delete_facilitator(session: Session, facilitator_id: str) -> None:
    """Tombstone a facilitator; the dialogues they ran keep their link. A laptop deletes only the
    facilitators it added (UserError otherwise)."""
    facilitator = get_live(session, Facilitator, facilitator_id)
    shared_lists.check_may_delete(session, facilitator)
    facilitator.deleted = True
    session.flush()


def list_facilitators(session: Session, province_code: str | None = None) -> list[FacilitatorRow]:
    """Live facilitators by Latin name, optionally of one province."""
    statement = select(Facilitator).where(Facilitator.deleted.is_(False))
    if province_code:
        statement = statement.where(Facilitator.province_code == province_code)
    statement = statement.order_by(Facilitator.name_latin, Facilitator.name_km, Facilitator.id)
    return [facilitator_row(f) for f in session.scalars(statement)]


def facilitator_row(f: Facilitator) -> FacilitatorRow:
    """The plain row of a facilitator record."""
    return FacilitatorRow(f.id, f.name_km, f.name_latin, f.phone, f.province_code)
