"""Shared fixtures: Qt offscreen, a private data folder, a fresh store per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt or reads the data folder.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="dialogue-desktop-tests-"))
os.environ["DIALOGUE_DESKTOP_DATA_DIR"] = str(_SESSION_DIR / "data")
os.environ.setdefault("DIALOGUE_DESKTOP_CACHE_DIR", str(_SESSION_DIR / "cache"))

from dialogue_desktop.core.i18n import set_language  # noqa: E402
from dialogue_desktop.core.store.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Tests read English unless they switch; the language is restored after each test."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store in a temporary folder."""
    opened = Store.open(tmp_path / "field.db")
    yield opened
    opened.close()
