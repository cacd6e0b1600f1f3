"""The project board's PDF report: key figures, charts and tables, in Khmer and English.

Every label is given in both languages (the chosen one first), numbers and dates in the chosen one.
All text goes through the printing layer (`Para`, `draw_text_line`), so Khmer is shaped correctly, and
the charts draw their labels the same way (`charts.BarChart`). No personal data is printed. With a
`Suppression`, each hidden count of people (and each share made from one) reads "<N", with no bar, and the
first page says which counts are not shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from dialogue_desktop.core.i18n import N_, format_date, format_number, format_percent, translate_in
from dialogue_desktop.core.printing.common import TABLE_FONT
from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.fonts import REGULAR, register_fonts
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line
from dialogue_desktop.core.reports.charts import BarChart, Series
from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.core.reports.output import Tracker
from dialogue_desktop.core.reports.suppression import NO_SUPPRESSION, VOICE_FIELD, Suppression
from dialogue_desktop.core.reports.tables import ACTION_LABELS, DIMENSION_LABELS, HIDDEN_NOTE, PERSON_LABELS
from dialogue_desktop.core.services.places import place_name

TITLE = N_("Government–CSO dialogues: report to the project board")
KEY_FIGURES = N_("Key figures")
ATTENDANCE_BY_GROUP = N_("Attendance by group")
VOICE_VS_ATTENDANCE = N_("Whose voices were heard: share of interventions and of attendance")
ACTIONS_BY_STATUS = N_("Agreed actions by status")
BY_PROVINCE = N_("By province")
BY_QUARTER = N_("Trend by quarter")
BY_ORGANISATION = N_("Actions by responsible organisation")
PERIOD = N_("Period: {start} – {end}")
ANY_DATE = N_("any date")
FILTERED = N_("Only: {what}")
PRODUCED = N_("Produced on {date}")
PAGE = N_("Page {page}")
SHARE_OF_INTERVENTIONS = N_("Share of interventions")
SHARE_OF_ATTENDANCE = N_("Share of attendance")
TOP_ORGANISATIONS = 15

FIGURES = (
    N_("Dialogues held"),
    N_("Attendance"),
    N_("Unique participants"),
    N_("Share of women"),
    N_("Share of youth"),
    N_("Needs and issues"),
    N_("Agreed actions"),
    N_("Actions done"),
    N_("Actions overdue"),
    N_("Average days from agreement to completion"),
    N_("Interventions"),
)

H1 = TextStyle(size=15, bold=True)
H2 = TextStyle(size=11.5, bold=True, colour="#1f3b57")
SUB = TextStyle(size=8.5, colour="#555555")
CELL = TextStyle(size=8)
CELL_BOLD = TextStyle(size=8, bold=True)
NUMBER = TextStyle(size=8, align="right")


class _Words:
    """Labels in both languages (the chosen one first), numbers in the chosen one, hidden counts hidden."""

    def __init__(self, language: str, hide: Suppression = NO_SUPPRESSION) -> None:
        self.first = language
        self.second = "en" if language == "km" else "km"
        self.hide = hide.for_language(language)

    def count(self, value: int, *cell: str) -> str:
        """A count of people, or what it reads when hidden ("<5", "hidden")."""
        marker = self.hide.marker(*cell)
        return self.number(value) if marker is None else marker

    def share_of(self, value: float, dimension: str, key: str, group: str) -> str:
        """A group's share of attendance in a row, unless it would give a hidden count back."""
        hidden = self.hide.share_hidden("att", dimension, key, group)
        return self.hide.hidden_text if hidden else self.percent(value)

    def one(self, message: str) -> str:
        return translate_in(self.first, message)

    def both(self, message: str, sep: str = " / ") -> str:
        return translate_in(self.first, message) + sep + translate_in(self.second, message)

    def number(self, value: float, decimals: int | None = 0) -> str:
        return format_number(value, self.first, decimals=decimals)

    def percent(self, value: float) -> str:
        return format_percent(value, self.first)


def _heading(words: _Words, message: str) -> list[Flowable]:
    return [Spacer(1, 5 * mm), Para(words.one(message), H2), Para(translate_in(words.second, message), SUB),
            Spacer(1, 2 * mm)]  # fmt: skip


def _table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    data: list[list[Any]] = [[Para(h, CELL_BOLD) for h in header]]
    for row in rows:
        data.append([Para(row[0], CELL)] + [Para(v, NUMBER) for v in row[1:]])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0b0b0")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _filter_lines(words: _Words, indicators: Indicators) -> list[str]:
    report = indicators.filter
    lang = words.first
    start = format_date(report.date_from, lang, "medium") if report.date_from else words.one(ANY_DATE)
    end = format_date(report.date_to, lang, "medium") if report.date_to else words.one(ANY_DATE)
    lines = [words.one(PERIOD).format(start=start, end=end)]
    chosen = []
    if report.province_code:
        chosen.append(place_name(report.province_code, lang))
    if report.kind is not None:
        chosen.append(words.one(report.kind.label))
    if report.level is not None:
        chosen.append(words.one(report.level.label))
    if chosen:
        lines.append(words.one(FILTERED).format(what=", ".join(chosen)))
    lines.append(words.one(PRODUCED).format(date=format_date(indicators.today, lang, "medium")))
    hide = words.hide
    if hide.active:
        lines.append(
            words.one(HIDDEN_NOTE).format(
                n=words.number(hide.min_count),
                below=words.number(hide.min_count - 1),
                hidden=hide.hidden_text,
            )
        )
    return lines


def _key_figures(words: _Words, indicators: Indicators) -> Table:
    attendance = indicators.attendance.total
    actions = indicators.actions.breakdown.total
    average = actions.average_days_to_done
    values = (
        words.number(indicators.dialogues.total.dialogues),
        words.count(attendance.attendance.total, "att", "total", "", "total"),
        words.count(attendance.unique.total, "uniq", "total", "", "total"),
        words.share_of(attendance.women_share, "total", "", "female"),
        words.share_of(attendance.youth_share, "total", "", "youth"),
        words.number(indicators.needs.total),
        words.number(actions.total),
        words.percent(actions.share("done")),
        words.percent(actions.share("overdue")),
        words.number(average, 0) if average is not None else "–",
        words.number(indicators.voice.total.voice.total_interventions),
    )
    rows = [[words.both(label), value] for label, value in zip(FIGURES, values, strict=True)]
    return _table([words.both(KEY_FIGURES), ""], rows, [120 * mm, 40 * mm])


def _charts(words: _Words, indicators: Indicators) -> list[Flowable]:
    present = indicators.attendance.total.attendance
    groups = (
        "female",
        "male",
        "youth",
        "indigenous",
        "disability",
        "government",
        "cso",
        "community",
        "other_group",
    )
    hide = words.hide
    markers = [hide.marker("att", "total", "", g) for g in groups]
    attendance_chart = BarChart(
        [words.both(PERSON_LABELS[g]) for g in groups],
        [Series(words.one(N_("Attendance")),
                tuple(0.0 if m else float(getattr(present, g)) for g, m in zip(groups, markers, strict=True)),
                tuple(markers))],
        lambda v: words.number(v),
    )  # fmt: skip
    voice = indicators.voice.total.voice
    shares_hidden = [hide.share_hidden("att", "total", "", VOICE_FIELD[row.key]) for row in voice.rows()]
    voice_chart = BarChart(
        [words.both(row.label) for row in voice.rows()],
        [
            Series(words.both(SHARE_OF_INTERVENTIONS), tuple(row.spoke_share for row in voice.rows())),
            Series(
                words.both(SHARE_OF_ATTENDANCE),
                tuple(
                    0.0 if h else row.present_share
                    for row, h in zip(voice.rows(), shares_hidden, strict=True)
                ),
                tuple(hide.hidden_text if h else None for h in shares_hidden),
            ),
        ],  # fmt: skip
        words.percent,
        maximum=1.0,
    )
    actions = indicators.actions.breakdown.total
    statuses = ("agreed", "in_progress", "done", "delayed", "dropped", "overdue")
    actions_chart = BarChart(
        [words.both(ACTION_LABELS[s]) for s in statuses],
        [Series(words.one(N_("Actions")), tuple(float(getattr(actions, s)) for s in statuses))],
        lambda v: words.number(v),
    )
    return [
        KeepTogether([*_heading(words, ATTENDANCE_BY_GROUP), attendance_chart]),
        KeepTogether([*_heading(words, VOICE_VS_ATTENDANCE), voice_chart]),
        KeepTogether([*_heading(words, ACTIONS_BY_STATUS), actions_chart]),
    ]


def _breakdown_tables(words: _Words, indicators: Indicators) -> list[Flowable]:
    lang = words.first
    dialogues = {row.key: row.dialogues for row in indicators.dialogues.by_province}
    actions = {row.key: row for row in indicators.actions.breakdown.by_province}
    header = [words.both(DIMENSION_LABELS["province"], "\n"), words.both(N_("Dialogues held"), "\n"),
              words.both(N_("Attendance"), "\n"), words.both(N_("Share of women"), "\n"),
              words.both(N_("Share of youth"), "\n"), words.both(N_("Agreed actions"), "\n"),
              words.both(N_("Actions done"), "\n")]  # fmt: skip
    widths = [45 * mm, 20 * mm, 22 * mm, 20 * mm, 20 * mm, 22 * mm, 22 * mm]
    rows = []
    for row in indicators.attendance.by_province:
        action = actions.get(row.key)
        rows.append([row.label(lang), words.number(dialogues.get(row.key, 0)),
                     words.count(row.attendance.total, "att", "province", row.key, "total"),
                     words.share_of(row.women_share, "province", row.key, "female"),
                     words.share_of(row.youth_share, "province", row.key, "youth"),
                     words.number(action.total if action else 0),
                     words.percent(action.share("done") if action else 0)])  # fmt: skip
    flowables: list[Flowable] = [*_heading(words, BY_PROVINCE), _table(header, rows, widths)]

    quarter_dialogues = {row.key: row.dialogues for row in indicators.dialogues.by_quarter}
    quarter_actions = {row.key: row.total for row in indicators.actions.breakdown.by_quarter}
    quarter_voice = {row.key: row.voice for row in indicators.voice.by_quarter}
    header = [words.both(DIMENSION_LABELS["quarter"], "\n"), words.both(N_("Dialogues held"), "\n"),
              words.both(N_("Attendance"), "\n"), words.both(N_("Share of women"), "\n"),
              words.both(N_("Interventions"), "\n"), words.both(SHARE_OF_INTERVENTIONS, "\n") + " (" +
              words.one(N_("Women")) + ")", words.both(N_("Agreed actions"), "\n")]  # fmt: skip
    rows = []
    for row in indicators.attendance.by_quarter:
        voice = quarter_voice.get(row.key)
        rows.append([row.label(lang), words.number(quarter_dialogues.get(row.key, 0)),
                     words.count(row.attendance.total, "att", "quarter", row.key, "total"),
                     words.share_of(row.women_share, "quarter", row.key, "female"),
                     words.number(voice.total_interventions if voice else 0),
                     words.percent(voice.women.spoke_share if voice else 0),
                     words.number(quarter_actions.get(row.key, 0))])  # fmt: skip
    flowables += [*_heading(words, BY_QUARTER), _table(header, rows, widths)]

    header = [words.both(DIMENSION_LABELS["organisation"], "\n")] + [
        words.both(ACTION_LABELS[m], "\n") for m in ("total", "done", "in_progress", "delayed", "overdue")
    ] + [words.both(N_("Average days from agreement to completion"), "\n")]  # fmt: skip
    rows = []
    for organisation in indicators.actions.by_organisation[:TOP_ORGANISATIONS]:
        average = organisation.average_days_to_done
        rows.append([organisation.label(lang), words.number(organisation.total),
                     words.percent(organisation.share("done")), words.percent(organisation.share("in_progress")),
                     words.percent(organisation.share("delayed")), words.percent(organisation.share("overdue")),
                     words.number(average, 0) if average is not None else "–"])  # fmt: skip
    flowables += [*_heading(words, BY_ORGANISATION), _table(header, rows, widths)]
    return flowables


def export_pdf(
    indicators: Indicators,
    path: Path,
    language: str,
    suppression: Suppression = NO_SUPPRESSION,
    tracker: Tracker | None = None,
) -> None:
    """Write the board report for `indicators` to `path`, `language` first ('km' or 'en'), hiding the counts
    `suppression` hides; `tracker` follows the drawing (and stops it when the export is cancelled)."""
    register_fonts()
    words = _Words(language, suppression)
    story: list[Flowable] = [Para(words.one(TITLE), H1), Para(translate_in(words.second, TITLE), SUB)]
    story += [Para(line, SUB) for line in _filter_lines(words, indicators)]
    story += [*_heading(words, KEY_FIGURES), _key_figures(words, indicators)]
    story += _charts(words, indicators)
    story += _breakdown_tables(words, indicators)

    def footer(canvas: Any, document: Any) -> None:
        draw_text_line(
            canvas, A4[0] / 2, 10 * mm, words.one(PAGE).format(page=words.number(document.page)),
            TextStyle(size=7.5, align="center", colour="#666666"),
        )  # fmt: skip

    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=translate_in("en", TITLE), invariant=1,
        initialFontName=REGULAR,  # not ReportLab's Helvetica, which a page would name without embedding it
    )  # fmt: skip
    if tracker is not None:

        def follow(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                tracker.total = value
            elif kind == "PROGRESS":
                tracker.set(value)

        document.setProgressCallBack(follow)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
