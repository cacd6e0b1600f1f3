"""Changes recorded while the laptop's clock was far ahead, dated again once the clock is right.

The central office refuses revisions more than a day ahead of its own clock (see `opening.MAX_AHEAD`): one
laptop must not drag every clock into the future. Such changes stay on the laptop with their future dates,
and the laptop's clock keeps running from them, so they would be refused for ever. Before an export, the
laptop's own changes that the office has not confirmed and that lie more than a day ahead of the clock now
are given new revisions from a clock restarted at the newest revision that stays. Nothing outside this
laptop ever accepted them (the office refused them), so renaming them changes nothing anyone else knows.
Nothing is dated again while the clock is behind a change received from the office: then the clock now is
the wrong one.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord
from dialogue_desktop.core.store.clock import HybridClock
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import state
from dialogue_desktop.core.sync.opening import MAX_AHEAD


def redate_future_changes(
    session: Session, store: Store, confirmed: int, now_millis: int | None = None
) -> int:
    """Give new revisions to this laptop's unconfirmed own changes dated more than a day ahead of the
    clock; returns how many. The store's clock is restarted below them (in the caller's transaction)."""
    now = now_millis if now_millis is not None else store.clock.wall_millis()
    limit = f"{now + int(MAX_AHEAD.total_seconds() * 1000):013d}"
    cr = cast(Table, ChangeRecord.__table__)
    own = state.own_device_ids(session, store)
    future = list(
        session.execute(
            select(
                cr.c.seq, cr.c.revision, cr.c.table_name, cr.c.record_id, cr.c.base_revision, cr.c["values"]
            )
            .where(cr.c.seq > confirmed, cr.c.device_id.in_(own), cr.c.revision > limit)
            .order_by(cr.c.seq)
        )
    )
    if not future or _clock_is_behind(session, own, now):
        return 0
    moved = {row.revision for row in future}
    stays = (
        session.scalars(
            select(cr.c.revision).where(cr.c.revision <= limit).order_by(cr.c.revision.desc()).limit(1)
        ).first()
        or ""
    )
    clock = HybridClock(store.device_id, stays)
    renamed: dict[str, str] = {}
    for row in future:  # in the order they were made, so they keep their order
        renamed[row.revision] = clock.tick()
    log_updates: list[dict[str, Any]] = []
    for row in future:
        values = dict(row[5])
        if isinstance(values.get("revision"), str) and values["revision"] in moved:  # a creation logs its own
            values["revision"] = renamed[values["revision"]]
        log_updates.append(
            {
                "b_seq": row.seq,
                "b_revision": renamed[row.revision],
                "b_base": renamed.get(row.base_revision, row.base_revision),
                "b_values": values,
            }
        )
    session.connection().execute(
        update(cr)
        .where(cr.c.seq == bindparam("b_seq"))
        .values(
            revision=bindparam("b_revision"), base_revision=bindparam("b_base"), values=bindparam("b_values")
        ),
        log_updates,
    )
    # Later changes that saw a renamed one name its new revision as their base.
    for old, new in renamed.items():
        session.execute(update(cr).where(cr.c.base_revision == old).values(base_revision=new))
    for row in future:
        table = cast(Table, MODEL_BY_TABLE[row.table_name].__table__)
        session.execute(
            update(table)
            .where(table.c.id == row.record_id, table.c.revision == row.revision)
            .values(revision=renamed[row.revision])
        )
    store.clock = clock
    return len(future)


def _clock_is_behind(session: Session, own: list[str], now: int) -> bool:
    """The clock now is behind a change received from elsewhere (checked against the office's clock when
    it arrived): then it is the clock now that is wrong, and dating changes from it would be worse."""
    cr = cast(Table, ChangeRecord.__table__)
    received = session.scalars(
        select(cr.c.revision).where(cr.c.device_id.not_in(own)).order_by(cr.c.revision.desc()).limit(1)
    ).first()
    return received is not None and received[:13] > f"{now:013d}"
