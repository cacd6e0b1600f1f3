"""What every printed document shares: A4 pages, styles, bilingual labels, tables, the page footer.

The footer carries "Page X of Y" in the document's language (both languages in a bilingual document) and,
for minutes, the fingerprint and a QR code holding the verification code. The page total is known only at
the end, so the canvas keeps each finished page and draws the footers when the document is saved
(`_deferred_canvas`): one layout pass, not two. Every text goes through `text.draw_text_line` or `Para`.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import IO, Any, Literal

import qrcode
import qrcode.constants
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageTemplate, Table, TableStyle

from dialogue_desktop.core.i18n import N_, format_date, format_page_of, format_time, translate_in
from dialogue_desktop.core.printing.data import Bilingual
from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.fonts import REGULAR, register_fonts
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line, measure, wrap_lines

Mode = Literal["km", "en", "both"]
MODES: tuple[Mode, ...] = ("km", "en", "both")

INK = "#000000"
SECOND = "#333333"  # the English text under the Khmer in bilingual documents
MUTED = "#555555"
RULE = colors.HexColor("#444444")
HEAD_FILL = colors.HexColor("#E4E8EE")
WARN = "#B00020"  # overdue: always together with a text marker, never colour alone
WARN_FILL = colors.HexColor("#FBE3E6")

TITLE = TextStyle(size=15, bold=True, align="center")
SUBTITLE = TextStyle(size=12, bold=True, align="center")
HEADING = TextStyle(size=11.5, bold=True)
BODY = TextStyle(size=10)
BODY_EN = TextStyle(size=9.5, colour=SECOND)
CELL = TextStyle(size=8.5)
CELL_EN = TextStyle(size=8, colour=SECOND)
CELL_RIGHT = TextStyle(size=8.5, align="right")
CELL_CENTER = TextStyle(size=8.5, align="center")
CELL_HEAD = TextStyle(size=8, bold=True, align="center")
SMALL = TextStyle(size=7.5, colour=MUTED)

FINGERPRINT = N_("Fingerprint")
CELL_PADDING = 3.5  # points, each side of a table cell


def languages(mode: Mode) -> tuple[str, ...]:
    """The languages a document prints, Khmer first."""
    return ("km", "en") if mode == "both" else (mode,)


def tr(lang: str, msgid: str) -> str:
    """A message in one language (for bilingual documents both are needed at once)."""
    return translate_in(lang, msgid)


def label(msgid: str, mode: Mode, sep: str = " / ") -> str:
    """A label in the document's language; both, Khmer first, in a bilingual document."""
    parts = [tr(lang, msgid) for lang in languages(mode)]
    unique = list(dict.fromkeys(p for p in parts if p))
    return sep.join(unique)


def head_label(msgid: str, mode: Mode) -> str:
    """A table column header: Khmer over English in a bilingual document."""
    return label(msgid, mode, sep="\n")


def date_text(
    d: date | None, mode: Mode, style: Literal["long", "medium", "short"] = "long", sep: str = " / "
) -> str:
    """A date in the document's language(s): Khmer digits and the formal pattern in Khmer."""
    if d is None:
        return ""
    return sep.join(format_date(d, lang, style) for lang in languages(mode))


def time_text(start: time | None, end: time | None, lang: str) -> str:
    """``08:00–12:00`` (Khmer digits in Khmer); one end when only one is known."""
    parts = [format_time(t, lang) for t in (start, end) if t is not None]
    return "–".join(parts)


def page_of(page: int, total: int, mode: Mode) -> str:
    """ "Page X of Y" in the document's language(s)."""
    return " / ".join(format_page_of(page, total, lang) for lang in languages(mode))


def texts(
    value: Bilingual | str, mode: Mode, style: TextStyle = BODY, en_style: TextStyle = BODY_EN
) -> list[Flowable]:
    """Paragraphs of one text: Khmer then English in a bilingual document (a language may be missing)."""
    if isinstance(value, str):
        return [Para(value, style)] if value else []
    if mode != "both":
        shown = value.get(mode)
        return [Para(shown, style if mode == "km" else en_style if style is BODY else style)] if shown else []
    out: list[Flowable] = []
    if value.km:
        out.append(Para(value.km, style))
    if value.en:
        out.append(Para(value.en, en_style))
    return out


def wrap_one(text: str, style: TextStyle, width: float) -> str:
    """The first line of `text` that fits `width`, with "…" when something was left out."""
    lines = wrap_lines(text, style, width)
    if len(lines) <= 1:
        return lines[0] if lines else ""
    return wrap_lines(lines[0], style, width - measure("…", style))[0] + "…"


def cell_text(value: Bilingual, mode: Mode) -> str:
    """A bilingual value in one table cell: Khmer over English (the same text once)."""
    if mode != "both":
        return value.get(mode)
    return "\n".join(dict.fromkeys(t for t in (value.km, value.en) if t))


#: ReportLab selects a cell's font before drawing it, even a paragraph cell that sets its own: without this
#: every page with a table names Helvetica, which is not embedded.
TABLE_FONT: tuple[Any, ...] = ("FONTNAME", (0, 0), (-1, -1), REGULAR)


class SplitTable(Table):
    """A Table that, split between rows, goes on in the next frame.

    ReportLab first splits a long table between rows; the rest (with its repeated header) was then laid
    out again in the space left at the bottom of the same page, split inside its first row, which put a
    second copy of the header half-way down the page. A row is split only when no whole row fits.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        if self._width > availWidth + 1e-6:
            return []
        parts: list[Flowable] = self._splitRows(availHeight, doInRowSplit=0)
        if len(parts) == 2:
            return [parts[0], FrameBreak(), parts[1]]
        if parts or not self.splitInRow:
            return parts
        result: list[Flowable] = self._splitRows(availHeight, doInRowSplit=1)
        return result


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
    row_heights: Sequence[float] | None = None,
    split_in_row: bool = True,
) -> Table:
    """A grid table that repeats its header on every page and lets long cells continue on the next."""
    t = SplitTable(
        [list(r) for r in rows],
        colWidths=list(widths),
        rowHeights=list(row_heights) if row_heights is not None else None,
        repeatRows=header_rows,
        splitInRow=1 if split_in_row else 0,
        hAlign="LEFT",
    )
    style: list[tuple[Any, ...]] = [
        TABLE_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header_rows:
        style += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    t.setStyle(TableStyle(style + list(extra)))
    return t


def plain_table(
    rows: Sequence[Sequence[Any]], widths: Sequence[float], row_heights: Sequence[float | None] | None = None
) -> Table:
    """A borderless layout table (side-by-side columns, label/value lists)."""
    t = Table(
        [list(r) for r in rows],
        colWidths=list(widths),
        rowHeights=list(row_heights) if row_heights is not None else None,
        splitInRow=1,
        hAlign="LEFT",
    )
    t.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return t


class Tick(Flowable):
    """A drawn check mark (the font has none): "yes" in a table cell, in any language."""

    def __init__(self, size: float = 7.0) -> None:
        super().__init__()
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.size + 4

    def draw(self) -> None:
        c, s = self.canv, self.size
        x = (self.width - s) / 2
        c.saveState()
        c.setLineWidth(1.2)
        c.setLineCap(1)
        c.setLineJoin(1)
        path = c.beginPath()
        path.moveTo(x, 2 + s * 0.5)
        path.lineTo(x + s * 0.38, 2 + s * 0.12)
        path.lineTo(x + s, 2 + s * 0.95)
        c.drawPath(path, stroke=1, fill=0)
        c.restoreState()


class OrnamentRule(Flowable):
    """The decorative rule under the national motto: a line, a small diamond and dots in the middle."""

    def __init__(self, width: float = 60 * mm, height: float = 4 * mm) -> None:
        super().__init__()
        self.rule_width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        c = self.canv
        cx, cy = self.width / 2, self.height / 2
        half = self.rule_width / 2
        c.saveState()
        c.setStrokeColor(colors.black)
        c.setFillColor(colors.black)
        c.setLineWidth(0.7)
        c.line(cx - half, cy, cx - 6 * mm, cy)
        c.line(cx + 6 * mm, cy, cx + half, cy)
        c.setLineWidth(0.35)
        c.line(cx - half + 3 * mm, cy - 1.1, cx - 7 * mm, cy - 1.1)
        c.line(cx + 7 * mm, cy - 1.1, cx + half - 3 * mm, cy - 1.1)
        d = 1.9 * mm
        path = c.beginPath()
        path.moveTo(cx, cy + d)
        path.lineTo(cx + d, cy)
        path.lineTo(cx, cy - d)
        path.lineTo(cx - d, cy)
        path.close()
        c.drawPath(path, stroke=1, fill=0)
        c.circle(cx, cy, 0.55 * mm, stroke=0, fill=1)
        for side in (-1, 1):
            c.circle(cx + side * 3.6 * mm, cy, 0.45 * mm, stroke=0, fill=1)
            c.circle(cx + side * 5.0 * mm, cy, 0.3 * mm, stroke=0, fill=1)
        c.restoreState()


# --- pages ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Margins:
    left: float = 18 * mm
    right: float = 18 * mm
    top: float = 16 * mm
    bottom: float = 16 * mm


PageDecorator = Callable[[Canvas, int], None]  # (canvas, page number) -> draws on the page


@dataclass
class Footer:
    """The foot of every page: "Page X of Y", and for minutes the fingerprint and the QR code."""

    mode: Mode
    code: str = ""  # "DD1:<id>:<hash>" or empty
    short: str = ""  # the fingerprint shown as text
    pages: int = field(default=0, init=False)  # set when the document is saved

    QR_SIZE = 17 * mm

    def height(self) -> float:
        """How much of the bottom margin the footer needs."""
        return (self.QR_SIZE + 4 * mm) if self.code else 9 * mm

    def draw(self, canvas: Canvas, page: int, total: int, margins: Margins) -> None:
        width = canvas._pagesize[0]
        base = margins.bottom
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(
            margins.left,
            base + self.height() - 1.5 * mm,
            width - margins.right,
            base + self.height() - 1.5 * mm,
        )
        canvas.restoreState()
        right = width - margins.right
        if not self.code:
            draw_text_line(
                canvas,
                right,
                base + 2 * mm,
                page_of(page, total, self.mode),
                TextStyle(size=8, align="right"),
            )
            return
        qr_x = right - self.QR_SIZE
        _draw_qr(canvas, self.code, qr_x, base, self.QR_SIZE)
        text_right = qr_x - 3 * mm
        draw_text_line(
            canvas,
            text_right,
            base + 12 * mm,
            page_of(page, total, self.mode),
            TextStyle(size=8, align="right"),
        )
        fingerprint = label(FINGERPRINT, self.mode) + ": " + self.short
        draw_text_line(canvas, margins.left, base + 12 * mm, fingerprint, TextStyle(size=8, bold=True))
        check = label(N_("Check this copy against the record with this code"), self.mode)
        draw_text_line(canvas, margins.left, base + 6.5 * mm, check, TextStyle(size=6.5, colour=MUTED))
        draw_text_line(canvas, margins.left, base + 2.5 * mm, self.code, TextStyle(size=5.6, colour=MUTED))


@lru_cache(maxsize=16)
def qr_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code for `value` (error correction M, no quiet zone), dark = True."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(value)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def _draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """The QR code as one PDF form drawn on every page (built once: encoding it costs more than a page)."""
    name = "qr" + hashlib.sha1(value.encode()).hexdigest()[:12]
    if not canvas.hasForm(name):
        matrix = qr_matrix(value)
        module = size / len(matrix)
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=size, uppery=size)
        path = canvas.beginPath()
        for r, row in enumerate(matrix):
            top = size - (r + 1) * module
            c = 0
            while c < len(row):  # one rectangle per run of dark modules in a row
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(start * module, top, (c - start) * module, module)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


_a85_lock = threading.Lock()


def _deferred_canvas(footer: Footer, margins: Margins) -> type[Canvas]:
    """A canvas that holds back finished pages until the total is known, then adds the footers."""

    class DeferredCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            held = self._held
            total = len(held)
            footer.pages = total
            for state in held:
                self.__dict__.update(state)
                footer.draw(self, self._pageNumber, total, margins)
                Canvas.showPage(self)
            # ReportLab wraps compressed streams in ASCII85 by default, in pure Python: a third of the time
            # of a long document, for nothing (binary streams are just as valid). The setting is global, so
            # it is switched off only while writing; a concurrent writer at worst gets binary streams too.
            with _a85_lock:
                saved, rl_config.useA85 = rl_config.useA85, 0
                try:
                    Canvas.save(self)
                finally:
                    rl_config.useA85 = saved

    return DeferredCanvas


def build_pdf(
    target: str | os.PathLike[str] | IO[bytes],
    story: list[Flowable],
    *,
    pagesize: tuple[float, float],
    footer: Footer,
    title: str,
    margins: Margins = Margins(),  # noqa: B008 - frozen
    header: PageDecorator | None = None,
    header_height: float = 0.0,
    bottom_extra: float = 0.0,
) -> int:
    """Lay out `story` on pages with the header and footer; returns the number of pages.

    Deterministic: the same story gives the same bytes (`invariant=1`).
    """
    register_fonts()
    page_w, page_h = pagesize
    bottom = margins.bottom + footer.height() + 2 * mm + bottom_extra
    top = margins.top + header_height
    frame = Frame(
        margins.left, bottom, page_w - margins.left - margins.right, page_h - top - bottom,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )  # fmt: skip
    doc = BaseDocTemplate(
        os.fspath(target) if isinstance(target, os.PathLike) else target,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=top,
        bottomMargin=bottom,
        invariant=1,
        # Each page starts by selecting a font; ReportLab's default, Helvetica, is not embedded (printers and
        # archival checks flag a PDF naming a font it does not carry), so the page starts with ours.
        initialFontName=REGULAR,
        title=title,
        creator="Dialogue Desktop",
        author="Dialogue Desktop",
    )

    def on_page(canvas: Canvas, _doc: Any) -> None:
        if header is not None:
            header(canvas, canvas.getPageNumber())

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(story, canvasmaker=_deferred_canvas(footer, margins))
    return footer.pages


def frame_width(pagesize: tuple[float, float], margins: Margins = Margins()) -> float:  # noqa: B008
    """The width of the text frame."""
    return pagesize[0] - margins.left - margins.right
