"""Inserting many rows quickly (demo data, imports, received bundles).

SQLAlchemy's generic executemany spends most of its time converting each value of each row. On SQLite,
received rows are already validated, so each column gets one cheap converter producing exactly what
SQLAlchemy's own bind processors would store (naive UTC timestamps and dates as ISO text, enums as their
value, JSON as text), and the statement SQLAlchemy compiled is run with the driver's executemany. Other
databases use the ordinary Core path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from enum import Enum as PyEnum
from functools import lru_cache
from typing import Any

import msgspec
from sqlalchemy import JSON, Boolean, Date, Enum, Table, Time, bindparam, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Column

from dialogue_desktop.core.domain.types import UTCDateTime


@lru_cache(maxsize=256)  # rows inserted together share their timestamps
def _timestamp(value: datetime) -> str:
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _day(value: date) -> str:
    return value.isoformat()


def _clock(value: time) -> str:
    return value.isoformat("microseconds")


def _enum(value: Any) -> str:
    return value.value if isinstance(value, PyEnum) else str(value)


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _converter(column: Column[Any]) -> Callable[[Any], Any] | None:
    """A function from the row value to what SQLite stores, or None when the value is stored as it is."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _timestamp
    if isinstance(kind, Enum):
        return _enum
    if isinstance(kind, Date):
        return _day
    if isinstance(kind, Time):
        return _clock
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, Boolean):
        return bool
    return None


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with every column) into `table` in the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    columns = list(table.columns)
    compiled = insert(table).values({c.key: bindparam(c.key) for c in columns}).compile(dialect=dialect)
    order = compiled.positiontup or []
    by_key = {c.key: c for c in columns}
    values_by_column: list[list[Any]] = []
    for key in order:  # column by column: one tight loop per column instead of a generator per row
        values = [row.get(key) for row in rows]
        convert = _converter(by_key[key])
        if convert is not None:
            values = [None if value is None else convert(value) for value in values]
        values_by_column.append(values)
    connection.exec_driver_sql(str(compiled), list(zip(*values_by_column, strict=True)))
