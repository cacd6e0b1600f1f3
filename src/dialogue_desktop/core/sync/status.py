"""What a person sees of sync, as plain data: this install's role and exchanges, the enrolled laptops, the
open conflicts with names and times, and the names of the files a laptop and the office write.

The Sync page (through gui/operations/sync.py) and the command line read sync through here, never the
sync tables themselves. Nothing here imports the crypto modules at import time: the status bar's count
must not load them at start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, Device
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.i18n import N_, current_language
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.store.clock import parse_revision
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import state

if TYPE_CHECKING:
    from dialogue_desktop.core.sync.export import Written

#: The ending of bundle and receipt files (the file dialogs filter on it, drops are recognised by it).
BUNDLE_SUFFIX = ".dlgbundle"


# --- this install and its laptops ------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceRow:
    """An enrolled laptop as the central office sees it."""

    id: str
    name: str
    province_code: str | None
    revoked: bool
    fingerprint: str
    bundles: int
    last_bundle: int
    last_import: datetime | None
    missing: list[int]


@dataclass(frozen=True)
class SyncState:
    """This install's role and keys; on a laptop its exchanges with the office, at the office its laptops."""

    role: str | None
    device_id: str
    device_name: str
    province_code: str | None
    fingerprint: str
    central_name: str = ""
    central_fingerprint: str = ""
    bundles_sent: int = 0
    unconfirmed: int = 0
    last_receipt: int = 0
    last_receipt_at: datetime | None = None
    devices: list[DeviceRow] = field(default_factory=list)


def read_state(store: Store) -> SyncState:
    """This install's role, keys and exchanges."""
    from dialogue_desktop.core.sync import enrolment
    from dialogue_desktop.core.sync.errors import SyncError
    from dialogue_desktop.core.sync.keys import load_keys

    with store.unit_of_work() as session:
        role = state.role(session)
        fingerprint = ""
        if role is not None:
            try:
                fingerprint = load_keys(store).fingerprint
            except SyncError:  # keys missing or unreadable: the page says so by showing none
                fingerprint = ""
        device = session.get(Device, store.device_id)
        found = SyncState(
            role,
            store.device_id,
            device.name if device else "",
            device.province_code if device else None,
            fingerprint,
        )
        if role == state.FIELD:
            peer = session.scalars(select(SyncPeer).where(SyncPeer.role == state.CENTRAL)).first()
            receipt = session.scalars(
                select(SyncBundle)
                .where(SyncBundle.kind == "receipt")
                .order_by(SyncBundle.sequence.desc())
                .limit(1)
            ).first()
            central = session.get(Device, peer.device_id) if peer is not None else None
            found = replace(
                found,
                central_name=central.name if central is not None else "",
                central_fingerprint=enrolment.device_fingerprint(peer) if peer is not None else "",
                bundles_sent=peer.sent_seq if peer is not None else 0,
                last_receipt=receipt.sequence if receipt is not None else 0,
                last_receipt_at=receipt.imported_at if receipt is not None else None,
            )
        elif role == state.CENTRAL:
            found.devices.extend(_devices(session))
    if role == state.FIELD:
        return replace(found, unconfirmed=state.unconfirmed_count(store))
    return found


def _devices(session: Session) -> list[DeviceRow]:
    from dialogue_desktop.core.sync import enrolment, import_

    missing = import_.missing_bundles(session)
    rows: list[DeviceRow] = []
    for peer in session.scalars(select(SyncPeer).where(SyncPeer.role == state.FIELD)).all():
        device = session.get(Device, peer.device_id)
        if device is None:
            continue
        bundles = session.execute(
            select(SyncBundle.sequence, SyncBundle.imported_at).where(
                SyncBundle.sender_device_id == device.id, SyncBundle.kind == "bundle"
            )
        ).all()
        last = max(bundles, default=None, key=lambda b: b[0])
        rows.append(DeviceRow(
            device.id, device.name, device.province_code, device.revoked, enrolment.device_fingerprint(peer),
            len(bundles), last[0] if last else 0, last[1] if last else None, missing.get(device.id, []),
        ))  # fmt: skip
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


@dataclass(frozen=True)
class KnownDevice:
    """A laptop (or office) this store knows of, enrolled or not, as `list devices --json` shows it."""

    id: str
    name: str
    province_code: str | None
    revoked: bool
    this_store: bool
    role: str | None
    fingerprint: str
    awaiting_first_bundle: bool
    bundles_imported: int
    last_bundle: int
    missing_bundles: list[int]
    role_of_this_store: str | None


def known_devices(store: Store) -> list[KnownDevice]:
    """Every device this store knows of, by name: its enrolment, and the bundles imported from it."""
    from dialogue_desktop.core.sync import enrolment, import_

    with store.unit_of_work() as session:
        missing = import_.missing_bundles(session)
        own_role = state.role(session)
        imported: dict[str, list[int]] = {}
        for sender, sequence in session.execute(
            select(SyncBundle.sender_device_id, SyncBundle.sequence).where(SyncBundle.kind == "bundle")
        ):
            imported.setdefault(sender, []).append(sequence)
        peers = {peer.device_id: peer for peer in session.scalars(select(SyncPeer))}
        rows = []
        for device in session.scalars(select(Device).order_by(Device.name, Device.id)):
            peer = peers.get(device.id)
            sequences = imported.get(device.id, [])
            rows.append(KnownDevice(
                id=device.id, name=device.name, province_code=device.province_code, revoked=device.revoked,
                this_store=device.id == store.device_id, role=peer.role if peer is not None else None,
                fingerprint=enrolment.device_fingerprint(peer) if peer is not None else "",
                # Enrolled by the office, its first bundle (which brings its signing key) not imported yet.
                awaiting_first_bundle=bool(peer is not None and peer.enrolment_secret and not peer.signing_key),
                bundles_imported=len(sequences), last_bundle=max(sequences, default=0),
                missing_bundles=missing.get(device.id, []), role_of_this_store=own_role,
            ))  # fmt: skip
    return rows


def unconfirmed_changes(store: Store) -> int | None:
    """For the status bar: this laptop's changes not yet confirmed, or None when it is not a laptop."""
    with store.unit_of_work() as session:
        if state.role(session) != state.FIELD:
            return None
    return state.unconfirmed_count(store)


# --- file names ----------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A laptop's name as a file-name part: ASCII letters and digits, dashes between ("kampot-laptop-1")."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone().strftime("%Y%m%d-%H%M")


def bundle_file_name(device_name: str, device_id: str, sequence: int, now: datetime | None = None) -> str:
    """A laptop's bundle, named so the central office reads at a glance whose, which and when."""
    return f"{slug(device_name) or device_id[:8]}-{sequence:04d}-{_stamp(now)}{BUNDLE_SUFFIX}"


def receipt_file_name(device_name: str, device_id: str, now: datetime | None = None) -> str:
    """The receipt the office writes for a laptop."""
    return f"receipt-{slug(device_name) or device_id[:8]}-{_stamp(now)}{BUNDLE_SUFFIX}"


def enrolment_file_name(device_name: str) -> str:
    """The enrolment file the office writes for a laptop."""
    return f"enrol-{slug(device_name) or 'laptop'}.json"


@dataclass(frozen=True)
class Exported:
    """A bundle written, and how many changes still wait for the office's receipt."""

    written: Written
    unconfirmed: int


def export_to_folder(store: Store, folder: Path, full: bool) -> Exported:
    """Write the next bundle into `folder` under its :func:`bundle_file_name`."""
    from dialogue_desktop.core.sync import export

    with store.unit_of_work() as session:
        peer = state.central_peer(session)
        device = session.get(Device, store.device_id)
        name = bundle_file_name(device.name if device is not None else "", store.device_id, peer.sent_seq + 1)
    written = export.export_bundle(store, folder / name, full=full)
    return Exported(written, state.unconfirmed_count(store))


# --- enrolling laptops -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolled:
    """An enrolment file written for a laptop, with the code to give it separately."""

    device_id: str
    name: str
    path: Path
    central_fingerprint: str
    code: str


def enrol(
    store: Store, name: str, province_code: str | None, path: Path, device_id: str | None = None
) -> Enrolled:
    """Write a laptop's enrolment file: a new laptop, or (`device_id`) a known one again, nothing of it lost
    and its revocation lifted."""
    from dialogue_desktop.core.sync import enrolment
    from dialogue_desktop.core.sync.keys import load_keys

    name = name.strip()
    if not name:
        raise UserError(N_("Give the laptop a name, for example “Kampot laptop 1”."))
    enrolled = enrolment.enrol_device(store, name, province_code, path, device_id)
    return Enrolled(enrolled.device_id, name, path, load_keys(store).fingerprint, enrolled.code)


# --- conflicts as a person decides them --------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One competing version: the choice that keeps it, its value, who made it and when."""

    choice: str
    value: Any
    device_name: str
    when: datetime | None
    provisional: bool


@dataclass(frozen=True)
class ConflictRow:
    """An open conflict: the record (named in both languages), the field, its kind, the versions."""

    id: str
    table: str
    record_km: str
    record_other: str
    field: str
    kind: str
    candidates: list[Candidate]

    @property
    def record_label(self) -> str:
        """The record's name in the current language, else the other one."""
        first, second = (
            (self.record_km, self.record_other)
            if current_language() == "km"
            else (self.record_other, self.record_km)
        )
        return first or second

    def kept(self) -> Candidate | None:
        """The version used until someone chooses."""
        return next((c for c in self.candidates if c.provisional), None)


_LABEL_FIELDS = (
    ("title_km", "title_en"),
    ("name_km", "name_latin"),
    ("name_km", "name_en"),
    ("text_km", "text_en"),
)


def _record_names(record: Any) -> tuple[str, str]:
    if record is None:
        return "", ""
    for km, other in _LABEL_FIELDS:
        names = (getattr(record, km, "") or "", getattr(record, other, "") or "")
        if any(names):
            return names
    return "", str(record.id)[:8]


def _when(revision: str) -> datetime | None:
    try:
        millis, _counter, _device = parse_revision(revision)
    except ValueError:
        return None
    return datetime.fromtimestamp(millis / 1000, UTC).astimezone()


def read_conflicts(store: Store) -> list[ConflictRow]:
    """Open conflicts with names and times a person recognises."""
    from dialogue_desktop.core.sync import conflicts

    views = conflicts.list_conflicts(store)
    rows: list[ConflictRow] = []
    with store.unit_of_work() as session:
        names: dict[str, str] = {}

        def device_name(device_id: str) -> str:
            if device_id not in names:
                device = session.get(Device, device_id)
                names[device_id] = device.name if device is not None else device_id[:8]
            return names[device_id]

        for view in views:
            model = MODEL_BY_TABLE.get(view.table)
            record = session.get(model, view.record_id) if model is not None else None
            candidates: list[Candidate] = []
            for number, found in enumerate(view.candidates):
                if view.kind == "field":
                    choice = found["revision"]
                elif view.kind == "delete":
                    choice = "delete" if found["value"] is True else "keep"
                else:
                    choice = "apply" if number == 0 else "discard"
                candidates.append(Candidate(
                    choice, found["value"], device_name(found["device_id"]), _when(found["revision"]),
                    found["revision"] == view.winner_revision,
                ))  # fmt: skip
            if view.kind == "locked":  # the held change against the approved minutes as they are
                candidates.append(Candidate("discard", None, "", None, True))
            rows.append(
                ConflictRow(view.id, view.table, *_record_names(record), view.field, view.kind, candidates)
            )
    return rows
