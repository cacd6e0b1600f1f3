"""Opening a bundle or receipt: every check that needs no write, in one place for preview and import.

A file is read only after its size is checked, parsed, addressed (role, kind, recipient, sender enrolled and
not revoked, registered key or valid enrolment proof), its signature verified, then decrypted, unzipped
within limits and decoded against the schemas. Then what the sender controls is checked: on a laptop's
bundle every change must be the sender's own (its device id and its revision's device part), every record
it creates must name the sender as origin; no revision or timestamp may lie far ahead of this computer's
clock; every attached file must be named by a record, and every attachment record must come with its file
(or name one already here). What needs the database (whose records these are) is in `rights`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, Device
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store.clock import parse_revision
from dialogue_desktop.core.store.contents import has_content
from dialogue_desktop.core.store.schema import known_revisions
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import bundle_format, schemas, state
from dialogue_desktop.core.sync.bundle_format import Envelope
from dialogue_desktop.core.sync.errors import BundleRefused
from dialogue_desktop.core.sync.keys import DeviceKeys, key_id, key_proof, load_keys
from dialogue_desktop.core.sync.merge import Change, decode_table

#: The largest bundle file read at all (checked before reading it).
MAX_FILE_BYTES = 1 << 30
#: How far ahead of this computer's clock a received revision or timestamp may be: a laptop whose time
#: zone is wrong is hours off; one that is days or years ahead would drag every clock with it.
MAX_AHEAD = timedelta(days=1)

WRONG_OFFICE = N_(
    "The bundle {name} was made for another central office. Ask the sender to export again after enrolling "
    "with this office."
)
WRONG_LAPTOP = N_(
    "The receipt {name} was made for another laptop. Ask the central office for this laptop's receipt."
)
UNKNOWN_DEVICE = N_(
    "The bundle {name} comes from a laptop that is not enrolled here ({device_id}). Enrol it first "
    "(enrol-device), then import the bundle again."
)
REVOKED_DEVICE = N_(
    "The bundle {name} comes from a laptop whose enrolment was revoked ({device_id}). It was refused."
)
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
FILE_TOO_BIG = N_("The file {name} is larger than any real bundle ({size} MB); it was refused.")
NOT_THE_SENDER = N_(
    "The bundle {name} holds a change to {table} {record_id} signed by {device_id}, not by the laptop that "
    "sent it. It was refused; nothing was applied."
)
OFFICE_AHEAD = N_(
    "The bundle {name} holds changes dated {date}, ahead of this computer's clock. The laptop's date and time "
    "are probably wrong: set them right on the laptop. It was refused; nothing was applied."
)
LAPTOP_BEHIND = N_(
    "The receipt {name} holds changes dated {date}, ahead of this laptop's clock. Set this laptop's date and "
    "time right, then import the receipt again. Nothing was applied."
)
UNNAMED_ATTACHMENT = N_(
    "The bundle {name} holds an attached file that no record names ({member}). It was refused; nothing was "
    "applied."
)
ATTACHMENT_WITHOUT_FILE = N_(
    "The bundle {name} has an attachment record ({record_id}) without its file. It was refused; ask the "
    "sender to export again once the file is back on that computer."
)


@dataclass(frozen=True)
class Imported:
    """A file imported before: its number and how many changes it held."""

    sequence: int
    change_count: int


@dataclass
class Opened:
    """A file whose envelope, signature and content were checked; plain data."""

    path: Path
    digest: str
    envelope: Envelope
    central: bool
    new_key: bool
    sender_name: str = ""
    #: Set when this very file was imported before (then nothing below is read).
    already: Imported | None = None
    manifest: schemas.Manifest | None = None
    changes: list[Change] = field(default_factory=list)
    members: dict[str, bytes] = field(default_factory=dict)


def read_file(path: Path) -> bytes:
    """A bundle file's bytes, refused without reading when it is larger than any real bundle."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleRefused(FILE_TOO_BIG, name=path.name, size=str(size // 1_000_000))
        return path.read_bytes()
    except OSError as error:
        raise BundleRefused(bundle_format.DAMAGED, name=path.name) from error


def open_file(store: Store, session: Session, path: Path, now: datetime | None = None) -> Opened:
    """Check a bundle (at the central office) or a receipt (on a laptop) up to everything that needs the
    database's records; BundleRefused with the reason otherwise. `session` is only read."""
    name = path.name
    data = read_file(path)
    digest = hashlib.sha256(data).hexdigest()
    envelope = bundle_format.parse(data, name)
    keys = load_keys(store)
    central, signing_key, new_key = check_addressing(session, keys, envelope, name)
    device = session.get(Device, envelope.sender_id)
    opened = Opened(path, digest, envelope, central, new_key, device.name if device is not None else "")
    found = session.execute(
        select(SyncBundle.sequence, SyncBundle.change_count).where(SyncBundle.sha256 == digest)
    ).first()
    if found is not None:
        opened.already = Imported(found.sequence, found.change_count)
        return opened
    envelope.verify(signing_key)
    opened.members = bundle_format.unpack(envelope.decrypt(keys), name)
    opened.manifest, opened.changes = decode_members(opened.members, name)
    check_manifest_sender(store, envelope, opened.manifest, name)
    if central:
        check_senders(envelope.sender_id, opened.changes, name)
    check_dates(opened.changes, name, central, now or datetime.now(UTC))
    check_attachments(store, opened.manifest, opened.changes, name)
    return opened


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
        expected = key_proof(
            bytes.fromhex(peer.enrolment_secret), sender, envelope.signing_key, envelope.exchange_key
        )
        if hmac.compare_digest(expected, envelope.proof):
            return envelope.signing_key, True
    raise BundleRefused(bundle_format.BAD_SIGNATURE, name=name)


def check_manifest_sender(store: Store, envelope: Envelope, manifest: schemas.Manifest, name: str) -> None:
    """The signed envelope and the encrypted manifest must name the same sender, kind and recipient."""
    if (
        manifest.device_id != envelope.sender_id
        or manifest.kind != bundle_format.KIND_NAMES[envelope.kind]
        or (manifest.recipient_device_id != store.device_id)
    ):
        raise BundleRefused(MISMATCH, name=name, detail="device")
    if manifest.since_change_seq > manifest.up_to_change_seq:
        raise BundleRefused(MISMATCH, name=name, detail="change range")


def decode_members(members: dict[str, bytes], name: str) -> tuple[schemas.Manifest, list[Change]]:
    """The manifest and every change, decoded against the schemas and checked against the manifest."""
    try:
        manifest = msgspec.json.decode(members["manifest.json"], type=schemas.Manifest)
    except KeyError as error:
        raise BundleRefused(MISMATCH, name=name, detail="manifest.json") from error
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise BundleRefused(INVALID_CONTENT, name=name, detail=f"manifest.json: {error}") from error
    if manifest.schema_version not in known_revisions():
        raise BundleRefused(NEWER_SCHEMA, name=name, version=manifest.schema_version)
    listed = {f"changes/{t}.json" for t in manifest.tables} | {
        f"attachments/{s}" for s in manifest.attachments
    }
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
        try:  # typed first: it bounds every value (and so the nesting) before the plain decoding
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
            if change.base_revision and change.base_revision >= change.revision:
                raise BundleRefused(INVALID_CONTENT, name=name, detail=f"{member}: {change.revision}")
        changes.extend(decoded)
    for sha, size in manifest.attachments.items():
        content = members[f"attachments/{sha}"]
        if len(content) != size or hashlib.sha256(content).hexdigest() != sha:
            raise BundleRefused(MISMATCH, name=name, detail=f"attachments/{sha}")
    return manifest, changes


def check_senders(sender: str, changes: list[Change], name: str) -> None:
    """On a laptop's bundle, every change is the sender's, and so is every record it creates."""
    for change in changes:
        device = parse_revision(change.revision)[2]
        origin = change.values.get("origin_device_id") if change.full else sender
        if not (change.device_id == device == origin == sender):
            stamped = next(str(d) for d in (change.device_id, device, origin) if d != sender)
            raise BundleRefused(
                NOT_THE_SENDER,
                name=name,
                table=change.table,
                record_id=change.record_id,
                device_id=stamped[:36],
            )


def check_dates(changes: list[Change], name: str, central: bool, now: datetime) -> None:
    """No revision or change time far ahead of this computer's clock (see MAX_AHEAD)."""
    limit = now + MAX_AHEAD
    limit_millis = int(limit.timestamp() * 1000)
    for change in changes:
        millis = parse_revision(change.revision)[0]
        if millis > limit_millis or change.changed_at > limit:
            when = max(change.changed_at, datetime.fromtimestamp(min(millis, 253402300799000) / 1000, UTC))
            raise BundleRefused(
                OFFICE_AHEAD if central else LAPTOP_BEHIND, name=name, date=when.date().isoformat()
            )


def check_attachments(store: Store, manifest: schemas.Manifest, changes: list[Change], name: str) -> None:
    """Every attached file is named by a record of this file, and every attachment record has its file."""
    named: dict[str, str] = {}  # sha256 -> record id
    for change in changes:
        if change.table == "attachment" and change.values.get("sha256"):
            named.setdefault(change.values["sha256"], change.record_id)
    for sha in manifest.attachments:
        if sha not in named:
            raise BundleRefused(UNNAMED_ATTACHMENT, name=name, member=f"attachments/{sha}")
    for sha, record_id in named.items():
        if sha not in manifest.attachments and not has_content(store, sha):
            raise BundleRefused(ATTACHMENT_WITHOUT_FILE, name=name, record_id=record_id)
