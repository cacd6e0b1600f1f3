"""Every corpus line is drawn with exactly HarfBuzz's glyphs and positions for the embedded font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont as FTFont
from reportlab.pdfgen.canvas import Canvas

from dialogue_desktop.core.printing.fonts import get_face
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line, record_drawing

SIZE = 11.0
TOL = 0.01  # points

_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")


def _kind(ch: str) -> str:
    if _KHMER.match(ch):
        return "khmer"
    return "other" if ch.isalpha() else ""


def reference(text: str, bold: bool) -> list[tuple[int, float, float]]:
    """HarfBuzz's (gid, x, y) for ``text`` at SIZE, straight from uharfbuzz and the static font file.

    Written independently of the code under test: a line with no non-Khmer letters is shaped as one
    buffer; a mixed line is split where the script of letters changes (other characters stay with the
    letters before them) and each piece is shaped with its own script.
    """
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(get_face(bold).path))))
    scale = SIZE / font.face.upem
    pieces: list[str] = []
    current = ""
    for ch in text:
        kind = _kind(ch)
        if pieces and kind and kind != current and current:
            pieces.append("")
        if not pieces:
            pieces.append("")
        if kind:
            current = kind
        pieces[-1] += ch
    out: list[tuple[int, float, float]] = []
    pen = 0
    for piece in pieces:
        buf = hb.Buffer()
        buf.add_str(piece)
        buf.guess_segment_properties()
        buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
        hb.shape(font, buf, {})
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            out.append((info.codepoint, (pen + pos.x_offset) * scale, pos.y_offset * scale))
            pen += pos.x_advance
    return out


def _draw_corpus(corpus: list[str], path: Path, bold: bool) -> list:
    canvas = Canvas(str(path), invariant=1, pageCompression=0)
    style = TextStyle(size=SIZE, bold=bold)
    y = 800.0
    with record_drawing() as lines:
        for line in corpus:
            if y < 40:
                canvas.showPage()
                y = 800.0
            draw_text_line(canvas, 30, y, line, style)
            y -= 20
    canvas.save()
    return lines


@pytest.mark.parametrize("bold", [False, True])
def test_recorded_glyphs_equal_harfbuzz(corpus: list[str], tmp_path: Path, bold: bool) -> None:
    assert len(corpus) >= 200
    lines = _draw_corpus(corpus, tmp_path / "corpus.pdf", bold)
    assert [ln.text for ln in lines] == corpus
    for line in lines:
        ref = reference(line.text, bold)
        got = [(g.gid, g.x - line.x, g.y - line.y) for g in line.glyphs]
        assert [g for g, _, _ in got] == [g for g, _, _ in ref], line.text
        for (_, x, y), (_, rx, ry) in zip(got, ref, strict=True):
            assert abs(x - rx) < TOL and abs(y - ry) < TOL, line.text
        assert all(g.gid != 0 for g in line.glyphs), f".notdef in {line.text!r}"


def test_pdf_content_stream_matches_harfbuzz(corpus: list[str], tmp_path: Path, pdf_reader) -> None:
    """Read glyphs back from the PDF itself: codes -> ToUnicode -> glyph id, positions from TJ/Ts/Tm."""
    path = tmp_path / "corpus.pdf"
    _draw_corpus(corpus, path, bold=False)
    doc = pdf_reader(path)
    face = get_face(False)
    char_to_gid = face.ttfont.face.charToGlyph
    assert doc.spans == [line.replace("\u200b", "") for line in corpus]  # one ActualText span per line
    by_span: dict[int, list] = {}
    for g in doc.glyphs:
        by_span.setdefault(g.span, []).append(g)
    y = 800.0
    page = 1
    for i, text in enumerate(corpus):
        if y < 40:
            page += 1
            y = 800.0
        drawn = by_span[i]
        ref = reference(text, False)
        assert [char_to_gid.get(g.unicode, 0) for g in drawn] == [gid for gid, _, _ in ref], text
        for g, (_, rx, ry) in zip(drawn, ref, strict=True):
            assert g.page == page and "NotoSansKhmer-Regular" in g.base_font
            assert abs(g.x - (30 + rx)) < TOL and abs(g.y - (y + ry)) < TOL, text
        y -= 20


def test_embedded_subsets_hold_the_shaped_outlines(corpus: list[str], tmp_path: Path, pdf_reader) -> None:
    """The glyph behind each (subset, code) in the PDF has the outline of HarfBuzz's glyph id."""
    import io

    path = tmp_path / "corpus.pdf"
    _draw_corpus(corpus[:60], path, bold=False)
    doc = pdf_reader(path)
    face = get_face(False)
    original = FTFont(str(face.path))
    orig_glyf = original["glyf"]
    orig_order = original.getGlyphOrder()
    subsets = {name: FTFont(io.BytesIO(data)) for name, data in doc.font_files.items() if data}
    checked = 0
    for g in doc.glyphs:
        sub = subsets[g.font]
        cmap = sub["cmap"].getcmap(1, 0) or sub["cmap"].getcmap(3, 0)
        sub_name = cmap.cmap[g.code]
        gid = face.ttfont.face.charToGlyph[g.unicode]
        a = sub["glyf"][sub_name]
        b = orig_glyf[orig_order[gid]]
        if a.isComposite() or b.isComposite():
            assert [c.glyphName for c in a.components] != [] and len(a.components) == len(b.components)
        else:
            ca = a.getCoordinates(sub["glyf"])[0] if a.numberOfContours else []
            cb = b.getCoordinates(orig_glyf)[0] if b.numberOfContours else []
            assert list(ca) == list(cb), (g, orig_order[gid])
        checked += 1
    assert checked > 500
