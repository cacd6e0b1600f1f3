"""Who took the floor: named participants or unnamed speakers, and whose voices were heard.

`voice_shares` sets each group's share of the interventions next to its share of the attendance, so a
facilitator sees at a glance whether women, youth or indigenous people spoke as much as they were present.
A speaking turn counts in every group of the speaker; unnamed speakers count only by their sex and youth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ScalarSelect, Select, select
from sqlalchemy.orm import QueryableAttribute, Session, aliased

from dialogue_desktop.core.domain.enums import WG_DOMAINS, Difficulty, Group, Sex, group_of
from dialogue_desktop.core.domain.models import (
    AgendaItem,
    Attendance,
    Dialogue,
    Intervention,
    Organisation,
    Participant,
)
from dialogue_desktop.core.domain.rules import has_disability, is_youth
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.counts import Disaggregation, attendance_counts
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.validation import Checker, get_live
from dialogue_desktop.core.services.youth import resolve_youth_ages

NOTE_LENGTH = 500


@dataclass(frozen=True)
class InterventionRow:
    """One speaking turn, as listed during the dialogue."""

    id: str
    spoken_at: datetime
    participant_id: str | None
    name_km: str
    name_latin: str
    sex: Sex | None
    youth: bool
    agenda_item_id: str | None
    agenda_title_km: str
    agenda_title_en: str
    note: str


@dataclass(frozen=True)
class VoiceShare:
    """One group: how often it spoke and how many were present, each with its share of the total."""

    key: str
    label: str  # msgid, translate with _()
    spoke: int
    spoke_share: float
    present: int
    present_share: float


@dataclass(frozen=True)
class VoiceShares:
    total_interventions: int
    total_attendance: int
    women: VoiceShare
    men: VoiceShare
    youth: VoiceShare
    indigenous: VoiceShare
    disability: VoiceShare
    government: VoiceShare
    cso: VoiceShare
    community: VoiceShare

    def rows(self) -> list[VoiceShare]:
        """The groups in display order."""
        return [
            self.women,
            self.men,
            self.youth,
            self.indigenous,
            self.disability,
            self.government,
            self.cso,
            self.community,
        ]


# key, label, field of Disaggregation
_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("women", N_("Women"), "female"),
    ("men", N_("Men"), "male"),
    ("youth", N_("Youth"), "youth"),
    ("indigenous", N_("Indigenous or minority"), "indigenous"),
    ("disability", N_("Persons with disabilities"), "disability"),
    ("government", N_("Government"), "government"),
    ("cso", N_("CSO"), "cso"),
    ("community", N_("Community"), "community"),
)


def _check_agenda_item(
    session: Session, checker: Checker, dialogue_id: str, agenda_item_id: str | None
) -> None:
    if agenda_item_id is None:
        return
    item = session.get(AgendaItem, agenda_item_id)
    if item is None or item.deleted or item.dialogue_id != dialogue_id:
        checker.add("agenda_item_id", N_("Agenda item"), N_("This choice no longer exists; choose another."))


def log_named(
    session: Session, dialogue_id: str, participant_id: str, agenda_item_id: str | None = None, note: str = ""
) -> str:
    """Record that a participant took the floor (optionally during an agenda item, with a short note); the
    turn's id."""
    dialogue = ensure_editable(session, dialogue_id)
    participant = get_live(session, Participant, participant_id)
    checker = Checker()
    _check_agenda_item(session, checker, dialogue.id, agenda_item_id)
    cleaned_note = checker.text("note", N_("Note"), note, max_length=NOTE_LENGTH)
    checker.done()
    intervention = Intervention(
        dialogue_id=dialogue.id,
        participant_id=participant.id,
        agenda_item_id=agenda_item_id,
        note=cleaned_note,
    )
    session.add(intervention)
    session.flush()
    return intervention.id


def log_unnamed(
    session: Session, dialogue_id: str, sex: Sex | str, youth: bool = False, agenda_item_id: str | None = None
) -> str:
    """Record that someone whose name was not taken spoke: only their sex and whether they are young; the
    turn's id."""
    dialogue = ensure_editable(session, dialogue_id)
    checker = Checker()
    chosen = checker.choice("sex", N_("Sex"), sex, Sex)
    _check_agenda_item(session, checker, dialogue.id, agenda_item_id)
    checker.done()
    intervention = Intervention(
        dialogue_id=dialogue.id, unnamed_sex=chosen, unnamed_youth=bool(youth), agenda_item_id=agenda_item_id
    )
    session.add(intervention)
    session.flush()
    return intervention.id


def delete_intervention(session: Session, intervention_id: str) -> None:
    """Remove a speaking turn recorded by mistake (a tombstone)."""
    intervention = get_live(session, Intervention, intervention_id)
    ensure_editable(session, intervention.dialogue_id)
    intervention.deleted = True
    session.flush()


def _live_interventions(dialogue_id: str) -> Select[Intervention, Participant]:
    """Live interventions of a dialogue with their speaker (None for unnamed); deleted speakers left out."""
    return (
        select(Intervention, Participant)
        .outerjoin(Participant, Participant.id == Intervention.participant_id)
        .where(
            Intervention.dialogue_id == dialogue_id,
            Intervention.deleted.is_(False),
            (Intervention.participant_id.is_(None)) | (Participant.deleted.is_(False)),
        )
    )


def list_interventions(
    session: Session, dialogue_id: str, youth_ages: tuple[int, int] | None = None
) -> list[InterventionRow]:
    """The speaking turns of a dialogue in the order they happened."""
    youth_ages = resolve_youth_ages(session, youth_ages)
    dialogue = get_live(session, Dialogue, dialogue_id)
    query = (
        _live_interventions(dialogue.id)
        .add_columns(AgendaItem.title_km, AgendaItem.title_en)
        .outerjoin(AgendaItem, AgendaItem.id == Intervention.agenda_item_id)
        .order_by(Intervention.spoken_at, Intervention.created_at)
    )
    rows: list[InterventionRow] = []
    for intervention, person, title_km, title_en in session.execute(query):
        if person is None:
            youth = intervention.unnamed_youth
            sex = intervention.unnamed_sex
        else:
            youth = is_youth(person.birth_year, person.age_band, dialogue.date, youth_ages)
            sex = person.sex
        rows.append(
            InterventionRow(
                id=intervention.id,
                spoken_at=intervention.spoken_at,
                participant_id=intervention.participant_id,
                name_km=person.name_km if person is not None else "",
                name_latin=person.name_latin if person is not None else "",
                sex=sex,
                youth=youth,
                agenda_item_id=intervention.agenda_item_id,
                agenda_title_km=title_km or "",
                agenda_title_en=title_en or "",
                note=intervention.note,
            )
        )
    return rows


def kind_represented_that_day(
    participant_id: QueryableAttribute[Any], dialogue_id: QueryableAttribute[Any] | str
) -> ScalarSelect[Any]:
    """The kind of the organisation a person represented at a dialogue (that of their live attendance, the
    first recorded), as a subquery correlated with the enclosing query; None when they were not registered
    with one. Shared by the voice shares here and the report mart's speaking turns."""
    day_org = aliased(Organisation, name="represented_org")
    return (
        select(day_org.kind)
        .join(Attendance, Attendance.organisation_id == day_org.id)
        .where(
            Attendance.participant_id == participant_id,
            Attendance.dialogue_id == dialogue_id,
            Attendance.deleted.is_(False),
        )
        .order_by(Attendance.id)
        .limit(1)
        .correlate_except(day_org, Attendance)
        .scalar_subquery()
    )


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def voice_shares(
    session: Session, dialogue_id: str, youth_ages: tuple[int, int] | None = None
) -> VoiceShares:
    """Each group's interventions and attendance, with their shares (0 when there are none at all)."""
    youth_ages = resolve_youth_ages(session, youth_ages)
    dialogue = get_live(session, Dialogue, dialogue_id)
    present: Disaggregation = attendance_counts(session, dialogue.id, youth_ages)

    # The organisation a named speaker represented: that of their attendance that day, else their own.
    own_org = aliased(Organisation)
    day_kind = kind_represented_that_day(Participant.id, dialogue.id)
    query = (
        _live_interventions(dialogue.id)
        .add_columns(day_kind, own_org.kind)
        .outerjoin(own_org, own_org.id == Participant.organisation_id)
    )
    spoke = dict.fromkeys((key for key, _, _ in _GROUPS), 0)
    total = 0
    for intervention, person, kind_that_day, own_kind in session.execute(query):
        total += 1
        if person is None:
            groups = {
                "women": intervention.unnamed_sex == Sex.FEMALE,
                "men": intervention.unnamed_sex == Sex.MALE,
                "youth": intervention.unnamed_youth,
            }
        else:
            answers: dict[str, Difficulty | None] = {
                column: getattr(person, column) for column, _ in WG_DOMAINS
            }
            group = group_of(kind_that_day or own_kind)
            groups = {
                "women": person.sex == Sex.FEMALE,
                "men": person.sex == Sex.MALE,
                "youth": is_youth(person.birth_year, person.age_band, dialogue.date, youth_ages),
                "indigenous": person.indigenous_group_id is not None,
                "disability": has_disability(answers),
                "government": group == Group.GOVERNMENT,
                "cso": group == Group.CSO,
                "community": group == Group.COMMUNITY,
            }
        for key, member in groups.items():
            if member:
                spoke[key] += 1

    shares = {
        key: VoiceShare(
            key=key,
            label=label,
            spoke=spoke[key],
            spoke_share=_share(spoke[key], total),
            present=getattr(present, field),
            present_share=_share(getattr(present, field), present.total),
        )
        for key, label, field in _GROUPS
    }
    return VoiceShares(total_interventions=total, total_attendance=present.total, **shares)
