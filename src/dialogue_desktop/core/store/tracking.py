"""Every change to a synced record, written to the change log in the same transaction.

The store installs `track_changes` on its sessions. Before each flush it stamps new and changed synced
records with a fresh revision, the device and the time, keeps derived columns up to date, and adds one
`ChangeRecord` per inserted, changed or deleted record. Synced records are never hard-deleted: setting
`deleted = True` leaves a tombstone that travels to the central office like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord, Participant, Synced
from dialogue_desktop.core.domain.rules import participant_search_key
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.store.clock import HybridClock
from dialogue_desktop.core.store.values import to_json

#: Columns computed from others on this device; they are not changes of their own.
DERIVED = frozenset({"search_key"})


class HardDeleteError(RuntimeError):
    """A synced record was deleted from the session instead of being marked deleted."""


@dataclass
class Author:
    """Who makes the changes of a session: this device's clock and the facilitator using it."""

    clock: HybridClock
    facilitator_id: str | None = None

    @property
    def device_id(self) -> str:
        return self.clock.device_id


def track_changes(session: Session, author: Author) -> None:
    """Record every change to synced records made through `session` (see the module docstring)."""
    session.info["author"] = author


def apply_column_defaults(record: Synced) -> None:
    """Fill Python-side column defaults now, so the change log sees the values that will be stored."""
    for column in inspect(type(record)).columns:
        key = column.key
        default = column.default
        if default is None or getattr(record, key) is not None:
            continue
        if default.is_scalar:
            setattr(record, key, default.arg)  # type: ignore[attr-defined]
        elif default.is_callable:
            setattr(record, key, default.arg(None))  # type: ignore[attr-defined]


def record_values(record: Synced) -> dict[str, Any]:
    """Every column of a record as JSON-ready values."""
    return {
        column.key: to_json(getattr(record, column.key))
        for column in inspect(type(record)).columns
        if column.key not in DERIVED
    }


def _refresh_derived(record: Synced) -> None:
    if isinstance(record, Participant):
        record.search_key = participant_search_key(record.name_km or "", record.name_latin or "")


def _stamp_new(record: Synced, author: Author) -> ChangeRecord:
    apply_column_defaults(record)
    now = utc_now()
    record.created_at = record.updated_at = now
    if not record.origin_device_id:
        record.origin_device_id = author.device_id
    record.revision = author.clock.tick()
    _refresh_derived(record)
    return ChangeRecord(
        revision=record.revision,
        base_revision="",
        table_name=record.__tablename__,
        record_id=record.id,
        op="delete" if record.deleted else "insert",
        values=record_values(record),
        old_values={},
        device_id=author.device_id,
        facilitator_id=author.facilitator_id,
        changed_at=now,
    )


def _stamp_changed(record: Synced, author: Author) -> ChangeRecord | None:
    state = inspect(record)
    new_values: dict[str, Any] = {}
    old_values: dict[str, Any] = {}
    for column in state.mapper.columns:
        key = column.key
        if key in Synced.BOOKKEEPING or key in DERIVED:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if to_json(old) == to_json(new):
            continue
        new_values[key], old_values[key] = to_json(new), to_json(old)
    if not new_values:
        return None
    _refresh_derived(record)
    base_revision = record.revision
    now = utc_now()
    record.revision = author.clock.tick()
    record.updated_at = now
    deleted_now = new_values.get("deleted") is True
    return ChangeRecord(
        revision=record.revision,
        base_revision=base_revision,
        table_name=record.__tablename__,
        record_id=record.id,
        op="delete" if deleted_now else "update",
        values=new_values,
        old_values=old_values,
        device_id=author.device_id,
        facilitator_id=author.facilitator_id,
        changed_at=now,
    )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    author: Author | None = session.info.get("author")
    if author is None:
        return
    for record in session.deleted:
        if isinstance(record, Synced):
            raise HardDeleteError(f"{type(record).__name__} records are marked deleted, never removed")
    changes: list[ChangeRecord] = []
    for record in list(session.new):
        if isinstance(record, Synced):
            changes.append(_stamp_new(record, author))
    for record in list(session.dirty):
        if isinstance(record, Synced) and record not in session.new:
            change = _stamp_changed(record, author)
            if change is not None:
                changes.append(change)
    session.add_all(changes)
