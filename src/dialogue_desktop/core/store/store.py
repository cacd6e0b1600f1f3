"""The store: one database, this device's identity and clock, and units of work on it."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dialogue_desktop.core.domain.models import ChangeRecord, Device, LocalSetting
from dialogue_desktop.core.paths import data_dir
from dialogue_desktop.core.store import backups, cipher, contents
from dialogue_desktop.core.store.cipher import DatabaseKey
from dialogue_desktop.core.store.clock import HybridClock
from dialogue_desktop.core.store.engine import database_url, make_engine, secure_database_files, sqlite_path
from dialogue_desktop.core.store.schema import prepare_schema, refuse_unknown
from dialogue_desktop.core.store.tracking import Author, track_changes

DEVICE_ID = "device_id"
FACILITATOR_ID = "facilitator_id"


class Store:
    """An open database. Use `unit_of_work()` for every read or write; one session per unit of work."""

    def __init__(self, url: str, engine: Engine, key: DatabaseKey | None = None) -> None:
        self.url = url
        self.engine = engine
        #: The SQLCipher key of a SQLite store (None for a server database).
        self.key = key
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.path = sqlite_path(url)
        self.device_id = ""
        self.facilitator_id: str | None = None
        self.clock = HybridClock("-")

    @classmethod
    def open(
        cls,
        path_or_url: str | Path,
        *,
        automatic_backups: bool = True,
        daily_backup: bool = True,
        passphrase: str | None = None,
    ) -> Store:
        """Open (or create) a store, upgrading an older schema after a backup.

        A SQLite file is encrypted (a plain one is converted first) and unlocked with `passphrase`, the
        environment's passphrase or the credential store (see `cipher.unlock`); its errors are UserErrors.

        With `automatic_backups`, a backup is made before any migration and, with `daily_backup`, the
        daily one when due (the app passes False and runs it on its worker once the window is up).
        Raises `SchemaError` for a database from a newer app or another program.
        """
        url = database_url(path_or_url)
        db_path = sqlite_path(url)
        key = None
        if db_path is not None:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            key = unlock_database(db_path, passphrase)
        engine = make_engine(url, key)
        store = cls(url, engine, key)
        try:
            prepare_schema(engine, backup=store.backup_before_migration if automatic_backups else None)
            store._load_identity()
            contents.encrypt_plain_contents(store)  # attachments an older version stored plain
            if automatic_backups and daily_backup:
                store.backup_if_due()
        except Exception:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        """Close every connection (needed before a restore replaces the file)."""
        self.engine.dispose()

    # --- units of work ---------------------------------------------------------------------------------

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back entirely on any error."""
        with self._sessions() as session:
            track_changes(session, Author(self.clock, self.facilitator_id))
            with session.begin():
                yield session

    # --- identity ----------------------------------------------------------------------------------------

    def _load_identity(self) -> None:
        with self._sessions.begin() as session:
            device_id = get_setting(session, DEVICE_ID)
            if device_id is None:
                device = Device(name=socket.gethostname() or "laptop")
                session.add(device)
                session.flush()
                device_id = device.id
                set_setting(session, DEVICE_ID, device_id)
            self.device_id = device_id
            self.facilitator_id = get_setting(session, FACILITATOR_ID)
            last = session.scalar(select(func.max(ChangeRecord.revision))) or ""
        self.clock = HybridClock(self.device_id, last)

    def device(self) -> Device:
        """This store's own device record."""
        with self._sessions() as session:
            device = session.get(Device, self.device_id)
            assert device is not None
            return device

    def set_facilitator(self, facilitator_id: str | None) -> None:
        """The facilitator named in the audit trail of later changes."""
        with self._sessions.begin() as session:
            set_setting(session, FACILITATOR_ID, facilitator_id or "")
        self.facilitator_id = facilitator_id or None

    # --- backups -----------------------------------------------------------------------------------------

    def backup_before_migration(self) -> Path | None:
        """A safety copy before the schema is upgraded (SQLite only)."""
        if self.path is None or not self.path.exists():
            return None
        return backups.make_backup(self.path, "before-migration", key=self.key)

    def backup_if_due(self) -> Path | None:
        """A daily backup when the last one is a day old, then thinning; None when not due or not SQLite."""
        if self.path is None or not backups.backup_due(self.path):
            return None
        made = backups.make_backup(self.path, "daily", key=self.key)
        backups.thin_backups(self.path)
        return made

    def folder(self, name: str) -> Path:
        """A folder that belongs to this store: `<db file>.<name>` beside a SQLite file, or for a server
        database `<data folder>/<name>/<hash of its URL>`, so two stores never share one (not created)."""
        if self.path is not None:
            return self.path.with_name(f"{self.path.name}.{name}")
        shown = make_url(self.url).render_as_string(hide_password=True)
        return data_dir() / name / hashlib.sha256(shown.encode()).hexdigest()[:16]

    @property
    def attachments_dir(self) -> Path:
        """Where attachment files are stored by content hash."""
        return self.folder("attachments")


def unlock_database(db_path: Path, passphrase: str | None = None) -> DatabaseKey:
    """The key of a SQLite store, after encrypting the file (and its backups) if they are still plain.

    A conversion interrupted by a power cut left the plain file whole: it is simply done again.
    """
    cipher.discard_unfinished(db_path)
    plain = cipher.is_plain_database(db_path)
    if plain:
        _refuse_foreign_plain_file(db_path)  # another program's file is left as it is, not encrypted
    key = cipher.unlock(db_path, passphrase)
    if plain:
        cipher.encrypt_file(
            db_path, key, backup=lambda copy: backups.keep_file(copy, db_path, "before-encryption")
        )
    elif not cipher.is_new_database(db_path):
        cipher.check_key(db_path, key)
    for backup in backups.list_backups(db_path):
        if cipher.is_plain_database(backup.path):  # made by an older version: no plain copy stays behind
            cipher.discard_unfinished(backup.path)
            cipher.encrypt_file(backup.path, key)
    secure_database_files(db_path)
    return key


def _refuse_foreign_plain_file(db_path: Path) -> None:
    connection = cipher.connect(db_path, None, read_only=True)  # read-only: not even the journal mode changes
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        versions = (
            [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
            if "alembic_version" in tables
            else []
        )
    finally:
        connection.close()
    refuse_unknown(versions[0] if len(versions) == 1 else None, tables)


def get_setting(session: Session, key: str) -> str | None:
    """A local setting's value, or None; empty text counts as unset."""
    setting = session.get(LocalSetting, key)
    return setting.value if setting is not None and setting.value != "" else None


def set_setting(session: Session, key: str, value: str) -> None:
    """Set a local setting."""
    setting = session.get(LocalSetting, key)
    if setting is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        setting.value = value
