"""Roles and keys: the central office's keys, enrolment files for laptops, a laptop joining.

The enrolment file carries the office's public keys, the laptop's assigned device id and province and a
one-time secret. The laptop makes its own keys when it joins and proves them in its bundles with an HMAC
under that secret, so the office learns the laptop's key from the first bundle without trusting the
courier. Both sides print fingerprints to compare by phone. Enrolling an existing device id again issues a
new secret: that is how a laptop that lost its keys gets back in, without losing data.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import msgspec
from sqlalchemy import select

from dialogue_desktop.core.domain.models import Device
from dialogue_desktop.core.domain.sync_models import SyncPeer
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store.clock import HybridClock
from dialogue_desktop.core.store.store import DEVICE_ID, Store, get_setting, set_setting
from dialogue_desktop.core.sync import state
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.keys import (
    KEY_FILE,
    DeviceKeys,
    atomic_write,
    fingerprint,
    keys_dir,
    load_keys,
    save_keys,
)

ENROLMENT_FORMAT = "dialogue-desktop-enrolment"


class Enrolment(msgspec.Struct, forbid_unknown_fields=True):
    """The content of an enrolment file."""

    format: str
    version: int
    central_device_id: str
    central_name: str
    central_signing_key: str
    central_exchange_key: str
    device_id: str
    name: str
    province_code: str | None
    secret: str


@dataclass(frozen=True)
class Joined:
    device_id: str
    fingerprint: str
    central_fingerprint: str


def central_init(store: Store) -> str:
    """Make this store the central office with its own keys (once); returns the keys' fingerprint."""
    with store.unit_of_work() as session:
        current = state.role(session)
        if current == state.FIELD:
            raise SyncError(N_("This database belongs to a field laptop; it cannot become the central office."))
        key_file = keys_dir(store) / KEY_FILE
        if current == state.CENTRAL and key_file.exists():
            return load_keys(store).fingerprint
        if current == state.CENTRAL:
            raise SyncError(
                N_("The central office keys are missing ({path}). Restore them from a backup; new keys would "
                   "mean enrolling every laptop again."),
                path=str(key_file),
            )
        keys = DeviceKeys.generate()
        save_keys(store, keys)
        set_setting(session, state.ROLE, state.CENTRAL)
        state.add_own_device_id(session, store.device_id)
    state.ensure_import_lock(store)
    return keys.fingerprint


def enrol_device(store: Store, name: str, province_code: str | None, output: Path,
                 device_id: str | None = None) -> str:
    """Write an enrolment file for a laptop (a new device, or `device_id` again); returns the device id."""
    keys = load_keys(store)
    secret = secrets.token_hex(32)
    with store.unit_of_work() as session:
        state.require_role(session, state.CENTRAL)
        if device_id is None:
            device = Device(name=name, province_code=province_code)
            session.add(device)
            session.flush()
        else:
            found = session.get(Device, device_id)
            if found is None or session.get(SyncPeer, device_id) is None:
                raise SyncError(N_("No laptop with the id {device_id} was enrolled here."), device_id=device_id)
            device = found
            device.revoked = False
        peer = session.get(SyncPeer, device.id) or SyncPeer(device_id=device.id, role=state.FIELD)
        peer.enrolment_secret = secret
        session.add(peer)
        central = store.device()
        enrolment = Enrolment(
            format=ENROLMENT_FORMAT, version=1, central_device_id=store.device_id, central_name=central.name,
            central_signing_key=keys.signing_public.hex(), central_exchange_key=keys.exchange_public.hex(),
            device_id=device.id, name=device.name, province_code=device.province_code, secret=secret,
        )
        atomic_write(output, msgspec.json.format(msgspec.json.encode(enrolment)), mode=0o600)
        return device.id


def revoke_device(store: Store, device_id: str) -> None:
    """Refuse every later bundle from this laptop (lost or stolen); `enrol_device(device_id=...)` undoes it."""
    with store.unit_of_work() as session:
        state.require_role(session, state.CENTRAL)
        device = session.get(Device, device_id)
        peer = session.get(SyncPeer, device_id)
        if device is None or peer is None or peer.role != state.FIELD:
            raise SyncError(N_("No laptop with the id {device_id} was enrolled here."), device_id=device_id)
        device.revoked = True
        peer.enrolment_secret = ""


def read_enrolment(path: Path) -> Enrolment:
    """The enrolment file's content; SyncError when it is not one."""
    try:
        enrolment = msgspec.json.decode(path.read_bytes(), type=Enrolment)
        if enrolment.format != ENROLMENT_FORMAT:
            raise ValueError(enrolment.format)
        for key in (enrolment.central_signing_key, enrolment.central_exchange_key, enrolment.secret):
            if len(bytes.fromhex(key)) != 32:
                raise ValueError(key)
        return enrolment
    except (OSError, ValueError, msgspec.DecodeError) as error:
        raise SyncError(N_("The file {name} is not a valid enrolment file."), name=path.name) from error


def join(store: Store, path: Path) -> Joined:
    """The laptop joins the central office named in the enrolment file, with new keys of its own."""
    enrolment = read_enrolment(path)
    with store.unit_of_work() as session:
        if state.role(session) == state.CENTRAL:
            raise SyncError(N_("This database is the central office; it cannot join another one."))
        if get_setting(session, state.ROLE) == state.FIELD:
            current = session.scalars(select(SyncPeer).where(SyncPeer.role == state.CENTRAL)).first()
            if current is not None and current.device_id != enrolment.central_device_id:
                session.delete(current)  # a different central office: start its bookkeeping afresh
                session.flush()
        keys = DeviceKeys.generate()
        save_keys(store, keys)
        state.add_own_device_id(session, store.device_id)
        if session.get(Device, enrolment.device_id) is None:
            session.add(Device(id=enrolment.device_id, name=enrolment.name, province_code=enrolment.province_code))
        central_device = session.get(Device, enrolment.central_device_id)
        if central_device is None:
            session.add(Device(id=enrolment.central_device_id, name=enrolment.central_name))
        session.flush()
        peer = session.get(SyncPeer, enrolment.central_device_id) or SyncPeer(
            device_id=enrolment.central_device_id, role=state.CENTRAL
        )
        peer.signing_key = enrolment.central_signing_key
        peer.exchange_key = enrolment.central_exchange_key
        session.add(peer)
        set_setting(session, DEVICE_ID, enrolment.device_id)
        set_setting(session, state.ENROLMENT_SECRET, enrolment.secret)
        set_setting(session, state.ROLE, state.FIELD)
        state.add_own_device_id(session, enrolment.device_id)
    last = ""
    if store.clock is not None:
        last = store.clock.tick()
    store.device_id = enrolment.device_id
    store.clock = HybridClock(enrolment.device_id, last)
    central_fp = fingerprint(bytes.fromhex(enrolment.central_signing_key), bytes.fromhex(enrolment.central_exchange_key))
    return Joined(enrolment.device_id, keys.fingerprint, central_fp)


def device_fingerprint(peer: SyncPeer) -> str:
    """The fingerprint of a peer's proven keys, or '' before its first bundle."""
    if not peer.signing_key:
        return ""
    return fingerprint(bytes.fromhex(peer.signing_key), bytes.fromhex(peer.exchange_key))


