"""The dialogue list counts a dialogue's live attendance from an index alone (migration 0008)."""

from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event

from dialogue_desktop.core.domain.models import Attendance, Base, Dialogue, Participant
from dialogue_desktop.core.services import listing
from dialogue_desktop.core.store.backups import list_backups
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.schema import alembic_config
from dialogue_desktop.core.store.store import Store


def fill(store: Store) -> None:
    """Two dialogues: one with two live entries and a removed one, one with a single entry."""
    with store.unit_of_work() as session:
        bulk_insert(
            session,
            Dialogue,
            [
                {"id": "d1", "kind": "provincial", "title_en": "Water", "date": date(2025, 3, 1)},
                {"id": "d2", "kind": "commune", "title_en": "Roads", "date": date(2025, 2, 1)},
            ],
        )
        bulk_insert(
            session,
            Participant,
            [{"id": f"p{n}", "name_latin": f"Person {n}", "sex": "female"} for n in range(3)],
        )
        bulk_insert(
            session,
            Attendance,
            [
                {"id": "a0", "dialogue_id": "d1", "participant_id": "p0"},
                {"id": "a1", "dialogue_id": "d1", "participant_id": "p1"},
                {"id": "a2", "dialogue_id": "d1", "participant_id": "p2"},
                {"id": "a3", "dialogue_id": "d2", "participant_id": "p0"},
            ],
        )
    with store.unit_of_work() as session:
        session.get_one(Attendance, "a2").deleted = True


def counts(store: Store) -> dict[str, int]:
    with store.unit_of_work() as session:
        return {row.id: row.attendance_count for row in listing.list_dialogues(session)}


def attendance_indexes(store: Store) -> dict[str, list[str | None]]:
    return {i["name"]: i["column_names"] for i in sa.inspect(store.engine).get_indexes("attendance")}  # type: ignore[misc]


def test_upgrade_from_0007_replaces_the_dialogue_index_and_keeps_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "before-0008.db"
    store = Store.open(path, automatic_backups=False)
    fill(store)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    assert "ix_attendance_dialogue_id" in attendance_indexes(store)
    store.close()

    store = Store.open(path)
    assert "before-migration" in [b.reason for b in list_backups(path)]
    indexes = attendance_indexes(store)
    assert indexes["ix_attendance_dialogue_live"] == ["dialogue_id", "deleted"]
    assert "ix_attendance_dialogue_id" not in indexes
    assert counts(store) == {"d1": 2, "d2": 1}  # the removed entry is not counted
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert list(compare_metadata(context, Base.metadata)) == []
    store.close()


def test_the_list_counts_attendance_without_reading_the_entries(store: Store) -> None:
    fill(store)
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        assert counts(store) == {"d1": 2, "d2": 1}
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    rows_query = next((s, p) for s, p in statements if "FROM attendance" in s)
    with store.engine.connect() as connection:
        plan = [
            row[-1]
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {rows_query[0]}", rows_query[1])
        ]
    assert any("attendance USING COVERING INDEX ix_attendance_dialogue_live" in step for step in plan), plan


def test_removing_an_entry_lowers_its_dialogues_count_at_once(store: Store) -> None:
    fill(store)
    with store.unit_of_work() as session:
        session.get_one(Attendance, "a3").deleted = True
    assert counts(store) == {"d1": 2, "d2": 0}
