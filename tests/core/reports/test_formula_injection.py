"""Exports never hand a spreadsheet a formula: a name typed as =HYPERLINK(...) stays text."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.core.reports.report_dataset import TODAY, Ids

from dialogue_desktop.core.domain.models import Organisation, Participant
from dialogue_desktop.core.reports.csv_export import export_csv, neutralise, table_csv
from dialogue_desktop.core.reports.indicators import compute_indicators
from dialogue_desktop.core.reports.tables import Table
from dialogue_desktop.core.reports.xlsx import export_xlsx
from dialogue_desktop.core.store.store import Store

FORMULA = '=HYPERLINK("http://x","y")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


def hostile_names(store: Store, ids: Ids) -> None:
    """Person A (who consented) and her organisation named as a formula."""
    with store.unit_of_work() as s:
        person = s.get(Participant, ids.people["A"])
        organisation = s.get(Organisation, ids.organisations["cso"])
        assert person is not None and organisation is not None
        person.name_latin = FORMULA
        organisation.name_en = FORMULA


def csv_cells(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            cell
            for name in archive.namelist()
            for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline=""))
            for cell in row
        ]


@pytest.mark.parametrize("personal", [False, True])
def test_no_formula_in_the_csv_or_the_workbook(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path, personal: bool
) -> None:
    store, ids = sqlite_programme
    hostile_names(store, ids)
    with store.unit_of_work() as session:
        indicators = compute_indicators(session, today=TODAY)
        export_csv(session, indicators, tmp_path / "report.zip", "en", include_personal_data=personal)
        export_xlsx(session, indicators, tmp_path / "report.xlsx", "en", personal)

    cells = csv_cells(tmp_path / "report.zip")
    assert "'" + FORMULA in cells  # the organisation is in the export, with or without personal data
    assert cells.count("'" + FORMULA) >= (2 if personal else 1)
    assert not [cell for cell in cells if cell.startswith(STARTS)]

    book = load_workbook(tmp_path / "report.xlsx")
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert FORMULA in [cell.value for cell in values]
    assert not [cell.coordinate for cell in values if cell.data_type == "f"]
    assert all(cell.data_type == "s" for cell in values if cell.value == FORMULA)


def test_numbers_stay_numbers_and_only_text_is_prefixed() -> None:
    assert [neutralise(t) for t in ("=1+1", "+855 12", "-5", "@SUM(A1)", "\tx", "\rx")] == [
        "'=1+1", "'+855 12", "'-5", "'@SUM(A1)", "'\tx", "'\rx",
    ]  # fmt: skip
    assert neutralise("Sok Veasna") == "Sok Veasna" and neutralise("ស្រី សុខា") == "ស្រី សុខា"
    rows = list(
        csv.reader(io.StringIO(table_csv(Table("t", "t", ["Change", "Note"], [[-3, "-3"], [-0.25, "=1"]]))))
    )
    assert rows[1:] == [["-3", "'-3"], ["-0.25", "'=1"]]  # numbers as numbers, text neutralised
