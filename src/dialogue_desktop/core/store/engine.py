"""Opening a database: SQLite with settings that lose no committed transaction, or any SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import QueuePool

from dialogue_desktop.core.paths import private_file
from dialogue_desktop.core.store.cipher import DatabaseKey, configure_sqlcipher


def database_url(path_or_url: str | Path) -> str:
    """A SQLAlchemy URL: a plain path means a SQLite file."""
    text = str(path_or_url)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another database (or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def secure_database_files(path: Path) -> None:
    """Make a SQLite file (created empty if missing) and its WAL and shared-memory files private (0600).

    SQLite gives the WAL and shared-memory files it creates later the database file's own mode.
    """
    private_file(path)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            private_file(companion)


def make_engine(url: str, key: DatabaseKey | None = None) -> Engine:
    """An engine for `url`. SQLite gets WAL, foreign keys, synchronous=FULL and explicit transactions, and
    with `key` SQLCipher (the key is SQLAlchemy's pysqlcipher "password": a raw key, no PBKDF2 per connection)."""
    # hide_parameters: an error (and so the log) shows a statement's placeholders, never a person's name.
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    options: dict[str, Any] = {}
    if key is not None:
        configure_sqlcipher()
        parsed = URL.create("sqlite+pysqlcipher", password=key.pragma_value(), database=parsed.database)
        # pysqlcipher defaults to one connection per thread (for slow PBKDF2 keys); a raw key opens at once,
        # and units of work may overlap (a read inside a write), as with plain SQLite's queue of connections.
        options["poolclass"] = QueuePool
    engine = create_engine(parsed, connect_args={"timeout": 15}, hide_parameters=True, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy decide when transactions begin (pysqlite's own handling breaks SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL in WAL mode syncs the log on every commit: a power cut loses no committed transaction.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        # A page cache of up to 64 MiB per connection (grown only as pages are read; SQLite's default is
        # 2 MiB, sqlcipher3's 8 MiB). SQLCipher decrypts a page each time it comes back into the cache, and
        # a big write (a bundle import, a demo, 100,000 rows) spills and rereads its index pages: bulk
        # insert of 202,000 rows, CPU 16.9 s → 14.6 s encrypted (plain with the old cache 14.3 s), median
        # of 2 in one run; 16 MiB did not help, 32 MiB half as much.
        # Not set, measured or checked in the same run: cipher_memory_security is already OFF in
        # sqlcipher3's SQLCipher 4.19; memory-mapped I/O is not used by SQLCipher for an encrypted file;
        # temp_store=MEMORY did not change the dialogue list; a larger cipher_page_size would need every
        # database converted, and the list's 3.5x came from reading each attendance row (migration 0008).
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
