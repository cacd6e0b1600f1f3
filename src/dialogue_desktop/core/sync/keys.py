"""This install's key pairs, kept in a folder beside the database (never inside it).

Each install has an Ed25519 key to sign what it sends and an X25519 key to receive what is encrypted to
it. The folder is derived from the store, so two databases on one machine are two installs: a SQLite file
`x.db` keeps its keys in `x.db.keys/`; a database URL gets a folder in the data folder named by a hash of
the URL (without its password). Losing the folder loses no data: the central office enrols the laptop again
(see `enrolment`).

Beside an encrypted database the key file is sealed (AES-256-GCM) under a key derived from the database's
key, so it opens exactly when the database does. Beside a server database (no database key) it stays plain,
protected by the server.

Whoever can write in the data folder (a laptop stolen and returned, malware, another account) could put a
key file of their choosing there, and bundles would then be signed with, and receipts encrypted to, keys
they hold. So the database records which keys it made (`KEYS_SETTING`: a hash of the public keys, in the
encrypted database), and a key file is used only when it holds those keys; beside an encrypted database it
must also be sealed. A file that is not is refused with a reason (`KeysRefused`), and nothing is changed:
joining again (or putting back the genuine file) is the way out. A database with no record yet was left by
an older version: its key file (plain, from before sealing, or sealed, from before the record) is taken
over once, sealed first and then recorded, so a power cut in between leaves a sealed unrecorded file, which
is taken over the same way.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlalchemy.orm import Session

from dialogue_desktop.core.file_errors import cannot_save
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.paths import PRIVATE_FILE_MODE, private_dir
from dialogue_desktop.core.store import vault
from dialogue_desktop.core.store.store import Store, get_setting, set_setting
from dialogue_desktop.core.sync.errors import NotEnrolledError

KEY_FILE = "device-keys.json"
_RAW = serialization.Encoding.Raw
_SEALED_FORMAT = 2
_CONTEXT = b"device keys"
#: A key file is about 200 bytes: anything much larger is not one (and is never read whole).
_MAX_KEY_FILE_BYTES = 64 * 1024
#: The local setting naming the keys this database made (hex SHA-256 of their public keys, see `_identity`).
KEYS_SETTING = "sync.keys"

PLANTED = N_(
    "The sync keys file of this database ({path}) is not sealed, but this database's keys were sealed "
    "before: the file was replaced, and is not used. Nothing was changed. On a laptop, ask the central "
    "office for a new enrolment file and join again; at the central office, put back the key file from a "
    "backup. No data is lost."
)
FOREIGN = N_(
    "The sync keys file of this database ({path}) holds other keys than the ones this database made (it "
    "comes from another laptop, another database or an earlier enrolment), and is not used. Nothing was "
    "changed. On a laptop, ask the central office for a new enrolment file and join again; at the central "
    "office, put back the key file from a backup. No data is lost."
)


class KeysDamaged(NotEnrolledError):
    """The key file is there but damaged, changed, or sealed under another database's key."""


class KeysRefused(KeysDamaged):
    """The key file opens but is not this database's: plain where its keys were sealed, or other keys."""


def keys_dir(store: Store) -> Path:
    """The folder holding this store's private keys (outside the database, per store)."""
    return store.folder("keys")


def public_bytes(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(_RAW, serialization.PublicFormat.Raw)


def fingerprint(signing_key: bytes, exchange_key: bytes) -> str:
    """A short text to compare by phone: 16 hex digits of the keys' hash, in groups of four."""
    digest = hashlib.sha256(signing_key + exchange_key).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def key_id(exchange_key: bytes) -> bytes:
    """8 bytes naming an X25519 public key in a bundle's header (which office it was made for)."""
    return hashlib.sha256(b"dialogue-desktop key id" + exchange_key).digest()[:8]


def key_proof(secret: bytes, device_id: str, signing_key: bytes, exchange_key: bytes) -> bytes:
    """HMAC proving that whoever holds the enrolment secret made these public keys."""
    message = b"dialogue-desktop enrolment" + device_id.encode() + signing_key + exchange_key
    return hmac.new(secret, message, hashlib.sha256).digest()


@dataclass(frozen=True)
class DeviceKeys:
    """An install's two private keys."""

    signing: Ed25519PrivateKey
    exchange: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def signing_public(self) -> bytes:
        return public_bytes(self.signing.public_key())

    @property
    def exchange_public(self) -> bytes:
        return public_bytes(self.exchange.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public, self.exchange_public)

    def to_json(self) -> str:
        private = serialization.PrivateFormat.Raw
        none = serialization.NoEncryption()
        return json.dumps(
            {
                "signing": self.signing.private_bytes(_RAW, private, none).hex(),
                "exchange": self.exchange.private_bytes(_RAW, private, none).hex(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> DeviceKeys:
        data = json.loads(text)
        return cls(
            Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["signing"])),
            X25519PrivateKey.from_private_bytes(bytes.fromhex(data["exchange"])),
        )


def save_keys(store: Store, keys: DeviceKeys, session: Session | None = None) -> Path:
    """Write the keys atomically, readable by this user only, sealed beside an encrypted database, and
    record them as this database's in `session` (the caller's unit of work, which then commits both; one of
    its own without it). Until that commit the database still names the keys it had."""
    if session is None:
        with store.unit_of_work() as own:
            return save_keys(store, keys, own)
    _record(session, keys)
    session.flush()  # the database takes the record before the file is replaced
    target = private_dir(keys_dir(store)) / KEY_FILE
    atomic_write(target, _encode(store, keys), mode=PRIVATE_FILE_MODE)
    return target


def _identity(keys: DeviceKeys) -> str:
    """What the database records of its keys: a hash of the public keys (nothing secret)."""
    return hashlib.sha256(
        b"dialogue-desktop device keys" + keys.signing_public + keys.exchange_public
    ).hexdigest()


def _record(session: Session, keys: DeviceKeys) -> None:
    set_setting(session, KEYS_SETTING, _identity(keys))


def _encode(store: Store, keys: DeviceKeys) -> bytes:
    if store.key is None:
        return keys.to_json().encode()
    sealed = vault.seal(vault.subkey(store.key, "sync keys"), keys.to_json().encode(), _CONTEXT)
    return json.dumps({"format": _SEALED_FORMAT, "sealed": base64.b64encode(sealed).decode()}).encode()


def load_keys(store: Store) -> DeviceKeys:
    """This install's keys; NotEnrolledError when the file is missing, KeysDamaged when it cannot be
    trusted, KeysRefused when it is not the file this database made (nothing is changed then).

    The key file of an older version (no record in the database yet) is taken over once: sealed beside an
    encrypted database when it is plain (atomically: a power cut leaves the plain file or the sealed one,
    whole), then recorded."""
    path = keys_dir(store) / KEY_FILE
    try:
        if path.stat().st_size > _MAX_KEY_FILE_BYTES:
            raise _damaged(path)
        content = json.loads(path.read_bytes())
    except FileNotFoundError as error:
        raise NotEnrolledError(
            N_(
                "The sync keys of this database are missing ({path}). On a laptop, ask the central office "
                "for a new enrolment file and join again; no data is lost."
            ),
            path=str(path),
        ) from error
    except (OSError, ValueError) as error:
        raise _damaged(path) from error
    if not isinstance(content, dict):
        raise _damaged(path)
    sealed = "sealed" in content
    try:
        if sealed:
            if store.key is None or content.get("format") != _SEALED_FORMAT:
                raise _damaged(path)
            blob = base64.b64decode(str(content["sealed"]), validate=True)
            plain = vault.unseal(vault.subkey(store.key, "sync keys"), blob, _CONTEXT)
            keys = DeviceKeys.from_json(plain.decode("utf-8"))
        else:
            keys = DeviceKeys.from_json(json.dumps(content))
    except (vault.Damaged, binascii.Error, ValueError, KeyError, TypeError) as error:
        raise _damaged(path) from error
    with store.unit_of_work() as session:
        recorded = get_setting(session, KEYS_SETTING)
        if recorded is not None:
            # Plain beside an encrypted database after its keys were sealed: planted, whatever it holds.
            if store.key is not None and not sealed:
                raise KeysRefused(PLANTED, path=str(path))
            if not hmac.compare_digest(recorded.encode(), _identity(keys).encode()):
                raise KeysRefused(FOREIGN, path=str(path))
            return keys
        # An older version's file, taken over this once: sealed first, then recorded (see the module).
        if store.key is not None and not sealed:
            atomic_write(private_dir(path.parent) / KEY_FILE, _encode(store, keys), mode=PRIVATE_FILE_MODE)
        _record(session, keys)
    return keys


def _damaged(path: Path) -> KeysDamaged:
    return KeysDamaged(
        N_(
            "The sync keys of this database ({path}) are damaged or were changed, and are not used. On a "
            "laptop, ask the central office for a new enrolment file and join again; no data is lost."
        ),
        path=str(path),
    )


def save_chosen_file(target: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """`atomic_write` to a place the user chose (a bundle, a receipt, an enrolment file): a failure says
    why in their language and names the file alone (`cannot_save`), the old file left as it was."""
    try:
        atomic_write(target, data, mode)
    except OSError as error:
        raise cannot_save(target, error) from None


def atomic_write(target: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Write `data` to `target` so that it is either the old file or the complete new one (fsync, rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        dir_fd = os.open(target.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
