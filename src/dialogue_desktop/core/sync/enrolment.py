"""Roles and keys: the central office's keys, enrolment files for laptops, a laptop joining.

Enrolling a laptop gives two things that travel separately: the enrolment file (the office's public keys,
the laptop's device id, province and next bundle number, a random salt and a MAC) and a short verification
code, read out by phone or handed on paper. The one-time enrolment secret is a slow KDF of the code with
the file's salt, and the MAC (under that secret) covers everything in the file, so the file alone can
neither join (a swapped office key fails the MAC) nor prove a key to the office. The office keeps only the
derived secret, never the code. The laptop makes its own keys when it joins and proves them in its bundles
with an HMAC under the secret, so the office learns the laptop's key from the first bundle without trusting
the courier. Joining also leaves, in the laptop's database key file, a copy of the database key that only
the office's key opens (`recover-key` at the office, for a forgotten passphrase).

Revoking a laptop drops its keys for good. Enrolling a device id again (a lost key, or a replacement for a
stolen laptop) issues a new secret and clears the old keys, so nothing signed with the old key is accepted
again; the file tells the laptop which bundle number comes next.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import Device
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.i18n import N_, to_latin_digits
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.clock import HybridClock
from dialogue_desktop.core.store.store import DEVICE_ID, Store, get_setting, set_setting
from dialogue_desktop.core.sync import state
from dialogue_desktop.core.sync.adopt import adopt_history
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.keys import (
    KEY_FILE,
    DeviceKeys,
    fingerprint,
    keys_dir,
    load_keys,
    save_chosen_file,
    save_keys,
)

ENROLMENT_FORMAT = "dialogue-desktop-enrolment"
#: 2: the secret is derived from a verification code given separately, and the file carries a MAC.
ENROLMENT_VERSION = 2
CODE_DIGITS = 16  # about 53 bits: out of reach offline behind scrypt, short enough to read by phone
#: scrypt's cost: about 16 MiB and a few tens of milliseconds per guess.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}

NOT_ENROLMENT = N_("The file {name} is not a valid enrolment file.")
OLD_VERSION = N_(
    "The enrolment file {name} was made by an older version of Dialogue Desktop, without a verification "
    "code. Ask the central office to enrol this laptop again with the current version."
)
NEWER_VERSION = N_(
    "The enrolment file {name} was made by a newer version of Dialogue Desktop. Install the newer version "
    "here to join."
)
CODE_FORM = N_(
    "The verification code must have {digits} digits, for example 1234-5678-9012-3456. The central office "
    "gives it separately from the enrolment file."
)
WRONG_CODE = N_(
    "The verification code does not match the enrolment file {name}: the code was mistyped, or the file was "
    "changed on its way. Nothing was changed. Check the code with the central office by phone."
)
OTHER_OFFICE = N_(
    "This laptop already sends its bundles to the central office {current}. The file {name} is from another "
    "central office ({other}). If you join it, the changes not yet confirmed go to the new office, and {current} "
    "will no longer receive bundles from this laptop. Join only if the central office asked you to."
)


class OtherOfficeError(SyncError):
    """The enrolment file names another central office than the one this laptop joined."""


#: An enrolment file is a few hundred bytes: anything much larger is not one (checked before reading it).
MAX_FILE_BYTES = 64 * 1024
_DeviceId = Annotated[str, msgspec.Meta(pattern=r"^[0-9A-Za-z-]{1,36}$")]
_Name = Annotated[str, msgspec.Meta(max_length=100)]
_Hex = Annotated[str, msgspec.Meta(pattern=r"^([0-9a-f]{2}){16,32}$")]


class Enrolment(msgspec.Struct, forbid_unknown_fields=True):
    """The content of an enrolment file (version 2)."""

    format: str
    version: int
    central_device_id: _DeviceId
    central_name: _Name
    central_signing_key: _Hex
    central_exchange_key: _Hex
    device_id: _DeviceId
    name: _Name
    province_code: Annotated[str, msgspec.Meta(pattern=r"^\d{2}$")] | None
    #: The number of the laptop's next bundle (after what the office already imported from that device id).
    next_sequence: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
    #: Hex; the enrolment secret is derived from the verification code with it.
    salt: _Hex
    #: Hex HMAC-SHA256, under the enrolment secret, of everything above.
    mac: _Hex


class _Version(msgspec.Struct):
    format: str = ""
    version: int = 0


@dataclass(frozen=True)
class Enrolled:
    """A written enrolment file and its verification code (to give separately)."""

    device_id: str
    code: str


@dataclass(frozen=True)
class Joined:
    device_id: str
    fingerprint: str
    central_fingerprint: str


def new_code() -> str:
    """A random verification code: 16 digits in groups of four."""
    digits = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    return "-".join(digits[i : i + 4] for i in range(0, CODE_DIGITS, 4))


def normalise_code(text: str) -> str:
    """The code's digits, typed with spaces, dashes or none, in Khmer or Western digits; SyncError otherwise."""
    digits = re.sub(r"[\s\-‐‑–—.]", "", to_latin_digits(text))
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        raise SyncError(CODE_FORM, digits=CODE_DIGITS)
    return digits


def derive_secret(code: str, salt: bytes) -> bytes:
    """The one-time enrolment secret: scrypt of the verification code's digits with the file's salt."""
    return hashlib.scrypt(normalise_code(code).encode(), salt=b"dialogue-desktop enrolment" + salt, **_SCRYPT)


def _mac(secret: bytes, enrolment: Enrolment) -> bytes:
    signed = msgspec.structs.replace(enrolment, mac="")
    return hmac.new(
        secret, b"dialogue-desktop enrolment file" + msgspec.json.encode(signed), hashlib.sha256
    ).digest()


def central_init(store: Store) -> str:
    """Make this store the central office with its own keys (once); returns the keys' fingerprint."""
    with store.unit_of_work() as session:
        current = state.role(session)
        if current == state.FIELD:
            raise SyncError(
                N_("This database belongs to a field laptop; it cannot become the central office.")
            )
        key_file = keys_dir(store) / KEY_FILE
        if current == state.CENTRAL and key_file.exists():
            return load_keys(store).fingerprint
        if current == state.CENTRAL:
            raise SyncError(
                N_(
                    "The central office keys are missing ({path}). Restore them from a backup; new keys would "
                    "mean enrolling every laptop again."
                ),
                path=str(key_file),
            )
        keys = DeviceKeys.generate()
        save_keys(store, keys, session)
        set_setting(session, state.ROLE, state.CENTRAL)
        state.add_own_device_id(session, store.device_id)
    state.ensure_import_lock(store)
    return keys.fingerprint


def enrol_device(
    store: Store, name: str, province_code: str | None, output: Path, device_id: str | None = None
) -> Enrolled:
    """Write an enrolment file for a laptop (a new device, or `device_id` again); returns its id and code.

    Enrolling a device id again always makes a new secret and forgets the laptop's keys: only the laptop
    that joins with the new file and code can send bundles under that id again.
    """
    keys = load_keys(store)
    code = new_code()
    salt = secrets.token_bytes(16)
    secret = derive_secret(code, salt)
    with store.unit_of_work() as session:
        state.require_role(session, state.CENTRAL)
        if device_id is None:
            device = Device(name=name, province_code=province_code)
            session.add(device)
            session.flush()
        else:
            found = session.get(Device, device_id)
            if found is None or session.get(SyncPeer, device_id) is None:
                raise SyncError(
                    N_("No laptop with the id {device_id} was enrolled here."), device_id=device_id
                )
            device = found
            device.revoked = False
        peer = session.get(SyncPeer, device.id) or SyncPeer(device_id=device.id, role=state.FIELD)
        peer.enrolment_secret = secret.hex()
        peer.signing_key = peer.exchange_key = ""  # the old key (maybe a thief's) proves nothing any more
        # The office confirms only what arrives from now on (bundles imported since enrolled_at).
        peer.enrolled_at = utc_now()
        peer.acked_change_seq = 0
        session.add(peer)
        last = (
            session.scalar(
                select(func.max(SyncBundle.sequence)).where(
                    SyncBundle.sender_device_id == device.id, SyncBundle.kind == "bundle"
                )
            )
            or 0
        )
        central = store.device()
        enrolment = Enrolment(
            format=ENROLMENT_FORMAT,
            version=ENROLMENT_VERSION,
            central_device_id=store.device_id,
            central_name=central.name,
            central_signing_key=keys.signing_public.hex(),
            central_exchange_key=keys.exchange_public.hex(),
            device_id=device.id,
            name=device.name,
            province_code=device.province_code,
            next_sequence=last + 1,
            salt=salt.hex(),
            mac="",
        )
        enrolment.mac = _mac(secret, enrolment).hex()
        save_chosen_file(output, msgspec.json.format(msgspec.json.encode(enrolment)), mode=0o600)
        return Enrolled(device.id, code)


def revoke_device(store: Store, device_id: str) -> None:
    """Refuse every later bundle from this laptop (lost or stolen) and forget its keys for good.

    `enrol_device(device_id=...)` lets the laptop, or its replacement, in again with a new file and code.
    """
    with store.unit_of_work() as session:
        state.require_role(session, state.CENTRAL)
        device = session.get(Device, device_id)
        peer = session.get(SyncPeer, device_id)
        if device is None or peer is None or peer.role != state.FIELD:
            raise SyncError(N_("No laptop with the id {device_id} was enrolled here."), device_id=device_id)
        device.revoked = True
        peer.enrolment_secret = peer.signing_key = peer.exchange_key = ""


def read_enrolment(path: Path) -> Enrolment:
    """The enrolment file's content, not yet checked against its code; SyncError when it is not one."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SyncError(NOT_ENROLMENT, name=path.name)
        data = path.read_bytes()
        found = msgspec.json.decode(data, type=_Version)
    except (OSError, msgspec.DecodeError) as error:
        raise SyncError(NOT_ENROLMENT, name=path.name) from error
    if found.format != ENROLMENT_FORMAT:
        raise SyncError(NOT_ENROLMENT, name=path.name)
    if found.version != ENROLMENT_VERSION:
        raise SyncError(OLD_VERSION if found.version < ENROLMENT_VERSION else NEWER_VERSION, name=path.name)
    try:
        enrolment = msgspec.json.decode(data, type=Enrolment)
        for key in (enrolment.central_signing_key, enrolment.central_exchange_key, enrolment.mac):
            if len(bytes.fromhex(key)) != 32:
                raise ValueError(key)
        if len(bytes.fromhex(enrolment.salt)) < 16 or enrolment.next_sequence < 1:
            raise ValueError(enrolment.salt)
        return enrolment
    except (ValueError, msgspec.DecodeError) as error:
        raise SyncError(NOT_ENROLMENT, name=path.name) from error


def open_enrolment(path: Path, code: str) -> tuple[Enrolment, bytes]:
    """The enrolment file checked against its verification code, and the enrolment secret."""
    enrolment = read_enrolment(path)
    secret = derive_secret(code, bytes.fromhex(enrolment.salt))
    if not hmac.compare_digest(_mac(secret, enrolment), bytes.fromhex(enrolment.mac)):
        raise SyncError(WRONG_CODE, name=path.name)
    return enrolment, secret


def join(store: Store, path: Path, code: str, switch_office: bool = False) -> Joined:
    """The laptop joins the central office named in the enrolment file, with new keys of its own.

    `code` is the verification code given separately from the file. A laptop that joined another office
    switches only with `switch_office` (OtherOfficeError otherwise). The laptop's own history is adopted
    under the enrolled device id in the same transaction. Nothing changes when anything is refused.
    """
    enrolment, secret = open_enrolment(path, code)
    keys = DeviceKeys.generate()
    with store.unit_of_work() as session:
        if state.role(session) == state.CENTRAL:
            raise SyncError(N_("This database is the central office; it cannot join another one."))
        peer = _central_peer_for(session, enrolment, path, switch_office)
        old_ids = state.own_device_ids(session, store)
        if session.get(Device, enrolment.device_id) is None:
            session.add(
                Device(id=enrolment.device_id, name=enrolment.name, province_code=enrolment.province_code)
            )
        if session.get(Device, enrolment.central_device_id) is None:
            session.add(Device(id=enrolment.central_device_id, name=enrolment.central_name))
        session.flush()
        peer.signing_key = enrolment.central_signing_key
        peer.exchange_key = enrolment.central_exchange_key
        # The office numbers this device's bundles on from what it imported, and confirms only bundles
        # sent from now on, so everything is sent again from the start.
        peer.sent_seq, peer.sent_hash = enrolment.next_sequence - 1, ""
        peer.confirmed_change_seq = 0
        session.add(peer)
        set_setting(session, DEVICE_ID, enrolment.device_id)
        set_setting(session, state.ENROLMENT_SECRET, secret.hex())
        set_setting(session, state.ROLE, state.FIELD)
        for device_id in old_ids:
            state.add_own_device_id(session, device_id)
        state.add_own_device_id(session, enrolment.device_id)
        session.flush()
        adopt_history(session, old_ids, enrolment.device_id)
        save_keys(store, keys, session)  # last: a refusal above leaves the keys this laptop had
    if store.path is not None and store.key is not None:  # the office can unlock it if a passphrase is lost
        cipher.add_recovery_copy(store.path, store.key, bytes.fromhex(enrolment.central_exchange_key))
    last = ""
    if store.clock is not None:
        last = store.clock.tick()
    store.device_id = enrolment.device_id
    store.clock = HybridClock(enrolment.device_id, last)
    central_fp = fingerprint(
        bytes.fromhex(enrolment.central_signing_key), bytes.fromhex(enrolment.central_exchange_key)
    )
    return Joined(enrolment.device_id, keys.fingerprint, central_fp)


def _central_peer_for(session: Session, enrolment: Enrolment, path: Path, switch_office: bool) -> SyncPeer:
    """The peer row of the file's office; a joined laptop leaves its office only when asked to."""
    if get_setting(session, state.ROLE) == state.FIELD:
        current = session.scalars(select(SyncPeer).where(SyncPeer.role == state.CENTRAL)).first()
        same = current is not None and (current.device_id, current.signing_key, current.exchange_key) == (
            enrolment.central_device_id,
            enrolment.central_signing_key,
            enrolment.central_exchange_key,
        )
        if current is not None and not same:
            if not switch_office:
                device = session.get(Device, current.device_id)
                raise OtherOfficeError(
                    OTHER_OFFICE,
                    name=path.name,
                    other=enrolment.central_name,
                    current=device.name if device is not None else current.device_id,
                )
            session.delete(current)  # a different central office: start its bookkeeping afresh
            session.flush()
    return session.get(SyncPeer, enrolment.central_device_id) or SyncPeer(
        device_id=enrolment.central_device_id, role=state.CENTRAL
    )


def device_fingerprint(peer: SyncPeer) -> str:
    """The fingerprint of a peer's proven keys, or '' before its first bundle."""
    if not peer.signing_key:
        return ""
    return fingerprint(bytes.fromhex(peer.signing_key), bytes.fromhex(peer.exchange_key))
