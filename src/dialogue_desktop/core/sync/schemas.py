"""The record schemas of bundles, declared once: generated from the ORM columns as msgspec Structs.

msgspec decodes a table's changes and validates them in one pass (types, lengths, enum values, numeric
ranges from the CHECK constraints, timezone-aware timestamps), so nothing is checked field by field by
hand. A change that inserts a record carries a `Full` value set; one that edits it a `Partial` one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache
from typing import Annotated, Any, Literal, cast

import msgspec
from sqlalchemy import Boolean, CheckConstraint, Date, Enum, Integer, String, Table, Text, Time
from sqlalchemy.sql.schema import Column

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, Synced
from dialogue_desktop.core.domain.types import UTCDateTime
from dialogue_desktop.core.store.tracking import DERIVED

MAX_TEXT = 100_000  # characters in a Text column
INT32 = (-(2**31), 2**31 - 1)  # PostgreSQL's INTEGER
#: A count or sequence number stored in an INTEGER column.
Count = Annotated[int, msgspec.Meta(ge=0, le=INT32[1])]
#: An old value in the audit trail: one column's JSON value (no column holds a list or an object).
OldValue = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)] | int | float | bool | None

Revision = Annotated[str, msgspec.Meta(pattern=r"^\d{13}\.\d{5}\..{1,36}$", max_length=64)]
BaseRevision = Annotated[str, msgspec.Meta(pattern=r"^(\d{13}\.\d{5}\..{1,36})?$", max_length=64)]
RecordId = Annotated[str, msgspec.Meta(min_length=1, max_length=36)]
AwareDateTime = Annotated[datetime, msgspec.Meta(tz=True)]
Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]

_RANGE = re.compile(r"^(\w+) BETWEEN (-?\d+) AND (-?\d+)$")
_AT_LEAST = re.compile(r"^(\w+) >= (-?\d+)$")


def _bounds(column: Column[Any]) -> tuple[int, int]:
    """Integer bounds of a column from the table's simple CHECK constraints, its `info` and 32-bit storage."""
    low, high = INT32[0], min(INT32[1], column.info.get("max", INT32[1]))
    for constraint in column.table.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        text = str(constraint.sqltext).strip()
        if (match := _RANGE.match(text)) and match.group(1) == column.name:
            low, high = max(low, int(match.group(2))), min(high, int(match.group(3)))
        elif (match := _AT_LEAST.match(text)) and match.group(1) == column.name:
            low = max(low, int(match.group(2)))
    return low, high


def column_type(column: Column[Any]) -> Any:
    """The msgspec type of a column's JSON value."""
    kind = column.type
    result: Any
    if isinstance(kind, Enum):
        result = Literal.__getitem__(tuple(kind.enums))
    elif isinstance(kind, UTCDateTime):
        result = AwareDateTime
    elif isinstance(kind, Boolean):
        result = bool
    elif isinstance(kind, Integer):
        low, high = _bounds(column)
        result = Annotated[int, msgspec.Meta(ge=low, le=high)]
    elif isinstance(kind, Date):
        result = date
    elif isinstance(kind, Time):
        result = time
    elif isinstance(kind, Text):
        result = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
    elif isinstance(kind, String):
        result = Annotated[
            str, msgspec.Meta(max_length=kind.length or MAX_TEXT, pattern=column.info.get("pattern"))
        ]
    else:  # pragma: no cover - a new column type needs a line above
        raise TypeError(f"no bundle schema for {column!r}")
    return result | None if column.nullable else result


def synced_columns(model: type[Synced]) -> list[Column[Any]]:
    """The columns a change carries (every column but derived ones)."""
    table = cast(Table, model.__table__)
    return [c for c in table.columns if c.key not in DERIVED]


@cache
def full_values(table: str) -> type[msgspec.Struct]:
    """Values of a change that creates a record: every column (those with a default may be missing)."""
    model = MODEL_BY_TABLE[table]
    fields: list[Any] = []
    optional: list[Any] = []
    for column in synced_columns(model):
        kind = column_type(column)
        if column.default is None and not column.nullable:
            fields.append((column.key, kind))
        else:
            optional.append((column.key, kind | msgspec.UnsetType, msgspec.UNSET))
    return msgspec.defstruct(f"{table}_full", fields + optional, forbid_unknown_fields=True)


@cache
def partial_values(table: str) -> type[msgspec.Struct]:
    """Values of a change that edits a record: any of its content fields."""
    model = MODEL_BY_TABLE[table]
    columns = [c for c in synced_columns(model) if c.key not in Synced.BOOKKEEPING]
    fields = [(c.key, column_type(c) | msgspec.UnsetType, msgspec.UNSET) for c in columns]
    return msgspec.defstruct(f"{table}_partial", fields, forbid_unknown_fields=True)


def _change(table: str, values: type[msgspec.Struct], suffix: str) -> type[msgspec.Struct]:
    return msgspec.defstruct(
        f"{table}_{suffix}_change",
        [
            ("revision", Revision),
            ("base_revision", BaseRevision),
            ("record_id", RecordId),
            ("op", Literal["insert", "update", "delete"]),
            ("values", values),
            ("old_values", dict[Annotated[str, msgspec.Meta(max_length=64)], OldValue]),
            ("device_id", RecordId),
            ("facilitator_id", RecordId | None),
            ("changed_at", AwareDateTime),
        ],
        forbid_unknown_fields=True,
    )


@cache
def table_file(table: str) -> type[msgspec.Struct]:
    """One table's member of a bundle: changes that create records, then changes that edit them."""
    return msgspec.defstruct(
        f"{table}_changes",
        [
            ("full", list[_change(table, full_values(table), "full")]),  # type: ignore[misc]
            ("partial", list[_change(table, partial_values(table), "partial")]),  # type: ignore[misc]
        ],
        forbid_unknown_fields=True,
    )


class TableEntry(msgspec.Struct, forbid_unknown_fields=True):
    count: Count
    sha256: Sha256


class Manifest(msgspec.Struct, forbid_unknown_fields=True):
    """What a bundle or receipt holds, checked before anything is applied."""

    format_version: int
    kind: Literal["bundle", "receipt"]
    schema_version: Annotated[str, msgspec.Meta(max_length=32)]
    device_id: RecordId
    recipient_device_id: RecordId
    sequence: Annotated[int, msgspec.Meta(ge=1, le=INT32[1])]
    previous_sha256: Annotated[str, msgspec.Meta(pattern=r"^([0-9a-f]{64})?$")]
    created_at: AwareDateTime
    full: bool
    #: The sender's change_record.seq range this holds: (since, up_to].
    since_change_seq: Count
    up_to_change_seq: Count
    tables: dict[Annotated[str, msgspec.Meta(max_length=64)], TableEntry]
    attachments: dict[Sha256, Count]
    #: Bundle: the central office's change seq up to which this laptop applied receipts.
    #: Receipt: the laptop's change seq the central office confirms (everything up to it arrived).
    acknowledged_change_seq: Count = 0
    #: Receipt: the highest bundle number imported from that laptop.
    last_bundle_seq: Count = 0
