"""Importing bundles (at the central office) and receipts (on a laptop): check everything, then apply
everything in one transaction, or nothing. A refused file is moved to the quarantine folder with the
reason beside it, and the other files of the batch go on."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from sqlalchemy import Table, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord, Device, LocalSetting
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store.schema import known_revisions
from dialogue_desktop.core.store.store import Store, get_setting, set_setting
from dialogue_desktop.core.sync import bundle_format, schemas, state
from dialogue_desktop.core.sync.bundle_format import Envelope
from dialogue_desktop.core.sync.errors import BundleRefused
from dialogue_desktop.core.sync.keys import DeviceKeys, atomic_write, key_id, key_proof, load_keys
from dialogue_desktop.core.sync.merge import Change, MergeResult, apply_changes, decode_table

WRONG_OFFICE = N_(
    "The bundle {name} was made for another central office. Ask the sender to export again after enrolling "
    "with this office."
)
WRONG_LAPTOP = N_("The receipt {name} was made for another laptop. Ask the central office for this laptop's receipt.")
UNKNOWN_DEVICE = N_(
    "The bundle {name} comes from a laptop that is not enrolled here ({device_id}). Enrol it first "
    "(enrol-device), then import the bundle again."
)
REVOKED_DEVICE = N_("The bundle {name} comes from a laptop whose enrolment was revoked ({device_id}). It was refused.")
RECEIPT_AT_OFFICE = N_("The file {name} is a receipt; import it on the laptop it was made for.")
BUNDLE_ON_LAPTOP = N_("The file {name} is a laptop's bundle; import it at the central office.")
NEWER_SCHEMA = N_(
    "The bundle {name} was made by a newer version of Dialogue Desktop (database version {version}). "
    "Install the newer version here to import it."
)
INVALID_CONTENT = N_("The bundle {name} has invalid content ({detail}). It was refused; nothing was applied.")
MISMATCH = N_(
    "The content of {name} does not match its manifest ({detail}). It was refused; nothing was applied."
)
SEQUENCE_REUSED = N_(
    "A different bundle number {sequence} from this laptop was already imported. Ask the sender for a full "
    "export (export --full)."
)
COUNTS_DIFFER = N_("After importing {name}, the database does not hold what the manifest lists ({detail}). Nothing was applied.")


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


def quarantine_dir(store: Store) -> Path:
    """Where refused files go (beside the database, or in the data folder for a server database)."""
    return store.folder("quarantine")


def quarantine(store: Store, path: Path, reason: str) -> Path:
    """Move a refused file to the quarantine folder with `<file>.reason.txt` beside it."""
    folder = quarantine_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{path.stem}-{number}{path.suffix}"
    try:
        shutil.move(str(path), target)
    except OSError:  # read-only medium: keep a copy
        shutil.copy2(path, target)
    atomic_write(target.with_name(target.name + ".reason.txt"), (reason + "\n").encode())
    return target


def import_files(store: Store, paths: list[Path]) -> list[Outcome]:
    """Import each file on its own; a refused one never stops the others."""
    return [import_file(store, path) for path in paths]


def import_file(store: Store, path: Path) -> Outcome:
    """Import one bundle or receipt; refused files are quarantined (the store is then unchanged)."""
    try:
        try:
            return _import(store, path)
        except IntegrityError as error:  # a constraint the checks above did not foresee: still the file's fault
            raise BundleRefused(INVALID_CONTENT, name=path.name, detail=str(error.orig)[:200]) from error
    except BundleRefused as error:
        reason = error.text()
        moved = quarantine(store, path, reason) if path.exists() else None
        return Outcome(path, "refused", reason, quarantined=moved)


def check_addressing(
    session: Session, keys: DeviceKeys, envelope: Envelope, name: str
) -> tuple[bool, bytes, bool]:
    """Refuse a file this store must not read: wrong role, kind or recipient, or an unknown sender.

    Returns (this store is the central office, the sender's signing key, whether that key is new).
    """
    role = state.role(session)
    if role is None:
        state.require_role(session, state.CENTRAL)
    central = role == state.CENTRAL
    if central and envelope.kind != bundle_format.KIND_BUNDLE:
        raise BundleRefused(RECEIPT_AT_OFFICE, name=name)
    if not central and envelope.kind != bundle_format.KIND_RECEIPT:
        raise BundleRefused(BUNDLE_ON_LAPTOP, name=name)
    if envelope.recipient_key_id != key_id(keys.exchange_public):
        raise BundleRefused(WRONG_OFFICE if central else WRONG_LAPTOP, name=name)
    signing_key, new_key = sender_key(session, envelope, central)
    return central, signing_key, new_key


def check_manifest_sender(store: Store, envelope: Envelope, manifest: schemas.Manifest, name: str) -> None:
    """The signed envelope and the encrypted manifest must name the same sender, kind and recipient."""
    if manifest.device_id != envelope.sender_id or manifest.kind != bundle_format.KIND_NAMES[envelope.kind] or (
        manifest.recipient_device_id != store.device_id
    ):
        raise BundleRefused(MISMATCH, name=name, detail="device")


def sender_key(session: Session, envelope: Envelope, central: bool) -> tuple[bytes, bool]:
    """The key that must have signed the file, and whether it is a new key proven by enrolment."""
    name, sender = envelope.name, envelope.sender_id
    peer = session.get(SyncPeer, sender)
    device = session.get(Device, sender)
    if central:
        if peer is None or device is None or peer.role != state.FIELD:
            raise BundleRefused(UNKNOWN_DEVICE, name=name, device_id=sender[:36])
        if device.revoked:
            raise BundleRefused(REVOKED_DEVICE, name=name, device_id=sender)
    elif peer is None or peer.role != state.CENTRAL:
        raise BundleRefused(bundle_format.BAD_SIGNATURE, name=name)
    if peer.signing_key and envelope.signing_key.hex() == peer.signing_key:
        return envelope.signing_key, False
    if central and envelope.has_proof and peer.enrolment_secret:
        expected = key_proof(bytes.fromhex(peer.enrolment_secret), sender, envelope.signing_key, envelope.exchange_key)
        if hmac.compare_digest(expected, envelope.proof):
            return envelope.signing_key, True
    raise BundleRefused(bundle_format.BAD_SIGNATURE, name=name)


def decode_members(members: dict[str, bytes], name: str) -> tuple[schemas.Manifest, list[Change], list[int]]:
    try:
        manifest = msgspec.json.decode(members["manifest.json"], type=schemas.Manifest)
    except KeyError as error:
        raise BundleRefused(MISMATCH, name=name, detail="manifest.json") from error
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise BundleRefused(INVALID_CONTENT, name=name, detail=f"manifest.json: {error}") from error
    if manifest.schema_version not in known_revisions():
        raise BundleRefused(NEWER_SCHEMA, name=name, version=manifest.schema_version)
    listed = {f"changes/{t}.json" for t in manifest.tables} | {f"attachments/{s}" for s in manifest.attachments}
    present = set(members) - {"manifest.json"}
    if listed != present:
        detail = ", ".join(sorted(listed ^ present))[:200]
        raise BundleRefused(MISMATCH, name=name, detail=detail)
    changes: list[Change] = []
    for table, entry in manifest.tables.items():
        member = f"changes/{table}.json"
        content = members[member]
        if table not in MODEL_BY_TABLE:
            raise BundleRefused(bundle_format.BAD_MEMBER, name=name, member=member)
        if hashlib.sha256(content).hexdigest() != entry.sha256:
            raise BundleRefused(MISMATCH, name=name, detail=f"{member} SHA-256")
        try:
            typed = msgspec.json.decode(content, type=schemas.table_file(table))
            plain = msgspec.json.decode(content)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            raise BundleRefused(INVALID_CONTENT, name=name, detail=f"{member}: {error}") from error
        decoded = decode_table(table, content, typed, plain)
        if len(decoded) != entry.count:
            raise BundleRefused(MISMATCH, name=name, detail=f"{member}: {len(decoded)} ≠ {entry.count}")
        for change in decoded:
            if change.full and change.values.get("id") != change.record_id:
                raise BundleRefused(INVALID_CONTENT, name=name, detail=f"{member}: {change.record_id}")
        changes.extend(decoded)
    for sha, size in manifest.attachments.items():
        content = members[f"attachments/{sha}"]
        if len(content) != size or hashlib.sha256(content).hexdigest() != sha:
            raise BundleRefused(MISMATCH, name=name, detail=f"attachments/{sha}")
    return manifest, changes, []


def _import(store: Store, path: Path) -> Outcome:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BundleRefused(bundle_format.DAMAGED, name=name) from error
    digest = hashlib.sha256(data).hexdigest()
    envelope = bundle_format.parse(data, name)
    keys = load_keys(store)
    with store.unit_of_work() as session:
        central, signing_key, new_key = check_addressing(session, keys, envelope, name)
        already = session.scalar(select(SyncBundle).where(SyncBundle.sha256 == digest))
        if already is not None:
            return Outcome(path, "already", N_("already imported"), envelope.sender_id, already.sequence)
    envelope.verify(signing_key)
    members = bundle_format.unpack(envelope.decrypt(keys), name)
    manifest, changes, _ = decode_members(members, name)
    check_manifest_sender(store, envelope, manifest, name)
    attempts = 5
    for attempt in range(1, attempts + 1):
        try:
            return _apply(store, path, digest, envelope, manifest, changes, members, new_key, central)
        except OperationalError:  # a deadlock or serialization failure between staff importing at once
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
        except IntegrityError:  # another import of the same file won the race
            with store.unit_of_work() as session:
                if session.scalar(select(SyncBundle.id).where(SyncBundle.sha256 == digest)) is not None:
                    return Outcome(path, "already", N_("already imported"), envelope.sender_id, manifest.sequence)
            raise
    raise AssertionError("unreachable")


def _apply(store: Store, path: Path, digest: str, envelope: Envelope, manifest: schemas.Manifest,
           changes: list[Change], members: dict[str, bytes], new_key: bool, central: bool) -> Outcome:
    name = path.name
    kind_name = manifest.kind
    with Session(store.engine) as session, session.begin():  # no author: changes are applied as they are
        # Take the import lock first: imports into this database take turns.
        session.execute(update(LocalSetting).where(LocalSetting.key == state.IMPORT_LOCK)
                        .values(value=LocalSetting.value))
        if session.scalar(select(SyncBundle.id).where(SyncBundle.sha256 == digest)) is not None:
            return Outcome(path, "already", N_("already imported"), envelope.sender_id, manifest.sequence)
        other = session.scalar(select(SyncBundle).where(
            SyncBundle.sender_device_id == envelope.sender_id, SyncBundle.kind == kind_name,
            SyncBundle.sequence == manifest.sequence))
        if other is not None:
            raise BundleRefused(SEQUENCE_REUSED, sequence=manifest.sequence)
        result = apply_changes(session, changes, name, state.own_device_ids(session, store))
        _verify_counts(session, changes, result, manifest, name)
        for sha in manifest.attachments:
            target = store.attachments_dir / sha
            if not target.exists():
                atomic_write(target, members[f"attachments/{sha}"])
        peer = session.get(SyncPeer, envelope.sender_id)
        assert peer is not None
        if new_key:
            peer.signing_key, peer.exchange_key = envelope.signing_key.hex(), envelope.exchange_key.hex()
            peer.enrolment_secret = ""
        if central:
            peer.acked_change_seq = max(peer.acked_change_seq, manifest.acknowledged_change_seq)
        else:
            peer.confirmed_change_seq = max(peer.confirmed_change_seq, manifest.acknowledged_change_seq)
            peer.acked_change_seq = max(peer.acked_change_seq, manifest.up_to_change_seq)
            peer.sent_seq = max(peer.sent_seq, manifest.last_bundle_seq)
            if get_setting(session, state.ENROLMENT_SECRET) is not None:
                set_setting(session, state.ENROLMENT_SECRET, "")  # the office knows our key now
        session.add(SyncBundle(
            sender_device_id=envelope.sender_id, kind=kind_name, sequence=manifest.sequence, sha256=digest,
            since_change_seq=manifest.since_change_seq, up_to_change_seq=manifest.up_to_change_seq,
            change_count=len(changes), new_change_count=result.new, conflict_count=result.conflicts,
        ))
        session.flush()
        missing = missing_bundles(session) if central else {}
    if result.max_revision:
        store.clock.observe(result.max_revision)
    return Outcome(path, "imported", "", envelope.sender_id, manifest.sequence, result.new, result.conflicts,
                   result.held, missing=missing)


def _verify_counts(session: Session, changes: list[Change], result: MergeResult, manifest: schemas.Manifest,
                   name: str) -> None:
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
        query = select(cr.c.table_name, func.count()).where(cr.c.revision.in_(chunk)).group_by(cr.c.table_name)
        for table, count in session.execute(query):
            found[table] += count
    if sum(found.values()) + result.held != len(changes):
        raise BundleRefused(COUNTS_DIFFER, name=name, detail=f"{sum(found.values())} + {result.held} ≠ {len(changes)}")
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
            present += session.scalar(select(func.count()).select_from(sql_table).where(sql_table.c.id.in_(chunk))) or 0
        if present + result.held < len(ids):
            raise BundleRefused(COUNTS_DIFFER, name=name, detail=f"{table}: {present} < {len(ids)}")


def missing_bundles(session: Session) -> dict[str, list[int]]:
    """Per laptop, the bundle numbers below the highest imported one that never arrived."""
    seen: dict[str, set[int]] = {}
    query = select(SyncBundle.sender_device_id, SyncBundle.sequence).where(SyncBundle.kind == "bundle")
    for device, sequence in session.execute(query):
        seen.setdefault(device, set()).add(sequence)
    return {
        device: missing
        for device, numbers in seen.items()
        if (missing := [n for n in range(1, max(numbers)) if n not in numbers])
    }


def confirmed_change_seq(session: Session, device_id: str) -> int:
    """The laptop's change seq up to which everything arrived (the union of imported bundles' ranges)."""
    ranges = sorted(session.execute(select(SyncBundle.since_change_seq, SyncBundle.up_to_change_seq).where(
        SyncBundle.sender_device_id == device_id, SyncBundle.kind == "bundle")).all())
    covered = 0
    for since, up_to in ranges:
        if since <= covered:
            covered = max(covered, up_to)
    return covered


