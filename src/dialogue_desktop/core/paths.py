"""Where the app keeps its data: the per-user data folder, or beside the program in portable mode."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "dialogue-desktop"
DATA_DIR_ENV = "DIALOGUE_DESKTOP_DATA_DIR"
CACHE_DIR_ENV = "DIALOGUE_DESKTOP_CACHE_DIR"
PORTABLE_ENV = "DIALOGUE_DESKTOP_PORTABLE"
#: A file of this name beside the program (e.g. on a USB stick) switches on portable mode.
PORTABLE_MARKER = "portable.txt"
#: POSIX modes of what holds personal data: only the user's own account may read it.
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
#: Prefix of the private temporary folders of plain copies handed to the computer's viewer.
VIEWER_PREFIX = "dialogue-desktop-view-"


def program_dir() -> Path:
    """The folder of the program: the frozen executable's folder, or the package's for a source install."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def is_portable() -> bool:
    """Portable mode keeps the data beside the program (env var, or a `portable.txt` beside it)."""
    return os.environ.get(PORTABLE_ENV, "") not in ("", "0") or (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    """The data folder (created if missing): databases, backups, logs, keys."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    elif is_portable():
        path = program_dir() / "data"
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return private_dir(path)


def _set_mode(path: Path, mode: int) -> None:
    # Windows has no POSIX modes; the per-user data folder is already private there.
    if os.name == "posix":
        with contextlib.suppress(
            PermissionError
        ):  # another account's file, opened read-only: its owner's call
            os.chmod(path, mode)


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) if needed and make it readable by its owner only (0700), with
    the parents it creates (folders that were there already are left as their owner set them)."""
    created = []
    parent = path
    while not parent.exists() and parent != parent.parent:
        created.append(parent)
        parent = parent.parent
    path.mkdir(parents=True, exist_ok=True)
    for folder in [path, *created]:
        _set_mode(folder, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty if missing and make it readable and writable by its owner only (0600).

    The mode is set explicitly, whatever the umask, and before anything personal is written into it.
    """
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    _set_mode(path, PRIVATE_FILE_MODE)
    return path


def private_partial(target: Path) -> Path:
    """A new empty private file `<target>.partial` to write `target`'s next content into (see `replace_durably`)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    return private_file(partial)


def replace_durably(written: Path, target: Path) -> None:
    """Put the finished file `written` in the place of `target` in one rename, after syncing it to disk, and
    sync the folder so that the rename lasts: a power cut leaves the old file or the new one, whole."""
    with open(written, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(written, target)
    if os.name == "posix":  # Windows has no folder handles to sync
        descriptor = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def default_database() -> Path:
    """The database used when no `--db` is given."""
    return data_dir() / "dialogue.db"


def cache_dir() -> Path:
    """Files the app can always rebuild (font instances, place lists); not created here."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


@functools.cache
def viewer_dir() -> Path:
    """This process's private temporary folder (0700) for plain copies of attachments opened in the
    computer's own viewer, which cannot read the encrypted store. Removed when the app exits; folders left
    by an earlier run that ended without cleaning up (a crash, a power cut) are removed now (POSIX: those
    whose process is gone)."""
    _remove_stale_viewer_dirs()
    folder = Path(tempfile.mkdtemp(prefix=f"{VIEWER_PREFIX}{os.getpid()}-"))  # mkdtemp makes it 0700
    _set_mode(folder, PRIVATE_DIR_MODE)
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _remove_stale_viewer_dirs() -> None:
    if os.name != "posix":  # no safe way to ask Windows whether a process lives; its temp folder is per user
        return
    for folder in Path(tempfile.gettempdir()).glob(f"{VIEWER_PREFIX}*"):
        pid = folder.name[len(VIEWER_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or not folder.is_dir() or folder.is_symlink():
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
