"""What every command receives: the parsed options and a way to open the store once."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_desktop.core.paths import default_database

if TYPE_CHECKING:
    from dialogue_desktop.core.store.store import Store


class CommandError(Exception):
    """A failure to report on stderr with exit code 1 (the text is already in the user's language)."""


def read_passphrase_file(path: Path) -> str:
    """The passphrase in a file: its first line (a trailing newline is not part of it)."""
    from dialogue_desktop.core.i18n import _

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(_("The passphrase file {file} cannot be read.").format(file=path)) from error
    return lines[0] if lines else ""


@dataclass
class Context:
    args: argparse.Namespace
    _store: Store | None = field(default=None, repr=False)

    @property
    def db(self) -> str:
        """The `--db` given, or the default database in the data folder."""
        return self.args.db or str(default_database())

    def store(self) -> Store:
        """The store, opened (and upgraded if older) on first use."""
        if self._store is None:
            from dialogue_desktop.core.store.store import Store

            self._store = Store.open(self.db, passphrase=self.passphrase())
        return self._store

    def passphrase(self) -> str | None:
        """The passphrase of `--passphrase-file`, or None (the environment's is used then)."""
        file: Path | None = getattr(self.args, "passphrase_file", None)
        return read_passphrase_file(file) if file is not None else None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def out(self, text: str) -> None:
        """Print a line of result on stdout."""
        sys.stdout.write(text + "\n")

    def info(self, text: str) -> None:
        """Print a line of progress or information on stderr (stdout stays machine-readable)."""
        sys.stderr.write(text + "\n")
