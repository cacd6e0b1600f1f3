"""Dialogues: create and edit them, move them through their lifecycle, name organisers and facilitators.

Lifecycle: planned → held → minutes drafted → minutes approved. The status moves one step at a time, also
back one step, except out of "minutes approved": approved minutes are locked (see `locking`) until they
are reopened with `reopen_minutes`, which leaves the change in the change log like any other.
The agenda is in `agenda`, needs and decisions in `needs`, actions and follow-ups in `actions`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus
from dialogue_desktop.core.domain.models import (
    NAME,
    Dialogue,
    DialogueFacilitator,
    DialogueOrganiser,
    Facilitator,
    Organisation,
)
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.errors import FieldError, UserError, ValidationError
from dialogue_desktop.core.services.facilitators import FacilitatorRow, facilitator_row
from dialogue_desktop.core.services.locking import ensure_editable, is_locked
from dialogue_desktop.core.services.organisations import OrganisationRow, organisation_row
from dialogue_desktop.core.services.places import check_places
from dialogue_desktop.core.services.validation import Checker, get_live

LABELS: dict[str, str] = {
    "kind": N_("Kind of dialogue"),
    "title_km": N_("Title in Khmer"),
    "title_en": N_("Title in English"),
    "date": N_("Date"),
    "start_time": N_("Start time"),
    "end_time": N_("End time"),
    "venue": N_("Venue"),
    "themes": N_("Themes"),
    "discussion_summary": N_("Summary of the discussion"),
    "status": N_("Status"),
    "reason": N_("Reason"),
}
TEXT_LIMIT = 20_000  # themes and summary: long, but not unbounded

#: The lifecycle in order; a step is a move to a neighbour in this tuple.
LIFECYCLE: tuple[DialogueStatus, ...] = (
    DialogueStatus.PLANNED,
    DialogueStatus.HELD,
    DialogueStatus.MINUTES_DRAFTED,
    DialogueStatus.MINUTES_APPROVED,
)


@dataclass
class DialogueInput:
    """What the dialogue form gives. `kind` accepts a member or its value."""

    kind: DialogueKind | str | None = None
    title_km: str = ""
    title_en: str = ""
    date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None
    venue: str = ""
    themes: str = ""
    discussion_summary: str = ""


@dataclass(frozen=True)
class DialogueView:
    """One dialogue's own fields, as plain values."""

    id: str
    kind: DialogueKind
    title_km: str
    title_en: str
    date: date
    start_time: time | None
    end_time: time | None
    province_code: str | None
    district_code: str | None
    commune_code: str | None
    venue: str
    themes: str
    discussion_summary: str
    status: DialogueStatus
    tally_only: bool
    approved_at: datetime | None
    approved_hash: str

    @property
    def locked(self) -> bool:
        return self.status == DialogueStatus.MINUTES_APPROVED


def _validate(data: DialogueInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = {
        "kind": checker.choice("kind", LABELS["kind"], data.kind, DialogueKind),
        "title_km": checker.text("title_km", LABELS["title_km"], data.title_km, max_length=NAME),
        "title_en": checker.text("title_en", LABELS["title_en"], data.title_en, max_length=NAME),
        "venue": checker.text("venue", LABELS["venue"], data.venue, max_length=NAME),
        "themes": checker.text("themes", LABELS["themes"], data.themes, max_length=TEXT_LIMIT),
        "discussion_summary": checker.text(
            "discussion_summary", LABELS["discussion_summary"], data.discussion_summary, max_length=TEXT_LIMIT
        ),
        "date": data.date,
        "start_time": data.start_time,
        "end_time": data.end_time,
    }
    if not values["title_km"] and not values["title_en"]:
        checker.add("title_km", LABELS["title_km"], N_("Enter the title in Khmer or in English."))
    if data.date is None:
        checker.add("date", LABELS["date"], N_("This cannot be empty."))
    if data.start_time is not None and data.end_time is not None and data.end_time <= data.start_time:
        checker.add("end_time", LABELS["end_time"], N_("The end must be after the start."))
    values["province_code"], values["district_code"], values["commune_code"] = check_places(
        checker, data.province_code, data.district_code, data.commune_code, province_required=True
    )
    checker.done()
    return values


def dialogue_view(d: Dialogue) -> DialogueView:
    """The plain view of a dialogue record."""
    return DialogueView(
        id=d.id, kind=d.kind, title_km=d.title_km, title_en=d.title_en, date=d.date,
        start_time=d.start_time, end_time=d.end_time, province_code=d.province_code,
        district_code=d.district_code, commune_code=d.commune_code, venue=d.venue, themes=d.themes,
        discussion_summary=d.discussion_summary, status=d.status, tally_only=d.tally_only,
        approved_at=d.approved_at, approved_hash=d.approved_hash,
    )  # fmt: skip


def create_dialogue(session: Session, data: DialogueInput) -> str:
    """Record a new (planned) dialogue; returns its id."""
    dialogue = Dialogue(**_validate(data), status=DialogueStatus.PLANNED)
    session.add(dialogue)
    session.flush()
    return dialogue.id


def update_dialogue(session: Session, dialogue_id: str, data: DialogueInput) -> None:
    """Replace a dialogue's details with `data`; LockedError when its minutes are approved."""
    dialogue = ensure_editable(session, dialogue_id)
    for key, value in _validate(data).items():
        setattr(dialogue, key, value)
    session.flush()


def update_dialogue_field(session: Session, dialogue_id: str, field: str, value: Any) -> None:
    """Change one of a dialogue's own fields (e.g. ``discussion_summary``), every other kept as it is; the
    whole record is validated as `update_dialogue` does. ValueError for a field the form does not have."""
    names = {f.name for f in fields(DialogueInput)}
    if field not in names:
        raise ValueError(f"not a field of a dialogue's details: {field!r}")
    view = get_dialogue(session, dialogue_id)
    current = DialogueInput(**{name: getattr(view, name) for name in names})
    update_dialogue(session, dialogue_id, replace(current, **{field: value}))


def delete_dialogue(session: Session, dialogue_id: str) -> None:
    """Tombstone a dialogue; its agenda, needs, actions and attendance disappear from every list with it."""
    ensure_editable(session, dialogue_id).deleted = True
    session.flush()


def get_dialogue(session: Session, dialogue_id: str) -> DialogueView:
    """One live dialogue, or NotFoundError."""
    return dialogue_view(get_live(session, Dialogue, dialogue_id))


# --- lifecycle --------------------------------------------------------------------------------------------


def set_status(session: Session, dialogue_id: str, status: DialogueStatus | str) -> None:
    """Move a dialogue one step forward or back in its lifecycle (planned, held, minutes drafted).

    Approving and reopening minutes have their own functions; any other jump is refused with UserError.
    """
    checker = Checker()
    target = checker.choice("status", LABELS["status"], status, DialogueStatus)
    checker.done()
    assert target is not None
    dialogue = get_live(session, Dialogue, dialogue_id)
    if target == dialogue.status:
        return
    if target == DialogueStatus.MINUTES_APPROVED:
        raise UserError(N_("Use “Approve minutes” to approve the minutes."))
    ensure_editable(session, dialogue_id)
    if abs(LIFECYCLE.index(target) - LIFECYCLE.index(dialogue.status)) != 1:
        raise UserError(
            N_("A dialogue moves one step at a time: from “{current}” it cannot go to “{target}”."),
            current=dialogue.status.label,
            target=target.label,
        )
    dialogue.status = target
    session.flush()


def approve_minutes(session: Session, dialogue_id: str, content_hash: str = "") -> None:
    """Approve drafted minutes: the dialogue is locked from now on (see `locking`).

    `content_hash` fingerprints the approved minutes (the printed content), kept with the approval.
    """
    dialogue = ensure_editable(session, dialogue_id)
    if dialogue.status != DialogueStatus.MINUTES_DRAFTED:
        raise UserError(N_("Only drafted minutes can be approved. Mark the minutes as drafted first."))
    dialogue.status = DialogueStatus.MINUTES_APPROVED
    dialogue.approved_at = utc_now()
    dialogue.approved_hash = content_hash
    session.flush()


def reopen_minutes(session: Session, dialogue_id: str, reason: str) -> None:
    """Unlock approved minutes to correct them: back to "minutes drafted".

    A reason is required from the person reopening; the change (status, approval cleared, the reason) is
    in the change log with who did it and when.
    """
    checker = Checker()
    reason = checker.text("reason", LABELS["reason"], reason, max_length=NAME, required=True)
    checker.done()
    dialogue = get_live(session, Dialogue, dialogue_id)
    if not is_locked(dialogue):
        raise UserError(N_("These minutes are not approved, so there is nothing to reopen."))
    dialogue.status = DialogueStatus.MINUTES_DRAFTED
    dialogue.approved_at = None
    dialogue.approved_hash = ""
    dialogue.reopen_reason = reason
    session.flush()


# --- organisers and facilitators of a dialogue ------------------------------------------------------------


def _live_link(session: Session, model: type[Any], dialogue_id: str, column: str, other_id: str) -> Any:
    return session.scalars(
        select(model).where(
            model.dialogue_id == dialogue_id, getattr(model, column) == other_id, model.deleted.is_(False)
        )
    ).first()


def _check_reference(session: Session, model: type[Any], record_id: str, field: str, label: str) -> None:
    record = session.get(model, record_id) if record_id else None
    if record is None or record.deleted:
        raise ValidationError([FieldError(field, label, N_("This choice no longer exists; choose another."))])


def add_organiser(session: Session, dialogue_id: str, organisation_id: str) -> None:
    """Name an organisation as an organiser of a dialogue (nothing happens if it already is one)."""
    ensure_editable(session, dialogue_id)
    _check_reference(session, Organisation, organisation_id, "organisation_id", N_("Organisation"))
    if _live_link(session, DialogueOrganiser, dialogue_id, "organisation_id", organisation_id) is None:
        session.add(DialogueOrganiser(dialogue_id=dialogue_id, organisation_id=organisation_id))
        session.flush()


def remove_organiser(session: Session, dialogue_id: str, organisation_id: str) -> None:
    """Stop naming an organisation as an organiser (the link is tombstoned)."""
    ensure_editable(session, dialogue_id)
    link = _live_link(session, DialogueOrganiser, dialogue_id, "organisation_id", organisation_id)
    if link is not None:
        link.deleted = True
        session.flush()


def organisers(session: Session, dialogue_id: str) -> list[OrganisationRow]:
    """The organisers of a dialogue, by English name."""
    statement = (
        select(Organisation)
        .join(DialogueOrganiser, DialogueOrganiser.organisation_id == Organisation.id)
        .where(DialogueOrganiser.dialogue_id == dialogue_id, DialogueOrganiser.deleted.is_(False))
        .order_by(Organisation.name_en, Organisation.name_km)
    )
    return [organisation_row(o) for o in session.scalars(statement)]


def add_facilitator(session: Session, dialogue_id: str, facilitator_id: str) -> None:
    """Name a facilitator of a dialogue (nothing happens if already named)."""
    ensure_editable(session, dialogue_id)
    _check_reference(session, Facilitator, facilitator_id, "facilitator_id", N_("Facilitator"))
    if _live_link(session, DialogueFacilitator, dialogue_id, "facilitator_id", facilitator_id) is None:
        session.add(DialogueFacilitator(dialogue_id=dialogue_id, facilitator_id=facilitator_id))
        session.flush()


def remove_facilitator(session: Session, dialogue_id: str, facilitator_id: str) -> None:
    """Stop naming a facilitator of a dialogue (the link is tombstoned)."""
    ensure_editable(session, dialogue_id)
    link = _live_link(session, DialogueFacilitator, dialogue_id, "facilitator_id", facilitator_id)
    if link is not None:
        link.deleted = True
        session.flush()


def facilitators(session: Session, dialogue_id: str) -> list[FacilitatorRow]:
    """The facilitators of a dialogue, by Latin name."""
    statement = (
        select(Facilitator)
        .join(DialogueFacilitator, DialogueFacilitator.facilitator_id == Facilitator.id)
        .where(DialogueFacilitator.dialogue_id == dialogue_id, DialogueFacilitator.deleted.is_(False))
        .order_by(Facilitator.name_latin, Facilitator.name_km)
    )
    return [facilitator_row(f) for f in session.scalars(statement)]
