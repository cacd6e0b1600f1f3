"""The central office on PostgreSQL: same code and migrations, and several staff importing at once.

Runs on the test run's PostgreSQL server (tests/pg_server.py: started from pgserver unless
DIALOGUE_TEST_PG_URL names one). Each test works in its own schema, dropped afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import conflicts
from dialogue_desktop.core.sync.import_ import import_file

from .conftest import Office, add_dialogue, content, export_to


@pytest.fixture
def pg_office(tmp_path: Path, pg_schema_url: str) -> Iterator[Office]:
    made = Office(tmp_path, url=pg_schema_url)
    yield made
    made.store.close()


@pytest.fixture
def pg_laptops(pg_office: Office) -> Iterator[Callable[..., Store]]:
    opened: list[Store] = []

    def make(name: str = "Kampot laptop") -> Store:
        store = pg_office.laptop(name)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.mark.postgres
def test_bundles_receipts_and_conflicts_on_postgresql(
    pg_office: Office, pg_laptops: Callable[..., Store], tmp_path: Path
) -> None:
    from dialogue_desktop.core.domain.models import Dialogue

    laptop = pg_laptops()
    dialogue_id = add_dialogue(laptop, 3)
    bundle = export_to(laptop, tmp_path)
    assert pg_office.import_(bundle)[0].status == "imported"
    assert pg_office.import_(bundle)[0].status == "already"
    assert content(pg_office.store) == content(laptop)
    assert import_file(laptop, pg_office.receipt(laptop)).status == "imported"
    with pg_office.store.unit_of_work() as session:
        session.get(Dialogue, dialogue_id).title_en = "Office"  # type: ignore[union-attr]
    with laptop.unit_of_work() as session:
        session.get(Dialogue, dialogue_id).title_en = "Laptop"  # type: ignore[union-attr]
    pg_office.import_(export_to(laptop, tmp_path))
    assert [c.field for c in conflicts.list_conflicts(pg_office.store)] == ["title_en"]


@pytest.mark.postgres
def test_staff_importing_at_once_apply_each_change_exactly_once(
    pg_office: Office, pg_laptops: Callable[..., Store], tmp_path: Path, pg_schema_url: str
) -> None:
    laptops = [pg_laptops(f"laptop {n}") for n in range(2)]
    bundles: list[Path] = []
    for laptop in laptops:
        add_dialogue(laptop, 30)
        bundles.append(export_to(laptop, tmp_path))
        add_dialogue(laptop, 5, "Second")
        bundles.append(export_to(laptop, tmp_path))  # cumulative: overlaps the first
    staff = [Store.open(pg_schema_url) for _ in range(4)]
    results: list[str] = []
    errors: list[BaseException] = []

    def work(store: Store, order: list[Path]) -> None:
        try:
            for path in order:
                results.append(import_file(store, path).status)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=work, args=(s, bundles[n:] + bundles[:n])) for n, s in enumerate(staff)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in staff:
        store.close()
    assert errors == []
    assert results.count("imported") == len(bundles) and "refused" not in results
    with pg_office.store.engine.connect() as connection:
        duplicates = connection.execute(
            sa.text(
                "SELECT count(*) FROM (SELECT revision FROM change_record GROUP BY revision HAVING count(*) > 1) d"
            )
        ).scalar()
    assert duplicates == 0
    for table in ("attendance", "dialogue"):
        expected = {row for lap in laptops for row in content(lap, (table,))[table]}
        assert set(content(pg_office.store, (table,))[table]) == expected
