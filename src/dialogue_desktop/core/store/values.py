"""Column values to and from JSON, for the change log and sync bundles."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Date, Integer, Time
from sqlalchemy.sql.schema import Column

from dialogue_desktop.core.domain.types import UTCDateTime


def to_json(value: Any) -> Any:
    """A JSON-ready form of a column value (dates as ISO text, datetimes in UTC, enums as their value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def from_json(column: Column[Any], value: Any) -> Any:
    """The Python value for `column` from its JSON form (the inverse of `to_json`)."""
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, UTCDateTime):
        return datetime.fromisoformat(value).astimezone(UTC)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Time):
        return time.fromisoformat(value)
    if isinstance(column_type, Boolean):
        return bool(value)
    if isinstance(column_type, Integer):
        return int(value)
    enum_class = getattr(column_type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    return value
