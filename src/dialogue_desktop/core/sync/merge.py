"""Applying changes from another store: the state is a function of the set of changes, not of their order.

Every field of every record is a last-writer-wins register ordered by revision (hybrid logical clock):
its value is the one of the change with the highest revision that set it, so any order of arrival gives
the same row. Two changes to one field are *concurrent* when neither editor had seen the other
(`P.revision > O.base_revision` and `O.revision > P.base_revision`); if their values differ, both are kept
in a `SyncConflict` with the highest revision as the provisional winner, the same on every store. A
deletion concurrent with an edit is a conflict too. Changes to a dialogue whose minutes are approved here
(or to its parts) that were made without seeing the approval are not applied but held in a conflict.

Received changes are written to the local change log as they are (same revision, device, time), never
stamped again, with one exception: the contact details of a person without consent are never stored, so
they are blanked in the row and in the log (`consent.forget_contact_details`), and a known change sent
again with them still counts as the same change. See docs/sync-design.md for the convergence argument.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import msgspec
from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, SYNCED_MODELS, ChangeRecord, Synced
from dialogue_desktop.core.domain.rules import participant_search_key
from dialogue_desktop.core.domain.sync_models import SyncConflict
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.consent import CONTACT_FIELDS, forget_contact_details, without_contact
from dialogue_desktop.core.store.fastwrite import insert_rows
from dialogue_desktop.core.store.values import from_json
from dialogue_desktop.core.sync.errors import BundleRefused
from dialogue_desktop.core.sync.schemas import synced_columns

CHUNK = 2000
APPROVED = DialogueStatus.MINUTES_APPROVED.value

DUPLICATE_CHANGE = N_(
    "The bundle {name} holds a change ({revision}) that differs from the change with the same revision "
    "already known here. It was refused; nothing was applied."
)
DUPLICATE_ID = N_(
    "The bundle {name} creates a record ({table} {record_id}) whose id is already used by a different "
    "record. It was refused; nothing was applied."
)
MISSING_RECORD = N_(
    "The bundle {name} changes a record ({table} {record_id}) that does not exist here and that it does "
    "not create. It was refused; ask the sender for a full export (export --full)."
)
MISSING_REFERENCE = N_(
    "The bundle {name} has a record ({table} {record_id}) that refers to a missing {ref_table} "
    "({ref_id}). It was refused; ask the sender for a full export (export --full)."
)


@dataclass(slots=True)
class Change:
    """One received change: JSON values for the change log and comparisons, typed values for writing."""

    table: str
    record_id: str
    revision: str
    base_revision: str
    op: str
    values: dict[str, Any]
    typed: dict[str, Any]
    old_values: dict[str, Any]
    device_id: str
    facilitator_id: str | None
    changed_at: datetime
    full: bool


@dataclass(slots=True)
class _Known:
    """A change already in the local log (or a row's state when it has no history)."""

    revision: str
    base_revision: str
    values: dict[str, Any]
    device_id: str
    full: bool


@dataclass
class MergeResult:
    new: int = 0
    known: int = 0
    conflicts: int = 0
    held: int = 0
    max_revision: str = ""
    new_by_table: dict[str, int] = field(default_factory=dict)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _concurrent(new: Change, other: _Known | Change, local: frozenset[str]) -> bool:
    """Neither editor had seen the other's change.

    In general "seen" is read from the base revision: `other` was seen if `other.revision <= new.base`.
    When `other` was made on this very store, we know more: `new` was not here when `other` was made (it
    arrives only now), so `other` did not see it, whatever the revisions say.
    """
    new_saw_other = other.revision <= new.base_revision
    if isinstance(other, _Known) and other.device_id in local:
        return not new_saw_other
    return not new_saw_other and new.revision > other.base_revision


def _same(a: Change, b: _Known | Change) -> bool:
    return a.values == b.values and a.record_id == getattr(b, "record_id", a.record_id)


def _same_values(known: dict[str, Any], change: Change) -> bool:
    """A known change has the values sent, but for contact details one of the two stores forgot (a person
    without consent): either side may have them blanked."""
    if known == change.values:
        return True
    if change.table != "participant" or without_contact(known) != without_contact(change.values):
        return False
    return all(not known.get(f) or not change.values.get(f) for f in CONTACT_FIELDS)


def _references(table: Table) -> list[tuple[str, str]]:
    return [(fk.parent.key, fk.column.table.name) for fk in table.foreign_keys]


def apply_changes(
    session: Session, changes: list[Change], name: str, local_devices: Iterable[str] = ()
) -> MergeResult:
    """Merge `changes` into the store in the session's transaction; BundleRefused before writing if any
    change contradicts what is known (same revision or same id with other content, missing records).

    `local_devices` are this store's own device ids (its changes were made here)."""
    local = frozenset(local_devices)
    result = MergeResult()
    by_revision: dict[str, Change] = {}
    for change in changes:
        seen = by_revision.get(change.revision)
        if seen is not None:
            if not (_same(change, seen) and seen.table == change.table):
                raise BundleRefused(DUPLICATE_CHANGE, name=name, revision=change.revision)
            continue
        by_revision[change.revision] = change
    new = _drop_known(session, by_revision, name, result)
    grouped: dict[str, dict[str, list[Change]]] = defaultdict(lambda: defaultdict(list))
    for change in new:
        grouped[change.table][change.record_id].append(change)
    plans = [
        _plan_table(session, table, grouped[table], name) for table in MODEL_BY_TABLE if table in grouped
    ]
    _check_references(session, plans, name)
    held = _hold_locked(session, plans)
    # Every check is done; the writes follow, in the caller's transaction (held changes are already noted).
    for plan in plans:
        _write(session, plan, held, result, local)
    # Contact details of people without consent are never stored, whoever sent them and however the
    # changes combined (a phone edit concurrent with a withdrawal): blanked before the transaction ends.
    forget_contact_details(session, {c.record_id for c in new if _may_leave_contact(c)})
    return result


def _may_leave_contact(change: Change) -> bool:
    """A participant change after which the person may hold a contact detail without consent: it carries
    one, or it withdraws consent from a person whose history may hold one. (Before the import the store
    holds none for people without consent, so the others need no look.)"""
    if change.table != "participant":
        return False
    carries = any(change.values.get(f) or change.old_values.get(f) for f in CONTACT_FIELDS)
    return carries or (not change.full and change.values.get("consent_data") is False)


def _drop_known(
    session: Session, by_revision: dict[str, Change], name: str, result: MergeResult
) -> list[Change]:
    revisions = list(by_revision)
    cr = ChangeRecord.__table__
    for chunk in _chunks(revisions):
        query = select(cr.c.revision, cr.c.table_name, cr.c.record_id, cr.c["values"]).where(
            cr.c.revision.in_(chunk)
        )
        for revision, table, record_id, values in session.execute(query):
            change = by_revision.pop(revision)
            if table != change.table or record_id != change.record_id or not _same_values(values, change):
                raise BundleRefused(DUPLICATE_CHANGE, name=name, revision=revision)
            result.known += 1
    return list(by_revision.values())


@dataclass
class _Plan:
    table: str
    model: type[Synced]
    inserts: dict[str, list[Change]]
    updates: dict[str, tuple[dict[str, Any], list[_Known], list[Change]]]  # id -> (row, history, new)


def _plan_table(session: Session, table: str, records: dict[str, list[Change]], name: str) -> _Plan:
    model = MODEL_BY_TABLE[table]
    sql_table: Table = model.__table__  # type: ignore[assignment]
    ids = list(records)
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(sql_table).where(sql_table.c.id.in_(chunk))).mappings():
            existing[row["id"]] = dict(row)
    history: dict[str, list[_Known]] = defaultdict(list)
    if existing:
        cr = ChangeRecord.__table__
        for chunk in _chunks(list(existing)):
            query = select(
                cr.c.record_id, cr.c.revision, cr.c.base_revision, cr.c["values"], cr.c.device_id
            ).where(cr.c.table_name == table, cr.c.record_id.in_(chunk))
            for record_id, revision, base, values, device in session.execute(query):
                history[record_id].append(_Known(revision, base, values, device, base == ""))
    plan = _Plan(table, model, {}, {})
    for record_id, group in records.items():
        group.sort(key=lambda c: c.revision)
        fulls = [c for c in group if c.full]
        if len(fulls) > 1:
            raise BundleRefused(DUPLICATE_ID, name=name, table=table, record_id=record_id)
        found = existing.get(record_id)
        if found is None:
            if not fulls:
                raise BundleRefused(MISSING_RECORD, name=name, table=table, record_id=record_id)
            plan.inserts[record_id] = group
            continue
        if fulls:  # a second creation of an existing record: an id clash, not an edit
            raise BundleRefused(DUPLICATE_ID, name=name, table=table, record_id=record_id)
        known = history.get(record_id) or [_state_as_change(model, found)]
        plan.updates[record_id] = (found, known, group)
    return plan


def _state_as_change(model: type[Synced], row: dict[str, Any]) -> _Known:
    """A row without history (made before the change log existed) as if one change had made it."""
    from dialogue_desktop.core.store.values import to_json

    values = {c.key: to_json(row[c.key]) for c in synced_columns(model)}
    return _Known(row["revision"], "", values, row["origin_device_id"], True)


def _check_references(session: Session, plans: list[_Plan], name: str) -> None:
    created: dict[str, set[str]] = {plan.table: set(plan.inserts) for plan in plans}
    wanted: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # ref table -> id -> (table, record)
    for plan in plans:
        refs = _references(plan.model.__table__)  # type: ignore[arg-type]
        if not refs:
            continue
        groups = list(plan.inserts.items()) + [(rid, u[2]) for rid, u in plan.updates.items()]
        for record_id, group in groups:
            for change in group:
                for column, ref_table in refs:
                    ref_id = change.values.get(column)
                    if ref_id is not None and ref_id not in created.get(ref_table, ()):
                        wanted[ref_table].setdefault(ref_id, (plan.table, record_id))
    for ref_table, ids in wanted.items():
        sql_table: Table = MODEL_BY_TABLE[ref_table].__table__  # type: ignore[assignment]
        missing = set(ids)
        for chunk in _chunks(list(ids)):
            missing -= set(session.scalars(select(sql_table.c.id).where(sql_table.c.id.in_(chunk))))
        if missing:
            ref_id = min(missing)
            table, record_id = ids[ref_id]
            raise BundleRefused(
                MISSING_REFERENCE,
                name=name,
                table=table,
                record_id=record_id,
                ref_table=ref_table,
                ref_id=ref_id,
            )


def _hold_locked(session: Session, plans: list[_Plan]) -> set[str]:
    """Revisions of changes to approved minutes made without seeing the approval: held, not applied."""
    dialogue_of: dict[str, str] = {}  # change revision -> dialogue id, for existing approved candidates
    for plan in plans:
        if plan.table == "dialogue":
            for record_id, (_row, _known, group) in plan.updates.items():
                for change in group:
                    dialogue_of[change.revision] = record_id
        elif "dialogue_id" in cast(Table, plan.model.__table__).c:
            for row, _known, group in plan.updates.values():
                for change in group:
                    dialogue_of[change.revision] = row["dialogue_id"]
            for group in plan.inserts.values():
                for change in group:
                    if change.values.get("dialogue_id"):
                        dialogue_of[change.revision] = change.values["dialogue_id"]
    if not dialogue_of:
        return set()
    dialogue = MODEL_BY_TABLE["dialogue"].__table__
    approved: set[str] = set()
    for chunk in _chunks(list(set(dialogue_of.values()))):
        query = select(dialogue.c.id).where(dialogue.c.id.in_(chunk), dialogue.c.status == APPROVED)
        approved.update(session.scalars(query))
    if not approved:
        return set()
    approval: dict[str, tuple[str, str]] = {}  # dialogue id -> (revision, device) of the approving change
    cr = ChangeRecord.__table__
    query = select(cr.c.record_id, cr.c.revision, cr.c.device_id, cr.c["values"]).where(
        cr.c.table_name == "dialogue", cr.c.record_id.in_(approved)
    )
    for record_id, revision, device, values in session.execute(query):
        if values.get("status") == APPROVED and revision > approval.get(record_id, ("", ""))[0]:
            approval[record_id] = (revision, device)
    held: set[str] = set()
    all_changes = {c.revision: c for plan in plans for g in plan.inserts.values() for c in g}
    all_changes.update({c.revision: c for plan in plans for u in plan.updates.values() for c in u[2]})
    for revision, dialogue_id in dialogue_of.items():
        if dialogue_id not in approval:
            continue
        approved_at, approver = approval[dialogue_id]
        change = all_changes[revision]
        saw_it = change.base_revision >= approved_at or (
            change.device_id == approver and revision > approved_at
        )
        if not saw_it:
            held.add(revision)
    if held:
        _record_held(session, [all_changes[r] for r in sorted(held)])
    return held


def _record_held(session: Session, changes: list[Change]) -> None:
    for change in changes:
        existing = session.scalars(
            select(SyncConflict).where(
                SyncConflict.table_name == change.table,
                SyncConflict.record_id == change.record_id,
                SyncConflict.kind == "locked",
            )
        ).all()
        if any(change.revision in {c["revision"] for c in conflict.candidates} for conflict in existing):
            continue
        session.add(
            SyncConflict(
                table_name=change.table,
                record_id=change.record_id,
                field="*",
                kind="locked",
                candidates=[
                    {"revision": change.revision, "device_id": change.device_id, "value": change.values}
                ],
                winner_revision="",
                description="change to approved minutes",
            )
        )


def _defaults(model: type[Synced]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for column in cast(Table, model.__table__).columns:
        default: Any = column.default
        if default is not None and default.is_scalar:
            found[column.key] = default.arg
        elif default is not None and default.is_callable:
            found[column.key] = default.arg(None)
        else:
            found[column.key] = None
    return found


def _write(session: Session, plan: _Plan, held: set[str], result: MergeResult, local: frozenset[str]) -> None:
    model = plan.model
    sql_table: Table = model.__table__  # type: ignore[assignment]
    defaults = _defaults(model)
    rows: list[dict[str, Any]] = []
    log: list[Change] = []
    for group in plan.inserts.values():
        group = [c for c in group if c.revision not in held]
        if not group or not group[0].full:
            continue
        row = dict(defaults)
        for change in group:
            row.update(change.typed)
        last = group[-1]
        row["revision"], row["updated_at"] = last.revision, last.changed_at
        if len(group) > 1:
            _find_conflicts(session, plan.table, group[0].record_id, [], group, local)
        rows.append(row)
        log.extend(group)
    if rows:
        if plan.table == "participant":
            for row in rows:
                row["search_key"] = participant_search_key(
                    row.get("name_km") or "", row.get("name_latin") or ""
                )
        insert_rows(session, sql_table, rows)
    columns = sql_table.c
    for record_id, (row, known, group) in plan.updates.items():
        group = [c for c in group if c.revision not in held]
        if not group:
            continue
        field_revision: dict[str, str] = {}
        for old in known:
            for key in old.values:
                if old.revision > field_revision.get(key, ""):
                    field_revision[key] = old.revision
        changed: dict[str, Any] = {}
        for change in group:  # in revision order
            for key, value in change.values.items():
                if key in columns and change.revision > field_revision.get(key, ""):
                    field_revision[key] = change.revision
                    changed[key] = from_json(columns[key], value)
        top = group[-1]
        if top.revision > row["revision"]:
            changed["revision"], changed["updated_at"] = top.revision, top.changed_at
        if plan.table == "participant" and ("name_km" in changed or "name_latin" in changed):
            merged = {**row, **changed}
            changed["search_key"] = participant_search_key(
                merged["name_km"] or "", merged["name_latin"] or ""
            )
        if changed:
            session.execute(update(sql_table).where(columns.id == record_id).values(**changed))
        result.conflicts += _find_conflicts(session, plan.table, record_id, known, group, local)
        log.extend(group)
    if log:
        insert_rows(
            session,
            cast(Table, ChangeRecord.__table__),
            [
                {
                    "revision": c.revision,
                    "base_revision": c.base_revision,
                    "table_name": c.table,
                    "record_id": c.record_id,
                    "op": c.op,
                    "values": c.values,
                    "old_values": c.old_values,
                    "device_id": c.device_id,
                    "facilitator_id": c.facilitator_id,
                    "changed_at": c.changed_at,
                }
                for c in log
            ],
        )
        result.new += len(log)
        result.new_by_table[plan.table] = result.new_by_table.get(plan.table, 0) + len(log)
        result.max_revision = max(result.max_revision, max(c.revision for c in log))
    result.held += sum(1 for g in plan.inserts.values() for c in g if c.revision in held)
    result.held += sum(1 for u in plan.updates.values() for c in u[2] if c.revision in held)


def _find_conflicts(
    session: Session,
    table: str,
    record_id: str,
    known: list[_Known],
    group: list[Change],
    local: frozenset[str],
) -> int:
    """Record concurrent changes among `group` and with `known`; returns how many conflicts were new."""
    everyone: list[_Known | Change] = [*known, *group]
    found: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}  # (kind, field) -> revision -> candidate

    def add(kind: str, field_name: str, change: _Known | Change, value: Any) -> None:
        found.setdefault((kind, field_name), {})[change.revision] = {
            "revision": change.revision,
            "device_id": change.device_id,
            "value": value,
        }

    for change in group:
        for other in everyone:
            if other is change or other.revision == change.revision or not _concurrent(change, other, local):
                continue
            for key, value in change.values.items():
                if key in other.values and key not in Synced.BOOKKEEPING and other.values[key] != value:
                    add("field", key, change, value)
                    add("field", key, other, other.values[key])
            for deleter, editor in ((change, other), (other, change)):
                edits = {
                    k: v for k, v in editor.values.items() if k not in Synced.BOOKKEEPING and k != "deleted"
                }
                if deleter.values.get("deleted") is True and edits and not (editor.full and not deleter.full):
                    add("delete", "deleted", deleter, True)
                    add("delete", "deleted", editor, edits)
    made = 0
    if found:
        existing = session.scalars(
            select(SyncConflict).where(SyncConflict.table_name == table, SyncConflict.record_id == record_id)
        ).all()
        for (kind, field_name), candidates in found.items():
            match = [c for c in existing if c.kind == kind and c.field == field_name]
            open_one = next((c for c in match if c.status == "open"), None)
            if open_one is not None:
                merged = {c["revision"]: c for c in open_one.candidates} | candidates
                open_one.candidates = [merged[r] for r in sorted(merged)]
                open_one.winner_revision = max(merged)
                continue
            if any(set(candidates) <= {c["revision"] for c in m.candidates} for m in match):
                continue  # already known (and resolved)
            session.add(
                SyncConflict(
                    table_name=table,
                    record_id=record_id,
                    field=field_name,
                    kind=kind,
                    candidates=[candidates[r] for r in sorted(candidates)],
                    winner_revision=max(candidates),
                )
            )
            made += 1
        session.flush()
    _close_superseded(session, table, record_id, group)
    return made


def _close_superseded(session: Session, table: str, record_id: str, group: list[Change]) -> None:
    """An open conflict is resolved by a later change to its field made after seeing every candidate."""
    open_ones = session.scalars(
        select(SyncConflict).where(
            SyncConflict.table_name == table,
            SyncConflict.record_id == record_id,
            SyncConflict.status == "open",
            SyncConflict.kind != "locked",
        )
    ).all()
    for conflict in open_ones:
        newest = max(c["revision"] for c in conflict.candidates)
        for change in group:
            if conflict.field in change.values and change.base_revision >= newest:
                conflict.status, conflict.resolution, conflict.resolved_at = (
                    "resolved",
                    change.revision,
                    utc_now(),
                )


def decode_table(table: str, raw: bytes, typed_file: Any, plain: Any) -> list[Change]:
    """Pair a table member's typed (validated) and plain (JSON as sent) decodings into changes."""
    out: list[Change] = []
    unset = msgspec.UNSET
    for kind, full in (("full", True), ("partial", False)):
        for typed, raw_change in zip(getattr(typed_file, kind), plain[kind], strict=True):
            values = msgspec.structs.asdict(typed.values)
            out.append(
                Change(
                    table,
                    typed.record_id,
                    typed.revision,
                    typed.base_revision,
                    typed.op,
                    raw_change["values"],
                    {k: v for k, v in values.items() if v is not unset},
                    typed.old_values,
                    typed.device_id,
                    typed.facilitator_id,
                    typed.changed_at,
                    full,
                )
            )
    return out


SYNCED_ORDER = [m.__tablename__ for m in SYNCED_MODELS]
