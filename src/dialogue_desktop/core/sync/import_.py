"""Importing bundles (at the central office) and receipts (on a laptop): check everything, then apply
everything in one transaction, or nothing. A refused file is moved to the quarantine folder with the
reason beside it (see `quarantine`: nothing there is readable to a thief), and the other files of the batch
go on."""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord, LocalSetting
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store import contents
from dialogue_desktop.core.store.store import Store, get_setting, set_setting
from dialogue_desktop.core.sync import opening, restored, rights, schemas, state
from dialogue_desktop.core.sync.errors import BundleRefused, NotEnrolledError
from dialogue_desktop.core.sync.merge import Change, MergeResult, apply_changes
from dialogue_desktop.core.sync.quarantine import quarantine

log = logging.getLogger(__name__)

UNREADABLE = N_(
    "The file {name} could not be imported ({detail}). It was refused; nothing was applied. Ask the sender "
    "to export again."
)
SEQUENCE_REUSED = N_(
    "A different bundle number {sequence} from this laptop was already imported. Ask the sender for a full "
    "export (export --full)."
)
COUNTS_DIFFER = N_(
    "After importing {name}, the database does not hold what the manifest lists ({detail}). Nothing was applied."
)


@dataclass
class Outcome:
    """What happened to one file."""

    path: Path
    status: str  # imported | already | refused
    message: str = ""
    sender: str = ""
    sequence: int = 0
    new_changes: int = 0
    conflicts: int = 0
    held: int = 0
    quarantined: Path | None = None
    missing: dict[str, list[int]] = field(default_factory=dict)


def import_files(store: Store, paths: list[Path]) -> list[Outcome]:
    """Import each file on its own; a refused one never stops the others."""
    return [import_file(store, path) for path in paths]


def import_file(store: Store, path: Path) -> Outcome:
    """Import one bundle or receipt; a refused file is quarantined with its reason (the store is then
    unchanged). Whatever goes wrong with one file, it is refused with a reason: never an unexpected error
    that would stop the files after it."""
    try:
        try:
            return _import(store, path)
        except (
            IntegrityError
        ) as error:  # a constraint the checks above did not foresee: still the file's fault
            raise BundleRefused(opening.INVALID_CONTENT, name=path.name, detail=_constraint(error)) from error
        except (BundleRefused, NotEnrolledError):
            raise
        except Exception as error:  # a file crafted to break something no check foresaw
            log.warning("Refused %s: %s", path.name, type(error).__name__, exc_info=False)
            raise BundleRefused(UNREADABLE, name=path.name, detail=type(error).__name__) from error
    except BundleRefused as error:
        reason = error.text()
        moved = quarantine(store, path, reason) if path.exists() else None
        return Outcome(path, "refused", reason, quarantined=moved)


def _constraint(error: IntegrityError) -> str:
    """The database's words for a failed constraint, without the values (they may name a person)."""
    return str(error.orig).splitlines()[0][:200] if error.orig is not None else type(error).__name__


def _import(store: Store, path: Path) -> Outcome:
    with store.unit_of_work() as session:  # only read: the writes happen in `_apply`, after the lock
        opened = opening.open_file(store, session, path)
        if opened.already is not None:
            return Outcome(
                path, "already", N_("already imported"), opened.envelope.sender_id, opened.already.sequence
            )
    attempts = 5
    for attempt in range(1, attempts + 1):
        try:
            return _apply(store, opened)
        except OperationalError:  # a deadlock or serialization failure between staff importing at once
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
        except IntegrityError:  # another import of the same file won the race
            with store.unit_of_work() as session:
                if (
                    session.scalar(select(SyncBundle.id).where(SyncBundle.sha256 == opened.digest))
                    is not None
                ):
                    return _already(opened)
            raise
    raise AssertionError("unreachable")


def _already(opened: opening.Opened) -> Outcome:
    sequence = opened.manifest.sequence if opened.manifest is not None else 0
    return Outcome(opened.path, "already", N_("already imported"), opened.envelope.sender_id, sequence)


def _apply(store: Store, opened: opening.Opened) -> Outcome:
    path, digest, envelope, manifest = opened.path, opened.digest, opened.envelope, opened.manifest
    assert manifest is not None
    name, kind_name, changes, central = path.name, manifest.kind, opened.changes, opened.central
    with Session(store.engine) as session, session.begin():  # no author: changes are applied as they are
        # Take the import lock first: imports into this database take turns.
        session.execute(
            update(LocalSetting).where(LocalSetting.key == state.IMPORT_LOCK).values(value=LocalSetting.value)
        )
        if session.scalar(select(SyncBundle.id).where(SyncBundle.sha256 == digest)) is not None:
            return _already(opened)
        if not central:  # a restored laptop first moves its new changes past what the office confirms
            restored.catch_up(session, store, state.central_peer(session))
        last_sequence = _last_sequence(session, envelope.sender_id, kind_name)
        rights.check_rights(session, store, opened)
        other = session.scalar(
            select(SyncBundle).where(
                SyncBundle.sender_device_id == envelope.sender_id,
                SyncBundle.kind == kind_name,
                SyncBundle.sequence == manifest.sequence,
            )
        )
        if other is not None:
            raise BundleRefused(SEQUENCE_REUSED, sequence=manifest.sequence)
        result = apply_changes(session, changes, name, state.own_device_ids(session, store))
        _verify_counts(session, changes, result, manifest, name)
        for sha in manifest.attachments:  # checked against its hash by `opening`, and here again
            contents.store_bytes(store, sha, opened.members[f"attachments/{sha}"])
        peer = session.get(SyncPeer, envelope.sender_id)
        assert peer is not None
        if opened.new_key:
            peer.signing_key, peer.exchange_key = envelope.signing_key.hex(), envelope.exchange_key.hex()
            peer.enrolment_secret = ""
        if central:
            # What the laptop has applied, as its newest bundle says: lower than before when it was
            # restored from a backup (the receipts then bring again what the backup did not have). An
            # older bundle arriving late changes nothing.
            if manifest.sequence > last_sequence:
                peer.acked_change_seq = manifest.acknowledged_change_seq
        else:
            # Never past the log's last change: a restored laptop numbers its next changes from there,
            # and a confirmation above them would count them as sent.
            highest = session.scalar(select(func.max(ChangeRecord.seq))) or 0
            confirmed = min(manifest.acknowledged_change_seq, highest)
            peer.confirmed_change_seq = max(peer.confirmed_change_seq, confirmed)
            peer.acked_change_seq = max(peer.acked_change_seq, manifest.up_to_change_seq)
            peer.sent_seq = max(peer.sent_seq, manifest.last_bundle_seq)
            if get_setting(session, state.ENROLMENT_SECRET) is not None:
                set_setting(session, state.ENROLMENT_SECRET, "")  # the office knows our key now
        session.add(
            SyncBundle(
                sender_device_id=envelope.sender_id,
                kind=kind_name,
                sequence=manifest.sequence,
                sha256=digest,
                since_change_seq=manifest.since_change_seq,
                up_to_change_seq=manifest.up_to_change_seq,
                change_count=len(changes),
                new_change_count=result.new,
                conflict_count=result.conflicts,
            )
        )
        session.flush()
        missing = missing_bundles(session) if central else {}
    if result.max_revision:
        store.clock.observe(result.max_revision)
    return Outcome(
        path,
        "imported",
        "",
        envelope.sender_id,
        manifest.sequence,
        result.new,
        result.conflicts,
        result.held,
        missing=missing,
    )


def _last_sequence(session: Session, sender: str, kind: str) -> int:
    """The highest number of the files of this kind imported from this sender (0 if none)."""
    query = select(func.max(SyncBundle.sequence)).where(
        SyncBundle.sender_device_id == sender, SyncBundle.kind == kind
    )
    return session.scalar(query) or 0


def _verify_counts(
    session: Session, changes: list[Change], result: MergeResult, manifest: schemas.Manifest, name: str
) -> None:
    """Anki-style: after applying, the change log holds every change the manifest lists (held ones aside),
    and every record a change created exists."""
    expected = Counter(c.table for c in changes)
    if dict(expected) != {t: e.count for t, e in manifest.tables.items() if e.count}:
        raise BundleRefused(COUNTS_DIFFER, name=name, detail="tables")
    cr = ChangeRecord.__table__
    revisions = [c.revision for c in changes]
    found: Counter[str] = Counter()
    for start in range(0, len(revisions), 2000):
        chunk = revisions[start : start + 2000]
        query = (
            select(cr.c.table_name, func.count()).where(cr.c.revision.in_(chunk)).group_by(cr.c.table_name)
        )
        for table, count in session.execute(query):
            found[table] += count
    if sum(found.values()) + result.held != len(changes):
        raise BundleRefused(
            COUNTS_DIFFER, name=name, detail=f"{sum(found.values())} + {result.held} ≠ {len(changes)}"
        )
    created: dict[str, set[str]] = {}
    for change in changes:
        if change.full:
            created.setdefault(change.table, set()).add(change.record_id)
    for table, ids in created.items():
        sql_table: Table = MODEL_BY_TABLE[table].__table__  # type: ignore[assignment]
        id_list = list(ids)
        present = 0
        for start in range(0, len(id_list), 2000):
            chunk = id_list[start : start + 2000]
            present += (
                session.scalar(select(func.count()).select_from(sql_table).where(sql_table.c.id.in_(chunk)))
                or 0
            )
        if present + result.held < len(ids):
            raise BundleRefused(COUNTS_DIFFER, name=name, detail=f"{table}: {present} < {len(ids)}")


#: At most this many missing bundle numbers are listed per laptop (the rest are summed up by the caller).
MAX_MISSING_LISTED = 100


def missing_bundles(session: Session) -> dict[str, list[int]]:
    """Per laptop, the bundle numbers below the highest imported one that never arrived (the first
    MAX_MISSING_LISTED of them): found from the gaps between the numbers imported, never by walking every
    number, so a huge number costs nothing."""
    seen: dict[str, list[int]] = {}
    query = (
        select(SyncBundle.sender_device_id, SyncBundle.sequence)
        .where(SyncBundle.kind == "bundle")
        .order_by(SyncBundle.sender_device_id, SyncBundle.sequence)
    )
    for device, sequence in session.execute(query):
        seen.setdefault(device, []).append(sequence)
    found: dict[str, list[int]] = {}
    for device, numbers in seen.items():
        missing: list[int] = []
        previous = 0
        for number in numbers:
            missing.extend(range(previous + 1, min(number, previous + 1 + MAX_MISSING_LISTED - len(missing))))
            previous = number
            if len(missing) >= MAX_MISSING_LISTED:
                break
        if missing:
            found[device] = missing
    return found


def confirmed_change_seq(session: Session, device_id: str) -> int:
    """The laptop's change seq up to which everything arrived (the union of the ranges of the bundles
    imported since it was last enrolled: a replacement laptop numbers its changes afresh)."""
    peer = session.get(SyncPeer, device_id)
    query = select(SyncBundle.since_change_seq, SyncBundle.up_to_change_seq).where(
        SyncBundle.sender_device_id == device_id, SyncBundle.kind == "bundle"
    )
    if peer is not None:
        query = query.where(SyncBundle.imported_at >= peer.enrolled_at)
    covered = 0
    for since, up_to in sorted(session.execute(query).all()):
        if since <= covered:
            covered = max(covered, up_to)
    return covered
