"""The start derives the passphrase's scrypt key ahead, on the kept list's thread: used once, by the
unlocking with the very same inputs, and never from a key file it could not trust."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dialogue_desktop.core.store import cipher, key_file
from dialogue_desktop.core.store.store import Store

PASSPHRASE = "ស្រី សុខា 2026"


@pytest.fixture
def scrypt_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times scrypt really ran (the real one, counted)."""
    runs: list[int] = []
    real: Callable[..., bytes] = key_file.hashlib.scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(key_file.hashlib, "scrypt", counted)
    monkeypatch.setattr(key_file, "_ahead", {})
    return runs


def a_new_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app starting again: nothing unlocked in this process."""
    monkeypatch.setattr(cipher, "_unlocked", {})


@pytest.fixture
def locked_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "field.db"
    Store.open(db, passphrase=PASSPHRASE).close()
    a_new_start(monkeypatch)
    return db


def test_the_key_derived_ahead_opens_the_database_without_a_second_scrypt(
    locked_db: Path, scrypt_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file.derive_ahead(locked_db, PASSPHRASE)
    assert len(scrypt_runs) == 1

    Store.open(locked_db, passphrase=PASSPHRASE).close()

    assert len(scrypt_runs) == 1
    assert key_file._ahead == {}  # handed over once, then forgotten
    a_new_start(monkeypatch)
    Store.open(locked_db, passphrase=PASSPHRASE).close()
    assert len(scrypt_runs) == 2


def test_the_environment_s_passphrase_is_derived_ahead_as_unlocking_would_use_it(
    locked_db: Path, scrypt_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(key_file.PASSPHRASE_ENV, PASSPHRASE)
    key_file.derive_ahead(locked_db)
    Store.open(locked_db).close()
    assert len(scrypt_runs) == 1
    monkeypatch.delenv(key_file.PASSPHRASE_ENV)
    key_file.derive_ahead(locked_db)  # no passphrase: nothing to derive
    assert len(scrypt_runs) == 1 and key_file._ahead == {}


def test_a_key_derived_for_another_passphrase_opens_nothing(
    locked_db: Path, scrypt_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file.derive_ahead(locked_db, "not the passphrase")

    Store.open(locked_db, passphrase=PASSPHRASE).close()
    assert len(scrypt_runs) == 2  # derived anew: the key ahead was another passphrase's
    a_new_start(monkeypatch)
    with pytest.raises(cipher.WrongPassphrase):
        Store.open(locked_db, passphrase="not the passphrase")  # the key ahead, still refused
    assert len(scrypt_runs) == 2


def _slot(db: Path) -> dict[str, Any]:
    slot: dict[str, Any] = json.loads(key_file.key_file_for(db).read_text())["slots"]["passphrase"]
    return slot


@pytest.mark.parametrize(
    "craft",
    [
        lambda good: "x" * (key_file.MAX_BYTES + 1),
        lambda good: "{not json",
        lambda good: json.dumps([good]),
        lambda good: json.dumps({"format": 2, "slots": {"passphrase": good}}),
        lambda good: json.dumps({"format": 1, "slots": "passphrase"}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": [good]}}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": {**good, "salt": "not base64!"}}}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": {**good, "salt": 7}}}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": {**good, "n": 3}}}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": {**good, "n": 2**30}}}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": {**good, "r": "eight"}}}),
        lambda good: json.dumps({"format": 1, "slots": {"passphrase": {"salt": good["salt"]}}}),
    ],
    ids=[
        "oversized",
        "not-json",
        "a-list",
        "another-format",
        "slots-not-a-map",
        "slot-not-a-map",
        "salt-not-base64",
        "salt-a-number",
        "n-not-a-power-of-two",
        "n-beyond-the-memory-bound",
        "r-not-a-number",
        "no-cost-parameters",
    ],
)
def test_a_crafted_key_file_derives_nothing_and_stops_nothing(
    locked_db: Path, scrypt_runs: list[int], craft: Callable[[dict[str, Any]], str]
) -> None:
    key_file.key_file_for(locked_db).write_text(craft(_slot(locked_db)))

    began = time.perf_counter()
    key_file.derive_ahead(locked_db, PASSPHRASE)  # raises nothing: unlocking says what is wrong

    assert key_file._ahead == {}
    assert time.perf_counter() - began < 2  # no scrypt beyond the memory bound
    with pytest.raises(cipher.KeyFileError):
        cipher.unlock(locked_db, PASSPHRASE)


def test_a_missing_key_file_derives_nothing(tmp_path: Path, scrypt_runs: list[int]) -> None:
    key_file.derive_ahead(tmp_path / "nothing-here.db", PASSPHRASE)
    assert scrypt_runs == [] and key_file._ahead == {}
