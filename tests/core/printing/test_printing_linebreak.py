"""Line breaking: clusters stay whole, spaces/ZWSP/word boundaries are preferred, ZWSP is never drawn."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from tests.pdf_tools import pdf_text

from dialogue_desktop.core.printing.fonts import get_face
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line, measure, record_drawing, wrap_lines

STYLE = TextStyle(size=10)
ZWSP = "\u200b"
COENG = "\u17d2"
# Written out here rather than imported: every Khmer dependent vowel and sign (U+17B4–U+17D3, U+17DD).
DEPENDENT = {chr(c) for c in range(0x17B4, 0x17D4)} | {"\u17dd"}
CONSONANTS = [chr(c) for c in range(0x1780, 0x17A3)]
INDEPENDENT = [chr(c) for c in range(0x17A5, 0x17B4)]


def _assert_consecutive(text: str, lines: list[str]) -> list[int]:
    """Lines are consecutive pieces of ``text``; only spaces/ZWSPs are dropped between them."""
    text = unicodedata.normalize("NFC", text)
    pos = 0
    starts = []
    for line in lines:
        while not text.startswith(line, pos):
            assert text[pos] in (" ", ZWSP), (text, lines)
            pos += 1
        starts.append(pos)
        pos += len(line)
    assert set(text[pos:]) <= {" ", ZWSP}
    return starts


khmer_syllable = st.builds(
    lambda base, subs, vowel, sign: base + "".join(COENG + s for s in subs) + vowel + sign,
    st.sampled_from(CONSONANTS + INDEPENDENT),
    st.lists(st.sampled_from(CONSONANTS), max_size=2),
    st.sampled_from([""] + [chr(c) for c in range(0x17B6, 0x17C6)]),
    st.sampled_from(["", "\u17c6", "\u17c7", "\u17c9", "\u17ca", "\u17cb", "\u17cc", "\u17cd"]),
)
khmer_text = st.lists(
    st.one_of(
        khmer_syllable, khmer_syllable, khmer_syllable, st.sampled_from([" ", ZWSP, "AB", "៣០%", "(30"])
    ),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=khmer_text, width=st.floats(min_value=8, max_value=200))
def test_never_splits_a_cluster(text: str, width: float) -> None:
    lines = wrap_lines(text, STYLE, width)
    starts = _assert_consecutive(text, lines)
    for line, start in zip(lines, starts, strict=True):
        if start == 0:
            continue
        assert line[:1] not in DEPENDENT, (text, lines)
        assert text[start - 1] != COENG, (text, lines)
        assert not line.startswith(COENG)
        # Several clusters on a line must fit; a single cluster may be wider than the column.
        if measure(line, STYLE) > width + 1e-6:
            assert len(wrap_lines(line, STYLE, width)) == 1


def test_breaks_at_spaces_before_anything_else() -> None:
    text = "ខេត្តកំពង់ចាម ខេត្តសៀមរាប ខេត្តរតនគិរី"
    width = measure("ខេត្តកំពង់ចាម ខេត្តសៀមរាប", STYLE) + 1
    assert wrap_lines(text, STYLE, width) == ["ខេត្តកំពង់ចាម ខេត្តសៀមរាប", "ខេត្តរតនគិរី"]


def test_zwsp_is_a_break_opportunity_and_is_dropped() -> None:
    text = ZWSP.join(["ឈ្មោះ", "អ្នក", "ចូលរួម", "ទាំង", "អស់"])
    width = measure("ឈ្មោះអ្នកចូលរួម", STYLE) + 0.5
    lines = wrap_lines(text, STYLE, width)
    assert lines[0] == "ឈ្មោះ\u200bអ្នក\u200bចូលរួម"
    assert lines[1] == "ទាំង\u200bអស់"
    assert measure(ZWSP, STYLE) == 0


def test_khmer_word_boundaries_used_for_unspaced_text() -> None:
    text = "កិច្ចប្រជុំពិគ្រោះយោបល់ថ្នាក់ខេត្តកំពង់ចាម"
    width = measure("កិច្ចប្រជុំពិគ្រោះយោបល់", STYLE) + 2
    lines = wrap_lines(text, STYLE, width)
    words = {"កិច្ចប្រជុំ", "ពិគ្រោះ", "យោបល់", "ពិគ្រោះយោបល់", "ថ្នាក់", "ខេត្ត", "កំពង់ចាម"}
    # every line is a sequence of whole words
    for line in lines:
        rest = line
        while rest:
            word = next((w for w in sorted(words, key=len, reverse=True) if rest.startswith(w)), None)
            assert word, (line, lines)
            rest = rest[len(word) :]
    assert lines[0] == "កិច្ចប្រជុំពិគ្រោះយោបល់"


def test_punctuation_and_numbers_stay_attached() -> None:
    text = "ចំណុចសំខាន់ៗ ថ្ងៃផុតកំណត់៖ ៣១ ធ្នូ ២០២៥។"
    for width in range(20, 200, 7):
        for line in wrap_lines(text, STYLE, width):
            assert line[:1] not in ("ៗ", "៖", "។")


def test_unbreakable_run_is_split_at_clusters_and_each_part_shaped() -> None:
    text = "ព្រះរាជាណាចក្រកម្ពុជា" * 3
    lines = wrap_lines(text, STYLE, 40)
    assert len(lines) > 3 and "".join(lines) == text
    for line in lines:
        assert measure(line, STYLE) <= 40 + 1e-6


def test_newlines_make_paragraphs() -> None:
    assert wrap_lines("ក\n\nខ", STYLE, 100) == ["ក", "", "ខ"]


def test_nfc_normalisation() -> None:
    assert wrap_lines("e\u0301", STYLE, 100) == ["\u00e9"]


def test_zwsp_never_drawn_nor_copied_as_space(tmp_path: Path) -> None:
    text = ZWSP.join(["ឈ្មោះ", "អ្នក", "ចូលរួម", "ទាំង", "អស់"])
    path = tmp_path / "zwsp.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    face = get_face(False)
    space_gid = face.ttfont.face.charToGlyph[0x20]
    zwsp_gid = face.ttfont.face.charToGlyph.get(0x200B, -1)
    with record_drawing() as drawn:
        draw_text_line(canvas, 50, 700, text, STYLE)
        for i, line in enumerate(wrap_lines(text, STYLE, 60)):
            draw_text_line(canvas, 50, 650 - 20 * i, line, STYLE)
    canvas.save()
    for line in drawn:
        for g in line.glyphs:
            assert g.gid not in (space_gid, zwsp_gid, 0)
            assert line.text[g.cluster] != ZWSP
    out = pdf_text(path)
    assert "ឈ្មោះអ្នកចូលរួមទាំងអស់" in out
    assert " " not in out.splitlines()[0] and ZWSP not in out


@pytest.mark.parametrize("width", [60, 90, 130])
def test_defect1_no_leaked_rise(tmp_path: Path, pdf_reader, width: float) -> None:
    """ReportLab defect 1: after "កម្ពុជា" text stayed raised. Every line's base glyphs sit on its baseline."""
    from reportlab.platypus import Frame

    from dialogue_desktop.core.printing.flowables import Para

    text = "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ"
    style = TextStyle(size=12)
    path = tmp_path / "defect1.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
    frame = Frame(50, 100, width + 12, 600, showBoundary=0)
    para = Para(text, style)
    with record_drawing() as drawn:
        frame.addFromList([para], canvas)
    canvas.save()
    assert len(drawn) >= 2
    top = 100 + 600 - 6  # frame top minus its default 6 pt padding
    for i, line in enumerate(drawn):
        assert line.y == pytest.approx(top - i * style.line_height - style.baseline_offset, abs=1e-6)
    baselines = [line.y for line in drawn]
    # From the PDF: glyphs HarfBuzz leaves on the baseline (no y offset) are drawn exactly on it.
    doc = pdf_reader(path)
    for line, base in zip(drawn, baselines, strict=True):
        pdf = [g for g in doc.glyphs if g.span == drawn.index(line)]
        assert len(pdf) == len(line.glyphs)
        for rec, g in zip(line.glyphs, pdf, strict=True):
            assert g.y == pytest.approx(rec.y, abs=0.01)
        on_base = [g for rec, g in zip(line.glyphs, pdf, strict=True) if rec.y == base]
        assert on_base and all(abs(g.y - base) < 0.01 for g in on_base)
