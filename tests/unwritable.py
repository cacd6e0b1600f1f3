"""A folder the operating system refuses to write into, for tests of "could not save" (a read-only stick).

Folder permissions do not stop root, and the tests may run as root: the folder is then made immutable
(`chattr +i`), which stops root too. Its name holds a person's name, as a user folder can.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _refuses(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return True
    probe.unlink()
    return False


@contextlib.contextmanager
def unwritable_folder(parent: Path, name: str = "Sokha Chan") -> Iterator[Path]:
    """A new folder `parent/name` nothing can be written into while the block runs."""
    folder = parent / name
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    try:
        if not _refuses(folder):  # root: permissions do not stop it, an immutable folder does
            subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
            immutable = True
        if not _refuses(folder):
            pytest.fail(f"could not make a folder this process cannot write into ({folder})")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)
        folder.chmod(0o755)
