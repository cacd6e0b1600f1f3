"""The minutes of a dialogue as a PDF: in Khmer, in English, or bilingual (stacked or side by side).

Built from `data.MinutesData` only (no database). Sections, in order: the official header (optional),
the programme and the dialogue, its details, attendance, who spoke, agenda, needs and issues raised, the
discussion summary, decisions, agreed actions, the signature block, and optionally an annex listing the
participants (never their phones; the name only of people who consented). Every page carries "Page X of Y", the fingerprint and a QR code with
the verification code (see `fingerprint`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from dialogue_desktop.core.i18n import N_, format_date, format_number, format_percent
from dialogue_desktop.core.printing import common as c
from dialogue_desktop.core.printing.common import Mode
from dialogue_desktop.core.printing.data import Bilingual, MinutesData
from dialogue_desktop.core.printing.fingerprint import SHORT_LENGTH, minutes_code, minutes_fingerprint
from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line, measure

PROJECT = N_("Government–Civil Society Dialogue Programme")
KINGDOM = N_("Kingdom of Cambodia")
MOTTO = N_("Nation Religion King")
MINUTES = N_("Minutes")
#: In the annex, instead of the name of a person who did not agree to their data being kept.
NOT_NAMED = N_("(not named: no consent)")

Note = Callable[[tuple[str, ...]], str]  # the note under a list item, in the given languages
MARGINS = c.Margins()
WIDTH = c.frame_width(A4, MARGINS)
HEADER_HEIGHT = 7 * mm


@dataclass(frozen=True)
class MinutesOptions:
    """How to print: language(s), the participants' annex, two columns, the government header."""

    mode: Mode = "both"
    annex: bool = False
    side_by_side: bool = False  # bilingual only: Khmer and English in two columns
    official_header: bool = False


def write_minutes(
    data: MinutesData, target: str | os.PathLike[str] | IO[bytes], options: MinutesOptions = MinutesOptions()
) -> int:  # noqa: B008
    """Write the minutes to `target` (a path or a binary file); returns the number of pages."""
    if options.mode not in c.MODES:
        raise ValueError(f"unknown language mode {options.mode!r}")
    story = _Minutes(data, options).story()
    digest = minutes_fingerprint(data)
    footer = c.Footer(options.mode, code=minutes_code(data), short=digest[:SHORT_LENGTH])
    title = f"{data.title.get('km' if options.mode != 'en' else 'en')} — {c.label(MINUTES, options.mode)}"
    return c.build_pdf(
        target, story, pagesize=A4, footer=footer, title=title, margins=MARGINS,
        header=_running_header(data, options.mode), header_height=HEADER_HEIGHT,
    )  # fmt: skip


def _running_header(data: MinutesData, mode: Mode) -> c.PageDecorator:
    """From page 2 on: the dialogue's title and date above a thin rule, so loose pages can be matched."""
    lang = "en" if mode == "en" else "km"
    title = data.title.get(lang)
    when = c.date_text(data.date, "en" if mode == "en" else "km", "short")

    def draw(canvas: Canvas, page: int) -> None:
        if page == 1:
            return
        width, height = canvas._pagesize
        y = height - MARGINS.top - 3.5 * mm
        style = TextStyle(size=7.5, colour=c.MUTED)
        right = width - MARGINS.right
        date_width = draw_text_line(
            canvas, right, y, when, TextStyle(size=7.5, colour=c.MUTED, align="right")
        )
        room = right - MARGINS.left - date_width - 6 * mm
        lines = c.wrap_one(title, style, room)
        draw_text_line(canvas, MARGINS.left, y, lines, style)
        canvas.saveState()
        canvas.setStrokeColor(c.RULE)
        canvas.setLineWidth(0.3)
        canvas.line(MARGINS.left, y - 2.2 * mm, right, y - 2.2 * mm)
        canvas.restoreState()

    return draw


def _no_note(langs: tuple[str, ...]) -> str:
    return ""


def fitting_style(labels: list[str], width: float, largest: float = 7.5, smallest: float = 6.0) -> TextStyle:
    """A bold centred header style small enough that no English word of `labels` is cut inside a cell."""
    size = largest
    words = [word for label in labels for word in label.split() if word.isascii()]
    while size > smallest and any(measure(word, TextStyle(size=size, bold=True)) > width for word in words):
        size -= 0.25
    return TextStyle(size=size, bold=True, align="center")


class _Minutes:
    def __init__(self, data: MinutesData, options: MinutesOptions) -> None:
        self.d = data
        self.o = options
        self.mode: Mode = options.mode
        self.columns = options.side_by_side and options.mode == "both"
        self.section = 0

    # --- helpers ------------------------------------------------------------------------------------------

    @property
    def digits(self) -> str:
        """Numbers in tables: Khmer digits in Khmer minutes, Western digits (read by all) otherwise."""
        return "km" if self.mode == "km" else "en"

    def num(self, n: int) -> str:
        return format_number(n, self.digits)

    def heading(self, msgid: str) -> list[Flowable]:
        self.section += 1
        if self.columns:
            km = f"{format_number(self.section, 'km')}. {c.tr('km', msgid)}"
            en = f"{self.section}. {c.tr('en', msgid)}"
            row = c.plain_table([[Para(km, c.HEADING), Para(en, c.HEADING)]], [WIDTH / 2, WIDTH / 2])
            return [CondPageBreak(30 * mm), Spacer(1, 3 * mm), row, Spacer(1, 1 * mm)]
        parts = [
            f"{format_number(self.section, lang)}. {c.tr(lang, msgid)}" for lang in c.languages(self.mode)
        ]
        return [
            CondPageBreak(30 * mm),
            Spacer(1, 3 * mm),
            Para(" / ".join(parts), c.HEADING),
            Spacer(1, 1 * mm),
        ]

    def item_list(self, items: list[tuple[Bilingual, Note]]) -> list[Flowable]:
        """A numbered list of bilingual texts, each with a note (presenter, sector...) in given languages."""
        if not items:
            return [Para(c.label(N_("None recorded."), self.mode), c.BODY_EN)]
        note_style = TextStyle(size=8.5, colour=c.MUTED)
        if self.columns:
            half = WIDTH / 2
            rows = []
            for i, (text, note) in enumerate(items, start=1):
                km = [Para(text.get("km"), c.BODY)] + (
                    [Para(note(("km",)), note_style)] if note(("km",)) else []
                )
                en = [Para(text.get("en"), c.BODY)] + (
                    [Para(note(("en",)), note_style)] if note(("en",)) else []
                )
                rows.append([Para(f"{format_number(i, 'km')}.", c.BODY), km, Para(f"{i}.", c.BODY), en])
            return [c.plain_table(rows, [7 * mm, half - 7 * mm, 7 * mm, half - 7 * mm])]
        rows = []
        for i, (text, note) in enumerate(items, start=1):
            shown = note(c.languages(self.mode))
            cell = c.texts(text, self.mode) + ([Para(shown, note_style)] if shown else [])
            rows.append([Para(f"{self.num(i)}.", c.BODY), cell])
        return [c.plain_table(rows, [8 * mm, WIDTH - 8 * mm])]

    # --- sections -----------------------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        out: list[Flowable] = []
        if self.o.official_header:
            out += self.official_header()
        out += self.title_block()
        out += self.details()
        out += self.attendance()
        out += self.voices()
        out += self.heading(N_("Agenda"))
        out += self.item_list(
            [(a.title, self.agenda_note(a.presenter, a.duration_minutes)) for a in self.d.agenda]
        )
        out += self.heading(N_("Needs and issues raised"))
        out += self.item_list([(n.text, self.need_note(n.sector, n.raised_by)) for n in self.d.needs])
        out += self.heading(N_("Summary of the discussion"))
        summary = self.d.summary or c.label(N_("None recorded."), self.mode)
        out.append(Para(summary, c.BODY))
        out += self.heading(N_("Decisions"))
        out += self.item_list([(x, _no_note) for x in self.d.decisions])
        out += self.actions()
        out += self.signatures()
        if self.o.annex:
            out += self.annex()
        return out

    def official_header(self) -> list[Flowable]:
        out: list[Flowable] = [
            Para(c.tr("km", KINGDOM), TextStyle(size=14, bold=True, align="center")),
            Para(c.tr("km", MOTTO), TextStyle(size=12.5, bold=True, align="center")),
        ]
        if self.mode != "km":
            out[1:1] = [Para(c.tr("en", KINGDOM), TextStyle(size=11, bold=True, align="center"))]
            out.append(Para(c.tr("en", MOTTO), TextStyle(size=10, bold=True, align="center")))
        return [*out, c.OrnamentRule(), Spacer(1, 4 * mm)]

    def title_block(self) -> list[Flowable]:
        out: list[Flowable] = [
            Para(c.label(PROJECT, self.mode, sep="\n"), TextStyle(size=10.5, align="center", colour=c.SECOND))
        ]
        out.append(Spacer(1, 2 * mm))
        out.append(Para(c.label(MINUTES, self.mode), c.TITLE))
        title = self.d.title
        if self.mode == "both":
            if title.km:
                out.append(Para(title.km, TextStyle(size=13, bold=True, align="center")))
            if title.en:
                out.append(Para(title.en, TextStyle(size=12, bold=True, align="center", colour=c.SECOND)))
        else:
            out.append(Para(title.get(self.mode), TextStyle(size=13, bold=True, align="center")))
        return [*out, Spacer(1, 4 * mm)]

    @staticmethod
    def agenda_note(presenter: str, minutes: int) -> Note:
        def note(langs: tuple[str, ...]) -> str:
            parts = [presenter] if presenter else []
            if minutes:
                parts += [
                    c.tr(lang, N_("{minutes} min")).format(minutes=format_number(minutes, lang))
                    for lang in langs
                ]
            return " · ".join(parts)

        return note

    @staticmethod
    def need_note(sector: str, raised_by: str) -> Note:
        def note(langs: tuple[str, ...]) -> str:
            parts = [" / ".join(c.tr(lang, sector) for lang in langs)]
            if raised_by:
                parts.append(" / ".join(c.tr(lang, N_("Raised by")) for lang in langs) + ": " + raised_by)
            return " · ".join(parts)

        return note

    def details(self) -> list[Flowable]:
        d = self.d
        place = d.place
        where = [p for p in (place.province, place.district, place.commune) if p]

        def joined(items: tuple[Bilingual, ...] | list[Bilingual], lang: str) -> str:
            return ", ".join(b.get(lang) for b in items)

        rows: list[tuple[str, dict[str, str]]] = [
            (N_("Kind of dialogue"), {lang: c.tr(lang, d.kind) for lang in ("km", "en")}),
            (N_("Date"), {lang: c.date_text(d.date, lang) for lang in ("km", "en")}),
        ]
        if d.start_time or d.end_time:
            rows.append(
                (N_("Time"), {lang: c.time_text(d.start_time, d.end_time, lang) for lang in ("km", "en")})
            )
        if where:
            rows.append((N_("Place"), {lang: joined(where, lang) for lang in ("km", "en")}))
        if place.venue:
            rows.append((N_("Venue"), {"km": place.venue, "en": place.venue}))
        if d.organisers:
            rows.append((N_("Organisers"), {lang: joined(d.organisers, lang) for lang in ("km", "en")}))
        if d.facilitators:
            rows.append((N_("Facilitators"), {lang: joined(d.facilitators, lang) for lang in ("km", "en")}))
        if d.themes:
            rows.append((N_("Themes"), {"km": d.themes, "en": d.themes}))
        label_style = TextStyle(size=9.5, bold=True)
        if self.columns:
            half = WIDTH / 2
            lw = 26 * mm
            table_rows = [
                [
                    Para(c.tr("km", msgid), label_style),
                    Para(v["km"], c.BODY),
                    Para(c.tr("en", msgid), label_style),
                    Para(v["en"], c.BODY),
                ]
                for msgid, v in rows
            ]
            return [c.plain_table(table_rows, [lw, half - lw, lw, half - lw])]
        lw = 42 * mm if self.mode == "both" else 32 * mm
        out_rows = []
        for msgid, v in rows:
            if self.mode == "both":
                values = list(dict.fromkeys(x for x in (v["km"], v["en"]) if x))
                cell = [Para(values[0], c.BODY)] + [Para(x, c.BODY_EN) for x in values[1:]]
            else:
                cell = [Para(v[self.mode], c.BODY)]
            out_rows.append([Para(c.label(msgid, self.mode), label_style), cell])
        return [c.plain_table(out_rows, [lw, WIDTH - lw])]

    def attendance(self) -> list[Flowable]:
        a = self.d.attendance
        groups = [
            (N_("Total"), a.total), (N_("Women"), a.female), (N_("Men"), a.male), (N_("Youth"), a.youth),
            (N_("Indigenous or minority"), a.indigenous), (N_("Persons with disabilities"), a.disability),
            (N_("Government"), a.government), (N_("CSO"), a.cso), (N_("Community"), a.community),
        ]  # fmt: skip
        if a.other_group:
            groups.append((N_("Other"), a.other_group))
        width = WIDTH / len(groups)
        labels = [c.head_label(msgid, self.mode) for msgid, _ in groups]
        head_style = fitting_style(labels, width - 3)
        head = [Para(label, head_style) for label in labels]
        lang = self.digits
        numbers = [
            Para(format_number(n, lang), TextStyle(size=11, bold=True, align="center")) for _, n in groups
        ]
        shares = [
            Para(format_percent(n / a.total if a.total else 0, lang) if i else "", c.CELL_CENTER)
            for i, (_, n) in enumerate(groups)
        ]
        extra = [
            ("LINEAFTER", (5, 0), (5, -1), 1.5, c.RULE),
            ("LINEAFTER", (0, 0), (0, -1), 1.5, c.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ]
        return [
            *self.heading(N_("Attendance")),
            c.table([head, numbers, shares], [width] * len(groups), extra=extra),
        ]

    def voices(self) -> list[Flowable]:
        d = self.d
        lang = self.digits
        head: list[Flowable | list[Flowable]] = [
            Para(c.head_label(msgid, self.mode), c.CELL_HEAD)
            for msgid in (
                N_("Group"),
                N_("Present"),
                N_("Share of attendance"),
                N_("Interventions"),
                N_("Share of interventions"),
            )
        ]
        rows: list[list[Flowable]] = [head]
        for v in d.voices:
            rows.append(
                [
                    Para(c.label(v.label, self.mode), c.CELL),
                    Para(format_number(v.present, lang), c.CELL_RIGHT),
                    Para(format_percent(v.present_share, lang), c.CELL_RIGHT),
                    Para(format_number(v.spoke, lang), c.CELL_RIGHT),
                    Para(format_percent(v.spoke_share, lang), TextStyle(size=8.5, bold=True, align="right")),
                ]
            )
        total = (
            c.label(N_("Interventions in all"), self.mode) + ": " + format_number(d.total_interventions, lang)
        )
        first = 62 * mm
        rest = (WIDTH - first) / 4
        return [
            *self.heading(N_("Who spoke")),
            Para(total, c.BODY),
            Spacer(1, 1 * mm),
            c.table(rows, [first] + [rest] * 4),
        ]

    def actions(self) -> list[Flowable]:
        out = self.heading(N_("Agreed actions"))
        if not self.d.actions:
            return [*out, Para(c.label(N_("None recorded."), self.mode), c.BODY_EN)]
        head: list[Flowable | list[Flowable]] = [
            Para(c.head_label(m, self.mode), c.CELL_HEAD)
            for m in (
                N_("No."),
                N_("Action"),
                N_("Responsible"),
                N_("Supporting"),
                N_("Deadline"),
                N_("Indicator"),
            )
        ]
        rows: list[list[Flowable | list[Flowable]]] = [head]
        for i, a in enumerate(self.d.actions, start=1):
            responsible = c.cell_text(a.responsible, self.mode)
            if a.responsible_person:
                responsible = (
                    f"{responsible}\n{a.responsible_person}" if responsible else a.responsible_person
                )
            rows.append(
                [
                    Para(self.num(i), c.CELL_RIGHT),
                    c.texts(a.text, self.mode, c.CELL, c.CELL_EN),
                    Para(responsible, c.CELL),
                    Para("\n".join(c.cell_text(s, self.mode) for s in a.supporting), c.CELL),
                    Para(format_date(a.deadline, self.digits, "short") if a.deadline else "", c.CELL_CENTER),
                    Para(a.indicator, c.CELL),
                ]
            )
        widths = [9 * mm, 53 * mm, 32 * mm, 28 * mm, 21 * mm]
        widths.append(WIDTH - sum(widths))
        return [*out, c.table(rows, widths)]

    def signatures(self) -> list[Flowable]:
        roles = (N_("Facilitator"), N_("Government representative"), N_("CSO representative"))
        gap = 8 * mm
        col = (WIDTH - 2 * gap) / 3
        name = c.label(N_("Name"), self.mode) + ":"
        when = c.label(N_("Date"), self.mode) + ":"
        sign = c.label(N_("Signature"), self.mode)
        small = TextStyle(size=8.5, colour=c.MUTED)
        rows = [
            [Para(c.head_label(r, self.mode), TextStyle(size=9.5, bold=True, align="center")) for r in roles],
            [Spacer(1, 1)] * 3,
            [Para(sign, TextStyle(size=8, colour=c.MUTED, align="center"))] * 3,
            [Para(name, small)] * 3,
            [Para(when, small)] * 3,
        ]
        grid = [[row[0], "", row[1], "", row[2]] for row in rows]
        table = c.plain_table(grid, [col, gap, col, gap, col], row_heights=[None, 20 * mm, None, None, None])
        table.setStyle(
            [
                ("LINEBELOW", (0, 1), (0, 1), 0.6, c.RULE),
                ("LINEBELOW", (2, 1), (2, 1), 0.6, c.RULE),
                ("LINEBELOW", (4, 1), (4, 1), 0.6, c.RULE),
                ("LINEBELOW", (0, 3), (0, 4), 0.4, c.RULE),
                ("LINEBELOW", (2, 3), (2, 4), 0.4, c.RULE),
                ("LINEBELOW", (4, 3), (4, 4), 0.4, c.RULE),
                ("TOPPADDING", (0, 3), (-1, 4), 5 * mm),
            ]
        )
        heading = self.heading(N_("Signatures"))
        return [KeepTogether([*heading, Spacer(1, 2 * mm), table])]

    def annex(self) -> list[Flowable]:
        out: list[Flowable] = [
            PageBreak(),
            Para(c.label(N_("Annex: list of participants"), self.mode), c.HEADING),
            Spacer(1, 2 * mm),
        ]
        people = self.d.participants
        if not people:
            return [*out, Para(c.label(N_("None recorded."), self.mode), c.BODY_EN)]
        head: list[Flowable | list[Flowable]] = [
            Para(c.head_label(m, self.mode), c.CELL_HEAD)
            for m in (
                N_("No."),
                N_("Name in Khmer"),
                N_("Name in Latin script"),
                N_("Sex"),
                N_("Organisation"),
                N_("Signed"),
            )
        ]
        rows: list[list[Flowable]] = [head]
        spans: list[tuple[object, ...]] = []
        unnamed = c.label(NOT_NAMED, self.mode)
        for i, p in enumerate(people, start=1):
            # Without consent the person is counted and their organisation shown, never their name.
            if not p.named:
                spans.append(("SPAN", (1, i), (2, i)))
            rows.append(
                [
                    Para(self.num(i), c.CELL_RIGHT),
                    Para(p.name_km if p.named else unnamed, c.CELL),
                    Para(p.name_latin if p.named else "", c.CELL),
                    Para(c.label(p.sex, self.mode), c.CELL),
                    Para(c.cell_text(p.organisation, self.mode), c.CELL),
                    c.Tick() if p.signed else Para("—", c.CELL_CENTER),
                ]
            )
        widths = [10 * mm, 36 * mm, 36 * mm, 20 * mm]
        widths += [WIDTH - sum(widths) - 20 * mm, 20 * mm]
        return [*out, c.table(rows, widths, extra=spans)]
