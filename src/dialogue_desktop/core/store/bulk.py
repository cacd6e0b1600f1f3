"""Inserting many new records at once (demo data, imports, benchmarks) with their change-log entries.

The ORM's unit of work costs too much per object for 100,000 rows; this path stamps each row like
`tracking` does and writes rows and change records with two executemany statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, inspect
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord, Participant, Synced
from dialogue_desktop.core.domain.rules import participant_search_key
from dialogue_desktop.core.domain.types import new_id, utc_now
from dialogue_desktop.core.store.tracking import DERIVED, Author
from dialogue_desktop.core.store.values import to_json


def _defaults(model: type[Synced]) -> dict[str, Any]:
    """Scalar column defaults of a model (callable ones are filled per row)."""
    found: dict[str, Any] = {}
    for column in inspect(model).columns:
        default = column.default
        if default is not None and default.is_scalar:
            found[column.key] = default.arg  # type: ignore[attr-defined]
        elif column.nullable and default is None:
            found[column.key] = None
    return found


def _insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of an INSERT compiled by SQLAlchemy.

    On SQLite the rows are bound by the columns' own bind processors in one tight loop: SQLAlchemy's
    generic per-row parameter handling costs more than the insert itself at this volume.
    """
    statement = table.insert()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(statement, rows)
        return
    compiled = statement.compile(dialect=dialect, column_keys=[c.key for c in table.columns])
    names = list(compiled.positiontup or ())
    processors = [table.columns[name].type._cached_bind_processor(dialect) for name in names]
    pairs = list(zip(names, processors, strict=True))
    values = [tuple(p(row.get(n)) if p else row.get(n) for n, p in pairs) for row in rows]
    connection.exec_driver_sql(compiled.string, values)


_PLAIN = (str, int, float, bool, type(None))


def _json(value: Any) -> Any:
    """`to_json`, with a shortcut for values that are already plain."""
    return value if isinstance(value, _PLAIN) else to_json(value)


def bulk_insert(session: Session, model: type[Synced], rows: Iterable[dict[str, Any]]) -> list[str]:
    """Insert new records of `model` from dicts of column values; returns their ids in order.

    Rows must already be valid (callers validate first). Ids are made when missing.
    """
    author: Author = session.info["author"]
    defaults = _defaults(model)
    logged = [c.key for c in inspect(model).columns if c.key not in DERIVED]
    now = utc_now()
    records: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for row in rows:
        record = {**defaults, **row}
        record.setdefault("id", new_id())
        record["created_at"] = record["updated_at"] = now
        record.setdefault("origin_device_id", author.device_id)
        if not record.get("origin_device_id"):
            record["origin_device_id"] = author.device_id
        record["revision"] = author.clock.tick()
        if model is Participant:
            record["search_key"] = participant_search_key(record.get("name_km") or "", record.get("name_latin") or "")
        records.append(record)
        changes.append(
            {
                "revision": record["revision"],
                "base_revision": "",
                "table_name": model.__tablename__,
                "record_id": record["id"],
                "op": "insert",
                "values": {k: _json(record.get(k)) for k in logged},
                "old_values": {},
                "device_id": author.device_id,
                "facilitator_id": author.facilitator_id,
                "changed_at": now,
            }
        )
    if records:
        connection = session.connection()
        _insert_many(connection, Synced.metadata.tables[model.__tablename__], records)
        _insert_many(connection, Synced.metadata.tables[ChangeRecord.__tablename__], changes)
    return [r["id"] for r in records]
