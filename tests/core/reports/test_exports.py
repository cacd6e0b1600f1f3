"""The workbook and the CSV files, read back: sheets, headers in the chosen language, numbers as numbers,
personal data only when asked for and never for people who did not consent."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.core.reports.report_dataset import TODAY, Ids

from dialogue_desktop.core.reports.csv_export import export_csv
from dialogue_desktop.core.reports.indicators import compute_indicators
from dialogue_desktop.core.reports.xlsx import export_xlsx
from dialogue_desktop.core.store.store import Store

SHEETS = [
    "about", "dialogues_held", "attendance", "needs", "needs_by_sector_province", "actions", "voice", "per_dialogue",
    "raw_dialogues", "raw_attendance", "raw_actions", "raw_follow_ups",
]  # fmt: skip


def workbook(store: Store, path: Path, language: str = "en", personal: bool = False):  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        export_xlsx(session, compute_indicators(session, today=TODAY), path, language, personal)
    return load_workbook(path)


def rows(sheet) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def all_text(book) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(v) for sheet in book.worksheets for row in rows(sheet) for v in row if v is not None)


def test_workbook_has_a_sheet_per_table_with_frozen_headers_and_numbers(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, ids = sqlite_programme
    book = workbook(store, tmp_path / "report.xlsx")
    assert book.sheetnames == SHEETS
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    attendance = rows(book["attendance"])
    headers = attendance[0]
    total = dict(zip(headers, attendance[1], strict=True))
    assert total["Row"] == "All"
    assert total["Attendance: People"] == 27 and isinstance(total["Attendance: People"], int)
    assert total["Attendance: Women"] == 16
    assert total["Share of women"] == pytest.approx(16 / 27)
    assert book["attendance"].cell(row=2, column=headers.index("Share of women") + 1).number_format == "0.0%"
    assert total["Unique participants: People"] == 5
    assert book["attendance"].column_dimensions["B"].width >= 8
    assert book["attendance"]["A1"].font.bold

    actions = rows(book["actions"])
    total_actions = dict(zip(actions[0], actions[1], strict=True))
    assert total_actions["Overdue"] == 2
    assert total_actions["Average days from agreement to completion"] == pytest.approx(45)

    raw = rows(book["raw_attendance"])
    assert len(raw) - 1 == 9  # named attendance entries (the tally-only dialogue has none)
    dates = [r[2] for r in raw[1:]]
    assert all(d.date() >= date(2024, 2, 10) for d in dates)  # stored as dates, read back as datetimes
    follow_ups = rows(book["raw_follow_ups"])
    assert len(follow_ups) - 1 == 7  # the deleted follow-up and the deleted action's left out


def test_workbook_headers_in_khmer(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    book = workbook(sqlite_programme[0], tmp_path / "km.xlsx", language="km")
    header = rows(book["attendance"])[0]
    assert all(any("\u1780" <= ch <= "\u17ff" for ch in str(h)) for h in header), header


def test_personal_data_left_out_unless_asked_and_never_without_consent(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, _ids = sqlite_programme
    plain = all_text(workbook(store, tmp_path / "plain.xlsx"))
    for secret in ("Person A", "បុគ្គល A", "012 345 678", "Person C"):
        assert secret not in plain
    with_names = workbook(store, tmp_path / "names.xlsx", personal=True)
    text = all_text(with_names)
    assert "Person A" in text and "012 345 678" in text and "Person B" in text
    # C did not consent: never named, her phone never written, though she is counted.
    assert "Person C" not in text and "បុគ្គល C" not in text and "099 999 999" not in text
    raw = rows(with_names["raw_attendance"])
    assert "Name in Latin letters" in raw[0] and len(raw) - 1 == 9


def test_csv_zip_and_folder_read_back(sqlite_programme: tuple[Store, Ids], tmp_path: Path) -> None:
    store, _ids = sqlite_programme
    with store.unit_of_work() as session:
        indicators = compute_indicators(session, today=TODAY)
        export_csv(session, indicators, tmp_path / "report.zip", "en")
        export_csv(session, indicators, tmp_path / "folder", "km")
    with zipfile.ZipFile(tmp_path / "report.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"{name}.csv" for name in SHEETS)
        data = archive.read("attendance.csv").decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(data)))
    assert table[0]["Row"] == "All" and table[0]["Attendance: People"] == "27"
    assert float(table[0]["Share of women"]) == pytest.approx(16 / 27, abs=1e-6)
    raw = list(csv.DictReader(io.StringIO((tmp_path / "folder" / "raw_actions.csv").read_text("utf-8-sig"))))
    assert len(raw) == 6
    assert "Person" not in (tmp_path / "folder" / "raw_attendance.csv").read_text("utf-8-sig")
