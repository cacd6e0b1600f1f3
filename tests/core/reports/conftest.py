"""Report tests run on SQLite, and on PostgreSQL when DIALOGUE_TEST_PG_URL is set (required on CI).

Each PostgreSQL store lives in its own schema (dropped afterwards), so tests stay independent and other
users of the same database (sync tests) are not disturbed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.core.reports.report_dataset import Ids, build

from dialogue_desktop.core.store.store import Store

PG_URL = os.environ.get("DIALOGUE_TEST_PG_URL", "")


def _pg_store() -> Iterator[Store]:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("DIALOGUE_TEST_PG_URL must be set on CI: the reports must be tested on PostgreSQL")
        pytest.skip("DIALOGUE_TEST_PG_URL not set")
    schema = f"reports_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    store = Store.open(f"{PG_URL}{separator}options=-csearch_path%3D{schema}")
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh empty store on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        store = Store.open(tmp_path / "central.db")
        yield store
        store.close()
    else:
        yield from _pg_store()


@pytest.fixture
def programme(any_store: Store) -> tuple[Store, Ids]:
    """The fixed programme of `dataset`, on each database."""
    return any_store, build(any_store)


@pytest.fixture
def sqlite_programme(tmp_path: Path) -> Iterator[tuple[Store, Ids]]:
    """The fixed programme on SQLite only (exports: the database does not change the files)."""
    store = Store.open(tmp_path / "central.db")
    ids = build(store)
    yield store, ids
    store.close()
