"""This laptop's settings: who works on it, its backups, its passphrase, restoring a backup.

Saving the identity changes SETTINGS; a restore replaces the whole database, so it changes everything.
The database's key file and this computer's credential store are read here too, on the worker: a
credential store (the Secret Service over D-Bus) can take seconds to answer, and the window must not
freeze meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_desktop.core.services.identity import IdentityInput
from dialogue_desktop.core.services.identity import save_identity as save
from dialogue_desktop.core.store import backups, cipher
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.topics import EVERYTHING, Topic
from dialogue_desktop.gui.worker import Op, op

if TYPE_CHECKING:
    from dialogue_desktop.gui.worker import DbWorker


@dataclass(frozen=True)
class PassphraseState:
    """How the database is unlocked, as the Settings page shows it (read on the worker)."""

    #: The app encrypts this database (a file; a server database has no key file of the app's).
    encrypted: bool
    #: A passphrase unlocks its key (not only this computer's credential store).
    has_passphrase: bool
    #: Only the passphrase unlocks it at start: the credential store keeps no copy of the key.
    asks_at_start: bool
    #: This computer has a credential store (none on a USB stick, or without a keyring service).
    has_credential_store: bool


def read_passphrase_state(store: Store) -> PassphraseState:
    """The key file's slots and whether a credential store answers (may block: on the worker only)."""
    if store.path is None:
        return PassphraseState(False, False, False, False)
    return PassphraseState(
        encrypted=True,
        has_passphrase=cipher.has_passphrase(store.path),
        asks_at_start=cipher.asks_passphrase_at_start(store.path),
        has_credential_store=cipher.credential_store() is not None,
    )


def passphrase_state() -> Op:
    """How the database is unlocked (a :class:`PassphraseState`): its key file, the credential store."""
    return op(read_passphrase_state, with_store=True)


def save_identity(data: IdentityInput) -> Op:
    """Save the facilitator, the laptop's name and its province; the facilitator's id."""
    return op(save, data, with_store=True, changes={Topic.SETTINGS})


@dataclass(frozen=True)
class BackupEntry:
    """One backup as the Settings page lists it."""

    made_at: datetime
    path: Path


def _backup_list(store: Store) -> list[BackupEntry]:
    if store.path is None:
        return []
    return [BackupEntry(backup.made_at, backup.path) for backup in backups.list_backups(store.path)]


def backup_list() -> Op:
    """The database's backups, newest first (its folder may be on a slow USB stick: on the worker)."""
    return op(_backup_list, with_store=True)


def _make_backup(store: Store) -> Path:
    assert store.path is not None
    return backups.make_backup(store.path, "manual")


def make_backup() -> Op:
    """A backup of the database now, into its backups folder; the backup's path."""
    return op(_make_backup, with_store=True)


def _change_passphrase(store: Store, current: str | None, new: str) -> None:
    assert store.path is not None
    cipher.replace_passphrase(store.path, current, new)


def change_passphrase(current: str | None, new: str) -> Op:
    """Lock the database's key with a new passphrase (`current` is None when it has none yet)."""
    return op(_change_passphrase, current, new, with_store=True)


def _set_passphrase_at_start(store: Store, passphrase: str, required: bool) -> None:
    assert store.path is not None
    cipher.set_passphrase_at_start(store.path, passphrase, required=required)


def set_passphrase_at_start(passphrase: str, required: bool) -> Op:
    """Ask for the passphrase at every start (`required`) or let the credential store unlock the database;
    `passphrase` is checked first (it becomes the database's passphrase when it has none)."""
    return op(_set_passphrase_at_start, passphrase, required, with_store=True)


def restore_store(store: Store, backup: Path) -> Store:
    """Close the store, put the backup in place, open it again (runs on the worker thread)."""
    assert store.path is not None
    path = store.path
    store.close()
    try:
        backups.restore_backup(backup, path, store.key)
    finally:
        reopened = Store.open(path, automatic_backups=False)
    return reopened


def restore_backup(worker: DbWorker, backup: Path) -> Op:
    """Replace the database with a backup (a safety copy of it is kept first); the reopened store. The
    worker uses it at once, before any later operation runs."""

    def swap(store: Store, chosen: Path) -> Store:
        reopened = restore_store(store, chosen)
        worker.store = reopened
        return reopened

    return op(swap, backup, with_store=True, changes=EVERYTHING)
