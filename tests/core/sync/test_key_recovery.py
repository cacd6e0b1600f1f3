"""A forgotten passphrase: the central office unlocks the laptop's database again with its recovery copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_desktop.cli.main import main
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import enrolment
from dialogue_desktop.core.sync.keys import load_keys

from .conftest import add_dialogue, content


def test_the_office_unlocks_a_laptop_whose_passphrase_was_forgotten(tmp_path: Path) -> None:
    office = Store.open(tmp_path / "central.db")
    try:
        enrolment.central_init(office)
        enrolled = enrolment.enrol_device(office, "Kampot laptop", "07", tmp_path / "kampot.enrol")
        laptop = Store.open(tmp_path / "laptop.db", passphrase="forgotten at the field office")
        enrolment.join(laptop, tmp_path / "kampot.enrol", enrolled.code)
        add_dialogue(laptop, 2, "Recorded before the passphrase was lost")
        before = content(laptop)
        laptop.close()
        key_file = cipher.key_file_for(tmp_path / "laptop.db")
        assert b"forgotten" not in key_file.read_bytes()
        cipher.recover_with_office_key(key_file, load_keys(office).exchange, "a new passphrase")
        reopened = Store.open(tmp_path / "laptop.db", passphrase="a new passphrase")
        try:
            assert content(reopened) == before
        finally:
            reopened.close()
        with pytest.raises(cipher.WrongPassphrase):  # the old passphrase no longer opens it
            Store.open(tmp_path / "laptop.db", passphrase="forgotten at the field office")
    finally:
        office.close()


def test_another_office_cannot_recover_the_key(tmp_path: Path) -> None:
    office, other = Store.open(tmp_path / "central.db"), Store.open(tmp_path / "other.db")
    try:
        enrolment.central_init(office)
        enrolment.central_init(other)
        enrolled = enrolment.enrol_device(office, "Kampot laptop", "07", tmp_path / "kampot.enrol")
        laptop = Store.open(tmp_path / "laptop.db", passphrase="laptop passphrase")
        enrolment.join(laptop, tmp_path / "kampot.enrol", enrolled.code)
        laptop.close()
        key_file = cipher.key_file_for(tmp_path / "laptop.db")
        before = key_file.read_bytes()
        with pytest.raises(cipher.KeyFileError, match="no recovery copy for this central office"):
            cipher.recover_with_office_key(key_file, load_keys(other).exchange, "a thief's passphrase")
        assert key_file.read_bytes() == before
    finally:
        office.close()
        other.close()


def test_recover_key_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    office_db, laptop_db = tmp_path / "central.db", tmp_path / "laptop.db"
    assert main(["--db", str(office_db), "central-init"]) == 0
    assert (
        main(
            [
                "--db",
                str(office_db),
                "enrol-device",
                "--name",
                "Kampot laptop",
                "--province",
                "07",
                "-o",
                str(tmp_path / "kampot.enrol"),
            ]
        )
        == 0
    )
    code = next(
        line.split(": ", 1)[1]
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("Verification code: ")
    )
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "the laptop's own passphrase")
    assert main(["--db", str(laptop_db), "join", str(tmp_path / "kampot.enrol"), "--code", code]) == 0
    monkeypatch.undo()
    new = tmp_path / "new-passphrase.txt"
    new.write_text("chosen at the office\n", encoding="utf-8")
    key_file = cipher.key_file_for(laptop_db)
    assert (
        main(["--db", str(office_db), "recover-key", str(key_file), "--new-passphrase-file", str(new)]) == 0
    )
    assert "now locked with the new passphrase" in capsys.readouterr().out
    reopened = Store.open(laptop_db, passphrase="chosen at the office")
    reopened.close()
