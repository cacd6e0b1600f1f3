"""Where the app keeps its data: the per-user data folder, or beside the program in portable mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "dialogue-desktop"
DATA_DIR_ENV = "DIALOGUE_DESKTOP_DATA_DIR"
CACHE_DIR_ENV = "DIALOGUE_DESKTOP_CACHE_DIR"
PORTABLE_ENV = "DIALOGUE_DESKTOP_PORTABLE"
#: A file of this name beside the program (e.g. on a USB stick) switches on portable mode.
PORTABLE_MARKER = "portable.txt"


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
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    """The database used when no `--db` is given."""
    return data_dir() / "dialogue.db"


def cache_dir() -> Path:
    """Files the app can always rebuild (font instances, place lists); not created here."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
