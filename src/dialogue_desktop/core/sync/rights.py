"""Who may write what, checked per change before a file is applied.

At the central office, a laptop's bundle may create records only as that laptop (checked in `opening`),
edit or delete only the records it created, and refer only to those and to the lists the office shares
with every laptop. Of the shared lists' entries that others made it may correct a few at a time
(`shared_lists.MAX_EDITS_OF_OTHERS` in one file) and never empty their names, delete or restore them
(`core/services/shared_lists.py`, which the laptop's app applies first). An edit must build on a
revision of that record that is known here (an invented base would pass as "made after seeing the
approval of the minutes"). Sequence numbers and confirmations are bounded by
what exists. Only the office writes anything else. On a laptop, a receipt may not confirm more changes than
the laptop has made. One change outside these rights refuses the whole file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord
from dialogue_desktop.core.domain.sync_models import SyncBundle
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.shared_lists import MAX_EDITS_OF_OTHERS, NAME_FIELDS
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import restored, state
from dialogue_desktop.core.sync.errors import BundleRefused
from dialogue_desktop.core.sync.merge import Change
from dialogue_desktop.core.sync.opening import Opened
from dialogue_desktop.core.sync.schemas import Manifest

#: Lists every laptop shares: a laptop may correct them, and every receipt carries their changes.
SHARED_TABLES = frozenset({"facilitator", "organisation", "indigenous_group"})
#: How far a bundle number may jump ahead of the last one imported (a laptop exports far fewer times).
MAX_SEQUENCE_GAP = 10_000
CHUNK = 2000

NOT_YOURS = N_(
    "The bundle {name} changes a record it may not change ({table} {record_id}, made by another computer). "
    "It was refused; nothing was applied."
)
NOT_YOURS_REFERENCE = N_(
    "The bundle {name} has a record ({table} {record_id}) that refers to a record it may not use "
    "({ref_table} {ref_id}, made by another computer). It was refused; nothing was applied."
)
SHARED_DELETE = N_(
    "The bundle {name} deletes or restores an entry of a shared list that another computer made ({table} "
    "{record_id}): a laptop may delete only the entries it added itself. It was refused; nothing was applied."
)
SHARED_NAME_EMPTIED = N_(
    "The bundle {name} empties a name of an entry of a shared list that another computer made ({table} "
    "{record_id}, {field}): names given elsewhere may be corrected, not removed. It was refused; nothing was "
    "applied."
)
SHARED_TOO_MANY = N_(
    "The bundle {name} changes {count} entries of the shared lists that other computers made; a laptop may "
    "change at most {limit} in one bundle. It was refused; nothing was applied. Ask the central office to "
    "make such changes."
)
UNKNOWN_BASE = N_(
    "The bundle {name} holds a change to {table} {record_id} made from a version of that record that was "
    "never seen here. It was refused; nothing was applied."
)
SEQUENCE_TOO_FAR = N_(
    "The bundle {name} has the number {sequence}, far beyond the last bundle imported from this laptop "
    "({last}). It was refused; nothing was applied."
)
ACK_TOO_FAR = N_(
    "The file {name} confirms changes that do not exist here (up to number {acknowledged}, there are "
    "{highest}). It was refused; nothing was applied. If this computer was restored from a backup, ask the "
    "central office to enrol it again."
)


def check_rights(session: Session, store: Store, opened: Opened) -> None:
    """Refuse the file if any change in it is outside the sender's rights (see the module's docstring)."""
    assert opened.manifest is not None
    name, manifest = opened.path.name, opened.manifest
    if opened.central:
        sender = opened.envelope.sender_id
        _check_sequence(session, sender, manifest, name)
        _check_acknowledged(session, manifest.acknowledged_change_seq, [], name)
        _check_ownership(session, sender, opened.changes, name)
        _check_shared_lists(session, sender, opened.changes, name)
        _check_bases(session, opened.changes, name)
    else:  # a restored laptop's bundles may have covered more than its log holds now
        sent = restored.highest_sent(store, state.central_peer(session))
        _check_acknowledged(
            session, manifest.acknowledged_change_seq, state.own_device_ids(session, store), name, sent
        )


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _sql_table(table: str) -> Table:
    return cast(Table, MODEL_BY_TABLE[table].__table__)


@cache
def _private_references(table: str) -> tuple[tuple[str, str], ...]:
    """(column, referenced table) of a table's references to records that are not in a shared list."""
    return tuple(
        (fk.parent.key, fk.column.table.name)
        for fk in _sql_table(table).foreign_keys
        if fk.column.table.name not in SHARED_TABLES
    )


def _check_sequence(session: Session, sender: str, manifest: Manifest, name: str) -> None:
    last = (
        session.scalar(
            select(func.max(SyncBundle.sequence)).where(
                SyncBundle.sender_device_id == sender, SyncBundle.kind == "bundle"
            )
        )
        or 0
    )
    if manifest.sequence > last + MAX_SEQUENCE_GAP:
        raise BundleRefused(SEQUENCE_TOO_FAR, name=name, sequence=manifest.sequence, last=last)


def _check_acknowledged(
    session: Session, acknowledged: int, devices: list[str], name: str, sent: int = 0
) -> None:
    """A confirmation never exceeds this store's highest change (its own changes, on a laptop), nor the
    highest change a bundle of it covered (`sent`)."""
    query = select(func.max(ChangeRecord.seq))
    if devices:
        query = query.where(ChangeRecord.device_id.in_(devices))
    highest = max(session.scalar(query) or 0, sent)
    if acknowledged > highest:
        raise BundleRefused(ACK_TOO_FAR, name=name, acknowledged=acknowledged, highest=highest)


def _check_ownership(session: Session, sender: str, changes: list[Change], name: str) -> None:
    """Edits and references reach only the sender's records and the shared lists."""
    created = {(c.table, c.record_id) for c in changes if c.full}
    # table -> id -> the change naming it, and whether it refers to it (or edits it)
    wanted: dict[str, dict[str, tuple[Change, bool]]] = defaultdict(dict)
    for change in changes:
        if (
            not change.full
            and (change.table, change.record_id) not in created
            and change.table not in SHARED_TABLES
        ):
            wanted[change.table].setdefault(change.record_id, (change, False))
        for column, ref_table in _private_references(change.table):
            ref_id = change.values.get(column)
            if ref_id is not None and (ref_table, ref_id) not in created:
                wanted[ref_table].setdefault(ref_id, (change, True))
    for table, ids in wanted.items():
        sql_table = _sql_table(table)
        for chunk in _chunks(list(ids)):
            query = select(sql_table.c.id, sql_table.c.origin_device_id).where(sql_table.c.id.in_(chunk))
            for record_id, origin in session.execute(query):
                if origin == sender:  # a missing record is refused by the merge, with its own reason
                    continue
                change, refers = ids[record_id]
                if refers:
                    raise BundleRefused(
                        NOT_YOURS_REFERENCE,
                        name=name,
                        table=change.table,
                        record_id=change.record_id,
                        ref_table=table,
                        ref_id=record_id,
                    )
                raise BundleRefused(NOT_YOURS, name=name, table=table, record_id=record_id)


def _check_shared_lists(session: Session, sender: str, changes: list[Change], name: str) -> None:
    """Of the shared entries others made, a bundle's new changes delete, restore or empty the name of none,
    and change at most MAX_EDITS_OF_OTHERS. Changes already known here were accepted before (a full export
    sends them again): they are not counted again."""
    created = {(c.table, c.record_id) for c in changes if c.full}
    edits = [
        c
        for c in changes
        if not c.full and c.table in SHARED_TABLES and (c.table, c.record_id) not in created
    ]
    if not edits:
        return
    cr = ChangeRecord.__table__
    known: set[str] = set()
    for chunk in _chunks(sorted({c.revision for c in edits})):
        known.update(session.scalars(select(cr.c.revision).where(cr.c.revision.in_(chunk))))
    edits = [c for c in edits if c.revision not in known]
    ids: dict[str, set[str]] = defaultdict(set)
    for change in edits:
        ids[change.table].add(change.record_id)
    others: set[tuple[str, str]] = set()
    for table, record_ids in ids.items():
        sql_table = _sql_table(table)
        for chunk in _chunks(sorted(record_ids)):
            query = select(sql_table.c.id, sql_table.c.origin_device_id).where(sql_table.c.id.in_(chunk))
            others.update((table, rid) for rid, origin in session.execute(query) if origin != sender)
    for change in sorted(edits, key=lambda c: (c.table, c.record_id, c.revision)):
        if (change.table, change.record_id) not in others:
            continue  # its own entry (a missing one is refused by the merge, with its own reason)
        if "deleted" in change.values:
            raise BundleRefused(SHARED_DELETE, name=name, table=change.table, record_id=change.record_id)
        for field in NAME_FIELDS[change.table]:
            value = change.values.get(field, "x")
            if not (value.strip() if isinstance(value, str) else value):
                raise BundleRefused(
                    SHARED_NAME_EMPTIED,
                    name=name,
                    table=change.table,
                    record_id=change.record_id,
                    field=field,
                )
    if len(others) > MAX_EDITS_OF_OTHERS:
        raise BundleRefused(SHARED_TOO_MANY, name=name, count=len(others), limit=MAX_EDITS_OF_OTHERS)


def _check_bases(session: Session, changes: list[Change], name: str) -> None:
    """Every edit builds on a revision of its record known here or sent in the same file."""
    sent = {(c.table, c.record_id, c.revision) for c in changes}
    unsure = {
        (c.table, c.record_id, c.base_revision): c
        for c in changes
        if c.base_revision and (c.table, c.record_id, c.base_revision) not in sent
    }
    if not unsure:
        return
    cr = ChangeRecord.__table__
    bases = sorted({base for _table, _record, base in unsure})
    for chunk in _chunks(bases):
        query = select(cr.c.table_name, cr.c.record_id, cr.c.revision).where(cr.c.revision.in_(chunk))
        for table, record_id, revision in session.execute(query):
            unsure.pop((table, record_id, revision), None)
    by_table: dict[str, set[str]] = defaultdict(set)
    for table, _record_id, base in unsure:
        by_table[table].add(base)
    for table, revisions in by_table.items():  # rows made before the change log: their revision stands alone
        sql_table = _sql_table(table)
        for chunk in _chunks(sorted(revisions)):
            query = select(sql_table.c.id, sql_table.c.revision).where(sql_table.c.revision.in_(chunk))
            for row in session.execute(query):
                unsure.pop((table, row.id, row.revision), None)
    if unsure:
        change = unsure[min(unsure)]
        raise BundleRefused(UNKNOWN_BASE, name=name, table=change.table, record_id=change.record_id)
