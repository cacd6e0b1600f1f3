"""Automatic and manual backups of a SQLite store, with the online backup API, thinned over time.

Automatic backups live in `<db>.backups/` beside the database, named
`<stem>-<UTC time>-<reason>.db`, encrypted with the database's own key (see `cipher`). Thinning keeps the
newest backup of each of the last 7 days, 4 weeks and 12 months with backups, and the 3 newest made before a
migration or a restore. A backup written elsewhere (`write_backup`) takes a copy of the database's key file
along, so another laptop, or the central office, can open it (`backup_key`).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlcipher3

from dialogue_desktop.core.errors import UserError
from dialogue_desktop.core.file_errors import file_reason
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.paths import private_dir, private_partial, replace_durably
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.cipher import DatabaseKey

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_SAFETY = 7, 4, 12, 3
#: Reasons of automatic backups; "daily" ones are thinned by age, the others are safety copies.
SAFETY_REASONS = ("before-migration", "before-restore", "before-encryption")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z-]+)\.db$")
_STAMP = "%Y%m%d-%H%M%S"


class BackupError(UserError):
    """A backup could not be made or a file cannot be restored; the message says why."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    reason: str


def backup_dir_for(db_path: Path) -> Path:
    """The folder of automatic backups of a database."""
    return db_path.with_name(db_path.name + ".backups")


def copy_database(
    source: Path, target: Path, key: DatabaseKey, source_key: DatabaseKey | None = None
) -> None:
    """Copy a live database with the online backup API into `target`, encrypted with `key`, written
    atomically (mode 0600). A plain source (an older backup) is copied, then encrypted; a source under
    another key (`source_key`: a backup from another laptop) is exported into `target` under `key`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = private_partial(target)  # private before the first personal byte is copied into it
    plain = cipher.is_plain_database(source)
    if not plain and source_key is not None and source_key != key:
        _export_rekeyed(source, source_key, partial, key)
        replace_durably(partial, target)
        return
    src = cipher.connect(source, None if plain else key)
    try:
        dst = cipher.connect(partial, None if plain else key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    if plain:
        cipher.encrypt_file(partial, key)
    replace_durably(partial, target)


def _export_rekeyed(source: Path, source_key: DatabaseKey, partial: Path, key: DatabaseKey) -> None:
    connection = cipher.connect(source, source_key)
    try:
        # The key goes in as a bound value: no SQL is built from it.
        connection.execute("ATTACH DATABASE ? AS target KEY ?", (str(partial), key.pragma_value()))
        connection.execute("SELECT sqlcipher_export('target')")
        connection.execute("DETACH DATABASE target")
    finally:
        connection.close()


def write_backup(db_path: Path, target: Path, key: DatabaseKey) -> Path:
    """A backup of `db_path` at `target` anywhere (another disk, a USB stick) with a copy of the database's
    key file beside it (`<target>.key`), so that it can be restored on another laptop too; returns the
    key file's path. The key file first: a backup is never left without a way to open it."""
    key_file = cipher.key_file_for(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        cipher.copy_key_file(db_path, key_file)
        copy_database(db_path, target, key)
    except (sqlcipher3.Error, OSError) as error:
        raise BackupError(
            N_("The backup could not be written: {reason}"), reason=file_reason(error)
        ) from error
    return key_file


def backup_key(backup: Path, key: DatabaseKey, passphrases: list[str]) -> DatabaseKey:
    """The key that opens `backup`: the database's own `key` (a backup of this database, or a plain one),
    else the one its key file beside it holds (`<backup>.key`, unlocked by this computer's credential
    store or one of `passphrases`). BackupError when neither opens it."""
    if not backup.is_file():
        raise BackupError(N_("{file} does not exist."), file=str(backup))
    if cipher.is_plain_database(backup) or _opens_with(backup, key):
        return key
    key_file = cipher.key_file_for(backup)
    if not key_file.is_file():
        raise BackupError(
            N_(
                "{file} is not a backup of this database, and its key file {key} is not beside it. Put the "
                "key file written with the backup beside it."
            ),
            file=backup.name,
            key=key_file.name,
        )
    found = cipher.unlock_key_file(key_file, passphrases)
    if not _opens_with(backup, found):
        raise BackupError(N_("{file} is not a database file."), file=backup.name)
    return found


def _opens_with(path: Path, key: DatabaseKey) -> bool:
    try:
        cipher.connect(path, key, read_only=True).close()
    except sqlcipher3.DatabaseError:
        return False
    return True


def backup_path(db_path: Path, reason: str, now: datetime | None = None) -> Path:
    """Where an automatic backup of `db_path` for `reason` made `now` goes (its folder created, private)."""
    now = now or datetime.now(UTC)
    return private_dir(backup_dir_for(db_path)) / f"{db_path.stem}-{now.strftime(_STAMP)}-{reason}.db"


def make_backup(
    db_path: Path, reason: str = "daily", now: datetime | None = None, key: DatabaseKey | None = None
) -> Path:
    """An automatic backup of `db_path` for `reason`, encrypted with its key; returns its path."""
    try:
        target = backup_path(db_path, reason, now)
        copy_database(db_path, target, key or cipher.key_for(db_path))
    except (sqlcipher3.Error, OSError) as error:
        raise BackupError(
            N_("The backup could not be written: {reason}"), reason=file_reason(error)
        ) from error
    return target


def keep_file(source: Path, db_path: Path, reason: str) -> Path:
    """A backup of `db_path` that is a copy of `source`, a closed self-contained database file."""
    target = backup_path(db_path, reason)
    partial = private_partial(target)
    shutil.copyfile(source, partial)
    replace_durably(partial, target)
    return target


def list_backups(db_path: Path) -> list[BackupFile]:
    """Automatic backups of a database, newest first."""
    folder = backup_dir_for(db_path)
    found: list[BackupFile] = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == db_path.stem:
                made_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
                found.append(BackupFile(path, made_at, match["reason"]))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def backup_due(db_path: Path, now: datetime | None = None) -> bool:
    """True when the newest automatic backup is a day old or more (or there is none)."""
    now = now or datetime.now(UTC)
    backups = list_backups(db_path)
    return not backups or now - backups[0].made_at >= timedelta(days=1)


def backups_to_keep(backups: list[BackupFile]) -> set[Path]:
    """Which backups thinning keeps: newest per day (7), per ISO week (4), per month (12), safety copies (3)."""
    keep: set[Path] = set()
    regular = [b for b in backups if b.reason not in SAFETY_REASONS]
    for key, limit in (
        (lambda b: b.made_at.date(), KEEP_DAILY),
        (lambda b: b.made_at.isocalendar()[:2], KEEP_WEEKLY),
        (lambda b: (b.made_at.year, b.made_at.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for backup in regular:  # newest first, so the first of each period is its newest
            period = key(backup)
            if period not in seen:
                seen.append(period)
                if len(seen) > limit:
                    break
                keep.add(backup.path)
    keep.update(b.path for b in [b for b in backups if b.reason in SAFETY_REASONS][:KEEP_SAFETY])
    return keep


def thin_backups(db_path: Path) -> list[Path]:
    """Delete the automatic backups that thinning does not keep; returns the deleted paths."""
    backups = list_backups(db_path)
    keep = backups_to_keep(backups)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def check_backup_file(path: Path, key: DatabaseKey) -> None:
    """Raise BackupError unless `path` is a sound database of this app, plain or encrypted with `key`."""
    if not path.is_file():
        raise BackupError(N_("{file} does not exist."), file=str(path))
    try:
        connection = cipher.connect(path, None if cipher.is_plain_database(path) else key, read_only=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            connection.close()
    except sqlcipher3.DatabaseError as error:  # also a backup of another database, under another key
        raise BackupError(N_("{file} is not a database file."), file=path.name) from error
    if not result or result[0] != "ok":
        raise BackupError(N_("{file} is damaged and cannot be restored."), file=path.name)
    if "alembic_version" not in tables or "dialogue" not in tables:
        raise BackupError(N_("{file} is not a Dialogue Desktop backup."), file=path.name)


def restore_backup(
    backup: Path, db_path: Path, key: DatabaseKey | None = None, source_key: DatabaseKey | None = None
) -> Path | None:
    """Replace the database at `db_path` with `backup`, after a safety backup of the current one.

    Returns the safety backup's path (None when there was no database yet). The caller must have closed
    every connection to `db_path`. `key` is the database's (by default the one it was unlocked with);
    `source_key` the backup's when it is another database's (see `backup_key`): it is then encrypted
    anew under `key`.
    """
    key = key or cipher.key_for(db_path)
    if source_key is None:  # another database's backup opens here only by its key file's credential entry
        source_key = backup_key(backup, key, [])
    check_backup_file(backup, source_key)
    safety = make_backup(db_path, "before-restore", key=key) if db_path.exists() else None
    try:
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        copy_database(backup, db_path, key, source_key)
    except (sqlcipher3.Error, OSError) as error:
        raise BackupError(
            N_("The backup could not be restored: {reason}"), reason=file_reason(error)
        ) from error
    return safety
