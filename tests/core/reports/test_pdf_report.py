"""The board's PDF report: rendered (not blank, charts drawn), text read back in Khmer and English."""

from __future__ import annotations

from pathlib import Path

from tests.core.reports.report_dataset import TODAY, Ids
from tests.pdf_tools import GreyPage, pdf_text, render_pages

from dialogue_desktop.core.printing.text import record_drawing
from dialogue_desktop.core.reports.indicators import compute_indicators
from dialogue_desktop.core.reports.pdf_report import export_pdf
from dialogue_desktop.core.store.store import Store


def make_pdf(store: Store, path: Path, language: str) -> Path:
    with store.unit_of_work() as session:
        indicators = compute_indicators(session, today=TODAY)
    export_pdf(indicators, path, language)
    return path


def test_pdf_has_both_languages_and_the_figures(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    pdf = make_pdf(sqlite_programme[0], tmp_path / "report.pdf", "km")
    text = pdf_text(pdf)
    assert "របាយការណ៍ជូនក្រុមប្រឹក្សាគម្រោង" in text  # Khmer title, shaped text read back
    assert "report to the project board" in text
    assert "Whose voices were heard" in text and "វត្តមានតាមក្រុម" in text
    assert "២៧" in text  # attendance 27 in Khmer digits (Khmer first)
    assert "Person A" not in text and "012 345 678" not in text  # no personal data


def test_pdf_in_english_uses_western_digits(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    text = pdf_text(make_pdf(sqlite_programme[0], tmp_path / "report.pdf", "en"))
    assert "Key figures" in text and "27" in text and "59%" in text  # women: 16 of 27 present


def test_pdf_pages_are_not_blank_and_charts_are_drawn(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    with record_drawing() as lines:
        pdf = make_pdf(sqlite_programme[0], tmp_path / "report.pdf", "km")
    # Chart labels go through the shaping layer (not ReportLab's String): the Khmer group names are drawn.
    drawn = {line.text for line in lines}
    assert "ស្ត្រី / Women" in drawn and "ហួសកំណត់ / Overdue" in drawn
    pages = [GreyPage.luminance(image) for image in render_pages(pdf, dpi=40)]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert page.count(0, 128) > page.width * page.height * 0.005, number  # ink on every page
    # The chart bars (coloured, mid-grey in greyscale) fill a visible area of the first chart page.
    assert pages[0].count(61, 140) > 500
