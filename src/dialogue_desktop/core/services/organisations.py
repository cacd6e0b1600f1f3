"""Organisations: ministries, provincial departments, local authorities, CSOs, community groups, partners.

Functions take the session of a unit of work; reads return plain frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import Group, OrganisationKind, group_of
from dialogue_desktop.core.domain.models import NAME, Organisation
from dialogue_desktop.core.domain.rules import fold_for_search
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services import shared_lists
from dialogue_desktop.core.services.listing import searchable
from dialogue_desktop.core.services.places import check_places
from dialogue_desktop.core.services.validation import Checker, get_live

LABELS: dict[str, str] = {
    "name_km": N_("Name in Khmer"),
    "name_en": N_("Name in English"),
    "kind": N_("Kind of organisation"),
    "acronym": N_("Acronym"),
    "province_code": N_("Province"),
}


@dataclass
class OrganisationInput:
    """What the organisation form gives. `kind` accepts a member or its value."""

    name_km: str = ""
    name_en: str = ""
    kind: OrganisationKind | str | None = None
    acronym: str = ""
    province_code: str | None = None


@dataclass(frozen=True)
class OrganisationRow:
    id: str
    name_km: str
    name_en: str
    acronym: str
    kind: OrganisationKind
    group: Group
    province_code: str | None
    #: Whether this computer may delete it (a laptop: only the organisations it added).
    deletable: bool = True


def _validate(data: OrganisationInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = {
        "name_km": checker.text("name_km", LABELS["name_km"], data.name_km, max_length=NAME),
        "name_en": checker.text("name_en", LABELS["name_en"], data.name_en, max_length=NAME),
        "kind": checker.choice("kind", LABELS["kind"], data.kind, OrganisationKind),
        "acronym": checker.text("acronym", LABELS["acronym"], data.acronym, max_length=32),
    }
    if not values["name_km"] and not values["name_en"]:
        checker.add("name_km", LABELS["name_km"], N_("Enter the name in Khmer or in English."))
    values["province_code"], _, _ = check_places(checker, data.province_code)
    checker.done()
    return values


def create_organisation(session: Session, data: OrganisationInput) -> str:
    """Add an organisation; returns its id. ValidationError names the fields that are wrong."""
    organisation = Organisation(**_validate(data))
    session.add(organisation)
    session.flush()
    return organisation.id


def update_organisation(session: Session, organisation_id: str, data: OrganisationInput) -> None:
    """Replace an organisation's details with `data` (on a laptop, one added elsewhere keeps its names and
    only a few are changed at a time: see `shared_lists`)."""
    organisation = get_live(session, Organisation, organisation_id)
    values = _validate(data)
    shared_lists.check_edit(session, organisation, values, LABELS)
    for key, value in values.items():
        setattr(organisation, key, value)
    session.flush()


def delete_organisation(session: Session, organisation_id: str) -> None:
    """Tombstone an organisation. Past attendance and actions keep pointing at it (and still show its name).
    A laptop deletes only the organisations it added (UserError otherwise)."""
    organisation = get_live(session, Organisation, organisation_id)
    shared_lists.check_may_delete(session, organisation)
    organisation.deleted = True
    session.flush()


def organisation_row(o: Organisation, own: frozenset[str] | None = None) -> OrganisationRow:
    """The plain row of an organisation record (`own`: see `shared_lists.own_device_ids`)."""
    return OrganisationRow(
        o.id, o.name_km, o.name_en, o.acronym, o.kind, group_of(o.kind), o.province_code,
        deletable=not shared_lists.made_elsewhere(o, own),
    )  # fmt: skip


def get_organisation(session: Session, organisation_id: str) -> OrganisationRow:
    """One live organisation, or NotFoundError."""
    own = shared_lists.own_device_ids(session)
    return organisation_row(get_live(session, Organisation, organisation_id), own)


def list_organisations(
    session: Session,
    query: str | None = None,
    kind: OrganisationKind | None = None,
    province_code: str | None = None,
) -> list[OrganisationRow]:
    """Live organisations by English name (then Khmer), filtered by a name or acronym fragment (case and
    zero-width characters ignored), kind, and province (national ones, without province, always match)."""
    statement = select(Organisation).where(Organisation.deleted.is_(False))
    folded = fold_for_search(query or "")
    if folded:
        statement = statement.where(
            or_(
                *(
                    searchable(column).contains(folded, autoescape=True)
                    for column in (Organisation.name_km, Organisation.name_en, Organisation.acronym)
                )
            )
        )
    if kind is not None:
        statement = statement.where(Organisation.kind == kind)
    if province_code:
        statement = statement.where(
            or_(Organisation.province_code == province_code, Organisation.province_code.is_(None))
        )
    statement = statement.order_by(Organisation.name_en, Organisation.name_km, Organisation.id)
    own = shared_lists.own_device_ids(session)
    return [organisation_row(o, own) for o in session.scalars(statement)]
