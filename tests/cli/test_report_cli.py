"""`dialogue-desktop report`: the files it writes, its exit codes and its messages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.cli.conftest import Run
from tests.core.reports.report_dataset import build

from dialogue_desktop.core.store.store import Store


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "central.db"
    store = Store.open(path)
    build(store)
    store.close()
    return path


def test_xlsx_with_filters_and_khmer_headers(cli: Run, database: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = cli("--db", database, "report", "--format", "xlsx", "--from", "2024-01-01", "--to", "2024-03-31",
                 "--province", "17", "--lang", "km", "--today", "2024-07-01", "-o", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    book = load_workbook(out)
    rows = list(book["attendance"].iter_rows(values_only=True))
    assert rows[0][2] == "វត្តមាន៖ ចំនួនមនុស្ស"
    assert rows[1][2] == 18  # only d3 (Siem Reap, Q1): its 18 counted people


def test_csv_zip_and_folder(cli: Run, database: Path, tmp_path: Path) -> None:
    result = cli("--db", database, "report", "--format", "csv", "-o", tmp_path / "report.zip")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "report.zip") as archive:
        assert "raw_attendance.csv" in archive.namelist()
    result = cli("--db", database, "report", "--format", "csv", "-o", tmp_path / "csv")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "csv" / "actions.csv").exists()


def test_personal_data_only_on_request(cli: Run, database: Path, tmp_path: Path) -> None:
    plain, named = tmp_path / "plain", tmp_path / "named"
    assert cli("--db", database, "report", "--format", "csv", "-o", plain).returncode == 0
    assert (
        cli("--db", database, "report", "--format", "csv", "--include-personal-data", "-o", named).returncode
        == 0
    )
    assert "Person A" not in (plain / "raw_attendance.csv").read_text("utf-8-sig")
    text = (named / "raw_attendance.csv").read_text("utf-8-sig")
    assert "Person A" in text and "Person C" not in text  # C did not consent


def test_pdf(cli: Run, database: Path, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    result = cli("--db", database, "report", "--format", "pdf", "--lang", "en", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_bad_date_fails_with_a_clear_message(cli: Run, database: Path, tmp_path: Path) -> None:
    result = cli(
        "--db", database, "report", "--format", "pdf", "--from", "2024-13-01", "-o", tmp_path / "x.pdf"
    )
    assert result.returncode == 1
    assert "Error: “2024-13-01” is not a date; write it as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_wrong_period_province_or_folder_fail_with_exit_1(cli: Run, database: Path, tmp_path: Path) -> None:
    result = cli("--db", database, "report", "--format", "xlsx", "--from", "2024-05-01", "--to", "2024-01-01",
                 "-o", tmp_path / "x.xlsx")  # fmt: skip
    assert result.returncode == 1 and "before its start" in result.stderr
    result = cli(
        "--db", database, "report", "--format", "xlsx", "--province", "99", "-o", tmp_path / "x.xlsx"
    )
    assert result.returncode == 1 and "not a province code" in result.stderr
    result = cli("--db", database, "report", "--format", "xlsx", "-o", tmp_path / "missing" / "x.xlsx")
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_format_is_required(cli: Run, database: Path, tmp_path: Path) -> None:
    result = cli("--db", database, "report", "-o", tmp_path / "x.xlsx")
    assert result.returncode == 2


def test_youth_is_counted_with_the_configured_ages_as_on_the_reports_page(
    cli: Run, database: Path, tmp_path: Path
) -> None:
    from dataclasses import replace

    from dialogue_desktop.core.reports.filters import ReportFilter
    from dialogue_desktop.core.reports.indicators import compute_indicators
    from dialogue_desktop.core.services.youth import set_youth_ages

    store = Store.open(database)
    with store.unit_of_work() as session:
        set_youth_ages(session, 18, 24)
    with store.unit_of_work() as session:
        configured = compute_indicators(session, replace(ReportFilter(), youth_ages=(18, 24)))
        default = compute_indicators(session, ReportFilter())
    store.close()
    assert configured.attendance.total.attendance.youth != default.attendance.total.attendance.youth
    out = tmp_path / "report.xlsx"
    result = cli("--db", database, "report", "--format", "xlsx", "--lang", "en", "-o", out)
    assert result.returncode == 0, result.stderr
    header, total = list(load_workbook(out)["attendance"].iter_rows(values_only=True))[:2]
    youth_column = next(n for n, text in enumerate(header) if text and "youth" in str(text).lower())
    assert total[youth_column] == configured.attendance.total.attendance.youth


def _exports(cli: Run, database: Path) -> list[dict[str, object]]:
    import json

    result = cli("--db", database, "list", "exports", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_min_count_hides_small_counts_and_the_export_is_listed(
    cli: Run, database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "donor.xlsx"
    result = cli("--db", database, "report", "--format", "xlsx", "--min-count", "5", "--province", "17",
                 "--today", "2024-07-01", "-o", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert "Counts below 5 are not shown" in str(about["Small counts"])
    per_dialogue = list(book["per_dialogue"].iter_rows(values_only=True))
    disability = per_dialogue[0].index("Attendance: Persons with disabilities")
    assert [row[disability] for row in per_dialogue[1:]] == ["<5", 0]  # d3: 1 person; d4: none
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".dialogue-export-")]
    (entry,) = _exports(cli, database)
    assert entry["format"] == "xlsx" and entry["min_count"] == 5 and entry["via"] == "cli"
    assert entry["outcome"] == "written" and entry["personal_data"] is False
    assert entry["filters"] == {
        "date_from": None,
        "date_to": None,
        "province": "17",
        "kind": None,
        "level": None,
    }
    assert entry["os_user"] and entry["device_id"] and entry["made_at"]


@pytest.mark.parametrize("given", ["abc", "101", "-1", "2.5"])
def test_a_wrong_min_count_fails_with_a_clear_message(
    cli: Run, database: Path, tmp_path: Path, given: str
) -> None:
    out = tmp_path / "x.xlsx"
    result = cli("--db", database, "report", "--format", "xlsx", f"--min-count={given}", "-o", out)
    assert result.returncode == 1
    assert f"--min-count takes a whole number from 0 to 100, not “{given}”" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    assert _exports(cli, database) == []  # nothing decided, nothing recorded


def test_the_message_follows_the_language(cli: Run, database: Path, tmp_path: Path) -> None:
    result = cli("--db", database, "--lang", "km", "report", "--format", "pdf", "--min-count", "x", "-o",
                 tmp_path / "x.pdf")  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_names_with_a_min_count_are_refused(cli: Run, database: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    result = cli("--db", database, "report", "--format", "xlsx", "--min-count", "5", "--include-personal-data",
                 "-o", out)  # fmt: skip
    assert result.returncode == 1 and "Names cannot be exported when small counts are hidden" in result.stderr
    assert not out.exists() and _exports(cli, database) == []


def test_the_min_count_set_in_settings_applies_unless_given(cli: Run, database: Path, tmp_path: Path) -> None:
    from dialogue_desktop.core.reports.suppression import set_min_count

    store = Store.open(database)
    with store.unit_of_work() as session:
        set_min_count(session, 5)
    store.close()
    result = cli("--db", database, "report", "--format", "csv", "-o", tmp_path / "r.zip")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert "raw_attendance.csv" not in archive.namelist()
        assert "<5" in archive.read("per_dialogue.csv").decode("utf-8-sig")
    result = cli(
        "--db", database, "report", "--format", "csv", "--min-count", "0", "-o", tmp_path / "all.zip"
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        assert "raw_attendance.csv" in archive.namelist()
    assert [(e["min_count"], e["outcome"]) for e in _exports(cli, database)] == [
        (0, "written"),
        (5, "written"),
    ]
