"""HarfBuzz shaping of one line of text, cached.

A line is first split into script runs (Khmer / everything else): shaping a mixed line as one buffer
lets HarfBuzz guess a single script, and "Attendance / កម្ពុជា" guessed as Latin skips the Khmer shaper
(wrong subscripts and vowel order). Spaces, digits and punctuation join the run before them.

Runs are shaped in font units (HarfBuzz's default scale = units per em) so one cached result serves
every font size; callers scale by ``size / upem``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from dialogue_desktop.core.printing.fonts import get_face

# Zero-width space and the other default ignorables are removed from the output: they may change
# shaping, but never leave a glyph (ReportLab defect 3 prints ZWSP as a full space).
_FLAGS = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES


@dataclass(frozen=True, slots=True)
class ShapedRun:
    """HarfBuzz output for one run, in font units."""

    gids: tuple[int, ...]
    clusters: tuple[int, ...]  # index into the shaped text of each glyph's cluster
    x_advance: tuple[int, ...]
    x_offset: tuple[int, ...]
    y_offset: tuple[int, ...]
    width: int  # sum of x advances


def is_khmer(ch: str) -> bool:
    """True for characters of the Khmer and Khmer Symbols blocks."""
    return "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff"


def _script_class(ch: str) -> int:
    """1 = Khmer, 2 = another script's letter or mark, 0 = common (spaces, digits, punctuation)."""
    if is_khmer(ch):
        return 1
    return 2 if unicodedata.category(ch)[0] in "LM" else 0


def script_runs(text: str) -> list[tuple[int, int, bool]]:
    """Split ``text`` into (start, end, is_khmer) runs; common characters join the preceding run."""
    runs: list[tuple[int, int, bool]] = []
    start = 0
    current = 0
    for i, ch in enumerate(text):
        cls = _script_class(ch)
        if cls == 0 or cls == current:
            continue
        if current and i > start:
            runs.append((start, i, current == 1))
            start = i
        current = cls
    if text:
        runs.append((start, len(text), current == 1))
    return runs


@lru_cache(maxsize=20000)
def shape(text: str, bold: bool = False) -> ShapedRun:
    """Shape ``text`` (one line, logical order) with the face that is embedded in the PDF."""
    font = get_face(bold).hb_font
    gids: list[int] = []
    clusters: list[int] = []
    x_adv: list[int] = []
    x_off: list[int] = []
    y_off: list[int] = []
    for start, end, khmer in script_runs(text):
        buf = hb.Buffer()
        buf.add_str(text[start:end])
        buf.guess_segment_properties()
        if khmer:
            buf.script = "Khmr"
            buf.language = "km"
        buf.flags = _FLAGS
        hb.shape(font, buf, {})
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            gids.append(info.codepoint)
            clusters.append(info.cluster + start)
            x_adv.append(pos.x_advance)
            x_off.append(pos.x_offset)
            y_off.append(pos.y_offset)
    return ShapedRun(
        gids=tuple(gids),
        clusters=tuple(clusters),
        x_advance=tuple(x_adv),
        x_offset=tuple(x_off),
        y_offset=tuple(y_off),
        width=sum(x_adv),
    )
