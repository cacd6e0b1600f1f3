"""The sign-in sheet: headers on every page, tall rows, tally boxes, phones only with consent."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from tests.core.printing.test_minutes import (
    PHONE,
    TITLE_EN,
    TITLE_KM,
    glyph_problems,
    make_dialogue,
)
from tests.pdf_tools import assert_ink_inside, pdf_pages, render_pages

from dialogue_desktop.core.printing.data import gather_signin
from dialogue_desktop.core.printing.signin import MARGINS, write_signin
from dialogue_desktop.core.printing.text import record_drawing
from dialogue_desktop.core.store.store import Store


def test_prefilled_sheet_repeats_its_header_and_tally_on_every_page(store: Store, tmp_path: Path) -> None:
    d = make_dialogue(store, participants=30)
    with store.unit_of_work() as s:
        data = gather_signin(s, d)
    pdf = tmp_path / "signin.pdf"
    with record_drawing() as drawn:
        pages = write_signin(data, pdf)
    assert pages >= 3
    pages_text = pdf_pages(pdf)
    assert len(pages_text) == pages
    text = "\n".join(pages_text)
    for page in pages_text:
        for expected in ("បញ្ជីវត្តមាន / Sign-in sheet", TITLE_KM, TITLE_EN, "ហត្ថលេខា ឬស្នាមមេដៃ", "Signature or thumbprint",
                         "Thursday 14 March 2024", "ថ្ងៃព្រហស្បតិ៍ ទី១៤ ខែមីនា ឆ្នាំ២០២៤", "Kampong Cham",
                         "Women", "Men", "Total on this page"):  # fmt: skip
            assert expected in page, expected
    assert "Sok Chantha 1" in text and "Nhem Sreypov 30" in text
    # Phones only of people who consented: every third person (i % 3 == 0) did not.
    assert text.count(PHONE) == sum(1 for i in range(30) if i % 3 != 0)
    assert glyph_problems(drawn, *landscape(A4), margin=MARGINS.left, margin_y=MARGINS.bottom) == []


def test_rows_are_tall_enough_to_sign(store: Store, tmp_path: Path) -> None:
    d = make_dialogue(store, participants=5)
    with store.unit_of_work() as s:
        data = gather_signin(s, d, blank=True)
    assert data.people == ()
    with record_drawing() as drawn:
        write_signin(data, tmp_path / "blank.pdf")
    numbers = [
        line for line in drawn if line.text.isdigit() and line.page == 1 and line.x < MARGINS.left + 12 * mm
    ]
    ys = sorted((line.y for line in numbers), reverse=True)
    assert len(ys) >= 8
    gaps = [a - b for a, b in zip(ys, ys[1:], strict=False)]
    assert min(gaps) >= 11 * mm
    for page in render_pages(tmp_path / "blank.pdf", dpi=50):
        assert_ink_inside(page, margin_pt=MARGINS.bottom, dpi=50)
