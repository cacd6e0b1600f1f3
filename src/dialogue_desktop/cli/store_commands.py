"""Commands that look after the database itself: check, backup, restore, change-passphrase."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dialogue_desktop.cli.context import CommandError, Context, read_passphrase_file
from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.store import backups, cipher
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.cipher import NEW_PASSPHRASE_ENV
from dialogue_desktop.core.store.engine import database_url, sqlite_path


def register(subparsers: Any) -> None:
    """Add `check`, `backup`, `restore` and `change-passphrase`."""
    check = subparsers.add_parser("check", help=_("check the database's integrity and the app's invariants"))
    check.set_defaults(func=run_check)
    backup = subparsers.add_parser("backup", help=_("back up the database now"))
    backup.add_argument(
        "-o", "--output", type=Path, help=_("write the backup to this file (default: backups folder)")
    )
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore", help=_("replace the database with a backup (after a safety copy)")
    )
    restore.add_argument("file", type=Path, metavar="FILE", help=_("a backup file"))
    restore.add_argument(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help=_("a file holding the passphrase of the backup's own database, when it is another one"),
    )
    restore.set_defaults(func=run_restore)
    change = subparsers.add_parser(
        "change-passphrase",
        help=_(
            "lock the database with a new passphrase (from FILE or the environment variable {name})"
        ).format(name=NEW_PASSPHRASE_ENV),
    )
    change.add_argument(
        "--new-passphrase-file", type=Path, metavar="FILE", help=_("a file holding the new passphrase")
    )
    change.set_defaults(func=run_change_passphrase)


def _sqlite_file(context: Context, action: str) -> Path:
    path = sqlite_path(database_url(context.db))
    if path is None:
        raise CommandError(
            _(
                "{action} works on a database file; back up a server database with its own tools (pg_dump)."
            ).format(action=action)
        )
    return path


def run_check(context: Context) -> int:
    problems = check_store(context.store())
    for problem in problems:
        context.out(_("Problem: {text}").format(text=problem.text()))
    if problems:
        return 1
    context.out(_("The database is sound."))
    return 0


def run_backup(context: Context) -> int:
    path = _sqlite_file(context, _("Backup"))
    store = context.store()  # opens (and upgrades) the database first, so the backup is of a usable store
    if context.args.output:
        target: Path = context.args.output
        key_file = backups.write_backup(path, target, store.key or cipher.key_for(path))
        context.out(_("Backup written to {path}").format(path=target))
        context.info(
            _("Its key file {key} goes with it: keep both together to restore it on another laptop.").format(
                key=key_file
            )
        )
        return 0
    target = backups.make_backup(path, "manual", now=datetime.now(UTC), key=store.key)
    context.out(_("Backup written to {path}").format(path=target))
    return 0


def run_restore(context: Context) -> int:
    path = _sqlite_file(context, _("Restore"))
    source: Path = context.args.file
    key = cipher.unlock(path, context.passphrase())
    source_key = backups.backup_key(source, key, _backup_passphrases(context))
    backups.check_backup_file(source, source_key)
    safety = backups.restore_backup(source, path, key, source_key)
    if safety is not None:
        context.info(_("The database as it was is kept in {path}").format(path=safety))
    context.store()  # open it once: an older backup is upgraded now, not at the next start
    context.out(_("Restored from {path}").format(path=source))
    return 0


def _backup_passphrases(context: Context) -> list[str]:
    """What may unlock another database's backup: its own passphrase (`--backup-passphrase-file` or the
    environment), then this database's (often the same person's)."""
    file: Path | None = context.args.backup_passphrase_file
    found = [
        read_passphrase_file(file) if file is not None else os.environ.get(cipher.BACKUP_PASSPHRASE_ENV, ""),
        cipher.given_passphrase(context.passphrase()) or "",
    ]
    return [passphrase for passphrase in found if passphrase]


def new_passphrase(file: Path | None) -> str:
    """The new passphrase: from `--new-passphrase-file FILE`, else the environment; CommandError if none."""
    new = read_passphrase_file(file) if file is not None else os.environ.get(NEW_PASSPHRASE_ENV, "")
    if not new:
        raise CommandError(
            _(
                "Give the new passphrase with --new-passphrase-file FILE or in the environment variable {name}."
            ).format(name=NEW_PASSPHRASE_ENV)
        )
    return new


def run_change_passphrase(context: Context) -> int:
    path = _sqlite_file(context, _("Changing the passphrase"))
    new = new_passphrase(context.args.new_passphrase_file)
    store = context.store()  # unlocked with the current passphrase: a wrong one stops here
    assert store.key is not None
    cipher.change_passphrase(path, store.key, new)
    context.out(_("The passphrase was changed."))
    return 0
