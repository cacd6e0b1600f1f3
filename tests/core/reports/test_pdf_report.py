"""The board's PDF report: rendered (not blank, charts drawn), text read back in Khmer and English."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.core.reports.report_dataset import TODAY, Ids

from dialogue_desktop.core.printing.text import record_drawing
from dialogue_desktop.core.reports.indicators import compute_indicators
from dialogue_desktop.core.reports.pdf_report import export_pdf
from dialogue_desktop.core.store.store import Store

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftoppm") or not shutil.which("pdftotext"), reason="poppler"
)


def make_pdf(store: Store, path: Path, language: str) -> Path:
    with store.unit_of_work() as session:
        indicators = compute_indicators(session, today=TODAY)
    export_pdf(indicators, path, language)
    return path


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_has_both_languages_and_the_figures(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    pdf = make_pdf(sqlite_programme[0], tmp_path / "report.pdf", "km")
    text = text_of(pdf)
    assert "របាយការណ៍ជូនក្រុមប្រឹក្សាគម្រោង" in text  # Khmer title, shaped text read back
    assert "report to the project board" in text
    assert "Whose voices were heard" in text and "វត្តមានតាមក្រុម" in text
    assert "២៧" in text  # attendance 27 in Khmer digits (Khmer first)
    assert "Person A" not in text and "012 345 678" not in text  # no personal data


def test_pdf_in_english_uses_western_digits(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    text = text_of(make_pdf(sqlite_programme[0], tmp_path / "report.pdf", "en"))
    assert "Key figures" in text and "27" in text and "59%" in text  # women: 16 of 27 present


def test_pdf_pages_are_not_blank_and_charts_are_drawn(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    with record_drawing() as lines:
        pdf = make_pdf(sqlite_programme[0], tmp_path / "report.pdf", "km")
    # Chart labels go through the shaping layer (not ReportLab's String): the Khmer group names are drawn.
    drawn = {line.text for line in lines}
    assert "ស្ត្រី / Women" in drawn and "ហួសកំណត់ / Overdue" in drawn
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) >= 2
    for page in pages:
        data = page.read_bytes()
        header_end = data.index(b"255\n") + 4
        pixels = data[header_end:]
        dark = sum(1 for value in pixels if value < 128)
        assert dark > len(pixels) * 0.005, page  # ink on every page
    # The chart bars (coloured, mid-grey in greyscale) fill a visible area of the first chart page.
    first = pages[0].read_bytes()
    bars = sum(1 for value in first[first.index(b"255\n") + 4 :] if 60 < value < 140)
    assert bars > 500
