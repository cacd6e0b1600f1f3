"""Shared fixtures: Qt offscreen, a private data folder, a fresh store per test, PostgreSQL for the run."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

# Before anything imports Qt or reads the data folder.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="dialogue-desktop-tests-"))
os.environ["DIALOGUE_DESKTOP_DATA_DIR"] = str(_SESSION_DIR / "data")
os.environ.setdefault("DIALOGUE_DESKTOP_CACHE_DIR", str(_SESSION_DIR / "cache"))
# Databases are encrypted: tests unlock them with a passphrase, never with this machine's credential store.
os.environ["DIALOGUE_DESKTOP_PASSPHRASE"] = "correct horse battery staple"

from tests.pg_server import postgres_url, with_search_path  # noqa: E402

from dialogue_desktop.core.i18n import set_language  # noqa: E402
from dialogue_desktop.core.store.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Tests read English unless they switch; the language is restored after each test."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store in a temporary folder."""
    opened = Store.open(tmp_path / "field.db")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The run's PostgreSQL server (started on first use, see tests/pg_server.py); its admin URL."""
    with postgres_url() as url:
        yield url


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """A PostgreSQL URL whose search path is a fresh empty schema, dropped after the test."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    yield with_search_path(pg_url, schema)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()
