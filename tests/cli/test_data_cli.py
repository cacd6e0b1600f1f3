"""`demo`, `list ... --json` and `import-participants`, run as a user runs them."""

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from tests.hostile_lists import HOSTILE, sheet_with_other_headers, workbook_with_sheets, wrong_dimension

Run = Callable[..., CompletedProcess[str]]


def listed(cli: Run, db: Path, what: str) -> list[dict[str, object]]:
    result = cli("--db", db, "list", what, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert isinstance(payload, list)
    return payload


def test_demo_is_deterministic_and_lists_bilingual_dialogues(cli: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for db in (first, second):
        made = cli("--db", db, "demo", "--dialogues", "6", "--seed", "4")
        assert made.returncode == 0, made.stderr
    dialogues = listed(cli, first, "dialogues")
    assert len(dialogues) == 6
    assert dialogues == listed(cli, second, "dialogues")
    for item in dialogues:
        assert item["id"] and item["title_en"]
        assert any("\u1780" <= ch <= "\u17ff" for ch in str(item["title_km"]))
    assert listed(cli, first, "participants") and listed(cli, first, "actions")
    other_seed = tmp_path / "c.db"
    assert cli("--db", other_seed, "demo", "--dialogues", "6", "--seed", "5").returncode == 0
    assert [d["title_en"] for d in listed(cli, other_seed, "dialogues")] != [d["title_en"] for d in dialogues]


def test_demo_refuses_a_database_with_records(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "2").returncode == 0
    again = cli("--db", db, "demo", "--dialogues", "2")
    assert again.returncode == 1 and "empty" in again.stderr and "Traceback" not in again.stderr


def test_import_participants_registers_khmer_names_and_reports_bad_rows_by_line(
    cli: Run, tmp_path: Path
) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "2", "--seed", "9").returncode == 0
    dialogue_id = str(listed(cli, db, "dialogues")[0]["id"])
    before = len(listed(cli, db, "participants"))

    good = tmp_path / "invited.csv"
    good.write_text(
        "name_km,name_latin,sex,birth_year,organisation,phone\n"
        "ស្រី សុខា,Srey Sokha,F,1998,Kampot Women's Network,012 345 678\n"
        "សុខ វាសនា,Sok Veasna,M,1985,,\n",
        encoding="utf-8-sig",
    )
    imported = cli("--db", db, "import-participants", dialogue_id, good)
    assert imported.returncode == 0, imported.stderr
    assert "Read as CSV, UTF-8 (BOM), columns separated by commas." in imported.stdout
    people = listed(cli, db, "participants")
    assert len(people) == before + 2
    assert {"ស្រី សុខា", "សុខ វាសនា"} <= {p["name_km"] for p in people}

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name_km,name_latin,sex,birth_year\nចាន់ ដារ៉ា,Chan Dara,M,1990\nលី បុប្ផា,Ly Bopha,X,1990\n,,F,3000\n",
        encoding="utf-8",
    )
    refused = cli("--db", db, "import-participants", dialogue_id, bad)
    assert refused.returncode == 1
    assert "3" in refused.stderr and "4" in refused.stderr  # the spreadsheet lines of the two bad rows
    assert "Traceback" not in refused.stderr
    assert len(listed(cli, db, "participants")) == before + 2  # nothing written, not even the good row


def test_import_of_a_damaged_file_or_unknown_dialogue_is_a_clear_error(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "1").returncode == 0
    dialogue_id = str(listed(cli, db, "dialogues")[0]["id"])
    damaged = tmp_path / "list.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    result = cli("--db", db, "import-participants", dialogue_id, damaged)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    unknown = cli("--db", db, "import-participants", "no-such-dialogue", damaged)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr


def test_import_of_hostile_files_exits_1_with_a_clear_message_and_changes_nothing(
    cli: Run, tmp_path: Path
) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "2", "--seed", "9").returncode == 0
    dialogue_id = str(listed(cli, db, "dialogues")[0]["id"])
    before = listed(cli, db, "participants")
    for name, (build, words) in sorted(HOSTILE.items()):
        path = build(tmp_path / name)
        result = cli("--db", db, "import-participants", dialogue_id, path)
        assert result.returncode == 1, (name, result.stderr)
        assert all(word in result.stderr for word in words), (name, result.stderr)
        assert "Traceback" not in result.stderr and "nexpected" not in result.stderr
        path.unlink()
    assert listed(cli, db, "participants") == before


def test_import_reads_every_row_of_a_workbook_with_a_wrong_dimension(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "2", "--seed", "9").returncode == 0
    dialogue_id = str(listed(cli, db, "dialogues")[0]["id"])
    before = len(listed(cli, db, "participants"))
    result = cli("--db", db, "import-participants", dialogue_id, wrong_dimension(tmp_path / "list.xlsx", 30))
    assert result.returncode == 0, result.stderr
    assert len(listed(cli, db, "participants")) == before + 30


def test_import_reads_every_sheet_of_the_list_and_names_the_others(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "2", "--seed", "9").returncode == 0
    dialogue_id = str(listed(cli, db, "dialogues")[0]["id"])
    before = len(listed(cli, db, "participants"))
    result = cli(
        "--db", db, "import-participants", dialogue_id, sheet_with_other_headers(tmp_path / "list.xlsx")
    )
    assert result.returncode == 0, result.stderr
    assert "sheets “Invited”, “Late arrivals”" in result.stdout
    assert "Sheet “Organisations” was not read" in result.stdout
    assert len(listed(cli, db, "participants")) == before + 4

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        workbook_with_sheets({"Invited": [["name_latin", "sex"], ["Sok Dara", "M"]],
                              "Late arrivals": [["name_latin", "sex"], ["Ly Bopha", "X"]]})
    )  # fmt: skip
    refused = cli("--db", db, "import-participants", dialogue_id, bad)
    assert refused.returncode == 1
    assert "Sheet “Late arrivals”, line 2: sex:" in refused.stderr
    assert len(listed(cli, db, "participants")) == before + 4
