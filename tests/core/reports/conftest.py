"""Report tests run on SQLite and on PostgreSQL.

Each PostgreSQL store lives in its own schema (`pg_schema_url` of tests/conftest.py, dropped afterwards), so
tests stay independent and other users of the same database (sync tests) are not disturbed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.core.reports.report_dataset import Ids, build

from dialogue_desktop.core.store.store import Store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh empty store on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        store = Store.open(tmp_path / "central.db")
    else:
        store = Store.open(request.getfixturevalue("pg_schema_url"))
    yield store
    store.close()


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
