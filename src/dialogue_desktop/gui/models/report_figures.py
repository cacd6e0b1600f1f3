"""What the Reports page draws, taken from the core's indicators: plain chart data and table columns.

Every value keeps the reference of the figure it shows (`Figure`: an indicator of `core.reports.trace`
and a `CellKey`), so a click on a bar or a cell lists the records behind exactly that number. Labels are
made in the current language when the data is built; the page builds it again after a language change
(the indicators themselves carry both languages, so nothing is recomputed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import N_, _, format_number, format_percent
from dialogue_desktop.core.reports.indicators import (
    ActionRow,
    AttendanceRow,
    DialogueCount,
    Indicators,
    VoiceRow,
)
from dialogue_desktop.core.reports.trace import CellKey

NUMBER = "number"
PERCENT = "percent"

#: Breakdowns the page offers for the "dialogues held" chart and the indicator table: (dimension, msgid).
BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("province", N_("By province")),
    ("quarter", N_("By quarter")),
    ("kind", N_("By kind of dialogue")),
)

#: The attendance groups: (field of `Disaggregation`, voice flag, label msgid).
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("female", "women", N_("Women")),
    ("male", "men", N_("Men")),
    ("youth", "youth", N_("Youth")),
    ("indigenous", "indigenous", N_("Indigenous")),
    ("disability", "disability", N_("Disability")),
    ("government", "government", N_("Government")),
    ("cso", "cso", N_("CSO")),
    ("community", "community", N_("Community")),
)

#: Action statuses in the chart, overdue (which overlaps the open statuses) in its own bar.
ACTION_MEASURES: tuple[tuple[str, str], ...] = (
    (ActionStatus.AGREED.value, N_("Not started")),
    (ActionStatus.IN_PROGRESS.value, N_("In progress")),
    (ActionStatus.DELAYED.value, N_("Delayed")),
    ("overdue", N_("Overdue")),
    (ActionStatus.DONE.value, N_("Done")),
    (ActionStatus.DROPPED.value, N_("Dropped")),
)


@dataclass(frozen=True)
class Figure:
    """A number on the page and what `trace` needs to list its records; `caption` says what it counts."""

    indicator: str
    cell: CellKey
    caption: str


@dataclass(frozen=True)
class BarSet:
    """One series of bars: a name, the values (one per category), their labels and figures."""

    name: str
    values: tuple[float, ...]
    texts: tuple[str, ...]
    figures: tuple[Figure | None, ...]
    color: str


@dataclass(frozen=True)
class ChartData:
    title: str
    categories: tuple[str, ...]
    sets: tuple[BarSet, ...]
    kind: str = NUMBER  # the value axis: counts or shares
    note: str = ""  # shown under the chart (e.g. what overdue means)


def _number_set(name: str, values: list[int], figures: list[Figure | None], color: str) -> BarSet:
    return BarSet(
        name, tuple(float(v) for v in values), tuple(format_number(v) for v in values), tuple(figures), color
    )


def dialogues_chart(indicators: Indicators, dimension: str) -> ChartData:
    """Dialogues held, by province, quarter or kind."""
    rows: tuple[DialogueCount, ...] = getattr(indicators.dialogues, f"by_{dimension}")
    figures: list[Figure | None] = [
        Figure(
            "dialogues",
            CellKey(dimension, r.key, "total"),
            _("Dialogues held: {what}").format(what=r.label()),
        )
        for r in rows
    ]
    return ChartData(
        _("Dialogues held"),
        tuple(r.label() for r in rows),
        (_number_set(_("Dialogues"), [r.dialogues for r in rows], figures, "#1f3a5f"),),
        note=_("{n} dialogues held, {tally} of them recorded by counts only").format(
            n=format_number(indicators.dialogues.total.dialogues),
            tally=format_number(indicators.dialogues.total.tally_only),
        ),
    )


def attendance_chart(indicators: Indicators) -> ChartData:
    """Attendance (people present, added up over dialogues) and unique participants, by group."""
    total: AttendanceRow = indicators.attendance.total
    present = [getattr(total.attendance, field) for field, _flag, _label in GROUPS]
    people = [getattr(total.unique, field) for field, _flag, _label in GROUPS]
    return ChartData(
        _("Attendance by group"),
        tuple(_(label) for _f, _g, label in GROUPS),
        (
            _number_set(
                _("Attendance"),
                present,
                [
                    Figure(
                        "attendance",
                        CellKey("total", "", field),
                        _("Attendance: {group}").format(group=_(label)),
                    )
                    for field, _flag, label in GROUPS
                ],
                "#1f3a5f",
            ),  # fmt: skip
            _number_set(
                _("Different people"),
                people,
                [
                    Figure(
                        "participants",
                        CellKey("total", "", field),
                        _("People: {group}").format(group=_(label)),
                    )
                    for field, _flag, label in GROUPS
                ],
                "#d9822b",
            ),  # fmt: skip
        ),
        note=_("Total attendance {total} · {people} different people").format(
            total=format_number(total.attendance.total), people=format_number(total.unique.total)
        ),
    )


def voice_chart(indicators: Indicators) -> ChartData:
    """Each group's share of the speaking turns next to its share of the people present."""
    voice: VoiceRow = indicators.voice.total
    shares = {share.key: share for share in voice.voice.rows()}
    spoke = [shares[flag].spoke_share for _field, flag, _label in GROUPS]
    present = [shares[flag].present_share for _field, flag, _label in GROUPS]
    return ChartData(
        _("Voice: speaking turns and attendance"),
        tuple(_(label) for _f, _g, label in GROUPS),
        (
            BarSet(
                _("Share of speaking turns"),
                tuple(spoke),
                tuple(format_percent(v) for v in spoke),
                tuple(
                    Figure(
                        "interventions",
                        CellKey("total", "", flag),
                        _("Speaking turns: {group}").format(group=_(label)),
                    )
                    for _field, flag, label in GROUPS
                ),
                "#b5472b",
            ),
            BarSet(
                _("Share of attendance"),
                tuple(present),
                tuple(format_percent(v) for v in present),
                tuple(
                    Figure(
                        "attendance",
                        CellKey("total", "", field),
                        _("Attendance: {group}").format(group=_(label)),
                    )
                    for field, _flag, label in GROUPS
                ),
                "#8fa7c7",
            ),
        ),
        kind=PERCENT,
        note=_("{turns} speaking turns recorded").format(
            turns=format_number(voice.voice.total_interventions)
        ),
    )


def actions_chart(indicators: Indicators) -> ChartData:
    """Agreed actions by status; overdue actions (past their deadline, still open) in their own bar."""
    total: ActionRow = indicators.actions.breakdown.total
    values = [int(getattr(total, measure)) for measure, _label in ACTION_MEASURES]
    return ChartData(
        _("Agreed actions by status"),
        tuple(_(label) for _m, label in ACTION_MEASURES),
        (
            _number_set(
                _("Actions"),
                values,
                [
                    Figure(
                        "actions",
                        CellKey("total", "", measure),
                        _("Actions: {status}").format(status=_(label)),
                    )
                    for measure, label in ACTION_MEASURES
                ],
                "#2e7d4f",
            ),  # fmt: skip
        ),
        note=_("{total} actions · overdue ones are also counted in their status").format(
            total=format_number(total.total)
        ),
    )


# --- the indicator table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the indicator table: header msgid, how to read the value from a row bundle, its format
    and the figure it stands for (indicator, measure)."""

    header: str
    value: Callable[[RowBundle], float]
    indicator: str
    measure: str
    kind: str = NUMBER
    tooltip: str = ""  # msgid: what a short header means


@dataclass(frozen=True)
class RowBundle:
    """One row of the indicator table: the same key in each indicator's breakdown."""

    dimension: str
    key: str
    label: str
    dialogues: DialogueCount | None
    attendance: AttendanceRow | None
    voice: VoiceRow | None
    actions: ActionRow | None


def _attendance(field: str) -> Callable[[RowBundle], float]:
    return lambda b: getattr(b.attendance.attendance, field) if b.attendance else 0


def _actions(measure: str) -> Callable[[RowBundle], float]:
    return lambda b: getattr(b.actions, measure) if b.actions else 0


def _women_voice(b: RowBundle) -> float:
    return b.voice.voice.women.spoke_share if b.voice else 0.0


def _women_room(b: RowBundle) -> float:
    return b.voice.voice.women.present_share if b.voice else 0.0


TABLE_COLUMNS: tuple[Column, ...] = (
    Column(N_("Dialogues"), lambda b: b.dialogues.dialogues if b.dialogues else 0, "dialogues", "total"),
    Column(N_("Attendance"), _attendance("total"), "attendance", "total"),
    Column(N_("Women"), _attendance("female"), "attendance", "female"),
    Column(N_("Youth"), _attendance("youth"), "attendance", "youth"),
    Column(N_("Indigenous"), _attendance("indigenous"), "attendance", "indigenous"),
    Column(N_("Disability"), _attendance("disability"), "attendance", "disability"),
    Column(
        N_("Different people"),
        lambda b: b.attendance.unique.total if b.attendance else 0,
        "participants",
        "total",
    ),
    Column(
        N_("Women speaking"),
        _women_voice,
        "interventions",
        "women",
        PERCENT,
        N_("Women's share of speaking turns"),
    ),
    Column(
        N_("Women present"), _women_room, "attendance", "female", PERCENT, N_("Women's share of the room")
    ),
    Column(N_("Actions"), _actions("total"), "actions", "total"),
    Column(N_("Done"), _actions("done"), "actions", "done"),
    Column(N_("Overdue"), _actions("overdue"), "actions", "overdue"),
)


def table_rows(indicators: Indicators, dimension: str) -> list[RowBundle]:
    """The total row, then one row per key of `dimension` found in any indicator (in the dialogues' order)."""

    def by_key(breakdown: Any) -> dict[str, Any]:
        return {r.key: r for r in getattr(breakdown, f"by_{dimension}")}

    dialogues = by_key(indicators.dialogues)
    attendance = by_key(indicators.attendance)
    voice = by_key(indicators.voice)
    actions = by_key(indicators.actions.breakdown)
    keys = list(dict.fromkeys([*dialogues, *attendance, *actions]))
    rows = [
        RowBundle(
            "total", "", _("All"), indicators.dialogues.total, indicators.attendance.total, indicators.voice.total,
            indicators.actions.breakdown.total,
        )
    ]  # fmt: skip
    for key in keys:
        labelled = dialogues.get(key) or attendance.get(key) or actions.get(key)
        rows.append(
            RowBundle(
                dimension, key, labelled.label() if labelled else key, dialogues.get(key), attendance.get(key),
                voice.get(key), actions.get(key),
            )
        )  # fmt: skip
    return rows


def cell_figure(row: RowBundle, column: Column) -> Figure:
    """The figure behind one cell of the indicator table."""
    return Figure(
        column.indicator,
        CellKey(row.dimension, row.key, column.measure),
        f"{_(column.header)} — {row.label}",
    )


def format_value(value: float, kind: str) -> str:
    """A table or chart value in the current language's digits."""
    return format_percent(value) if kind == PERCENT else format_number(int(value))
