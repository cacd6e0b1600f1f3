"""`check`, `backup`, `restore` and the command line's error conventions."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from sqlalchemy import Connection

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.store.cipher import PASSPHRASE_ENV
from dialogue_desktop.core.store.engine import database_url, make_engine
from dialogue_desktop.core.store.store import Store, unlock_database

Run = Callable[..., CompletedProcess[str]]


@contextmanager
def raw_connection(db: Path) -> Iterator[Connection]:
    """A connection to the (encrypted) database file under the app's checks, in one transaction."""
    engine = make_engine(database_url(db), unlock_database(db))
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def test_check_passes_on_a_sound_store_and_fails_on_a_broken_invariant(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    ok = cli("--db", db, "check")
    assert ok.returncode == 0, ok.stderr
    with raw_connection(db) as connection:  # a participant whose search entry no longer matches the name
        connection.exec_driver_sql(
            "INSERT INTO participant (id, created_at, updated_at, origin_device_id, revision, deleted, name_km,"
            " name_latin, sex, position, phone, consent_data, consent_photo, search_key)"
            " VALUES ('p', '2025-01-01', '2025-01-01', 'd', 'r', 0, 'សុខា', 'Sokha', 'female', '', '', 0, 0, 'x')"
        )
    broken = cli("--db", db, "check")
    assert broken.returncode == 1
    assert "search entry" in broken.stdout and "change log" in broken.stdout
    assert "Traceback" not in broken.stderr


def test_check_counts_phones_kept_without_consent_and_names_nobody(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "check").returncode == 0
    store = Store.open(db)
    try:
        with store.unit_of_work() as session:  # around the service, which keeps no phone without consent
            session.add(Participant(name_latin="Keo Sophea", sex=Sex.FEMALE, phone="012 987 654"))
    finally:
        store.close()
    for lang, count in (("en", "1 participants"), ("km", "១")):
        broken = cli("--lang", lang, "--db", db, "check")
        assert broken.returncode == 1 and count in broken.stdout, broken.stdout
        output = broken.stdout + broken.stderr
        assert "Sophea" not in output and "987" not in output and "Traceback" not in output


def test_backup_then_restore_round_trip(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "check").returncode == 0
    copy = tmp_path / "copy.db"
    made = cli("--db", db, "backup", "-o", copy)
    assert made.returncode == 0, made.stderr
    assert copy.exists()
    restored = cli("--db", db, "restore", copy)
    assert restored.returncode == 0, restored.stderr
    assert cli("--db", db, "check").returncode == 0


def test_restore_of_a_damaged_file_is_a_clear_error_without_traceback(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "check").returncode == 0
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 200)
    result = cli("--db", db, "restore", bad)
    assert result.returncode == 1
    assert result.stderr.startswith("Error:") and "Traceback" not in result.stderr


def test_messages_can_be_in_khmer(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "missing.db"
    result = cli("--lang", "km", "--db", tmp_path / "field.db", "restore", bad)
    assert result.returncode == 1
    assert any("\u1780" <= ch <= "\u17ff" for ch in result.stderr)


def test_usage_errors_exit_2(cli: Run, tmp_path: Path) -> None:
    assert cli("--db", tmp_path / "x.db", "no-such-command").returncode == 2
    assert cli("--db", tmp_path / "x.db", "restore").returncode == 2


def test_a_newer_database_is_refused_with_exit_1(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "check").returncode == 0
    with raw_connection(db) as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'future'")
    result = cli("--db", db, "check")
    assert result.returncode == 1 and "newer version" in result.stderr


def test_a_backup_restores_on_another_laptop_with_its_key_file(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kampot, takeo, usb = tmp_path / "kampot.db", tmp_path / "takeo.db", tmp_path / "usb" / "kampot.db"
    monkeypatch.setenv(PASSPHRASE_ENV, "kampot passphrase")
    assert cli("--db", kampot, "demo", "--dialogues", "1").returncode == 0
    dialogues = json.loads(cli("--db", kampot, "list", "dialogues", "--json").stdout)
    made = cli("--db", kampot, "backup", "-o", usb)
    assert made.returncode == 0, made.stderr
    assert "kampot.db.key" in made.stderr and (usb.parent / "kampot.db.key").exists()
    monkeypatch.setenv(PASSPHRASE_ENV, "takeo passphrase")
    assert cli("--db", takeo, "check").returncode == 0
    refused = cli("--db", takeo, "restore", usb)  # takeo's passphrase does not open kampot's backup
    assert refused.returncode == 1 and "passphrase is wrong" in refused.stderr
    assert json.loads(cli("--db", takeo, "list", "dialogues", "--json").stdout) == []
    passphrase = tmp_path / "kampot-passphrase.txt"
    passphrase.write_text("kampot passphrase\n", encoding="utf-8")
    restored = cli("--db", takeo, "restore", usb, "--backup-passphrase-file", passphrase)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(cli("--db", takeo, "list", "dialogues", "--json").stdout) == dialogues
