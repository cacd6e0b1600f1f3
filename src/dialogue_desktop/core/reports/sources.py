"""The SQL behind every indicator: one "facts" query per subject, shared by `indicators` and `trace`.

A facts query selects one row per counted thing (a person at a dialogue, a tally-only dialogue, a need,
an action, a speaking turn) with the dimensions it is broken down by (`DIMENSIONS`) and a 0/1 column per
group it counts in. `indicators` aggregates these rows in SQL; `trace` lists the rows behind one figure
with the very same conditions, so a figure and its list cannot disagree.

People: an attendance or a speaking turn recorded for an entry that was later merged counts for the kept
entry (`Participant` below is always the kept person, `Registered` the entry the record names). The group
conditions come from `services.counts`, so reports count exactly like the dialogue's live counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from dialogue_desktop.core.domain.enums import ActionStatus, Group, Sex
from dialogue_desktop.core.domain.models import (
    Action,
    Attendance,
    Dialogue,
    FollowUp,
    Intervention,
    Need,
    Organisation,
    Participant,
)
from dialogue_desktop.core.reports.filters import ReportFilter, level_expression, quarter_expression
from dialogue_desktop.core.services.actions import CLOSED_STATUSES
from dialogue_desktop.core.services.counts import disability_condition, group_condition, youth_condition
from dialogue_desktop.core.services.interventions import kind_represented_that_day

#: The entry an attendance or a speaking turn names (possibly merged into `Participant`).
Registered = aliased(Participant, name="registered")
_OWN_ORG = aliased(Organisation, name="own_org")
_DAY_ORG = aliased(Organisation, name="day_org")
#: The person's own organisation and the one represented that day, as `person_conditions` names them.
OWN_ORG, DAY_ORG = _OWN_ORG, _DAY_ORG

#: Breakdowns every subject offers (each a column of the facts, named like this).
DIMENSIONS: tuple[str, ...] = ("dialogue", "province", "kind", "level", "quarter")

#: The groups of people, in the order of `services.counts.Disaggregation` (after `total`).
PERSON_FLAGS: tuple[str, ...] = (
    "female", "male", "other_sex", "not_stated", "youth", "indigenous", "disability",
    "government", "cso", "community", "other_group",
)  # fmt: skip
#: The groups a speaking turn counts in (those of `services.interventions.VoiceShares`).
VOICE_FLAGS: tuple[str, ...] = (
    "women",
    "men",
    "youth",
    "indigenous",
    "disability",
    "government",
    "cso",
    "community",
)
#: Action measures: its current status, overdue (past deadline, still open), done with a dated completion.
ACTION_FLAGS: tuple[str, ...] = tuple(s.value for s in ActionStatus) + ("overdue", "timed")


def dialogue_dimensions() -> dict[str, ColumnElement[Any]]:
    """The dimensions of `Dialogue` rows, as SQL (province '' when unknown; quarter as year × 10 + q)."""
    return {
        "dialogue": Dialogue.id,
        "province": func.coalesce(Dialogue.province_code, ""),
        "kind": Dialogue.kind.cast(String),
        "level": level_expression(),
        "quarter": quarter_expression(),
    }


def dimension_columns() -> list[ColumnElement[Any]]:
    return [expression.label(name) for name, expression in dialogue_dimensions().items()]


class _DialogueYear:
    """Stands for a date in `counts.youth_condition`, whose year is that of the dialogue (a SQL column)."""

    year = extract("year", Dialogue.date)


@dataclass(frozen=True)
class _Year:
    """Stands for a date in `counts.youth_condition` whose year is any SQL column."""

    year: Any


def youth_in_year(year: Any, youth_ages: tuple[int, int]) -> ColumnElement[bool]:
    """`counts.youth_condition` in the year given by the SQL expression `year`."""
    return youth_condition(cast(date, _Year(year)), youth_ages)


def youth_at_dialogue(youth_ages: tuple[int, int]) -> ColumnElement[bool]:
    """`counts.youth_condition` at each dialogue's own date (the condition only uses the date's year)."""
    return youth_condition(cast(date, _DialogueYear()), youth_ages)


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 when the condition holds, else 0 (portable: no boolean sums)."""
    return case((condition, 1), else_=0)


def kept_person_live() -> ColumnElement[bool]:
    """The kept person (`Participant`) of the entry a record names (`Registered`) counts: it is live, and
    the entry is live or was merged into it."""
    return _kept_person_live()


def kept_person_id() -> ColumnElement[str]:
    """The id of the kept person of `Registered` (itself, or the entry it was merged into)."""
    return _kept_person_id()


def _kept_person_live() -> ColumnElement[bool]:
    return and_(
        Participant.deleted.is_(False),
        or_(Registered.deleted.is_(False), Registered.merged_into_id.is_not(None)),
    )


def _kept_person_id() -> ColumnElement[str]:
    return func.coalesce(Registered.merged_into_id, Registered.id)


# --- attendance ----------------------------------------------------------------------------------------


def person_conditions(youth_ages: tuple[int, int]) -> dict[str, ColumnElement[bool]]:
    """The group conditions of a person at a dialogue (attendance rows), by `PERSON_FLAGS` name."""
    kind = func.coalesce(_DAY_ORG.kind, _OWN_ORG.kind)
    return {
        "female": Participant.sex == Sex.FEMALE,
        "male": Participant.sex == Sex.MALE,
        "other_sex": Participant.sex == Sex.OTHER,
        "not_stated": Participant.sex == Sex.NOT_STATED,
        "youth": youth_at_dialogue(youth_ages),
        "indigenous": Participant.indigenous_group_id.is_not(None),
        "disability": disability_condition(),
        "government": group_condition(kind, Group.GOVERNMENT),
        "cso": group_condition(kind, Group.CSO),
        "community": group_condition(kind, Group.COMMUNITY),
        "other_group": group_condition(kind, Group.OTHER),
    }


def attendance_rows(report: ReportFilter, *columns: Any) -> Select[Any]:
    """Live attendance of live (kept) people at the covered dialogues recorded by name.

    Tally-only dialogues are left out: their typed counts stand for the attendance (as in the dialogue's
    own counts), and nobody there counts as a unique participant.
    """
    return (
        select(*columns)
        .select_from(Attendance)
        .join(Dialogue, Dialogue.id == Attendance.dialogue_id)
        .join(Registered, Registered.id == Attendance.participant_id)
        .join(Participant, Participant.id == _kept_person_id())
        .outerjoin(_OWN_ORG, _OWN_ORG.id == Participant.organisation_id)
        .outerjoin(_DAY_ORG, _DAY_ORG.id == Attendance.organisation_id)
        .where(
            Attendance.deleted.is_(False),
            Dialogue.tally_only.is_(False),
            _kept_person_live(),
            *report.conditions(),
        )
    )


def attendance_facts(report: ReportFilter) -> Select[Any]:
    """One row per person per dialogue (two entries of one person at one dialogue count once)."""
    conditions = person_conditions(report.youth_ages)
    return attendance_rows(
        report,
        Participant.id.label("person_id"),
        func.min(Attendance.id).label("attendance_id"),
        *dimension_columns(),
        *(func.max(flag(conditions[name])).label(name) for name in PERSON_FLAGS),
    ).group_by(Dialogue.id, Participant.id)


def tally_facts(report: ReportFilter) -> Select[Any]:
    """One row per covered tally-only dialogue with its typed counts, in the columns of `attendance_facts`."""
    total = Dialogue.tally_female + Dialogue.tally_male + Dialogue.tally_other
    rest = total - Dialogue.tally_government - Dialogue.tally_cso - Dialogue.tally_community
    counts: dict[str, Any] = {
        "female": Dialogue.tally_female,
        "male": Dialogue.tally_male,
        "other_sex": Dialogue.tally_other,
        "not_stated": literal(0, Integer),
        "youth": Dialogue.tally_youth,
        "indigenous": Dialogue.tally_indigenous,
        "disability": Dialogue.tally_disability,
        "government": Dialogue.tally_government,
        "cso": Dialogue.tally_cso,
        "community": Dialogue.tally_community,
        "other_group": case((rest > 0, rest), else_=0),
    }
    return select(
        total.label("total"), *dimension_columns(), *(counts[name].label(name) for name in PERSON_FLAGS)
    ).where(Dialogue.tally_only.is_(True), *report.conditions())


# --- dialogues, needs --------------------------------------------------------------------------------


def dialogue_facts(report: ReportFilter) -> Select[Any]:
    """One row per covered dialogue, with whether it recorded counts only."""
    return select(*dimension_columns(), flag(Dialogue.tally_only.is_(True)).label("tally_only")).where(
        *report.conditions()
    )


def need_rows(report: ReportFilter, *columns: Any) -> Select[Any]:
    """Live needs raised at the covered dialogues."""
    return (
        select(*columns)
        .select_from(Need)
        .join(Dialogue, Dialogue.id == Need.dialogue_id)
        .where(Need.deleted.is_(False), *report.conditions())
    )


def need_facts(report: ReportFilter) -> Select[Any]:
    return need_rows(
        report, Need.id.label("need_id"), Need.sector.cast(String).label("sector"), *dimension_columns()
    )


# --- actions -----------------------------------------------------------------------------------------


def days_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Days from `earlier` to `later` in SQL: julianday on SQLite, date subtraction elsewhere (PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return (later - earlier).cast(Integer)  # PostgreSQL: date − date is a number of days


def first_done() -> Any:
    """Per action, the date of its first live follow-up with status done (when it was completed)."""
    return (
        select(FollowUp.action_id.label("action_id"), func.min(FollowUp.date).label("done_on"))
        .where(FollowUp.deleted.is_(False), FollowUp.status == ActionStatus.DONE)
        .group_by(FollowUp.action_id)
        .subquery("first_done")
    )


def action_conditions(today: date, done_on: ColumnElement[date]) -> dict[str, ColumnElement[bool]]:
    """Action measures by `ACTION_FLAGS` name (`timed`: done, and a done follow-up dates the completion)."""
    conditions: dict[str, ColumnElement[bool]] = {s.value: Action.status == s for s in ActionStatus}
    conditions["overdue"] = and_(
        Action.deadline.is_not(None), Action.deadline < today, Action.status.not_in(CLOSED_STATUSES)
    )
    conditions["timed"] = and_(Action.status == ActionStatus.DONE, done_on.is_not(None))
    return conditions


def action_rows(report: ReportFilter, done: Any, *columns: Any) -> Select[Any]:
    """Live actions agreed at the covered dialogues, with `done` (from `first_done`) joined."""
    return (
        select(*columns)
        .select_from(Action)
        .join(Dialogue, Dialogue.id == Action.dialogue_id)
        .outerjoin(done, done.c.action_id == Action.id)
        .where(Action.deleted.is_(False), *report.conditions())
    )


def action_facts(session: Session, report: ReportFilter, today: date) -> Select[Any]:
    """One row per action: its dimensions, responsible organisation, measures and days to completion."""
    done = first_done()
    conditions = action_conditions(today, done.c.done_on)
    days = case((conditions["timed"], days_between(session, done.c.done_on, Dialogue.date)), else_=None)
    return action_rows(
        report,
        done,
        Action.id.label("action_id"),
        func.coalesce(Action.responsible_organisation_id, "").label("organisation"),
        *dimension_columns(),
        *(flag(conditions[name]).label(name) for name in ACTION_FLAGS),
        days.label("days_to_done"),
    )


# --- speaking turns ----------------------------------------------------------------------------------


def intervention_rows(report: ReportFilter, *columns: Any) -> Select[Any]:
    """Live speaking turns at the covered dialogues (a named one only while its speaker is live)."""
    return (
        select(*columns)
        .select_from(Intervention)
        .join(Dialogue, Dialogue.id == Intervention.dialogue_id)
        .outerjoin(Registered, Registered.id == Intervention.participant_id)
        .outerjoin(Participant, Participant.id == _kept_person_id())
        .outerjoin(_OWN_ORG, _OWN_ORG.id == Participant.organisation_id)
        .where(
            Intervention.deleted.is_(False),
            or_(Intervention.participant_id.is_(None), _kept_person_live()),
            *report.conditions(),
        )
    )


def intervention_facts(report: ReportFilter) -> Select[Any]:
    """One row per speaking turn with the groups it counts in (`VOICE_FLAGS`).

    Named speakers count by person; unnamed ones only by sex and youth. A named speaker's group is that of
    the organisation they represented that day (their attendance), else their own, as in
    `services.interventions.voice_shares`. The group is looked up once per turn in an inner query.
    """
    named = Intervention.participant_id.is_not(None)
    unnamed = Intervention.participant_id.is_(None)
    youth = or_(
        and_(named, youth_at_dialogue(report.youth_ages)), and_(unnamed, Intervention.unnamed_youth.is_(True))
    )
    turns = (
        intervention_rows(
            report,
            Intervention.id.label("intervention_id"),
            *dimension_columns(),
            flag(named).label("named"),
            func.coalesce(Participant.sex, Intervention.unnamed_sex).label("sex"),
            flag(youth).label("youth"),
            flag(and_(named, Participant.indigenous_group_id.is_not(None))).label("indigenous"),
            flag(and_(named, disability_condition())).label("disability"),
            func.coalesce(
                kind_represented_that_day(Intervention.participant_id, Intervention.dialogue_id),
                _OWN_ORG.kind,
            ).label("kind_that_day"),
        )
        .cte("turns")
        .prefix_with("MATERIALIZED")
    )  # else the day's kind is looked up once per group below
    is_named = turns.c.named == 1
    return select(
        turns.c.intervention_id,
        *(turns.c[name] for name in DIMENSIONS),
        flag(turns.c.sex == Sex.FEMALE).label("women"),
        flag(turns.c.sex == Sex.MALE).label("men"),
        turns.c.youth,
        turns.c.indigenous,
        turns.c.disability,
        flag(and_(is_named, group_condition(turns.c.kind_that_day, Group.GOVERNMENT))).label("government"),
        flag(and_(is_named, group_condition(turns.c.kind_that_day, Group.CSO))).label("cso"),
        flag(and_(is_named, group_condition(turns.c.kind_that_day, Group.COMMUNITY))).label("community"),
    )


@dataclass(frozen=True)
class QuarterKey:
    """A quarter as the facts hold it (year × 10 + q) and as rows show it ('2024-Q1')."""

    year: int
    quarter: int

    @classmethod
    def from_number(cls, number: int) -> QuarterKey:
        return cls(int(number) // 10, int(number) % 10)

    @classmethod
    def parse(cls, key: str) -> QuarterKey:
        year, _, quarter = key.partition("-Q")
        return cls(int(year), int(quarter))

    @property
    def number(self) -> int:
        return self.year * 10 + self.quarter

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"
