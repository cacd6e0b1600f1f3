"""Inserting many new records at once (demo data, imports, benchmarks) with their change-log entries.

The ORM's unit of work costs too much per object for 100,000 rows; this path stamps each row like
`tracking` does and writes rows and change records with two executemany statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord, Participant, Synced
from dialogue_desktop.core.domain.rules import participant_search_key
from dialogue_desktop.core.domain.types import new_id, utc_now
from dialogue_desktop.core.store.fastwrite import insert_rows
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


_PLAIN = (str, int, float, bool, type(None))


def _logged_values(record: dict[str, Any], keys: list[str], now_json: str) -> dict[str, Any]:
    """The record's values as the change log keeps them (JSON-ready); most are plain already."""
    values = {k: record.get(k) for k in keys}
    for key, value in values.items():
        if not isinstance(value, _PLAIN):
            values[key] = to_json(value)
    values["created_at"] = values["updated_at"] = now_json  # the same instant for every row
    return values


def bulk_insert(session: Session, model: type[Synced], rows: Iterable[dict[str, Any]]) -> list[str]:
    """Insert new records of `model` from dicts of column values; returns their ids in order.

    Rows must already be valid (callers validate first). Ids are made when missing.
    """
    author: Author = session.info["author"]
    defaults = _defaults(model)
    logged = [c.key for c in inspect(model).columns if c.key not in DERIVED]
    now = utc_now()
    now_json = to_json(now)
    records: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for row in rows:
        record = {**defaults, **row}
        if not record.get("id"):
            record["id"] = new_id()
        record["created_at"] = record["updated_at"] = now
        record.setdefault("origin_device_id", author.device_id)
        if not record.get("origin_device_id"):
            record["origin_device_id"] = author.device_id
        record["revision"] = author.clock.tick()
        if model is Participant:
            record["search_key"] = participant_search_key(
                record.get("name_km") or "", record.get("name_latin") or ""
            )
        records.append(record)
        changes.append(
            {
                "revision": record["revision"],
                "base_revision": "",
                "table_name": model.__tablename__,
                "record_id": record["id"],
                "op": "insert",
                "values": _logged_values(record, logged, now_json),
                "old_values": {},
                "device_id": author.device_id,
                "facilitator_id": author.facilitator_id,
                "changed_at": now,
            }
        )
    if records:
        insert_rows(session, Synced.metadata.tables[model.__tablename__], records)
        insert_rows(session, Synced.metadata.tables[ChangeRecord.__tablename__], changes)
    return [r["id"] for r in records]
