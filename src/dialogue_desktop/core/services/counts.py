"""Disaggregated attendance counts of one dialogue, computed in SQL.

A person counts in every group they belong to: a young indigenous woman with a disability counts in
female, youth, indigenous and disability. The group (government / CSO / community / other) is that of the
organisation the person represented that day (the attendance's organisation, else their own), following
`group_of`: no organisation means community. Deleted attendance and deleted participants never count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from dialogue_desktop.core.domain.enums import WG_DOMAINS, Difficulty, Group, OrganisationKind, Sex, group_of
from dialogue_desktop.core.domain.models import Attendance, Dialogue, Organisation, Participant
from dialogue_desktop.core.domain.rules import AGE_BAND_RANGES, DEFAULT_YOUTH_AGES
from dialogue_desktop.core.services.listing import count_overdue_actions
from dialogue_desktop.core.services.validation import get_live
from dialogue_desktop.core.services.youth import resolve_youth_ages


@dataclass(frozen=True)
class Disaggregation:
    """Who attended one dialogue. Sex counts add up to `total`; so do the four group counts."""

    total: int = 0
    female: int = 0
    male: int = 0
    other_sex: int = 0
    not_stated: int = 0
    youth: int = 0
    indigenous: int = 0
    disability: int = 0
    government: int = 0
    cso: int = 0
    community: int = 0
    other_group: int = 0


def youth_condition(on: date, youth_ages: tuple[int, int] = DEFAULT_YOUTH_AGES) -> ColumnElement[bool]:
    """SQL for `rules.is_youth`: by birth year at the date `on`, else by an age band inside the range."""
    low, high = youth_ages
    bands = [band for band, (b_low, b_high) in AGE_BAND_RANGES.items() if low <= b_low and b_high <= high]
    by_band: ColumnElement[bool] = Participant.age_band.in_(bands) if bands else false()
    return or_(
        Participant.birth_year.between(on.year - high, on.year - low),
        and_(Participant.birth_year.is_(None), by_band),
    )


def disability_condition() -> ColumnElement[bool]:
    """SQL for `rules.has_disability`: any Washington Group domain 'a lot of difficulty' or 'cannot do'."""
    severe = [Difficulty.A_LOT, Difficulty.CANNOT]
    return or_(*(getattr(Participant, column).in_(severe) for column, _ in WG_DOMAINS))


def group_condition(kind: ColumnElement[Any], group: Group) -> ColumnElement[bool]:
    """SQL for `group_of(kind) == group`, built from `group_of` itself so the two cannot disagree."""
    kinds = [k for k in OrganisationKind if group_of(k) == group]
    condition: ColumnElement[bool] = kind.in_(kinds) if kinds else false()
    if group_of(None) == group:
        condition = or_(condition, kind.is_(None))
    return condition


def first_live_attendance() -> ColumnElement[bool]:
    """Only one attendance per person counts, even if two laptops registered the same person (sync)."""
    other = aliased(Attendance)
    return Attendance.id == (
        select(func.min(other.id))
        .where(
            other.dialogue_id == Attendance.dialogue_id,
            other.participant_id == Attendance.participant_id,
            other.deleted.is_(False),
        )
        .correlate(Attendance)
        .scalar_subquery()
    )


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


def attendance_counts(
    session: Session, dialogue_id: str, youth_ages: tuple[int, int] | None = None
) -> Disaggregation:
    """The disaggregated attendance of a dialogue (its tally when it records counts only)."""
    youth_ages = resolve_youth_ages(session, youth_ages)
    dialogue = get_live(session, Dialogue, dialogue_id)
    if dialogue.tally_only:
        return tally_counts(dialogue)
    own_org = aliased(Organisation)
    day_org = aliased(Organisation)
    kind = func.coalesce(day_org.kind, own_org.kind)
    columns = {
        "total": func.count(Attendance.id),
        "female": _count(Participant.sex == Sex.FEMALE),
        "male": _count(Participant.sex == Sex.MALE),
        "other_sex": _count(Participant.sex == Sex.OTHER),
        "not_stated": _count(Participant.sex == Sex.NOT_STATED),
        "youth": _count(youth_condition(dialogue.date, youth_ages)),
        "indigenous": _count(Participant.indigenous_group_id.is_not(None)),
        "disability": _count(disability_condition()),
        "government": _count(group_condition(kind, Group.GOVERNMENT)),
        "cso": _count(group_condition(kind, Group.CSO)),
        "community": _count(group_condition(kind, Group.COMMUNITY)),
        "other_group": _count(group_condition(kind, Group.OTHER)),
    }
    row = session.execute(
        select(*(column.label(name) for name, column in columns.items()))
        .select_from(Attendance)
        .join(Participant, Participant.id == Attendance.participant_id)
        .outerjoin(own_org, own_org.id == Participant.organisation_id)
        .outerjoin(day_org, day_org.id == Attendance.organisation_id)
        .where(
            Attendance.dialogue_id == dialogue.id,
            Attendance.deleted.is_(False),
            Participant.deleted.is_(False),
            first_live_attendance(),
        )
    ).one()
    return Disaggregation(**{name: int(row._mapping[name] or 0) for name in columns})


def door_counts(session: Session, dialogue_id: str) -> tuple[bool, Disaggregation]:
    """Whether the dialogue records counts only, and its counts: those typed, or those of its arrivals
    (NotFoundError when the dialogue is gone)."""
    dialogue = get_live(session, Dialogue, dialogue_id)
    if dialogue.tally_only:
        return True, tally_counts(dialogue)
    return False, attendance_counts(session, dialogue_id)


def tally_counts(dialogue: Dialogue) -> Disaggregation:
    """The counts typed for a dialogue that records counts only (no names)."""
    female, male, other = dialogue.tally_female or 0, dialogue.tally_male or 0, dialogue.tally_other or 0
    government, cso, community = (
        dialogue.tally_government or 0,
        dialogue.tally_cso or 0,
        dialogue.tally_community or 0,
    )
    total = female + male + other
    return Disaggregation(
        total=total,
        female=female,
        male=male,
        other_sex=other,
        not_stated=0,
        youth=dialogue.tally_youth or 0,
        indigenous=dialogue.tally_indigenous or 0,
        disability=dialogue.tally_disability or 0,
        government=government,
        cso=cso,
        community=community,
        other_group=max(0, total - government - cso - community),
    )


def badge_counts(session: Session) -> dict[str, int]:
    """The numbers beside the pages' names: live dialogues ("dialogues") and overdue actions ("overdue")."""
    dialogues = session.scalar(select(func.count()).select_from(Dialogue).where(Dialogue.deleted.is_(False)))
    return {"dialogues": dialogues or 0, "overdue": count_overdue_actions(session)}
