"""The central office's indicators, aggregated in SQL for any period, province, kind and level.

`compute_indicators(session, ReportFilter(...), today=...)` returns plain frozen dataclasses (safe to hand
to the GUI thread): dialogues held; attendance and unique participants disaggregated by sex, youth,
indigenous/minority, disability and government / CSO / community / other; needs by sector and province;
agreed actions by status (and overdue) with the average time to completion; the voice of each group next to
its share of attendance. Each is given in total, by province, kind, level and quarter (the trend), and the
main figures per dialogue. `trace.trace` lists the records behind any figure.

Where the numbers come from: the report mart (`reports.mart`, tables of `domain.report_models`), brought
up to date from the change log before each report. Per-dialogue sums are added up once per combination of
province, kind, level and quarter, then per dimension; unique participants come from the mart's histogram
for the report without a filter, else from its per-person presence rows. On the 2,000-dialogue demo store
every indicator takes ~130-170 ms once the mart is current (bench/bench_reports.py). A filtered report's
unique participants by dimension cost most (~0.1 s per dimension): `compute_indicators(...,
unique_breakdowns=False)` leaves them out and `add_unique_breakdowns` adds them, so a dashboard can show
the rest first.

How people are counted:
- attendance is the number of people present at each dialogue, added up over dialogues: a person who came
  to three dialogues counts three times; tally-only dialogues add their typed counts;
- unique participants are the people (registry entries, merged entries once) who attended at least one
  covered dialogue recorded by name; a person counts in a group when they were in it at one of them
  (youth is judged at each dialogue's date; government / CSO by the organisation represented that day).
A person counts in every group they belong to, so group counts do not add up to the total (except sex).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import (
    ActionStatus,
    DialogueKind,
    DialogueStatus,
    LabelledEnum,
    Sector,
)
from dialogue_desktop.core.domain.models import Organisation
from dialogue_desktop.core.domain.report_models import (
    ReportAction,
    ReportDialogue,
    ReportNeed,
    ReportPresence,
    ReportUnique,
)
from dialogue_desktop.core.i18n import N_, current_language, localise_digits, translate_in
from dialogue_desktop.core.reports import mart, sources
from dialogue_desktop.core.reports.filters import Level, ReportFilter
from dialogue_desktop.core.reports.sources import ACTION_FLAGS, PERSON_FLAGS, VOICE_FLAGS, QuarterKey
from dialogue_desktop.core.services.actions import CLOSED_STATUSES
from dialogue_desktop.core.services.counts import Disaggregation
from dialogue_desktop.core.services.interventions import VoiceShare, VoiceShares
from dialogue_desktop.core.services.places import place_name

T = TypeVar("T")

ALL = N_("All")
NO_PROVINCE = N_("No province")
NO_ORGANISATION = N_("No responsible organisation")
QUARTER = N_("{year} Q{quarter}")

#: Voice groups: (flag of a speaking turn, field of the attendance's Disaggregation, label msgid).
VOICE_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("women", "female", N_("Women")),
    ("men", "male", N_("Men")),
    ("youth", "youth", N_("Youth")),
    ("indigenous", "indigenous", N_("Indigenous or minority")),
    ("disability", "disability", N_("Persons with disabilities")),
    ("government", "government", N_("Government")),
    ("cso", "cso", N_("CSO")),
    ("community", "community", N_("Community")),
)


def share(part: int | float, whole: int | float) -> float:
    """`part / whole`, 0 when there is nothing at all."""
    return part / whole if whole else 0.0


# --- rows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyed:
    """A row of a breakdown: its key (province code, kind value, '2024-Q1', dialogue id...; '' for the
    total) and its label in both languages."""

    key: str
    label_en: str
    label_km: str

    def label(self, language: str | None = None) -> str:
        """The label in `language` (the current language when None)."""
        return self.label_km if (language or current_language()) == "km" else self.label_en


@dataclass(frozen=True)
class DialogueCount(Keyed):
    dialogues: int
    tally_only: int  # of which recorded by counts only


@dataclass(frozen=True)
class AttendanceRow(Keyed):
    """Attendance (tally-only dialogues included) and unique participants (people recorded by name)."""

    attendance: Disaggregation
    unique: Disaggregation

    @property
    def women_share(self) -> float:
        return share(self.attendance.female, self.attendance.total)

    @property
    def youth_share(self) -> float:
        return share(self.attendance.youth, self.attendance.total)


@dataclass(frozen=True)
class NeedCount(Keyed):
    needs: int


@dataclass(frozen=True)
class NeedCell:
    """Needs raised on one sector in one province."""

    sector: Sector
    province_code: str
    needs: int


@dataclass(frozen=True)
class ActionRow(Keyed):
    """Agreed actions by current status; `overdue` overlaps the open statuses (agreed, in progress,
    delayed). `average_days_to_done` is over the `timed` ones: done, with a follow-up saying so."""

    total: int
    agreed: int
    in_progress: int
    done: int
    delayed: int
    dropped: int
    overdue: int
    timed: int
    average_days_to_done: float | None

    def share(self, measure: str) -> float:
        """The share of the actions in `measure` (a status value or 'overdue')."""
        value: int = getattr(self, measure)
        return share(value, self.total)


@dataclass(frozen=True)
class VoiceRow(Keyed):
    voice: VoiceShares


@dataclass(frozen=True)
class Breakdown(Generic[T]):
    """One indicator in total, by province, kind, level and quarter (the trend over time)."""

    total: T
    by_province: tuple[T, ...]
    by_kind: tuple[T, ...]
    by_level: tuple[T, ...]
    by_quarter: tuple[T, ...]


@dataclass(frozen=True)
class NeedFigures:
    total: int
    by_sector: tuple[NeedCount, ...]
    by_province: tuple[NeedCount, ...]
    by_quarter: tuple[NeedCount, ...]
    cells: tuple[NeedCell, ...]  # sector × province, only those with needs


@dataclass(frozen=True)
class ActionFigures:
    breakdown: Breakdown[ActionRow]
    by_organisation: tuple[ActionRow, ...]


@dataclass(frozen=True)
class DialogueFigures:
    """The main figures of one dialogue."""

    id: str
    date: date
    title_km: str
    title_en: str
    kind: DialogueKind
    status: DialogueStatus
    province_code: str
    tally_only: bool
    attendance: Disaggregation
    interventions: int
    #: Speaking turns: the total, then by `VOICE_FLAGS` group (see `voice`).
    turns: tuple[int, ...]
    needs: int
    actions: ActionRow
    level: str = ""  # a `Level` value
    quarter: int = 0  # year × 10 + quarter

    @property
    def dimension_keys(self) -> tuple[str, str, str, str]:
        """The keys of the breakdown rows this dialogue counts in: province, kind, level, quarter."""
        quarter = QuarterKey.from_number(self.quarter).key if self.quarter else ""
        return self.province_code, self.kind.value, self.level, quarter

    @cached_property
    def voice(self) -> VoiceShares:
        """Each group's share of the speaking turns next to its share of attendance (made when first read:
        the dashboard does not show it for each of thousands of dialogues)."""
        return _voice_of(self.turns, self.attendance)

    def title(self, language: str | None = None) -> str:
        first, second = (self.title_km, self.title_en) if (language or current_language()) == "km" else (
            self.title_en, self.title_km)  # fmt: skip
        return first or second


@dataclass(frozen=True)
class Indicators:
    """Every indicator for one filter, computed at `today` (which decides what is overdue)."""

    filter: ReportFilter
    today: date
    dialogues: Breakdown[DialogueCount]
    attendance: Breakdown[AttendanceRow]
    needs: NeedFigures
    actions: ActionFigures
    voice: Breakdown[VoiceRow]
    per_dialogue: tuple[DialogueFigures, ...]
    #: False when only the total's unique participants were counted (see `add_unique_breakdowns`).
    unique_breakdowns: bool = True


# --- labels -------------------------------------------------------------------------------------------


def _both(message: str, **values: Any) -> tuple[str, str]:
    """A msgid in English and Khmer, with `values` (digits localised) filled in."""
    return tuple(  # type: ignore[return-value]
        translate_in(lang, message).format(**{k: localise_digits(str(v), lang) for k, v in values.items()})
        for lang in ("en", "km")
    )


E = TypeVar("E", bound=LabelledEnum)


def _member(enum: type[E], value: str) -> E:
    """The member of `enum` with this value (a lookup that type checkers follow)."""
    return next(member for member in enum if member.value == value)


def key_labels(dimension: str, key: str, names: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    """The English and Khmer labels of a breakdown key (`names` gives dialogue titles, organisations)."""
    if dimension == "total":
        return _both(ALL)
    if dimension == "province":
        return (place_name(key, "en"), place_name(key, "km")) if key else _both(NO_PROVINCE)
    if dimension == "kind":
        return _both(_member(DialogueKind, key).label)
    if dimension == "level":
        return _both(_member(Level, key).label)
    if dimension == "sector":
        return _both(_member(Sector, key).label)
    if dimension == "quarter":
        quarter = QuarterKey.parse(key)
        return _both(QUARTER, year=quarter.year, quarter=quarter.quarter)
    if dimension == "organisation" and not key:
        return _both(NO_ORGANISATION)
    en, km = (names or {}).get(key, ("", ""))
    return en or km, km or en


def _sort_key(dimension: str, key: str) -> Any:
    orders: dict[str, list[str]] = {
        "kind": [k.value for k in DialogueKind],
        "level": [k.value for k in Level],
        "sector": [k.value for k in Sector],
    }
    if dimension in orders:
        return orders[dimension].index(key) if key in orders[dimension] else len(orders[dimension])
    return (key == "", key)  # "no province / organisation" last


# --- aggregation ----------------------------------------------------------------------------------------

Measure = Callable[[Any], ColumnElement[Any]]
Cells = dict[str, dict[str, dict[str, Any]]]  # dimension → key → measure → value


def rollup(
    session: Session, facts: Select[*tuple[Any, ...]], dimensions: Sequence[str], measures: dict[str, Measure]
) -> Cells:
    """Aggregate `facts` by each dimension (and 'total') in one SQL statement.

    The facts are a common table expression used by every branch of a UNION ALL, so both SQLite and
    PostgreSQL compute them once.
    """
    cte = facts.cte("facts").prefix_with("MATERIALIZED")
    branches = []
    for dimension in ("total", *dimensions):
        key_column = literal("", String) if dimension == "total" else cte.c[dimension].cast(String)
        branch = select(
            literal(dimension, String).label("dimension"),
            key_column.label("key"),
            *(measure(cte).label(name) for name, measure in measures.items()),
        ).select_from(cte)
        if dimension != "total":
            branch = branch.group_by(cte.c[dimension])
        branches.append(branch)
    return _cells(session, union_all(*branches), measures, ("total", *dimensions))


def _cells(session: Session, statement: Any, measures: Iterable[str], dimensions: Sequence[str]) -> Cells:
    """The rows of a rollup statement (dimension, key, measures...) as cells, with every one of
    `dimensions` present (empty when no row has it)."""
    names = list(measures)
    cells: Cells = {}
    for dimension, key, *values in session.execute(statement):
        key = key or ""
        if dimension.rpartition(":")[2] == "quarter":
            key = QuarterKey.from_number(int(key)).key
        cells.setdefault(dimension, {})[key] = dict(zip(names, values, strict=True))
    for dimension in dimensions:
        cells.setdefault(dimension, {})
    return cells


def _sum(name: str) -> Measure:
    return lambda cte: func.coalesce(func.sum(cte.c[name]), 0).cast(Integer)


def _count() -> Measure:
    return lambda cte: func.count()


def _disaggregation(values: dict[str, Any] | None) -> Disaggregation:
    if not values:
        return Disaggregation()
    return Disaggregation(**{f.name: int(values.get(f.name) or 0) for f in fields(Disaggregation)})


# --- the indicators, from the report mart ------------------------------------------------------------------

_BREAKDOWN_DIMENSIONS = ("province", "kind", "level", "quarter")
_ATTENDANCE = ("total", *PERSON_FLAGS)
_VOICE = ("total", *VOICE_FLAGS)


def _breakdown(cells: Cells, make: Callable[[str, str, dict[str, Any] | None], T]) -> Breakdown[T]:
    def rows(dimension: str) -> tuple[T, ...]:
        keys = sorted(cells.get(dimension, {}), key=lambda k: _sort_key(dimension, k))
        return tuple(make(dimension, key, cells[dimension][key]) for key in keys)

    return Breakdown(
        total=make("total", "", cells["total"].get("")),
        by_province=rows("province"),
        by_kind=rows("kind"),
        by_level=rows("level"),
        by_quarter=rows("quarter"),
    )


def mart_conditions(report: ReportFilter, table: Any) -> list[ColumnElement[bool]]:
    """`report.conditions()` on a mart table with the dialogue's date and dimensions (every dialogue in
    the mart was held and is live)."""
    conditions: list[ColumnElement[bool]] = []
    if report.date_from is not None:
        conditions.append(table.date >= report.date_from)
    if report.date_to is not None:
        conditions.append(table.date <= report.date_to)
    if report.province_code:
        conditions.append(table.province == report.province_code)
    if report.kind is not None:
        conditions.append(table.kind == report.kind.value)
    if report.level is not None:
        conditions.append(table.level == report.level.value)
    return conditions


#: Per-dialogue action columns of the mart, by the measure of `ActionRow` they make.
_ACTION_SUMS = {
    "total": "act_total",
    **{s.value: f"act_{s.value}" for s in ActionStatus},
    "timed": "act_timed",
}


def _overdue(today: date) -> ColumnElement[bool]:
    """An action in `ReportAction` is overdue on `today`: past its deadline and still open."""
    ra = ReportAction
    closed = [status.value for status in CLOSED_STATUSES]
    return and_(ra.deadline.is_not(None), ra.deadline < today, ra.status.not_in(closed))


def _dialogue_facts(report: ReportFilter, today: date, *columns: Any) -> Select[Any]:
    """One row per reported dialogue: `columns`, then every per-dialogue sum of the mart (`_MEASURES`)
    and the number of its actions overdue on `today`."""
    rd, ra = ReportDialogue, ReportAction
    late = (
        select(ra.dialogue_no, func.count().label("overdue"))
        .where(_overdue(today))
        .group_by(ra.dialogue_no)
        .subquery("late")
    )
    attended = case((or_(rd.tally_only == 1, rd.att_total > 0), 1), else_=0)
    return (
        select(
            *columns, rd.tally_only, attended.label("attended"),
            *(getattr(rd, f"att_{name}") for name in _ATTENDANCE), *(getattr(rd, f"turns_{name}") for name in _VOICE),
            rd.needs, *(getattr(rd, column) for column in _ACTION_SUMS.values()), rd.act_days,
            func.coalesce(late.c.overdue, 0).label("act_overdue"),
        )
        .outerjoin(late, late.c.dialogue_no == rd.dialogue_no)
        .where(*mart_conditions(report, rd))
    )  # fmt: skip


#: The columns `_dialogue_facts` adds, in order.
_MEASURES: tuple[str, ...] = (
    "tally_only", "attended", *(f"att_{n}" for n in _ATTENDANCE), *(f"turns_{n}" for n in _VOICE), "needs",
    *_ACTION_SUMS.values(), "act_days", "act_overdue",
)  # fmt: skip


def _dialogue_cells(session: Session, report: ReportFilter, today: date) -> dict[str, Cells]:
    """Dialogues held, attendance (tallies included), speaking turns, needs and actions by each breakdown
    dimension, from the per-dialogue sums: added up first per combination of province, kind, level and
    quarter (a few hundred rows), then per dimension from those.

    A key appears in attendance when one of its dialogues had someone present (or records counts only),
    in voice when it also had a speaking turn, in needs and actions when it had any: as the indicators
    always did. Returns the cells of 'dialogues', 'attendance', 'voice', 'needs' and 'actions'.
    """
    rd = ReportDialogue
    facts = _dialogue_facts(report, today, rd.province, rd.kind, rd.level, rd.quarter).cte("per_dialogue")
    dimensions = [facts.c[name] for name in _BREAKDOWN_DIMENSIONS]
    combined = (
        select(
            *dimensions, func.count().label("dialogues"), *(func.sum(facts.c[m]).label(m) for m in _MEASURES)
        )
        .group_by(*dimensions)
        .cte("combined")
        .prefix_with("MATERIALIZED")
    )
    branches = []
    for dimension in ("total", *_BREAKDOWN_DIMENSIONS):
        key = literal("", String) if dimension == "total" else combined.c[dimension].cast(String)
        branch = select(
            literal(dimension, String).label("dimension"), key.label("key"),
            *(func.coalesce(func.sum(combined.c[m]), 0).label(m) for m in ("dialogues", *_MEASURES)),
        )  # fmt: skip
        branches.append(branch if dimension == "total" else branch.group_by(combined.c[dimension]))
    cells = _cells(
        session, union_all(*branches), ("dialogues", *_MEASURES), ("total", *_BREAKDOWN_DIMENSIONS)
    )
    return {
        "dialogues": _pick(cells, lambda v: True, {"dialogues": "dialogues", "tally_only": "tally_only"}),
        "attendance": _pick(cells, lambda v: v["attended"], {n: f"att_{n}" for n in _ATTENDANCE}),
        "voice": _pick(cells, lambda v: v["attended"] or v["turns_total"], {n: f"turns_{n}" for n in _VOICE}),
        "needs": _pick(cells, lambda v: v["needs"], {"needs": "needs"}),
        "actions": {
            dimension: {key: _action_values(values) for key, values in keys.items()
                        if values["act_total"] or dimension == "total"}
            for dimension, keys in cells.items()
        },
    }  # fmt: skip


def _pick(cells: Cells, keep: Callable[[dict[str, Any]], Any], names: dict[str, str]) -> Cells:
    """The measures `names` (new name → cell measure) of the keys `keep` accepts (the total always)."""
    return {
        dimension: {key: {new: values[old] for new, old in names.items()} for key, values in keys.items()
                    if dimension == "total" or keep(values)}
        for dimension, keys in cells.items()
    }  # fmt: skip


def _action_values(values: dict[str, Any]) -> dict[str, Any]:
    """Action measures (as `ActionRow` names them) from per-dialogue sums added up."""
    found: dict[str, Any] = {measure: int(values[column] or 0) for measure, column in _ACTION_SUMS.items()}
    found["overdue"] = int(values["act_overdue"] or 0)
    found["average_days_to_done"] = float(values["act_days"]) / found["timed"] if found["timed"] else None
    return found


def _unfiltered(report: ReportFilter) -> bool:
    """Whether the report covers every held dialogue (the mart keeps its unique participants)."""
    return (report.date_from, report.date_to, report.province_code or None, report.kind, report.level) == (
        None,
    ) * 5


def unique_cells(session: Session, report: ReportFilter, dimensions: Sequence[str] = ("total",)) -> Cells:
    """Unique participants by each of `dimensions` ('total' and/or the breakdown dimensions), under the
    key `people:<dimension>`: the number of people, and of people in each group at one of their dialogues.

    The mart keeps them for the report without a filter (`ReportUnique`); any other report counts them
    from the presence rows (`mart.unique_histogram`). Either way SQL adds the groups up from a histogram
    of people per key and set of groups.
    """
    if (
        report.date_from is None
        and report.date_to is None
        and not report.province_code
        and report.kind is None
        and report.level is None
    ):
        ru = ReportUnique
        histogram = (
            select(ru.dimension, ru.key, ru.bits, ru.people).where(ru.dimension.in_(dimensions)).subquery()
        )
    else:
        conditions = mart_conditions(report, ReportPresence)
        parts = []
        for dimension in dimensions:
            counted = mart.unique_histogram(dimension, conditions).subquery(f"histogram_{dimension}")
            parts.append(
                select(
                    literal(dimension, String).label("dimension"),
                    counted.c.key,
                    counted.c.bits,
                    counted.c.people,
                )
            )
        histogram = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("histogram")
    statement = select(
        (literal("people:", String) + histogram.c.dimension).label("dimension"),
        histogram.c.key,
        func.sum(histogram.c.people).label("total"),
        *(
            func.sum(histogram.c.people * mart.has_bit(histogram.c.bits, name)).label(name)
            for name in PERSON_FLAGS
        ),
    ).group_by(histogram.c.dimension, histogram.c.key)
    return _cells(session, statement, _ATTENDANCE, [f"people:{dimension}" for dimension in dimensions])


def _need_cells(session: Session, report: ReportFilter) -> Cells:
    """Needs by sector, and by sector and province ('cell' = 'sector|province')."""
    rd, rn = ReportDialogue, ReportNeed
    cell = (rn.sector + literal("|", String) + rd.province).label("cell")
    facts = (
        select(rn.sector, cell, rn.needs)
        .join(rd, rd.dialogue_no == rn.dialogue_no)
        .where(*mart_conditions(report, rd))
    )
    return rollup(session, facts, ("sector", "cell"), {"needs": _sum("needs")})


def _organisation_cells(session: Session, report: ReportFilter, today: date) -> Cells:
    """Actions by responsible organisation ('' for none)."""
    rd, ra = ReportDialogue, ReportAction
    flags = {status.value: ra.status == status.value for status in ActionStatus}
    flags["overdue"] = _overdue(today)
    flags["timed"] = ra.days_to_done.is_not(None)
    facts = (
        select(
            ra.organisation,
            *(sources.flag(flags[name]).label(name) for name in ACTION_FLAGS),
            ra.days_to_done,
        )
        .join(rd, rd.dialogue_no == ra.dialogue_no)
        .where(*mart_conditions(report, rd))
    )
    measures: dict[str, Measure] = {"total": _count(), **{n: _sum(n) for n in ACTION_FLAGS}}
    measures["average_days_to_done"] = lambda cte: func.avg(cte.c.days_to_done)
    return rollup(session, facts, ("organisation",), measures)


def _voice(spoke: dict[str, Any] | None, present: Disaggregation) -> VoiceShares:
    spoke = spoke or {}
    return _voice_of([int(spoke.get(name) or 0) for name in _VOICE], present)


#: Per voice group (in `VOICE_FLAGS` order): its label and the field of the attendance's Disaggregation.
_VOICE_FIELDS = tuple((label, field) for _flag, field, label in VOICE_GROUPS)


def _voice_of(counts: Sequence[int], present: Disaggregation) -> VoiceShares:
    """The voice shares from the number of turns (total, then by `VOICE_FLAGS` group) and the attendance
    (called for every dialogue, so written for speed)."""
    total, present_total = counts[0], present.total
    shares = []
    for flag, n, (label, field) in zip(VOICE_FLAGS, counts[1:], _VOICE_FIELDS, strict=True):
        here = getattr(present, field)
        shares.append(
            VoiceShare(
                flag,
                label,
                n,
                n / total if total else 0.0,
                here,
                here / present_total if present_total else 0.0,
            )
        )
    return VoiceShares(total, present_total, *shares)


def _action_row(key: str, labels: tuple[str, str], values: dict[str, Any] | None) -> ActionRow:
    values = values or {}
    average = values.get("average_days_to_done")
    counts = {name: int(values.get(name) or 0) for name in ("total", *ACTION_FLAGS)}
    return ActionRow(key, labels[0], labels[1], average_days_to_done=float(average) if average is not None else None,
                     **counts)  # fmt: skip


def _organisation_names(session: Session, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    rows = session.execute(
        select(Organisation.id, Organisation.name_en, Organisation.name_km, Organisation.acronym).where(
            Organisation.id.in_(wanted)
        )
    )
    return {i: (en or acronym or km, km or en or acronym) for i, en, km, acronym in rows}


def compute_indicators(
    session: Session,
    report: ReportFilter | None = None,
    today: date | None = None,
    *,
    unique_breakdowns: bool = True,
) -> Indicators:
    """Every indicator for the dialogues `report` covers (all held dialogues when None).

    `today` decides which actions are overdue (the real date when None; tests pass a fixed one). The
    report mart is brought up to date first (`mart.refresh`). Unique participants by province, kind,
    level and quarter cost most: with `unique_breakdowns=False` only the total's are counted (the rows'
    `unique` are empty and `Indicators.unique_breakdowns` is False) and `add_unique_breakdowns` adds them
    later; the dashboard shows the headline first that way. A report without a filter reads them from
    the mart at no cost, so it always has them.
    """
    report = report or ReportFilter()
    today = today or date.today()
    unique_breakdowns = unique_breakdowns or _unfiltered(report)
    mart.refresh(session, report.youth_ages)
    cells = _dialogue_cells(session, report, today)
    attendance = cells["attendance"]
    attendance |= unique_cells(
        session, report, ("total", *_BREAKDOWN_DIMENSIONS) if unique_breakdowns else ("total",)
    )
    voice_cells, need_cells, action_cells = cells["voice"], cells["needs"], cells["actions"]
    need_cells |= _need_cells(session, report)
    organisation_cells = _organisation_cells(session, report, today)["organisation"]

    def dialogue_count(dimension: str, key: str, values: dict[str, Any] | None) -> DialogueCount:
        values = values or {}
        en, km = key_labels(dimension, key)
        return DialogueCount(
            key, en, km, int(values.get("dialogues") or 0), int(values.get("tally_only") or 0)
        )

    def attendance_row(dimension: str, key: str, values: dict[str, Any] | None) -> AttendanceRow:
        en, km = key_labels(dimension, key)
        people = attendance.get(f"people:{dimension}", {}).get(key)
        return AttendanceRow(key, en, km, _disaggregation(values), _disaggregation(people))

    def voice_row(dimension: str, key: str, values: dict[str, Any] | None) -> VoiceRow:
        en, km = key_labels(dimension, key)
        present = _disaggregation(attendance[dimension].get(key))
        return VoiceRow(key, en, km, _voice(values, present))

    def action_row(dimension: str, key: str, values: dict[str, Any] | None) -> ActionRow:
        return _action_row(key, key_labels(dimension, key), values)

    def need_count(dimension: str, key: str) -> NeedCount:
        en, km = key_labels(dimension, key)
        return NeedCount(key, en, km, int(need_cells[dimension][key]["needs"]))

    organisations = _organisation_names(session, organisation_cells)
    by_organisation = sorted(
        organisation_cells.items(),
        key=lambda item: (-int(item[1]["total"]), item[0] == "", item[0]),
    )
    needs = NeedFigures(
        total=int(need_cells["total"].get("", {}).get("needs") or 0),
        by_sector=tuple(need_count("sector", k) for k in sorted(need_cells["sector"], key=lambda k: _sort_key("sector", k))),
        by_province=tuple(need_count("province", k) for k in sorted(need_cells["province"], key=lambda k: _sort_key("province", k))),
        by_quarter=tuple(need_count("quarter", k) for k in sorted(need_cells["quarter"])),
        cells=tuple(
            NeedCell(_member(Sector, cell.partition("|")[0]), cell.partition("|")[2], int(values["needs"]))
            for cell, values in sorted(need_cells["cell"].items())
        ),
    )  # fmt: skip
    return Indicators(
        filter=report,
        today=today,
        dialogues=_breakdown(cells["dialogues"], dialogue_count),
        attendance=_breakdown(attendance, attendance_row),
        needs=needs,
        actions=ActionFigures(
            breakdown=_breakdown(action_cells, action_row),
            by_organisation=tuple(
                _action_row(key, key_labels("organisation", key, organisations), values)
                for key, values in by_organisation
            ),
        ),
        voice=_breakdown(voice_cells, voice_row),
        per_dialogue=_per_dialogue(session, report, today),
        unique_breakdowns=unique_breakdowns,
    )


def add_unique_breakdowns(session: Session, indicators: Indicators) -> Indicators:
    """`indicators` (computed with `unique_breakdowns=False`) with the unique participants of every
    breakdown row counted too (the same figures `compute_indicators` gives by default)."""
    if indicators.unique_breakdowns:
        return indicators
    cells = unique_cells(session, indicators.filter, _BREAKDOWN_DIMENSIONS)

    def filled(dimension: str, rows: tuple[AttendanceRow, ...]) -> tuple[AttendanceRow, ...]:
        found = cells.get(f"people:{dimension}", {})
        return tuple(replace(row, unique=_disaggregation(found.get(row.key))) for row in rows)

    attendance = indicators.attendance
    return replace(
        indicators,
        attendance=replace(
            attendance,
            by_province=filled("province", attendance.by_province),
            by_kind=filled("kind", attendance.by_kind),
            by_level=filled("level", attendance.by_level),
            by_quarter=filled("quarter", attendance.by_quarter),
        ),
        unique_breakdowns=True,
    )


def _per_dialogue(session: Session, report: ReportFilter, today: date) -> tuple[DialogueFigures, ...]:
    """The main figures of each reported dialogue, by date (read straight from the mart's per-dialogue
    sums; written for speed: it runs for thousands of dialogues)."""
    rd = ReportDialogue
    statement = _dialogue_facts(
        report,
        today,
        rd.dialogue_id,
        rd.date,
        rd.title_km,
        rd.title_en,
        rd.kind,
        rd.status,
        rd.province,
        rd.level,
        rd.quarter,
    ).order_by(rd.date, rd.dialogue_id)
    kinds = {kind.value: kind for kind in DialogueKind}
    statuses = {status.value: status for status in DialogueStatus}
    attendance = slice(_MEASURES.index("att_total"), _MEASURES.index("att_total") + len(_ATTENDANCE))
    turns = slice(_MEASURES.index("turns_total"), _MEASURES.index("turns_total") + len(_VOICE))
    needs = _MEASURES.index("needs")
    actions = slice(needs + 1, needs + 1 + len(_ACTION_SUMS))
    days, overdue = _MEASURES.index("act_days"), _MEASURES.index("act_overdue")
    statuses_order = tuple(status.value for status in ActionStatus)
    assert tuple(_ACTION_SUMS) == ("total", *statuses_order, "timed")
    rows = []
    for d_id, d_date, title_km, title_en, kind, status, province, level, quarter, *values in session.execute(
        statement
    ):
        total, agreed, in_progress, done, delayed, dropped, timed = values[actions]
        row = ActionRow(
            d_id, title_en or title_km, title_km or title_en, total, agreed, in_progress, done, delayed, dropped,
            values[overdue], timed, float(values[days]) / timed if timed else None,
        )  # fmt: skip
        spoke = tuple(values[turns])
        rows.append(
            DialogueFigures(
                d_id, d_date, title_km, title_en, kinds[kind], statuses[status], province or "",
                bool(values[0]), Disaggregation(*values[attendance]), spoke[0], spoke, values[needs], row,
                level, quarter,
            )
        )  # fmt: skip
    return tuple(rows)
