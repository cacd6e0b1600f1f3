"""Small counts protected in exports: hidden alike in the workbook, the CSV files and the PDF, never given
back by a total, and the workbook says so; the minimum count setting is checked."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.core.reports.report_dataset import TODAY, Ids
from tests.pdf_tools import pdf_text

from dialogue_desktop.core.reports.exporting import ExportRequest, gather_export, write_export
from dialogue_desktop.core.reports.suppression import min_count_setting, set_min_count
from dialogue_desktop.core.services.errors import UserError, ValidationError
from dialogue_desktop.core.store.store import Store

SEX = ("Women", "Men", "Other sex", "Sex not stated")
GROUPS = ("Government", "CSO", "Community", "Other group")


def export(store: Store, path: Path, format: str, min_count: int, language: str = "en") -> Path:
    with store.unit_of_work() as session:
        data = gather_export(
            session, ExportRequest(format, today=TODAY, language=language, min_count=min_count)
        )
    return write_export(data, path)


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def hidden(value: Any) -> bool:
    return isinstance(value, str) and (value == "<5" or value == "hidden")


def test_counts_below_the_minimum_read_as_text_and_the_workbook_says_so(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, ids = sqlite_programme
    book = load_workbook(export(store, tmp_path / "donor.xlsx", "xlsx", 5))
    assert book.sheetnames[0] == "about"
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert "Counts below 5 are not shown" in about["Small counts"]
    assert "raw_attendance" not in book.sheetnames  # person-level rows would give every count back
    per_dialogue = sheet_rows(book, "per_dialogue")
    # d3 (Siem Reap, tally only): 18 people, 1 with a disability, 2 indigenous, 5 young.
    d3 = next(row for row in per_dialogue if row["Dialogue id"] == ids.dialogues["d3"])
    assert d3["Attendance: Persons with disabilities"] == "<5"
    assert d3["Attendance: Indigenous or minority"] == "<5"
    assert d3["Attendance: Youth"] == 5  # 5 is not below 5
    assert d3["Attendance: Women"] == 10
    # The same data hides the same cells, export after export.
    again = load_workbook(export(store, tmp_path / "again.xlsx", "xlsx", 5))
    assert [list(r) for r in again["attendance"].iter_rows(values_only=True)] == [
        list(r) for r in book["attendance"].iter_rows(values_only=True)
    ]
    cell = next(
        c for row in book["per_dialogue"].iter_rows() for c in row if c.value == "<5"
    )  # typed as text, not a number a formula could add up
    assert cell.data_type == "s"
    for row in sheet_rows(book, "attendance"):
        for name, value in row.items():
            if isinstance(value, int) and name.startswith(("Attendance", "Unique")):
                assert value == 0 or value >= 5, (name, value)


def test_no_sum_has_a_single_hidden_cell(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    store, _ids = sqlite_programme
    book = load_workbook(export(store, tmp_path / "donor.xlsx", "xlsx", 5))
    attendance = sheet_rows(book, "attendance")
    per_dialogue = sheet_rows(book, "per_dialogue")
    columns = [f"Attendance: {g}" for g in ("People", *SEX, *GROUPS, "Youth", "Persons with disabilities")]
    # Within a row: the sexes and the groups add up to the people.
    for row in attendance + per_dialogue:
        for parts in (SEX, GROUPS):
            cells = [row["Attendance: People"]] + [row[f"Attendance: {p}"] for p in parts]
            assert sum(map(hidden, cells)) != 1, row
    # Down a column: the provinces (kinds, levels, quarters) add up to All; so do the dialogues.
    total = attendance[0]
    assert total["Row"] == "All"
    for column in columns:
        for breakdown in ("Province", "Kind of dialogue", "Level", "Quarter"):
            cells = [total[column]] + [r[column] for r in attendance if r["Breakdown"] == breakdown]
            assert sum(map(hidden, cells)) != 1, (column, breakdown)
        cells = [total[column]] + [r[column] for r in per_dialogue]
        assert sum(map(hidden, cells)) != 1, column
    # A total hidden only to protect a small count does not claim to be small.
    assert total["Attendance: People"] == "hidden"
    assert total["Share of women"] == "hidden"  # 16 of a hidden 27 would give the 27 back


def test_csv_and_pdf_hide_the_same_counts_as_the_workbook(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, _ids = sqlite_programme
    book = load_workbook(export(store, tmp_path / "donor.xlsx", "xlsx", 5))
    with zipfile.ZipFile(export(store, tmp_path / "donor.zip", "csv", 5)) as archive:
        assert "raw_attendance.csv" not in archive.namelist()
        for name in ("attendance", "per_dialogue", "voice", "raw_dialogues"):
            text = archive.read(f"{name}.csv").decode("utf-8-sig")
            from_csv = list(csv.reader(io.StringIO(text)))
            from_book = [
                ["" if v is None else v for v in row] for row in book[name].iter_rows(values_only=True)
            ]
            hidden_csv = [(r, c) for r, row in enumerate(from_csv) for c, v in enumerate(row) if hidden(v)]
            hidden_book = [(r, c) for r, row in enumerate(from_book) for c, v in enumerate(row) if hidden(v)]
            assert hidden_csv == hidden_book and hidden_csv, name
        about = archive.read("about.csv").decode("utf-8-sig")
        assert "Counts below 5 are not shown" in about
    text = pdf_text(export(store, tmp_path / "donor.pdf", "pdf", 5))
    assert "Counts below 5 are not shown" in text
    assert "hidden" in text and "<5" in text
    assert "27" not in text  # the attendance, hidden in the workbook too
    plain = pdf_text(export(store, tmp_path / "plain.pdf", "pdf", 0))
    assert "27" in plain and "<5" not in plain


def test_without_a_minimum_every_count_is_shown(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    store, _ids = sqlite_programme
    book = load_workbook(export(store, tmp_path / "all.xlsx", "xlsx", 0))
    assert "raw_attendance" in book.sheetnames
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert about["Small counts"] == "Every count is shown (no minimum count)."
    assert not any(
        hidden(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
    )


def test_names_are_refused_with_a_minimum_count(sqlite_programme: tuple[Store, Ids]) -> None:
    store, _ids = sqlite_programme
    with (
        pytest.raises(UserError, match="Names cannot be exported when small counts are hidden"),
        store.unit_of_work() as session,
    ):
        gather_export(session, ExportRequest("xlsx", today=TODAY, personal_data=True, min_count=5))


def test_the_minimum_count_setting_is_checked_and_kept(sqlite_programme: tuple[Store, Ids]) -> None:
    store, _ids = sqlite_programme
    with store.unit_of_work() as session:
        assert min_count_setting(session) == 0
        assert set_min_count(session, "៥") == 5  # Khmer digits, as typed in Settings
    with store.unit_of_work() as session:
        assert min_count_setting(session) == 5
    for wrong in ("101", "-1", "five", ""):
        with pytest.raises(ValidationError), store.unit_of_work() as session:
            set_min_count(session, wrong)
    with store.unit_of_work() as session:
        assert min_count_setting(session) == 5
