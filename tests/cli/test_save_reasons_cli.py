"""A command that cannot write its file says why in the user's language and names the file alone: no
folder path (a user folder can hold a person's name), no traceback, no system words in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from tests.core.printing.test_minutes import make_dialogue
from tests.unwritable import unwritable_folder

from dialogue_desktop.core.store.store import Store

Run = Callable[..., CompletedProcess[str]]


def test_minutes_into_a_read_only_folder_say_why_with_the_file_name_only(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    store = Store.open(db)
    d = make_dialogue(store, participants=2)
    store.close()
    with unwritable_folder(tmp_path) as folder:
        result = cli("--db", db, "minutes", d, "--lang", "en", "-o", folder / "minutes.pdf")
        assert not (folder / "minutes.pdf").exists()
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: Could not save minutes.pdf: this computer does not let the app write there"
    ), result.stderr
    assert "Sokha" not in result.stderr and "Unexpected" not in result.stderr


def test_a_report_into_a_read_only_folder_says_why_with_the_file_name_only(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    Store.open(db).close()
    with unwritable_folder(tmp_path) as folder:
        result = cli("--db", db, "report", "--format", "xlsx", "-o", folder / "report.xlsx")
    assert result.returncode == 1, result.stderr
    assert "report.xlsx could not be saved: this computer does not let the app write there" in result.stderr
    assert "Sokha" not in result.stderr
