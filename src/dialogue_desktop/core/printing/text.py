"""Measure, wrap and draw Khmer/Latin text on a ReportLab canvas.

Every line is shaped by HarfBuzz (``shaping.shape``) and drawn with exactly those glyph ids and
positions, through ReportLab's TrueType subset encoding (each glyph id has a code point; ReportLab maps
code points to (subset, byte) and embeds the subsets). We never use ReportLab's ``shaping=1`` paths:
see docs/khmer-printing-design.md for the defects that avoids.

A line becomes, inside ``q … Q``::

    /Span <</ActualText <FEFF…>>> BDC BT 0 Tc 0 Tw 100 Tz 0 Tr 0 Ts 1 0 0 1 x y Tm /F1+0 10 Tf
    [<0102> 12.5 <03>] TJ -2.6 Ts [<04>] TJ 0 Ts … ET EMC

TJ numbers carry HarfBuzz's advances and x offsets where they differ from the font's widths; a y offset
gets an explicit ``Ts`` that is set back to 0 before the next glyph at the baseline, so no rise leaks
(ReportLab defect 1). ``ActualText`` makes copy and search return the original Unicode.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from dialogue_desktop.core.printing import linebreak
from dialogue_desktop.core.printing.fonts import FontFace, get_face
from dialogue_desktop.core.printing.shaping import shape

Align = Literal["left", "center", "right"]

# Khmer needs a taller line than Latin: over the test corpus, ink reaches 1.07 em above the baseline
# (signs over tall vowels) and 0.55 em below it (coeng stacks with ុ). The line box keeps 1.1 em above
# and 0.6 em below the baseline, scaled proportionally when a style sets a different leading.
DEFAULT_LEADING = 1.7
BELOW_BASELINE = 0.6 / 1.7


@dataclass(frozen=True)
class TextStyle:
    """How a piece of text looks. ``leading`` defaults to ``DEFAULT_LEADING`` × ``size``."""

    size: float = 10.0
    bold: bool = False
    leading: float | None = None
    colour: str = "#000000"  # anything reportlab.lib.colors.toColor accepts
    align: Align = "left"

    @property
    def line_height(self) -> float:
        """Distance between baselines, in points."""
        return self.leading if self.leading is not None else DEFAULT_LEADING * self.size

    @property
    def baseline_offset(self) -> float:
        """Distance from the top of a line box to its baseline, in points."""
        return self.line_height * (1 - BELOW_BASELINE)


@dataclass(frozen=True, slots=True)
class DrawnGlyph:
    """One glyph as drawn: glyph id, pen position (points, page space) and its character index."""

    gid: int
    x: float
    y: float
    cluster: int


@dataclass(frozen=True)
class DrawnLine:
    """One line as drawn by ``draw_text_line`` (positions in page space, for tests)."""

    text: str
    font: str
    size: float
    page: int
    x: float
    y: float
    width: float
    glyphs: tuple[DrawnGlyph, ...] = field(repr=False)


_recorders: list[list[DrawnLine]] = []


@contextmanager
def record_drawing() -> Iterator[list[DrawnLine]]:
    """Collect every line drawn inside the ``with`` block (a test hook; costs nothing when unused)."""
    lines: list[DrawnLine] = []
    _recorders.append(lines)
    try:
        yield lines
    finally:
        _recorders.remove(lines)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def measure(text: str, style: TextStyle) -> float:
    """Width in points of ``text`` drawn as one line (trailing spaces included, ZWSP width 0)."""
    face = get_face(style.bold)
    return shape(_clean(text), style.bold).width * style.size / face.upem


def wrap_lines(text: str, style: TextStyle, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points (see ``linebreak`` for the rules).

    Newlines end paragraphs; an empty paragraph gives an empty line. Spaces and ZWSPs at a break are
    dropped. A single cluster wider than ``width`` still gets a line of its own.
    """
    return list(_wrap_cached(_clean(text), style.bold, style.size, width))


@lru_cache(maxsize=4096)
def _wrap_cached(text: str, bold: bool, size: float, width: float) -> tuple[str, ...]:
    upem = get_face(bold).upem
    budget = width * upem / size
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(
            linebreak.break_paragraph(para, shape(para, bold), budget, lambda s: shape(s, bold).width)
        )
    return tuple(lines)


def _num(v: float) -> str:
    """PDF number: at most 3 decimals, no exponent, no trailing zeros."""
    r = round(v, 3)
    return str(int(r)) if r == int(r) else f"{r:.3f}".rstrip("0")


@dataclass(frozen=True, slots=True)
class _Program:
    """The document-independent part of drawing a line, cached per (text, bold)."""

    chars: str  # one code point per glyph: how ReportLab's subset encoding knows the glyph
    adjust: tuple[str | None, ...]  # TJ number to put before each glyph (1/1000 em), if any
    rise: tuple[int, ...]  # HarfBuzz y offset of each glyph, font units
    actual_text: str  # the line as a PDF UTF-16 hex string, ZWSPs left out


@lru_cache(maxsize=20000)
def _program(text: str, bold: bool) -> _Program:
    face = get_face(bold)
    run = shape(text, bold)
    to_thousandths = 1000.0 / face.upem
    pdf_width = face.pdf_width
    adjust: list[str | None] = []
    pdf_pen = 0.0  # where the PDF text cursor is, in 1/1000 em from the line origin
    hb_pen = 0  # HarfBuzz pen, font units
    for gid, adv, xo in zip(run.gids, run.x_advance, run.x_offset, strict=True):
        want = (hb_pen + xo) * to_thousandths
        adj = round(pdf_pen - want, 3)  # a TJ number n moves the cursor by -n/1000 em
        if adj:
            adjust.append(_num(adj))
            pdf_pen -= adj
        else:
            adjust.append(None)
        pdf_pen += pdf_width[gid]  # the viewer advances by the /Widths entry of the glyph
        hb_pen += adv
    actual = text.replace(linebreak.ZWSP, "")
    return _Program(
        chars="".join([chr(face.gid_char[g]) for g in run.gids]),
        adjust=tuple(adjust),
        rise=run.y_offset,
        actual_text="<FEFF" + actual.encode("utf-16-be").hex().upper() + ">",
    )


@lru_cache(maxsize=64)
def _fill(colour: str) -> str:
    c = colors.toColor(colour)
    return f"{_num(c.red)} {_num(c.green)} {_num(c.blue)} rg"


def draw_text_line(canvas: Canvas, x: float, y: float, text: str, style: TextStyle) -> float:
    """Draw ``text`` as one shaped line with its baseline at ``y``; returns its width in points.

    ``x`` is the left end, the centre or the right end of the line for ``style.align`` left, center and
    right. Newlines are drawn as nothing; wrap first with ``wrap_lines``.
    """
    text = _clean(text).replace("\n", "")
    face = get_face(style.bold)
    run = shape(text, style.bold)
    size = style.size
    width = run.width * size / face.upem
    if style.align == "center":
        x -= width / 2
    elif style.align == "right":
        x -= width
    if run.gids:
        canvas.addLiteral(
            _line_ops(canvas, face, _program(text, style.bold), x, y, size, _fill(style.colour))
        )
        if _recorders:
            _record(canvas, face, text, x, y, size, width, style.bold)
    return width


def _line_ops(
    canvas: Canvas, face: FontFace, prog: _Program, x: float, y: float, size: float, fill: str
) -> str:
    doc = canvas._doc
    tt = face.ttfont
    # ReportLab assigns each code point a (subset, byte) for this document and embeds the subsets.
    codes = [(sub, b) for sub, chunk in tt.splitString(prog.chars, doc) for b in chunk]
    rise_scale = size / face.upem
    size_s = _num(size)
    # q/Q keeps the fill colour and text state local; the explicit resets guard against a Tc/Tw/Tz/Tr/Ts
    # left behind by other code (text state survives BT/ET).
    out = [
        f"q {fill} /Span <</ActualText {prog.actual_text}>> BDC BT 0 Tc 0 Tw 100 Tz 0 Tr 0 Ts "
        f"1 0 0 1 {_num(x)} {_num(y)} Tm"
    ]
    items: list[str] = []  # pieces of the current TJ array
    hexrun = bytearray()  # glyph bytes not yet closed into a <…> string
    cur_sub = -1
    cur_rise = 0
    for (sub, code), adj, rise in zip(codes, prog.adjust, prog.rise, strict=True):
        if sub != cur_sub or rise != cur_rise:
            if hexrun:
                items.append(f"<{hexrun.hex()}>")
                hexrun.clear()
            if items:
                out.append(f"[{' '.join(items)}] TJ")
                items.clear()
            if sub != cur_sub:
                out.append(f"{tt.getSubsetInternalName(sub, doc)} {size_s} Tf")
                cur_sub = sub
            if rise != cur_rise:
                out.append(f"{_num(rise * rise_scale)} Ts")
                cur_rise = rise
        if adj is not None:
            if hexrun:
                items.append(f"<{hexrun.hex()}>")
                hexrun.clear()
            items.append(adj)
        hexrun.append(code)
    if hexrun:
        items.append(f"<{hexrun.hex()}>")
    if items:
        out.append(f"[{' '.join(items)}] TJ")
    if cur_rise:
        out.append("0 Ts")
    out.append("ET EMC Q")
    return "\n".join(out)


def _record(
    canvas: Canvas, face: FontFace, text: str, x: float, y: float, size: float, width: float, bold: bool
) -> None:
    run = shape(text, bold)
    a, b, c, d, e, f = canvas._currentMatrix
    scale = size / face.upem

    def page(px: float, py: float) -> tuple[float, float]:
        return a * px + c * py + e, b * px + d * py + f

    glyphs = []
    pen = 0
    for gid, cl, adv, xo, yo in zip(
        run.gids, run.clusters, run.x_advance, run.x_offset, run.y_offset, strict=True
    ):
        gx, gy = page(x + (pen + xo) * scale, y + yo * scale)
        glyphs.append(DrawnGlyph(gid, gx, gy, cl))
        pen += adv
    ox, oy = page(x, y)
    line = DrawnLine(text, face.name, size, canvas.getPageNumber(), ox, oy, width, tuple(glyphs))
    for rec in _recorders:
        rec.append(line)
