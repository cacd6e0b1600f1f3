"""Encryption at rest of local SQLite databases: SQLCipher with a random 256-bit key, and how it is unlocked.

Each database `<db>` has a key file `<db>.key` beside it that never holds the key in the clear: it names
the key's entry in the operating system's credential store (`keyring`: Windows Credential Manager, macOS
Keychain, Secret Service), or holds the key wrapped (AES-256-GCM) under a key derived from a passphrase
with scrypt, or both. Unlocking gives the raw key, which SQLCipher takes as `PRAGMA key = "x'<hex>'"`:
no PBKDF2 at every connection. Backups of a database use its key.

A passphrase given (the `passphrase` argument, from `--passphrase-file` or the environment variable
`DIALOGUE_DESKTOP_PASSPHRASE`) means the passphrase alone: the credential store is used only when none is
given, outside portable mode, and only when a real backend exists (keyring's fail and null backends mean
"no credential store"). Without either, opening stops with `PassphraseNeeded`, never a prompt.

Reading the key file and the passphrase's scrypt are in `key_file.py` (the start runs scrypt ahead).
"""

from __future__ import annotations

import functools
import json
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dialogue_desktop.core.errors import UserError
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.paths import is_portable, private_partial, replace_durably
from dialogue_desktop.core.store import key_file as key_files
from dialogue_desktop.core.store.key_file import PASSPHRASE_ENV as PASSPHRASE_ENV  # cipher's names too
from dialogue_desktop.core.store.key_file import given_passphrase as given_passphrase
from dialogue_desktop.core.store.key_file import key_file_for as key_file_for

if TYPE_CHECKING:  # loaded where used: unlocking a key at the start (the kept list) needs neither
    import sqlcipher3
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

NEW_PASSPHRASE_ENV = "DIALOGUE_DESKTOP_NEW_PASSPHRASE"
KEYRING_SERVICE = "dialogue-desktop"
KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")
# scrypt at 32 MiB: about 0.1 s on a field laptop, costly for anyone guessing passphrases.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_AAD = b"dialogue-desktop database key v1"

#: Keys unlocked in this process, by database file, key file identity and passphrase: opening the same
#: database again (a restore, a reopened store, a backup) costs no second scrypt.
_unlocked: dict[tuple[str, int, int, str | None], DatabaseKey] = {}


def after_step(step: str) -> None:
    """Called with each conversion step's name once it is done (tests simulate a power cut there)."""


class PassphraseNeeded(UserError):
    """The database cannot be unlocked without a passphrase (`new`: one must be chosen for a new database)."""

    def __init__(self, message: str, *, new: bool, **params: Any) -> None:
        super().__init__(message, **params)
        self.new = new


class WrongPassphrase(UserError):
    """The passphrase does not unlock the database's key; nothing was changed."""


class KeyFileError(UserError):
    """The key file is missing or damaged."""


class DatabaseKey:
    """A raw 256-bit SQLCipher key; never printed."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a database key has 32 bytes")
        self._raw = raw

    @classmethod
    def generate(cls) -> DatabaseKey:
        """A new random key."""
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def raw(self) -> bytes:
        """The key's 32 bytes."""
        return self._raw

    def pragma_value(self) -> str:
        """The key as SQLCipher's raw-key literal `x'<64 hex>'` (checked hex: nothing else reaches SQL)."""
        hexed = self._raw.hex()
        if not _HEX_KEY.match(hexed):
            raise ValueError("not a raw key")
        return f"x'{hexed}'"

    def __repr__(self) -> str:
        return "DatabaseKey(<hidden>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatabaseKey) and secrets.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self._raw)


def is_plain_database(path: Path) -> bool:
    """True for an unencrypted SQLite file (SQLCipher files start with random bytes)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def is_new_database(path: Path) -> bool:
    """True when there is no database yet (no file, or an empty one)."""
    return not path.exists() or path.stat().st_size == 0


# --- connections -------------------------------------------------------------------------------------------


#: The cipher settings of the app's databases, as the key file records them: SQLCipher 4's defaults
#: (AES-256-CBC, HMAC-SHA512 per 4 KiB page). Larger pages or HMAC-SHA256 scanned a table faster in a
#: micro-benchmark but made the dialogue list slower in a first (noisy) measurement; they are not used.
CIPHER_SETTINGS = "sqlcipher4"


@functools.cache
def configure_sqlcipher() -> None:
    """Once per process: no log of failed decryptions on stderr (the app reports a wrong key itself)."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute("PRAGMA cipher_log_level = NONE").fetchall()
    finally:
        connection.close()


def connect(path: Path, key: DatabaseKey | None, *, read_only: bool = False) -> sqlcipher3.Connection:
    """A SQLCipher connection to `path`, keyed (or plain with `key=None`).

    Raises sqlcipher3.DatabaseError when the key does not open the file.
    """
    import sqlcipher3

    configure_sqlcipher()
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = sqlcipher3.connect(target, uri=read_only)
    try:
        if key is not None:
            apply_key(connection, key)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails here on a wrong key
    except BaseException:
        connection.close()
        raise
    return connection


def apply_key(connection: Any, key: DatabaseKey) -> None:
    """Key a fresh DBAPI connection (the first statement it runs)."""
    cursor = connection.cursor()
    cursor.execute(f'PRAGMA key = "{key.pragma_value()}"')
    cursor.close()


# --- the key file --------------------------------------------------------------------------------------------


def _wrap(key: DatabaseKey, passphrase: str) -> dict[str, Any]:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(key_files.scrypt_key(passphrase, salt, _SCRYPT)).encrypt(nonce, key.raw, _AAD)
    return {
        "kdf": "scrypt",
        **_SCRYPT,
        "salt": key_files.b64(salt),
        "nonce": key_files.b64(nonce),
        "wrapped": key_files.b64(wrapped),
    }


def _unwrap(slot: dict[str, Any], passphrase: str, key_file: Path) -> DatabaseKey:
    """The key in a passphrase slot (of the right fields' types: `key_file.read`)."""
    params = {name: int(slot[name]) for name in ("n", "r", "p")}
    try:
        raw = AESGCM(key_files.scrypt_key(passphrase, key_files.unb64(slot["salt"]), params)).decrypt(
            key_files.unb64(slot["nonce"]), key_files.unb64(slot["wrapped"]), _AAD
        )
    except InvalidTag as error:
        raise WrongPassphrase(N_("The passphrase is wrong. Nothing was changed.")) from error
    except ValueError as error:  # not base64, costs scrypt refuses, a nonce of another length
        raise _damaged(key_file) from error
    return DatabaseKey(raw)


def _read_key_file(path: Path) -> dict[str, Any]:
    try:
        return key_files.read(path)
    except (OSError, ValueError) as error:
        raise _damaged(path) from error


def _damaged(key_file: Path) -> KeyFileError:
    return KeyFileError(
        N_("The key file {file} is damaged; the database cannot be opened."), file=key_file.name
    )


def _write_key_file(path: Path, content: dict[str, Any]) -> None:
    """Write the key file atomically (a power cut leaves the old file or the new one), mode 0600."""
    partial = private_partial(path)
    partial.write_text(json.dumps(content, indent=1), encoding="utf-8")
    replace_durably(partial, path)


# --- the credential store ----------------------------------------------------------------------------------


def credential_store() -> Any | None:
    """keyring's backend when a real one is available, else None (fail and null backends, errors)."""
    if is_portable():
        return None  # a USB stick moves between computers: its key cannot live in one of them
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring) or backend.priority <= 0:
            return None
        if getattr(backend, "backends", None) == []:  # a chainer with nothing to chain
            return None
        return backend
    except Exception:  # no D-Bus, a locked keychain…: behave as if there were no credential store
        return None


def _from_credential_store(entry: str) -> DatabaseKey | None:
    backend = credential_store()
    if backend is None:
        return None
    try:
        stored = backend.get_password(KEYRING_SERVICE, entry)
    except Exception:
        return None
    if not isinstance(stored, str) or not _HEX_KEY.match(stored):
        return None
    return DatabaseKey(bytes.fromhex(stored))


def _into_credential_store(entry: str, key: DatabaseKey) -> bool:
    """Keep the key in the credential store; False when there is none or it refuses (locked, cancelled)."""
    backend = credential_store()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, entry, key.raw.hex())
    except Exception:
        return False
    return True


def _out_of_credential_store(entry: str) -> bool:
    """Remove the key from the credential store; False when it is still there (a locked store)."""
    backend = credential_store()
    if backend is None:
        return True
    try:
        if backend.get_password(KEYRING_SERVICE, entry) is not None:
            backend.delete_password(KEYRING_SERVICE, entry)
        return backend.get_password(KEYRING_SERVICE, entry) is None
    except Exception:
        return False


def _new_credential_entry() -> str:
    """A new, random name for the key's entry in the credential store."""
    import uuid  # here: the start's unlocking does without it

    return str(uuid.uuid4())


# --- unlocking ---------------------------------------------------------------------------------------------


def unlock(db_path: Path, passphrase: str | None = None) -> DatabaseKey:
    """The key of the database at `db_path`, creating it (and the key file) for a new or plain database.

    A database this process has unlocked stays unlocked, except that a passphrase given is always checked.
    Raises PassphraseNeeded, WrongPassphrase or KeyFileError; nothing is changed on any of them.
    """
    passphrase = given_passphrase(passphrase)
    key_file = key_file_for(db_path)
    key = _cached(key_file, passphrase)
    if key is None:
        key = _unlock(db_path, key_file, passphrase)
        _unlocked[_cache_entry(key_file, passphrase)] = key
    return key


def key_for(db_path: Path) -> DatabaseKey:
    """The key this process unlocked a database with (or, if it has not yet, `unlock(db_path)`)."""
    return _cached(key_file_for(db_path), None) or unlock(db_path)


def _cache_entry(key_file: Path, passphrase: str | None) -> tuple[str, int, int, str | None]:
    try:
        found = key_file.stat()
    except OSError:
        return (str(key_file.resolve()), -1, -1, passphrase)
    return (str(key_file.resolve()), found.st_ino, found.st_mtime_ns, passphrase)


def _cached(key_file: Path, passphrase: str | None) -> DatabaseKey | None:
    """A key unlocked earlier from this very key file: with `passphrase`, or in any way when it is None."""
    entry = _cache_entry(key_file, passphrase)
    if entry[1] == -1:
        return None
    for known, key in _unlocked.items():
        if known == entry or (passphrase is None and known[:3] == entry[:3]):
            return key
    return None


def _unlock(db_path: Path, key_file: Path, passphrase: str | None) -> DatabaseKey:
    if not key_file.exists():
        if not is_new_database(db_path) and not is_plain_database(db_path):
            raise KeyFileError(
                N_(
                    "{file} cannot be opened: it is not a Dialogue Desktop database, or its key file {key} is missing."
                ),
                file=db_path.name,
                key=key_file.name,
            )
        return _create_key(key_file, passphrase)
    content = _read_key_file(key_file)
    slots = content.get("slots", {})
    if passphrase is not None:
        if "passphrase" not in slots:
            raise WrongPassphrase(N_("This database is not locked by a passphrase. Nothing was changed."))
        return _unwrap(slots["passphrase"], passphrase, key_file)
    if "keyring" in slots:
        found = _from_credential_store(str(slots["keyring"]))
        if found is not None:
            return found
    raise PassphraseNeeded(
        N_(
            "The database is locked. Give its passphrase in the environment variable "
            "DIALOGUE_DESKTOP_PASSPHRASE or with --passphrase-file FILE."
        ),
        new=False,
    )


def _create_key(key_file: Path, passphrase: str | None) -> DatabaseKey:
    key = DatabaseKey.generate()
    slots: dict[str, Any] = {}
    if passphrase is not None:
        slots["passphrase"] = _wrap(key, passphrase)
    else:
        entry = _new_credential_entry()
        if not _into_credential_store(entry, key):
            raise PassphraseNeeded(
                N_(
                    "This computer has no credential store: choose a passphrase for the database and give it "
                    "in the environment variable DIALOGUE_DESKTOP_PASSPHRASE or with --passphrase-file FILE."
                ),
                new=True,
            )
        slots["keyring"] = entry
    _write_key_file(key_file, {"format": key_files.FORMAT, "cipher": CIPHER_SETTINGS, "slots": slots})
    return key


def change_passphrase(db_path: Path, key: DatabaseKey, new_passphrase: str) -> None:
    """Lock the database's key with `new_passphrase` instead of the old one (the key itself stays)."""
    if not new_passphrase:
        raise UserError(N_("The new passphrase is empty."))
    key_file = key_file_for(db_path)
    content = _read_key_file(key_file)
    content.setdefault("slots", {})["passphrase"] = _wrap(key, new_passphrase)
    _write_key_file(key_file, content)


def has_passphrase(db_path: Path) -> bool:
    """True when the database's key can be unlocked by a passphrase (not only by the credential store)."""
    key_file = key_file_for(db_path)
    return key_file.exists() and "passphrase" in _read_key_file(key_file).get("slots", {})


def asks_passphrase_at_start(db_path: Path) -> bool:
    """True when only the passphrase unlocks the database at start (the credential store holds no copy)."""
    key_file = key_file_for(db_path)
    slots = _read_key_file(key_file).get("slots", {}) if key_file.exists() else {}
    return "passphrase" in slots and "keyring" not in slots


def set_passphrase_at_start(db_path: Path, passphrase: str, *, required: bool) -> None:
    """Ask for the passphrase at every start (`required`), or let the credential store unlock it again.

    `passphrase` is the database's passphrase, checked first; for a database that has none yet it becomes
    its passphrase. Requiring it drops the key from the credential store, for a laptop whose account has
    no password (anyone who opens the account could otherwise open the data).
    """
    if not passphrase:
        raise UserError(N_("The passphrase is empty."))
    key = unlock(db_path, passphrase) if has_passphrase(db_path) else key_for(db_path)
    key_file = key_file_for(db_path)
    content = _read_key_file(key_file)
    slots = content.setdefault("slots", {})
    if "passphrase" not in slots:
        slots["passphrase"] = _wrap(key, passphrase)
        _write_key_file(key_file, content)  # first: the key is never left with no way to unlock it
    if required:
        entry = slots.pop("keyring", None)
        if entry is not None and not _out_of_credential_store(str(entry)):
            raise UserError(N_("The credential store could not be changed: it still keeps the key."))
        _write_key_file(key_file, content)
        return
    if "keyring" not in slots:
        entry = _new_credential_entry()
        if not _into_credential_store(entry, key):
            raise UserError(
                N_("This computer has no credential store: the passphrase is asked at every start.")
            )
        slots["keyring"] = entry
    _write_key_file(key_file, content)


def replace_passphrase(db_path: Path, current: str | None, new: str) -> None:
    """Check the current passphrase (when there is one), then lock the key with `new` instead."""
    if not has_passphrase(db_path):
        key = key_for(db_path)
    elif not current:
        raise WrongPassphrase(N_("The passphrase is wrong. Nothing was changed."))
    else:
        key = unlock(db_path, current)
    change_passphrase(db_path, key, new)


# --- the key files of backups written elsewhere ------------------------------------------------------------

BACKUP_PASSPHRASE_ENV = "DIALOGUE_DESKTOP_BACKUP_PASSPHRASE"


def copy_key_file(db_path: Path, target: Path) -> None:
    """A copy of the database's key file at `target` (a backup's `<backup>.key`), written atomically (0600):
    the backup then opens the ways its database does (this computer's credential store, the passphrase,
    the central office's recovery copy), wherever it is taken."""
    _write_key_file(target, _read_key_file(key_file_for(db_path)))


def unlock_key_file(key_file: Path, passphrases: list[str]) -> DatabaseKey:
    """The key held by a backup's key file: from this computer's credential store, else with one of
    `passphrases`. WrongPassphrase when none of them opens it, PassphraseNeeded when none was given."""
    slots = _read_key_file(key_file).get("slots", {})
    if "keyring" in slots:
        found = _from_credential_store(str(slots["keyring"]))
        if found is not None:
            return found
    if "passphrase" in slots and passphrases:
        for passphrase in passphrases[:-1]:
            try:
                return _unwrap(slots["passphrase"], passphrase, key_file)
            except WrongPassphrase:
                continue
        return _unwrap(slots["passphrase"], passphrases[-1], key_file)
    raise PassphraseNeeded(
        N_(
            "The backup's key file {file} is locked. Give the passphrase its database had in the environment "
            "variable DIALOGUE_DESKTOP_BACKUP_PASSPHRASE or with --backup-passphrase-file FILE; when it is "
            "forgotten, the central office can unlock the key file with recover-key."
        ),
        new=False,
        file=key_file.name,
    )


# --- the central office's recovery copy ---------------------------------------------------------------------

_RECOVERY_INFO = b"dialogue-desktop database key recovery v1"


def _recovery_secret(shared: bytes, ephemeral: bytes, office: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + office, info=_RECOVERY_INFO).derive(
        shared
    )


def add_recovery_copy(db_path: Path, key: DatabaseKey, office_exchange_key: bytes) -> None:
    """Keep a copy of the database's key that only the central office can open (its X25519 key): when a
    passphrase is forgotten, the office unlocks the key file again (`recover_with_office_key`)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(office_exchange_key))
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(_recovery_secret(shared, ephemeral_public, office_exchange_key)).encrypt(
        nonce, key.raw, _AAD
    )
    key_file = key_file_for(db_path)
    content = _read_key_file(key_file)
    content.setdefault("slots", {})["office"] = {
        "office_key": office_exchange_key.hex(),
        "ephemeral": key_files.b64(ephemeral_public),
        "nonce": key_files.b64(nonce),
        "wrapped": key_files.b64(wrapped),
    }
    _write_key_file(key_file, content)


def recover_with_office_key(key_file: Path, office_exchange: X25519PrivateKey, new_passphrase: str) -> None:
    """At the central office: open a laptop's key file (of its database or a backup) with the office's key
    and lock the database key with `new_passphrase`. KeyFileError when it holds no copy for this office."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    if not new_passphrase:
        raise UserError(N_("The new passphrase is empty."))
    content = _read_key_file(key_file)
    slot = content.get("slots", {}).get("office")
    office_public = office_exchange.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    no_copy = KeyFileError(
        N_("The key file {file} holds no recovery copy for this central office."), file=key_file.name
    )
    if not isinstance(slot, dict) or slot.get("office_key") != office_public.hex():
        raise no_copy
    try:
        ephemeral = key_files.unb64(str(slot["ephemeral"]))
        shared = office_exchange.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        raw = AESGCM(_recovery_secret(shared, ephemeral, office_public)).decrypt(
            key_files.unb64(str(slot["nonce"])), key_files.unb64(str(slot["wrapped"])), _AAD
        )
        key = DatabaseKey(raw)
    except (InvalidTag, ValueError, KeyError) as error:
        raise no_copy from error
    content["slots"]["passphrase"] = _wrap(key, new_passphrase)
    _write_key_file(key_file, content)


# --- converting a plain database ---------------------------------------------------------------------------


def encrypt_file(path: Path, key: DatabaseKey, *, backup: Callable[[Path], object] | None = None) -> None:
    """Encrypt the plain SQLite file `path` in place, safe against a power cut at any moment.

    The WAL is folded into the file first; the encrypted copy is built beside it (`<file>.partial`) with
    `sqlcipher_export`, handed to `backup` (which keeps a copy of it), synced and renamed over the plain
    file in one atomic step: until then the plain file is whole, after it the encrypted one.
    """
    import sqlcipher3

    configure_sqlcipher()
    plain = sqlcipher3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: no plain WAL left to replay
    finally:
        plain.close()
    after_step("checkpointed")
    target = private_partial(path)
    plain = sqlcipher3.connect(str(path))
    try:
        # The key goes in as a bound value: no SQL is built from it.
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key.pragma_value()))
        plain.execute(
            "SELECT sqlcipher_export('encrypted')"
        )  # tables, indexes, triggers (user_version is unused)
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    after_step("exported")
    if backup is not None:
        backup(target)
    after_step("backed-up")
    replace_durably(target, path)
    after_step("replaced")


def check_key(path: Path, key: DatabaseKey) -> None:
    """Raise KeyFileError unless `key` opens the database at `path`."""
    import sqlcipher3

    try:
        connect(path, key, read_only=True).close()
    except sqlcipher3.DatabaseError as error:
        raise KeyFileError(
            N_("{file} cannot be opened with its key file {key}. Nothing was changed."),
            file=path.name,
            key=key_file_for(path).name,
        ) from error


def discard_unfinished(path: Path) -> None:
    """Remove what an interrupted conversion left beside `path` (the plain file is still whole then)."""
    path.with_name(path.name + ".partial").unlink(missing_ok=True)
