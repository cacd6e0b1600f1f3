"""The dialogue list kept sealed beside the database for the next start: used only while it is exactly
what the database would show, never readable without the key, never able to change anything."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import msgspec
import pytest

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.listing import first_list
from dialogue_desktop.core.store import cipher, list_snapshot, vault
from dialogue_desktop.core.store.cipher import DatabaseKey
from dialogue_desktop.core.store.list_snapshot import FirstList, keep, read, read_at_start, snapshot_path
from dialogue_desktop.core.store.store import Store

TITLES = ("Kampot water forum", "Siem Reap school dialogue", "Ratanakiri land forum")


def closed_store(path: Path, titles: tuple[str, ...] = TITLES) -> tuple[FirstList, DatabaseKey]:
    """A database with these dialogues (one a day), closed after its list was gathered, as the app closes."""
    store = Store.open(path)
    with store.unit_of_work() as session:
        for day, title in enumerate(titles, start=1):
            data = DialogueInput(
                kind=DialogueKind.PROVINCIAL, title_en=title, date=date(2025, 3, day), province_code="07"
            )
            create_dialogue(session, data)
        first = first_list(session)
    key = store.key
    assert key is not None
    store.close()
    keep(path, key, first)
    return first, key


def test_the_kept_list_is_read_back_whole_while_the_database_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    first, key = closed_store(path)
    assert [row.title_en for row in first.rows] == list(reversed(TITLES))  # newest first, as the list shows
    assert read(path, key) == first
    assert read_at_start(str(path)) == first  # unlocked as the app does: the environment's passphrase
    if os.name == "posix":
        assert snapshot_path(path).stat().st_mode & 0o777 == 0o600


def test_the_kept_list_is_sealed_nothing_of_it_is_readable_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    closed_store(path)
    content = snapshot_path(path).read_bytes()
    for title in TITLES:
        assert title.encode() not in content
    assert b"Kampot" not in content and b"provincial" not in content


def test_any_write_after_the_close_makes_the_kept_list_ignored(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    _first, key = closed_store(path)
    store = Store.open(path)  # e.g. an import from the command line
    with store.unit_of_work() as session:
        create_dialogue(session, DialogueInput(kind=DialogueKind.PROVINCIAL, title_en="Added meanwhile", date=date(2025, 4, 1), province_code="07"))  # fmt: skip
    store.close()
    assert read(path, key) is None


def test_a_restored_database_file_makes_the_kept_list_ignored(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    _first, key = closed_store(path)
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)  # same bytes, same size: another file all the same
    assert read(path, key) is None


def test_the_kept_list_of_another_database_or_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    closed_store(path)
    _other_first, other_key = closed_store(tmp_path / "other.db", ("Another laptop's forum",))
    assert read(path, other_key) is None
    blob = bytearray(snapshot_path(path).read_bytes())
    blob[-5] ^= 0x01
    snapshot_path(path).write_bytes(bytes(blob))
    assert read_at_start(str(path)) is None


def sealed(path: Path, key: DatabaseKey, payload: object) -> None:
    """What someone holding the key (and our source) could write in the kept list's place."""
    content = msgspec.json.encode(payload)
    snapshot_path(path).write_bytes(vault.seal(vault.subkey(key, "first list"), content, b"first-list v1"))


def test_a_crafted_list_with_rows_not_of_its_ids_or_repeated_ids_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    first, key = closed_store(path)
    stamp = list_snapshot.files_stamp(path)
    rows = [msgspec.to_builtins(row) for row in first.rows]
    sealed(path, key, {"stamp": stamp, "ids": first.ids, "rows": rows})
    assert read(path, key) == first  # the format as written: read
    sealed(path, key, {"stamp": stamp, "ids": list(reversed(first.ids)), "rows": rows})
    assert read(path, key) is None
    sealed(path, key, {"stamp": stamp, "ids": first.ids + first.ids[:1], "rows": rows})
    assert read(path, key) is None
    sealed(path, key, {"stamp": stamp, "ids": first.ids, "rows": [{**rows[0], "attendance_count": "many"}]})
    assert read(path, key) is None
    sealed(path, key, {"stamp": stamp, "ids": first.ids, "rows": rows, "extra": 1})
    assert read(path, key) is None


@pytest.mark.parametrize(
    "change",
    [
        {"attendance_count": True},  # a flag where a count goes
        {"attendance_count": -3},
        {"attendance_count": 2.0},
        {"tally_only": 1},
        {"kind": "royal"},
        {"kind": 1},
        {"status": None},
        {"date": "14 March 2025"},
        {"date": 20250314},
        {"start_time": "25:00"},
        {"title_km": ["a", "list"]},
        {"province_code": 7},
        {"venue": None},
    ],
    ids=repr,
)
def test_a_crafted_row_of_another_type_is_ignored(tmp_path: Path, change: dict[str, object]) -> None:
    path = tmp_path / "kampot.db"
    first, key = closed_store(path)
    rows = [msgspec.to_builtins(row) for row in first.rows]
    sealed(
        path,
        key,
        {"stamp": list_snapshot.files_stamp(path), "ids": first.ids, "rows": [{**rows[0], **change}]},
    )
    assert read(path, key) is None


def test_a_crafted_list_of_another_shape_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "kampot.db"
    first, key = closed_store(path)
    stamp = list_snapshot.files_stamp(path)
    rows = [msgspec.to_builtins(row) for row in first.rows]
    one = dict(rows[0])
    del one["venue"]
    for payload in [
        {"stamp": stamp, "ids": first.ids, "rows": [one]},  # a field missing
        {"stamp": stamp, "ids": first.ids, "rows": [{**rows[0], "phone": "012 345 678"}]},  # one too many
        {"stamp": [str(part) for part in stamp], "ids": first.ids, "rows": rows},
        {"stamp": stamp, "ids": [1, 2, 3], "rows": rows},
        {"stamp": stamp, "ids": first.ids, "rows": {"0": rows[0]}},
        {"stamp": stamp, "ids": first.ids},
        [stamp, first.ids, rows],
    ]:
        sealed(path, key, payload)
        assert read(path, key) is None, payload
    deep = b"[" * 200_000 + b"]" * 200_000  # nested beyond any reader's stack
    snapshot_path(path).write_bytes(vault.seal(vault.subkey(key, "first list"), deep, b"first-list v1"))
    assert read(path, key) is None


def test_an_oversized_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kampot.db"
    _first, key = closed_store(path)
    monkeypatch.setattr(list_snapshot, "MAX_BYTES", snapshot_path(path).stat().st_size - 1)
    assert read(path, key) is None


def test_reading_at_the_start_creates_nothing_for_a_new_or_locked_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "new.db"
    snapshot_path(new).write_bytes(b"planted")
    assert read_at_start(str(new)) is None
    assert not cipher.key_file_for(new).exists() and not new.exists()  # no key made, no database
    path = tmp_path / "kampot.db"
    closed_store(path)
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    monkeypatch.setattr(cipher, "_unlocked", {})  # a new process: nothing unlocked yet
    assert read_at_start(str(path)) is None  # the passphrase is asked for when the database opens
    assert read_at_start("postgresql://office@server/dialogues") is None
