"""The passphrase on the command line: from a file or the environment, never a prompt; a wrong one changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

Run = Callable[..., CompletedProcess[str]]


@pytest.fixture(autouse=True)
def no_credential_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a server or a laptop without one (keyring reads this variable), whatever this machine has."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("DIALOGUE_DESKTOP_PASSPHRASE")


def test_without_a_passphrase_a_command_stops_at_once_with_exit_1(cli: Run, tmp_path: Path) -> None:
    result = cli("--db", tmp_path / "field.db", "check", timeout=60)
    assert result.returncode == 1
    assert "DIALOGUE_DESKTOP_PASSPHRASE" in result.stderr and "--passphrase-file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "field.db").exists()


def test_the_passphrase_from_a_file_or_the_environment(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, secret = tmp_path / "field.db", tmp_path / "secret.txt"
    secret.write_text("ស្រី សុខា passphrase\n", encoding="utf-8")
    assert cli("--passphrase-file", secret, "--db", db, "check").returncode == 0
    monkeypatch.setenv("DIALOGUE_DESKTOP_PASSPHRASE", "ស្រី សុខា passphrase")
    assert cli("--db", db, "check").returncode == 0


def test_a_wrong_passphrase_is_exit_1_and_changes_nothing(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "field.db"
    monkeypatch.setenv("DIALOGUE_DESKTOP_PASSPHRASE", "right")
    assert cli("--db", db, "check").returncode == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    monkeypatch.setenv("DIALOGUE_DESKTOP_PASSPHRASE", "wrong")
    for lang in ("en", "km"):
        result = cli("--lang", lang, "--db", db, "check")
        assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "passphrase is wrong" in cli("--db", db, "check").stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_change_passphrase(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, new = tmp_path / "field.db", tmp_path / "new.txt"
    monkeypatch.setenv("DIALOGUE_DESKTOP_PASSPHRASE", "old")
    assert cli("--db", db, "demo", "--dialogues", "1").returncode == 0
    missing = cli("--db", db, "change-passphrase")
    assert missing.returncode == 1 and "--new-passphrase-file" in missing.stderr
    new.write_text("new\n", encoding="utf-8")
    changed = cli("--db", db, "change-passphrase", "--new-passphrase-file", new)
    assert changed.returncode == 0, changed.stderr
    assert cli("--db", db, "check").returncode == 1  # the old one no longer opens it
    monkeypatch.setenv("DIALOGUE_DESKTOP_PASSPHRASE", "new")
    assert cli("--db", db, "check").returncode == 0
    monkeypatch.setenv("DIALOGUE_DESKTOP_NEW_PASSPHRASE", "newer")
    assert cli("--db", db, "change-passphrase").returncode == 0
    monkeypatch.setenv("DIALOGUE_DESKTOP_PASSPHRASE", "newer")
    assert cli("--db", db, "check").returncode == 0
