"""A laptop's own history, adopted under the device id it is enrolled with.

A laptop may record dialogues before it joins (under the local device id it was made with), or switch to
another central office (which gives it another id). The office accepts only changes and records that
name their sender, so joining rewrites this store's own past under the new id: the change log's device
ids and revisions, and every synced record's origin device and revision. Nothing outside this store ever
saw those revisions, so renaming them changes nothing anyone else knows. Revisions keep their time and
counter, so their order among themselves stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import SYNCED_MODELS, ChangeRecord
from dialogue_desktop.core.store.clock import parse_revision

#: "<13 digits>.<5 digits>." — what stays of a revision when its device part is replaced.
_TIME_PART = 13 + 1 + 5 + 1
_CHUNK = 500


def adopt_history(session: Session, old_ids: Sequence[str], new_id: str) -> None:
    """Rename this store's own device ids `old_ids` to `new_id` everywhere they travel (one transaction)."""
    old = [i for i in dict.fromkeys(old_ids) if i and i != new_id]
    if not old:
        return
    cr: Table = ChangeRecord.__table__  # type: ignore[assignment]
    # A creation's logged values hold the record's origin device and revision: rewrite them first, while
    # the rows can still be found by their old device id.
    _rewrite_logged_values(session, cr, old, new_id)
    session.execute(update(cr).where(cr.c.device_id.in_(old)).values(device_id=new_id))
    for column in (cr.c.revision, cr.c.base_revision):
        session.execute(update(cr).where(_names(column, old)).values({column.key: _renamed(column, new_id)}))
    for model in SYNCED_MODELS:
        table: Table = model.__table__  # type: ignore[assignment]
        session.execute(
            update(table).where(table.c.origin_device_id.in_(old)).values(origin_device_id=new_id)
        )
        session.execute(
            update(table)
            .where(_names(table.c.revision, old))
            .values(revision=_renamed(table.c.revision, new_id))
        )


def _names(column: Any, old: Sequence[str]) -> ColumnElement[bool]:
    """The revision in `column` was made by one of the `old` device ids."""
    return or_(*(column.endswith(f".{device}", autoescape=True) for device in old))


def _renamed(column: Any, new_id: str) -> ColumnElement[str]:
    """The revision in `column` with `new_id` as its device part."""
    return func.substr(column, 1, _TIME_PART, type_=String).concat(new_id)


def _rewrite_logged_values(session: Session, cr: Table, old: Sequence[str], new_id: str) -> None:
    query = select(cr.c.seq, cr.c["values"]).where(cr.c.device_id.in_(old), cr.c.base_revision == "")
    updates: list[dict[str, Any]] = []
    for seq, values in session.execute(query):
        changed = dict(values)
        if changed.get("origin_device_id") in old:
            changed["origin_device_id"] = new_id
        revision = changed.get("revision")
        if isinstance(revision, str) and revision and parse_revision(revision)[2] in old:
            changed["revision"] = revision[:_TIME_PART] + new_id
        if changed != values:
            updates.append({"b_seq": seq, "b_values": changed})
    statement = update(cr).where(cr.c.seq == bindparam("b_seq")).values({"values": bindparam("b_values")})
    for start in range(0, len(updates), _CHUNK):
        session.connection().execute(statement, updates[start : start + _CHUNK])
