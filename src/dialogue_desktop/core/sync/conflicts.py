"""The conflict list: concurrent changes a person decides between. A decision is a new change, which
travels like any other and closes the same conflict on the other stores."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord, Synced
from dialogue_desktop.core.domain.sync_models import SyncConflict
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services import shared_lists
from dialogue_desktop.core.services.errors import NotFoundError, UserError
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.store.values import from_json, to_json

BAD_CHOICE = N_("Choose one of: {choices}.")


@dataclass(frozen=True)
class ConflictView:
    """A conflict as shown to a person (plain data, safe to pass between threads)."""

    id: str
    table: str
    record_id: str
    field: str
    kind: str
    candidates: list[dict[str, Any]]
    winner_revision: str
    status: str
    resolution: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def choices(self) -> list[str]:
        if self.kind == "delete":
            return ["keep", "delete"]
        if self.kind == "locked":
            return ["apply", "discard"]
        return [c["revision"] for c in self.candidates]


def _view(conflict: SyncConflict) -> ConflictView:
    return ConflictView(
        conflict.id,
        conflict.table_name,
        conflict.record_id,
        conflict.field,
        conflict.kind,
        list(conflict.candidates),
        conflict.winner_revision,
        conflict.status,
        conflict.resolution,
    )


def list_conflicts(store: Store, include_resolved: bool = False) -> list[ConflictView]:
    """Open conflicts (or all), oldest first."""
    with store.unit_of_work() as session:
        query = select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.id)
        if not include_resolved:
            query = query.where(SyncConflict.status == "open")
        return [_view(c) for c in session.scalars(query)]


def resolve_conflict(store: Store, conflict_id: str, choose: str) -> str:
    """Decide a conflict: `choose` is a candidate's revision (field conflicts), 'keep'/'delete' (a deletion
    against an edit) or 'apply'/'discard' (a change to approved minutes). Returns the new change's revision."""
    with store.unit_of_work() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.status != "open":
            raise NotFoundError(N_("There is no open conflict with the id {id}."), id=conflict_id)
        view = _view(conflict)
        if choose not in view.choices:
            raise UserError(BAD_CHOICE, choices=", ".join(view.choices))
        model = MODEL_BY_TABLE[conflict.table_name]
        record = session.get(model, conflict.record_id)
        if record is None:
            raise NotFoundError(N_("The record of this conflict no longer exists."))
        shared_lists.check_may_decide(session, record)  # a shared entry made elsewhere: the office decides
        if conflict.kind == "field":
            value = next(c["value"] for c in conflict.candidates if c["revision"] == choose)
            changes = {conflict.field: value}
        elif conflict.kind == "delete":
            changes = {"deleted": choose == "delete"}
        elif choose == "apply":
            changes = dict(conflict.candidates[0]["value"])
        else:
            changes = {}
        revision = _change(session, store, record, changes) if changes else record.revision
        conflict.status, conflict.resolution, conflict.resolved_at = "resolved", revision, utc_now()
        return revision


def _change(session: Session, store: Store, record: Synced, changes: dict[str, Any]) -> str:
    """Set the chosen values as a new change, even when they equal the current ones (so that every store
    sees a change made after all candidates, which closes the conflict there too)."""
    columns = cast(Table, type(record).__table__).columns
    changes = {k: v for k, v in changes.items() if k in columns and k not in Synced.BOOKKEEPING}
    differs = any(to_json(getattr(record, k)) != v for k, v in changes.items())
    if differs:
        for key, value in changes.items():
            setattr(record, key, from_json(columns[key], value))
        session.flush()  # the store's tracking stamps the record and writes the change
        return record.revision
    base = record.revision
    record.revision = store.clock.tick()
    record.updated_at = utc_now()
    session.add(
        ChangeRecord(
            revision=record.revision,
            base_revision=base,
            table_name=record.__tablename__,
            record_id=record.id,
            op="update",
            values=changes,
            old_values=changes,
            device_id=store.device_id,
            facilitator_id=store.facilitator_id,
            changed_at=record.updated_at,
        )
    )
    session.flush()
    return record.revision
