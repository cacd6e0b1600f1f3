"""The central office's indicators, aggregated in SQL for any period, province, kind and level.

`compute_indicators(session, ReportFilter(...), today=...)` returns plain frozen dataclasses (safe to hand
to the GUI thread): dialogues held; attendance and unique participants disaggregated by sex, youth,
indigenous/minority, disability and government / CSO / community / other; needs by sector and province;
agreed actions by status (and overdue) with the average time to completion; the voice of each group next to
its share of attendance. Each is given in total, by province, kind, level and quarter (the trend), and the
main figures per dialogue. `trace.trace` lists the records behind any figure.

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
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus, LabelledEnum, Sector
from dialogue_desktop.core.domain.models import Dialogue, Organisation
from dialogue_desktop.core.i18n import N_, current_language, localise_digits, translate_in
from dialogue_desktop.core.reports import sources
from dialogue_desktop.core.reports.filters import Level, ReportFilter
from dialogue_desktop.core.reports.scratch import scratch
from dialogue_desktop.core.reports.sources import ACTION_FLAGS, PERSON_FLAGS, VOICE_FLAGS, QuarterKey
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
    voice: VoiceShares
    needs: int
    actions: ActionRow

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
    session: Session,
    facts: Select[Any],
    dimensions: Sequence[str],
    measures: dict[str, Measure],
    people: tuple[Any, Sequence[str], Sequence[str]] | None = None,
) -> Cells:
    """Aggregate `facts` by each dimension (and 'total') in one SQL statement.

    The facts are a common table expression used by every branch of a UNION ALL, so both SQLite and
    PostgreSQL compute them once. `people` = (rows, dimensions, flags) adds branches 'people:<dimension>'
    over `rows` (a CTE with a `person_id` column) that count each person once per key: `total` is the
    number of people and each flag the number of people with that flag in at least one of their rows.
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
    if people is not None:
        person_rows, person_dimensions, flags = people
        for dimension in ("total", *person_dimensions):
            # One row per person (and key) first: a sort per dimension, not a distinct count per flag.
            person_key = (
                literal("", String) if dimension == "total" else person_rows.c[dimension].cast(String)
            )
            per_person = (
                select(
                    person_key.label("key"), *(func.max(person_rows.c[name]).label(name) for name in flags)
                )
                .where(person_rows.c.person_id.is_not(None))
                .group_by(
                    *((person_rows.c[dimension],) if dimension != "total" else ()), person_rows.c.person_id
                )
                .subquery()
            )
            counted = {"total": func.count(), **{name: func.sum(per_person.c[name]) for name in flags}}
            branches.append(
                select(
                    literal(f"people:{dimension}", String).label("dimension"),
                    per_person.c.key,
                    *(counted.get(name, literal(None, Integer)).label(name) for name in measures),
                ).group_by(per_person.c.key)
            )
    cells: Cells = {}
    for row in session.execute(union_all(*branches)).mappings():
        key = row["key"] or ""
        if row["dimension"].rpartition(":")[2] == "quarter":
            key = QuarterKey.from_number(int(key)).key
        cells.setdefault(row["dimension"], {})[key] = {name: row[name] for name in measures}
    for dimension in ("total", *dimensions):
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


# --- the indicators ---------------------------------------------------------------------------------------

_BREAKDOWN_DIMENSIONS = ("province", "kind", "level", "quarter")


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


def _dialogue_counts(session: Session, report: ReportFilter) -> Cells:
    measures: dict[str, Measure] = {"dialogues": _count(), "tally_only": _sum("tally_only")}
    return rollup(session, sources.dialogue_facts(report), _BREAKDOWN_DIMENSIONS, measures)


def _per_dialogue_column(named: Any, name: str) -> ColumnElement[Any]:
    if name == "total":
        return func.count().label(name)
    if name in sources.DIMENSIONS:
        return named.c[name]
    return func.sum(named.c[name]).label(name)


def _attendance_cells(session: Session, report: ReportFilter) -> Cells:
    """Attendance (people present, tallies included) and unique participants.

    The registry is read once into a temporary table (each entry with the kept person it counts for), the
    named people at each dialogue once into another (one row each per dialogue); the per-dialogue sums,
    joined by the tally-only dialogues' counts, and the unique participants are all aggregated from it.
    """
    with scratch(session) as tables:
        dialogues = tables.materialise("report_dialogues", sources.named_dialogues(report), ("dialogue",))
        people = tables.materialise("report_people", sources.kept_people(report.youth_ages), ("registered_id",))
        named = tables.materialise("report_presence", sources.presence_facts(report, dialogues, people))
        tally = sources.tally_facts(report)
        names = [c.name for c in tally.selected_columns]
        dimensions = [named.c[d] for d in sources.DIMENSIONS]
        per_dialogue = select(*(_per_dialogue_column(named, n) for n in names)).group_by(*dimensions)
        present = union_all(per_dialogue, tally)
        measures: dict[str, Measure] = {n: _sum(n) for n in ("total", *PERSON_FLAGS)}
        return rollup(
            session, select(present.subquery("present")), ("dialogue", *_BREAKDOWN_DIMENSIONS), measures,
            people=(named, _BREAKDOWN_DIMENSIONS, PERSON_FLAGS),
        )  # fmt: skip


def _need_cells(session: Session, report: ReportFilter) -> Cells:
    facts = sources.need_facts(report).subquery("needs")
    cell = (facts.c.sector + literal("|", String) + facts.c.province).label("cell")
    return rollup(
        session,
        select(facts, cell),
        ("dialogue", "sector", "province", "quarter", "cell"),
        {"needs": _count()},
    )


def _action_cells(session: Session, report: ReportFilter, today: date) -> Cells:
    measures: dict[str, Measure] = {"total": _count(), **{n: _sum(n) for n in ACTION_FLAGS}}
    measures["average_days_to_done"] = lambda cte: func.avg(cte.c.days_to_done)
    return rollup(
        session, sources.action_facts(session, report, today), ("dialogue", "organisation", *_BREAKDOWN_DIMENSIONS),
        measures,
    )  # fmt: skip


def _voice_cells(session: Session, report: ReportFilter) -> Cells:
    measures: dict[str, Measure] = {"total": _count(), **{n: _sum(n) for n in VOICE_FLAGS}}
    return rollup(session, sources.intervention_facts(report), ("dialogue", *_BREAKDOWN_DIMENSIONS), measures)


def _voice(spoke: dict[str, Any] | None, present: Disaggregation) -> VoiceShares:
    spoke = spoke or {}
    total = int(spoke.get("total") or 0)
    shares = {
        flag: VoiceShare(
            key=flag,
            label=label,
            spoke=int(spoke.get(flag) or 0),
            spoke_share=share(int(spoke.get(flag) or 0), total),
            present=getattr(present, field),
            present_share=share(getattr(present, field), present.total),
        )
        for flag, field, label in VOICE_GROUPS
    }
    return VoiceShares(total_interventions=total, total_attendance=present.total, **shares)


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
    session: Session, report: ReportFilter | None = None, today: date | None = None
) -> Indicators:
    """Every indicator for the dialogues `report` covers (all held dialogues when None).

    `today` decides which actions are overdue (the real date when None; tests pass a fixed one).
    """
    report = report or ReportFilter()
    today = today or date.today()
    dialogue_cells = _dialogue_counts(session, report)
    attendance = _attendance_cells(session, report)
    need_cells = _need_cells(session, report)
    action_cells = _action_cells(session, report, today)
    voice_cells = _voice_cells(session, report)

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

    dialogue_breakdown = _breakdown(dialogue_cells, dialogue_count)
    # Every covered dialogue and quarter appears in the voice trend, even without speaking turns.
    for dimension in _BREAKDOWN_DIMENSIONS:
        for key in attendance[dimension]:
            voice_cells[dimension].setdefault(key, {})
    voice_cells["total"].setdefault("", {})

    organisations = _organisation_names(session, action_cells["organisation"])
    by_organisation = sorted(
        action_cells["organisation"].items(),
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
        dialogues=dialogue_breakdown,
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
        per_dialogue=_per_dialogue(session, report, attendance, voice_cells, need_cells, action_cells),
    )


def _per_dialogue(
    session: Session, report: ReportFilter, attendance: Cells, voice: Cells, needs: Cells, actions: Cells
) -> tuple[DialogueFigures, ...]:
    statement = (
        select(
            Dialogue.id, Dialogue.date, Dialogue.title_km, Dialogue.title_en, Dialogue.kind, Dialogue.status,
            Dialogue.province_code, Dialogue.tally_only,
        )
        .where(*report.conditions())
        .order_by(Dialogue.date, Dialogue.id)
    )  # fmt: skip
    rows = []
    for d_id, d_date, title_km, title_en, kind, status, province, tally_only in session.execute(statement):
        present = _disaggregation(attendance["dialogue"].get(d_id))
        spoke = voice["dialogue"].get(d_id)
        rows.append(
            DialogueFigures(
                id=d_id,
                date=d_date,
                title_km=title_km,
                title_en=title_en,
                kind=kind,
                status=status,
                province_code=province or "",
                tally_only=bool(tally_only),
                attendance=present,
                interventions=int((spoke or {}).get("total") or 0),
                voice=_voice(spoke, present),
                needs=int(needs["dialogue"].get(d_id, {}).get("needs") or 0),
                actions=_action_row(
                    d_id, (title_en or title_km, title_km or title_en), actions["dialogue"].get(d_id)
                ),
            )  # fmt: skip
        )
    return tuple(rows)
