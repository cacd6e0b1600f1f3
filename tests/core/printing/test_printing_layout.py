"""Documents built with Para: tables, frames, page splits, rendering, determinism and the text layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
from tests.pdf_tools import assert_ink_inside, pdf_text, render_pages

from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.fonts import get_face
from dialogue_desktop.core.printing.text import TextStyle, record_drawing

MARGIN = 20 * mm
LONG_KM = (
    "កិច្ចប្រជុំពិគ្រោះយោបល់ថ្នាក់ខេត្តកំពង់ចាម បានពិភាក្សាអំពីតម្រូវការរបស់សហគមន៍ "
    "ការអប់រំ សុខាភិបាល ដីធ្លី បរិស្ថាន ទឹកស្អាត ផ្លូវជនបទ ប្រព័ន្ធធារាសាស្ត្រ "
    "និងការតាមដានការអនុវត្ត និងការត្រួតពិនិត្យរបស់មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្ត។"
)


def _glyph_box(gid: int, x: float, y: float, bold: bool, size: float) -> tuple[float, float, float, float]:
    face = get_face(bold)
    ext = face.hb_font.get_glyph_extents(gid)
    s = size / face.upem
    x0, x1 = x + ext.x_bearing * s, x + (ext.x_bearing + ext.width) * s
    y1, y0 = y + ext.y_bearing * s, y + (ext.y_bearing + ext.height) * s
    return x0, y0, x1, y1


def _build(path: Path, rows: int = 40, col: float = 35 * mm) -> None:
    head = TextStyle(size=9, bold=True, align="center")
    body = TextStyle(size=9)
    data = [[Para("ល.រ", head), Para("សកម្មភាព / Action", head), Para("អ្នកទទួលខុសត្រូវ", head)]]
    for i in range(1, rows + 1):
        num = str(i).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
        data.append(
            [
                Para(num, TextStyle(size=9, align="right")),
                Para(LONG_KM, body),
                Para(f"Responsible {i} / មន្ទីរ", body),
            ]
        )
    table = Table(data, colWidths=[12 * mm, col, 40 * mm], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#444444"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
        title="test",
    )
    doc.build([Para("កំណត់ហេតុកិច្ចប្រជុំ — Minutes", TextStyle(size=16, bold=True)), table])


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("table") / "table.pdf"
    with record_drawing() as drawn:
        _build(path)
    return path, drawn


def test_table_splits_across_pages_and_repeats_header(table_pdf: tuple[Path, list]) -> None:
    _, drawn = table_pdf
    pages = sorted({line.page for line in drawn})
    assert len(pages) >= 3
    for page in pages:
        assert any(line.text == "អ្នកទទួលខុសត្រូវ" for line in drawn if line.page == page)


def test_glyphs_stay_inside_cells_and_frame(table_pdf: tuple[Path, list]) -> None:
    _, drawn = table_pdf
    width, height = A4
    table_left = (width - (12 * mm + 35 * mm + 40 * mm)) / 2  # SimpleDocTemplate centres the table
    col_left, col_right = table_left + 12 * mm, table_left + 47 * mm
    long_lines = 0
    for line in drawn:
        bold = line.font.endswith("Bold")
        for g in line.glyphs:
            x0, y0, x1, y1 = _glyph_box(g.gid, g.x, g.y, bold, line.size)
            assert x0 >= MARGIN - 0.01 and x1 <= width - MARGIN + 0.01, line.text
            assert y0 >= MARGIN - 0.01 and y1 <= height - MARGIN + 0.01, line.text
            if LONG_KM.find(line.text) >= 0 and line.font.endswith("Regular") and line.size == 9:
                assert col_left + 6 - 0.01 <= x0 and x1 <= col_right - 6 + 0.01, (
                    line.text
                )  # 6 pt cell padding
        if line.size == 9 and line.text and line.text in LONG_KM:
            long_lines += 1
    assert long_lines > 100


def test_rendered_page_has_ink_inside_margins_only(table_pdf: tuple[Path, list]) -> None:
    first = render_pages(table_pdf[0], dpi=72)[0]
    assert_ink_inside(first, margin_pt=MARGIN, dpi=72, below=128, at_least=2000, slack=2)


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    _build(a, rows=5)
    _build(b, rows=5)
    assert a.read_bytes() == b.read_bytes()


def test_text_layer_copies_as_khmer(table_pdf: tuple[Path, list]) -> None:
    out = pdf_text(table_pdf[0])
    assert "កំណត់ហេតុកិច្ចប្រជុំ — Minutes" in out
    assert "អ្នកទទួលខុសត្រូវ" in out
    assert "Responsible 40 / មន្ទីរ" in out
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in out)  # no private-use garbage


def test_alignment_and_colour(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from dialogue_desktop.core.printing.text import draw_text_line, measure

    canvas = Canvas(str(tmp_path / "align.pdf"), invariant=1, pageCompression=0)
    text = "ទំព័រ ១ នៃ ៣"
    with record_drawing() as drawn:
        for align in ("left", "center", "right"):
            draw_text_line(canvas, 300, 500, text, TextStyle(size=12, align=align, colour="#cc0000"))
    canvas.save()
    w = measure(text, TextStyle(size=12))
    assert [round(line.x, 6) for line in drawn] == [300, round(300 - w / 2, 6), round(300 - w, 6)]
    assert b"0.8 0 0 rg" in (tmp_path / "align.pdf").read_bytes()
