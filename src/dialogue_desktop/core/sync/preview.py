"""What importing a bundle would change, without changing anything.

The file is opened and checked by the same code as an import (`opening`, then the sender's rights), then
the received changes are compared with the store in a read-only session: per table, how many records
would be new, updated or deleted, and how many changes are already known. Nothing is written and nothing
is quarantined: a file that would be refused says why, and is left where it is until the person imports it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import bundle_format, opening, rights
from dialogue_desktop.core.sync.errors import BundleRefused, NotEnrolledError
from dialogue_desktop.core.sync.import_ import UNREADABLE
from dialogue_desktop.core.sync.merge import Change

CHUNK = 500

READY, ALREADY, REFUSED = "ready", "already", "refused"


@dataclass
class TableCounts:
    """What a bundle would do to one table: records created, edited, deleted; changes already here."""

    new: int = 0
    updated: int = 0
    deleted: int = 0
    known: int = 0


@dataclass
class Preview:
    """One file, checked but not applied (plain data, safe to pass between threads)."""

    path: Path
    status: str  # ready | already | refused
    message: str = ""
    sender_id: str = ""
    sender_name: str = ""
    kind: str = ""
    sequence: int = 0
    change_count: int = 0
    tables: dict[str, TableCounts] = field(default_factory=dict)

    @property
    def new(self) -> int:
        return sum(t.new for t in self.tables.values())

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.tables.values())

    @property
    def deleted(self) -> int:
        return sum(t.deleted for t in self.tables.values())

    @property
    def known(self) -> int:
        return sum(t.known for t in self.tables.values())


def preview_files(store: Store, paths: list[Path]) -> list[Preview]:
    """Preview each file on its own; a refused one never stops the others."""
    return [preview_file(store, path) for path in paths]


def preview_file(store: Store, path: Path) -> Preview:
    """Check a bundle (at the central office) or receipt (on a laptop) and count what it would change."""
    try:
        return _preview(store, path)
    except BundleRefused as error:
        return Preview(path, REFUSED, error.text())
    except NotEnrolledError:
        raise
    except Exception as error:  # the import would refuse it the same way (see import_.import_file)
        return Preview(
            path, REFUSED, BundleRefused(UNREADABLE, name=path.name, detail=type(error).__name__).text()
        )


def _preview(store: Store, path: Path) -> Preview:
    with Session(store.engine) as session:  # read only: never committed
        opened = opening.open_file(store, session, path)
        sender, kind = opened.envelope.sender_id, bundle_format.KIND_NAMES[opened.envelope.kind]
        if opened.already is not None:
            return Preview(
                path,
                ALREADY,
                N_("already imported"),
                sender,
                opened.sender_name,
                kind,
                opened.already.sequence,
                opened.already.change_count,
            )
        assert opened.manifest is not None
        rights.check_rights(session, store, opened)
        tables = count_changes(session, opened.changes)
        session.rollback()
    return Preview(
        path,
        READY,
        "",
        sender,
        opened.sender_name,
        kind,
        opened.manifest.sequence,
        len(opened.changes),
        tables,
    )


def count_changes(session: Session, changes: list[Change]) -> dict[str, TableCounts]:
    """Per table (in the store's table order): records that would be new, updated, deleted, and changes
    already known here."""
    revisions = [c.revision for c in changes]
    known: set[str] = set()
    cr = ChangeRecord.__table__
    for start in range(0, len(revisions), CHUNK):
        known.update(
            session.scalars(select(cr.c.revision).where(cr.c.revision.in_(revisions[start : start + CHUNK])))
        )
    counts: dict[str, TableCounts] = defaultdict(TableCounts)
    fresh: dict[str, dict[str, list[Change]]] = defaultdict(lambda: defaultdict(list))
    for change in changes:
        if change.revision in known:
            counts[change.table].known += 1
        else:
            fresh[change.table][change.record_id].append(change)
    for table, records in fresh.items():
        sql_table: Table = MODEL_BY_TABLE[table].__table__  # type: ignore[assignment]
        ids = list(records)
        existing: set[str] = set()
        for start in range(0, len(ids), CHUNK):
            existing.update(
                session.scalars(select(sql_table.c.id).where(sql_table.c.id.in_(ids[start : start + CHUNK])))
            )
        for record_id, group in records.items():
            latest_delete = [
                c.values["deleted"] for c in sorted(group, key=lambda c: c.revision) if "deleted" in c.values
            ]
            if record_id not in existing:
                counts[table].new += 1
            elif latest_delete and latest_delete[-1] is True:
                counts[table].deleted += 1
            else:
                counts[table].updated += 1
    return {table: counts[table] for table in MODEL_BY_TABLE if table in counts}
