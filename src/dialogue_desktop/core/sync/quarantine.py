"""The quarantine of refused bundles and receipts: kept beside the database, nothing readable to a thief.

A refused file is moved to `<db>.quarantine/` (folder 0700, files 0600) with its reason beside it. Beside
an encrypted database (SQLite), whatever could hold personal data is encrypted under keys derived from the
database key: the reason (it can quote what the file holds: a record's id, a member's name) is sealed in
`<file>.reason`; a file that is a bundle is kept as it came, since its content is already encrypted for its
recipient (and it can be imported again from there), while a file that is not one (a participant list
picked by mistake, a damaged start) is kept encrypted as `<file>.sealed` (`quarantined_bytes` reads it).
Beside a server database (no database key) both stay plain (`<file>.reason.txt`), under the server's care.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from dialogue_desktop.core.paths import private_dir, private_file, private_partial, replace_durably
from dialogue_desktop.core.store import vault
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync.bundle_format import MAGIC
from dialogue_desktop.core.sync.keys import atomic_write

SEALED_REASON, PLAIN_REASON, SEALED_FILE = ".reason", ".reason.txt", ".sealed"
_REASON_CONTEXT, _FILE_CONTEXT = b"quarantine reason", b"quarantined file"


def quarantine_dir(store: Store) -> Path:
    """Where refused files go (beside the database, or in the data folder for a server database)."""
    return store.folder("quarantine")


def _free_name(folder: Path, name: str) -> Path:
    target, number = folder / name, 1
    while target.exists():
        number += 1
        stem, dot, suffix = name.partition(".")
        target = folder / f"{stem}-{number}{dot}{suffix}"
    return target


def _is_bundle(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:  # unreadable: moved as it is, as before
        return True


def quarantine(store: Store, path: Path, reason: str) -> Path:
    """Move a refused file to the quarantine with its reason beside it; returns where it is kept."""
    folder = private_dir(quarantine_dir(store))
    if store.key is not None and not _is_bundle(path):
        target = _free_name(folder, path.name + SEALED_FILE)
        partial = private_partial(target)
        try:
            with open(path, "rb") as source, open(partial, "wb") as handle:
                vault.encrypt_stream(
                    vault.subkey(store.key, "quarantine files"), source, handle, _FILE_CONTEXT
                )
            replace_durably(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # a read-only medium: it stays there as it was
            path.unlink()  # moved, as a bundle is
    else:
        target = _free_name(folder, path.name)
        try:
            shutil.move(str(path), target)
        except OSError:  # read-only medium: keep a copy
            shutil.copy2(path, target)
        private_file(target)  # a move keeps the mode the file had on its medium
    text = (reason + "\n").encode()
    if store.key is None:
        atomic_write(target.with_name(target.name + PLAIN_REASON), text)
    else:
        sealed = vault.seal(vault.subkey(store.key, "quarantine"), text, _REASON_CONTEXT)
        atomic_write(target.with_name(target.name + SEALED_REASON), sealed)
    return target


def quarantine_reason(store: Store, quarantined: Path) -> str:
    """Why a quarantined file was refused, as it was said when it was refused (vault.Damaged if changed)."""
    sealed = quarantined.with_name(quarantined.name + SEALED_REASON)
    if store.key is not None and sealed.is_file():
        key = vault.subkey(store.key, "quarantine")
        return vault.unseal(key, sealed.read_bytes(), _REASON_CONTEXT).decode("utf-8").rstrip("\n")
    return quarantined.with_name(quarantined.name + PLAIN_REASON).read_text("utf-8").rstrip("\n")


def quarantined_bytes(store: Store, quarantined: Path) -> bytes:
    """The refused file's bytes as they came (decrypted when it was sealed; vault.Damaged if changed)."""
    if store.key is None or not quarantined.name.endswith(SEALED_FILE):
        return quarantined.read_bytes()
    with open(quarantined, "rb") as handle:
        key = vault.subkey(store.key, "quarantine files")
        return b"".join(vault.decrypt_stream(key, handle, _FILE_CONTEXT))
