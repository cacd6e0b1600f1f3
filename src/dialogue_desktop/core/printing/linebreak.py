"""Line breaking for Khmer/Latin text.

Break opportunities, best first:
1. after spaces and zero-width spaces (U+200B, the usual Khmer word separator; neither is drawn at a
   line end, and ZWSP is never drawn at all);
2. Khmer word boundaries found by khmercut, looked for only inside a space-free run that overflows
   (Khmer writes no spaces between words; segmenting costs ~1 ms per run, so it is lazy and cached);
3. as a last resort, grapheme cluster boundaries, for a run wider than the whole line.

A break never falls inside a cluster: not after a coeng (U+17D2), not before a dependent vowel or sign
(every Khmer one is a combining mark), and only where HarfBuzz starts a cluster too.
Widths come from shaping the whole paragraph once: the advance of a character range is the sum of the
advances of the glyphs whose cluster lies in it (Khmer shaping does not reach across a break).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

from dialogue_desktop.core.printing.shaping import ShapedRun, is_khmer

ZWSP = "\u200b"
COENG = "\u17d2"
BREAK_SPACES = frozenset(" \u200b")
# Khmer punctuation that must not start a line: ។ ៕ ៖ ៗ ៚
_NO_BREAK_BEFORE = frozenset("\u17d4\u17d5\u17d6\u17d7\u17da")
_JOINERS = frozenset("\u200c\u200d")


def _extends(ch: str) -> bool:
    """A character that belongs to the cluster before it (marks, joiners, variation selectors)."""
    return unicodedata.category(ch)[0] == "M" or ch in _JOINERS or "\ufe00" <= ch <= "\ufe0f"


def is_cluster_boundary(text: str, i: int) -> bool:
    """True when a line may end between ``text[i-1]`` and ``text[i]`` without splitting a cluster."""
    if i <= 0 or i >= len(text):
        return True
    prev = text[i - 1]
    if prev == COENG or prev == "\u200d":
        return False
    return not _extends(text[i])


@lru_cache(maxsize=4096)
def _khmer_word_starts(run: str) -> tuple[int, ...]:
    """Offsets inside a Khmer-only ``run`` where khmercut starts a new word (excluding 0)."""
    import khmercut  # lazy: loading the CRF model costs ~0.1 s

    starts: list[int] = []
    pos = 0
    for token in khmercut.tokenize(run):
        pos += len(token)
        starts.append(pos)
    return tuple(p for p in starts[:-1])


def khmer_word_breaks(text: str, start: int, end: int) -> list[int]:
    """Word-boundary break positions strictly inside ``text[start:end]`` (a run without spaces)."""
    result: list[int] = []
    i = start
    while i < end:
        if not is_khmer(text[i]):
            i += 1
            continue
        j = i
        while j < end and is_khmer(text[j]):
            j += 1
        if j - i > 1:
            for off in _khmer_word_starts(text[i:j]):
                p = i + off
                a, b = text[p - 1], text[p]
                if b in _NO_BREAK_BEFORE or (a.isdigit() and b.isdigit()):
                    continue
                if is_cluster_boundary(text, p):
                    result.append(p)
        i = j
    return result


def advance_prefix(text: str, run: ShapedRun) -> list[int]:
    """``cum[i]`` = total advance (font units) of the glyphs whose cluster starts before index ``i``."""
    per_char = [0] * (len(text) + 1)
    for cluster, adv in zip(run.clusters, run.x_advance, strict=True):
        per_char[cluster] += adv
    cum = [0] * (len(text) + 1)
    total = 0
    for i in range(len(text)):
        total += per_char[i]
        cum[i + 1] = total
    return cum


def break_paragraph(
    text: str,
    run: ShapedRun,
    budget: float,
    exact_width: Callable[[str], float],
) -> list[str]:
    """Break one paragraph (no newlines) into lines no wider than ``budget`` (font units).

    ``run`` is the paragraph shaped as a whole; ``exact_width`` shapes a candidate line on its own, to
    confirm the estimate before a line is accepted.
    """
    n = len(text)
    if n == 0:
        return [""]
    cum = advance_prefix(text, run)
    hb_starts = set(run.clusters)

    def can_split(p: int) -> bool:
        return p in hb_starts and is_cluster_boundary(text, p) and text[p] not in _NO_BREAK_BEFORE

    lines: list[str] = []
    start = 0
    while start < n:
        limit = budget
        prev_end = -1
        while True:
            end, nxt = _next_line(text, cum, start, limit, can_split)
            line = text[start:end]
            # The estimate ignores kerning across a break and a run's script at the line start; if the
            # line shaped alone is wider, ask for a strictly shorter line (unless it is already minimal).
            if end == prev_end or exact_width(line) <= budget + 1e-6:
                break
            prev_end = end
            limit = min(limit, cum[end] - cum[start] - 1e-3)
        lines.append(line)
        start = nxt
    return lines


def _piece_end(text: str, pos: int) -> tuple[int, int]:
    """From ``pos``: end of the next space-free run, and the index after the spaces that follow it."""
    n = len(text)
    c = pos
    while c < n and text[c] not in BREAK_SPACES:
        c += 1
    b = c
    while b < n and text[b] in BREAK_SPACES:
        b += 1
    return c, b


def _next_line(
    text: str, cum: list[int], start: int, budget: float, can_split: Callable[[int], bool]
) -> tuple[int, int]:
    """Greedy choice of one line from ``start``: (end of the drawn text, start of the next line)."""
    n = len(text)
    base = cum[start]
    best: tuple[int, int] | None = None
    pos = start
    while pos < n:
        core_end, after = _piece_end(text, pos)
        if cum[core_end] - base <= budget:
            best = (core_end, after)
            pos = after
            continue
        # This run overflows: fill the line up to the last Khmer word boundary that fits.
        fitting = [
            p for p in khmer_word_breaks(text, pos, core_end) if cum[p] - base <= budget and can_split(p)
        ]
        if fitting:
            return fitting[-1], fitting[-1]
        if best is not None and best[0] > start:
            return best
        # Nothing fits on this line: cut at the last cluster boundary that fits (at least one cluster).
        cut = None
        for p in range(pos + 1, core_end):
            if can_split(p):
                if cum[p] - base > budget and cut is not None:
                    break
                cut = p
                if cum[p] - base > budget:
                    break
        if cut is None:
            return core_end, after
        return cut, cut
    assert best is not None
    return best
