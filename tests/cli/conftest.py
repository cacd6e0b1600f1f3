"""Running the real `dialogue-desktop` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(tmp_path: Path) -> Run:
    """`cli("--db", path, "check")` runs the command; the result has returncode, stdout, stderr."""

    def run(
        *args: str | Path, timeout: float = 300, lang: str = "C.UTF-8"
    ) -> subprocess.CompletedProcess[str]:
        # The system's language decides without --lang: an English one unless a test says otherwise.
        env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
        env.update({"DIALOGUE_DESKTOP_DATA_DIR": str(tmp_path / "data"), "LANG": lang})
        return subprocess.run(
            [sys.executable, "-m", "dialogue_desktop", *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )

    return run
