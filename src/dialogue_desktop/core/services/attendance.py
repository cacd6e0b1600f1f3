"""Attendance at the door: register people as they arrive, undo, list, or keep counts only (a tally).

Registering is idempotent: a person is at most once in a dialogue's attendance. Nothing changes for a
dialogue whose minutes are approved (`locking.ensure_editable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dialogue_desktop.core.domain.enums import WG_DOMAINS, AttendanceRole, Difficulty, Group, Sex, group_of
from dialogue_desktop.core.domain.models import (
    Attendance,
    Dialogue,
    IndigenousGroup,
    Organisation,
    Participant,
)
from dialogue_desktop.core.domain.rules import has_disability, is_youth
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.counts import attendance_counts
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.services.validation import Checker, get_live
from dialogue_desktop.core.services.youth import resolve_youth_ages

# Tally fields: keyword of `set_tally` → (dialogue column, label msgid).
TALLY_FIELDS: dict[str, tuple[str, str]] = {
    "female": ("tally_female", N_("Women")),
    "male": ("tally_male", N_("Men")),
    "other": ("tally_other", N_("Other sex")),
    "youth": ("tally_youth", N_("Youth")),
    "indigenous": ("tally_indigenous", N_("Indigenous or minority")),
    "disability": ("tally_disability", N_("Persons with disabilities")),
    "government": ("tally_government", N_("Government")),
    "cso": ("tally_cso", N_("CSO")),
    "community": ("tally_community", N_("Community")),
}
MAX_TALLY = 100_000


@dataclass(frozen=True)
class AttendanceRow:
    """One person in a dialogue's attendance, as the door list and the sign-in sheet show them."""

    attendance_id: str
    participant_id: str
    name_km: str
    name_latin: str
    sex: Sex
    youth: bool
    indigenous: bool
    indigenous_group_km: str
    indigenous_group_en: str
    disability: bool
    group: Group
    organisation_name_km: str
    organisation_name_en: str
    position: str
    role: AttendanceRole
    signed: bool
    arrived_at: datetime | None
    #: The person agrees to their data being kept: their name may be printed beyond the sign-in sheet.
    consent_data: bool


def refuse_tally_only(dialogue: Dialogue) -> None:
    """UserError when the dialogue records counts only (nobody is registered by name there)."""
    if dialogue.tally_only:
        raise UserError(
            N_("This dialogue records counts only. Switch off “counts only” to register people by name.")
        )


def register(
    session: Session,
    dialogue_id: str,
    participant_id: str,
    role: AttendanceRole | str = AttendanceRole.PARTICIPANT,
    organisation_id: str | None = None,
    signed: bool = False,
) -> str:
    """Register a person's arrival and return the attendance's id; the organisation represented defaults to
    the person's own.

    A person already registered gets their existing attendance back (marked arrived, and signed if
    `signed`), never a second one; a person removed earlier is registered again on the same record.
    """
    dialogue = ensure_editable(session, dialogue_id)
    refuse_tally_only(dialogue)
    participant = get_live(session, Participant, participant_id)
    checker = Checker()
    chosen_role = checker.choice("role", N_("Role"), role or AttendanceRole.PARTICIPANT, AttendanceRole)
    if organisation_id is not None:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or organisation.deleted:
            checker.add(
                "organisation_id", N_("Organisation"), N_("This choice no longer exists; choose another.")
            )
    checker.done()
    assert chosen_role is not None

    rows = session.scalars(
        select(Attendance)
        .where(Attendance.dialogue_id == dialogue.id, Attendance.participant_id == participant.id)
        .order_by(Attendance.deleted, Attendance.created_at)
    ).all()
    live = next((a for a in rows if not a.deleted), None)
    if live is not None:
        if live.arrived_at is None:
            live.arrived_at = utc_now()
        if signed:
            live.signed = True
        session.flush()
        return live.id
    attendance = rows[0] if rows else Attendance(dialogue_id=dialogue.id, participant_id=participant.id)
    attendance.deleted = False
    attendance.role = chosen_role
    attendance.organisation_id = organisation_id or participant.organisation_id
    attendance.signed = signed
    attendance.arrived_at = utc_now()
    if not rows:
        session.add(attendance)
    session.flush()
    return attendance.id


def register_new(
    session: Session,
    dialogue_id: str,
    data: ParticipantInput,
    role: AttendanceRole | str = AttendanceRole.PARTICIPANT,
    organisation_id: str | None = None,
    signed: bool = False,
) -> str:
    """Add a new person to the registry and register their arrival in one go (the door's short form);
    returns the attendance's id."""
    dialogue = ensure_editable(session, dialogue_id)
    refuse_tally_only(dialogue)
    participant_id = create_participant(session, data)
    return register(
        session, dialogue.id, participant_id, role=role, organisation_id=organisation_id, signed=signed
    )


def unregister(session: Session, attendance_id: str) -> None:
    """Remove an attendance (a tombstone): the undo of an arrival registered by mistake."""
    attendance = get_live(session, Attendance, attendance_id)
    ensure_editable(session, attendance.dialogue_id)
    attendance.deleted = True
    session.flush()


def list_attendance(
    session: Session, dialogue_id: str, youth_ages: tuple[int, int] | None = None
) -> list[AttendanceRow]:
    """Everyone registered at a dialogue, in order of arrival (people not yet arrived last)."""
    youth_ages = resolve_youth_ages(session, youth_ages)
    dialogue = get_live(session, Dialogue, dialogue_id)
    own_org = aliased(Organisation)
    day_org = aliased(Organisation)
    query = (
        select(Attendance, Participant, day_org, own_org, IndigenousGroup)
        .join(Participant, Participant.id == Attendance.participant_id)
        .outerjoin(day_org, day_org.id == Attendance.organisation_id)
        .outerjoin(own_org, own_org.id == Participant.organisation_id)
        .outerjoin(IndigenousGroup, IndigenousGroup.id == Participant.indigenous_group_id)
        .where(
            Attendance.dialogue_id == dialogue.id,
            Attendance.deleted.is_(False),
            Participant.deleted.is_(False),
        )
        .order_by(Attendance.arrived_at.is_(None), Attendance.arrived_at, Attendance.created_at)
    )
    rows: list[AttendanceRow] = []
    for attendance, person, day, own, indigenous in session.execute(query):
        organisation = day if attendance.organisation_id is not None else own
        rows.append(
            AttendanceRow(
                attendance_id=attendance.id,
                participant_id=person.id,
                name_km=person.name_km,
                name_latin=person.name_latin,
                sex=person.sex,
                youth=is_youth(person.birth_year, person.age_band, dialogue.date, youth_ages),
                indigenous=person.indigenous_group_id is not None,
                indigenous_group_km=indigenous.name_km if indigenous is not None else "",
                indigenous_group_en=indigenous.name_en if indigenous is not None else "",
                disability=has_disability(_wg_answers(person)),
                group=group_of(organisation.kind if organisation is not None else None),
                organisation_name_km=organisation.name_km if organisation is not None else "",
                organisation_name_en=organisation.name_en if organisation is not None else "",
                position=person.position,
                role=attendance.role,
                signed=attendance.signed,
                arrived_at=attendance.arrived_at,
                consent_data=person.consent_data,
            )
        )
    return rows


def _wg_answers(person: Participant) -> dict[str, Difficulty | None]:
    return {column: getattr(person, column) for column, _ in WG_DOMAINS}


# --- counts only ---------------------------------------------------------------------------------------


def set_tally(session: Session, dialogue_id: str, **counts: object) -> None:
    """Set some of the counts of a counts-only dialogue (keywords: see `TALLY_FIELDS`).

    Numbers must be whole and not negative; youth, indigenous, disability and the groups together may not
    exceed the people counted by sex.
    """
    unknown = set(counts) - set(TALLY_FIELDS)
    if unknown:
        raise TypeError(f"unknown tally fields: {sorted(unknown)}")
    dialogue = ensure_editable(session, dialogue_id)
    checker = Checker()
    values: dict[str, int] = {
        key: getattr(dialogue, column) or 0 for key, (column, _) in TALLY_FIELDS.items()
    }
    for key, value in counts.items():
        number = checker.integer(key, TALLY_FIELDS[key][1], value, low=0, high=MAX_TALLY, required=True)
        if number is not None:
            values[key] = number
    if not checker.errors:
        total = values["female"] + values["male"] + values["other"]
        for key in ("youth", "indigenous", "disability"):
            if values[key] > total:
                checker.add(
                    key, TALLY_FIELDS[key][1], N_("More than the {total} people counted by sex."), total=total
                )
        if values["government"] + values["cso"] + values["community"] > total:
            key = next((k for k in ("government", "cso", "community") if k in counts), "government")
            checker.add(
                key,
                TALLY_FIELDS[key][1],
                N_("Government, CSO and community together are more than the {total} people counted by sex."),
                total=total,
            )
    checker.done()
    for key, (column, _) in TALLY_FIELDS.items():
        setattr(dialogue, column, values[key])
    session.flush()


def set_tally_only(session: Session, dialogue_id: str, on: bool) -> None:
    """Switch a dialogue between attendance by name and counts only.

    Switching counts-only on when no count was typed yet starts from the counts of the people already
    registered, so nothing counted at the door is lost (people whose sex is not stated go under
    "other", the tally has no "not stated"); the names stay recorded.
    """
    dialogue = ensure_editable(session, dialogue_id)
    if on and not dialogue.tally_only:
        typed = any(getattr(dialogue, column) for column, _ in TALLY_FIELDS.values())
        if not typed:
            counts = attendance_counts(session, dialogue.id)
            dialogue.tally_female = counts.female
            dialogue.tally_male = counts.male
            dialogue.tally_other = counts.other_sex + counts.not_stated
            dialogue.tally_youth = counts.youth
            dialogue.tally_indigenous = counts.indigenous
            dialogue.tally_disability = counts.disability
            dialogue.tally_government = counts.government
            dialogue.tally_cso = counts.cso
            dialogue.tally_community = counts.community
    dialogue.tally_only = on
    session.flush()
