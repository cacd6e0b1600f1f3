"""The dialogue list as the app last showed it, kept sealed beside the database for a faster next start.

Opening a database costs most of a second (SQLAlchemy, the models, the schema check), yet the first thing a
facilitator needs is the list of dialogues. So when the app closes it keeps the list's ids (default
filters and order) and its first rows in `<db>.first-list`, sealed with a key derived from the database
key (`vault.subkey`), together with a stamp of the database files (inode, size and modification time of
the database and its WAL). At the next start the list is shown from it while the database opens, but only
when the stamp still matches: any write since (the command line, a restore, a sync) changes it, and the
snapshot is then ignored. A damaged, foreign or oversized file is ignored too; it can never change data.

Nothing here loads SQLAlchemy, nor any decoding library: reading happens before the database layer is
imported, while Qt starts, and each module the reader loads then delays the window (msgspec cost the
start about 30 ms). The file is plain JSON, decoded strictly here: every field of its type, nothing more.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import Any

from dialogue_desktop.core.domain.dialogue_list import DialogueRow
from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus
from dialogue_desktop.core.paths import private_partial, replace_durably
from dialogue_desktop.core.store import vault
from dialogue_desktop.core.store.cipher import DatabaseKey

log = logging.getLogger(__name__)

SUFFIX = ".first-list"
#: Rows kept: one block of the list's model (gui/models/id_list.BLOCK), more than a screen.
ROWS = 100
#: Ids kept at most, and the largest file read (about 40 bytes an id: 200,000 dialogues fit).
MAX_IDS = 200_000
MAX_BYTES = 16 << 20
_PURPOSE = "first list"
_CONTEXT = b"first-list v1"


@dataclass(frozen=True)
class FirstList:
    """The list's ordered ids (default filters and order) and the rows of the first ones."""

    ids: list[str]
    rows: list[DialogueRow]


@dataclass(frozen=True)
class _Stored:
    stamp: list[int]
    ids: list[str]
    rows: list[DialogueRow]


def snapshot_path(db_path: Path) -> Path:
    """Where the snapshot of the database at `db_path` is kept."""
    return db_path.with_name(db_path.name + SUFFIX)


def files_stamp(db_path: Path) -> list[int]:
    """Inode, size and modification time (ns) of the database file and its WAL (-1s for a missing or
    empty one: a session that only read leaves an empty WAL behind when it is killed)."""
    stamp: list[int] = []
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            found = path.stat()
        except OSError:
            found = None
        if found is None or (found.st_size == 0 and path != db_path):  # an empty WAL holds no change
            stamp += [-1, -1, -1]
        else:
            stamp += [found.st_ino, found.st_size, found.st_mtime_ns]
    return stamp


def keep(db_path: Path, key: DatabaseKey, first: FirstList) -> None:
    """Seal `first` beside the closed database, stamped with its files as they are now.

    Call it after the store is closed (its last write done). A failure only costs the next start its
    head start: it is logged, never raised.
    """
    target = snapshot_path(db_path)
    try:
        stored = _Stored(files_stamp(db_path), first.ids, first.rows)
        blob = vault.seal(vault.subkey(key, _PURPOSE), _encode(stored), _CONTEXT)
        partial = private_partial(target)
        partial.write_bytes(blob)
        replace_durably(partial, target)
    except OSError as error:
        log.warning("the dialogue list could not be kept for the next start: %s", error.strerror)
        forget(db_path)


def read(db_path: Path, key: DatabaseKey) -> FirstList | None:
    """The list kept at the last close, if it is whole, sealed with this key and the database unchanged."""
    target = snapshot_path(db_path)
    try:
        if target.stat().st_size > MAX_BYTES:
            return None
        blob = target.read_bytes()
        stored = _decode(vault.unseal(vault.subkey(key, _PURPOSE), blob, _CONTEXT))
    except (OSError, vault.Damaged, ValueError, RecursionError):  # RecursionError: nested beyond reason
        return None
    if stored.stamp != files_stamp(db_path) or not _consistent(stored):
        return None
    return FirstList(stored.ids, stored.rows)


def _encode(stored: _Stored) -> bytes:
    rows = [{name: _plain(getattr(row, name)) for name in _ROW_FIELDS} for row in stored.rows]
    return json.dumps({"stamp": stored.stamp, "ids": stored.ids, "rows": rows}, ensure_ascii=False).encode()


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | time) else value  # the enums are strings


def _decode(content: bytes) -> _Stored:
    """The stored list, each field of its type; ValueError for anything else (an unknown field too)."""
    found = json.loads(content)
    if not isinstance(found, dict) or found.keys() != {"stamp", "ids", "rows"}:
        raise ValueError("not a kept list")
    stamp, ids, rows = found["stamp"], found["ids"], found["rows"]
    if not _list_of(stamp, int) or not _list_of(ids, str) or not isinstance(rows, list):
        raise ValueError("not a kept list")
    return _Stored(stamp, ids, [_row(row) for row in rows])


def _list_of(value: object, kind: type) -> bool:
    return isinstance(value, list) and all(type(item) is kind for item in value)


def _row(found: object) -> DialogueRow:
    if not isinstance(found, dict) or found.keys() != _ROW_FIELDS.keys():
        raise ValueError("not a dialogue row")
    return DialogueRow(**{name: read_value(found[name]) for name, read_value in _ROW_FIELDS.items()})


def _of(kind: type) -> Callable[[object], Any]:
    def read_value(value: object) -> object:
        if type(value) is not kind or (kind is int and value < 0):  # type: ignore[operator]
            raise ValueError("a field of another type")
        return value

    return read_value


def _parsed(kind: type[date] | type[time] | type[StrEnum]) -> Callable[[object], Any]:
    def read_value(value: object) -> object:
        if not isinstance(value, str):
            raise ValueError("a field of another type")
        return kind(value) if issubclass(kind, StrEnum) else kind.fromisoformat(value)

    return read_value


def _optional(read_value: Callable[[object], Any]) -> Callable[[object], Any]:
    return lambda value: None if value is None else read_value(value)


#: How each type of a row's fields is read back (from the annotations: a new field needs no change here,
#: a field of a new type fails at import, in every test).
_READERS: dict[str, Callable[[object], Any]] = {
    "str": _of(str),
    "str | None": _optional(_of(str)),
    "int": _of(int),
    "bool": _of(bool),
    "date": _parsed(date),
    "time | None": _optional(_parsed(time)),
    "DialogueKind": _parsed(DialogueKind),
    "DialogueStatus": _parsed(DialogueStatus),
}
_ROW_FIELDS = {field.name: _READERS[str(field.type)] for field in fields(DialogueRow)}


def _consistent(stored: _Stored) -> bool:
    """Ids unique and bounded; the rows are those of the first ids, in order."""
    if len(stored.ids) > MAX_IDS or len(set(stored.ids)) != len(stored.ids) or len(stored.rows) > ROWS:
        return False
    return [row.id for row in stored.rows] == stored.ids[: len(stored.rows)]


def read_at_start(database: str, passphrase: str | None = None) -> FirstList | None:
    """The kept list of the database the app is opening (`database`: a path or URL), when it can be
    unlocked without asking: by `passphrase`, the environment's or the credential store. Never creates
    or converts anything: a new, plain or server database has no snapshot."""
    from dialogue_desktop.core.store import cipher

    if "://" in database:
        return None
    db_path = Path(database)
    if not snapshot_path(db_path).is_file() or not cipher.key_file_for(db_path).is_file():
        return None
    try:
        key = cipher.unlock(db_path, passphrase)  # remembered: opening the database needs no second one
    except Exception:  # noqa: BLE001 - opening the database says what is wrong; this only speeds it up
        return None
    return read(db_path, key)


def forget(db_path: Path) -> None:
    """Remove the kept list (best effort)."""
    with contextlib.suppress(OSError):
        snapshot_path(db_path).unlink(missing_ok=True)
