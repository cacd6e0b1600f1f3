"""The one-folder build starts on this machine: a broken bundle (missing data, module or plugin) fails here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_frozen_app_starts_headless_and_opens_a_database(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    program = (
        ROOT
        / "dist"
        / "dialogue-desktop"
        / ("dialogue-desktop.exe" if os.name == "nt" else "dialogue-desktop")
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIALOGUE_DESKTOP_DATA_DIR": str(tmp_path / "data")}
    db = tmp_path / "field.db"

    demo = subprocess.run(
        [program, "--db", db, "demo", "--dialogues", "3"], capture_output=True, text=True, env=env
    )
    assert demo.returncode == 0, demo.stderr  # migrations, demo data and place names are bundled
    smoke = subprocess.run(
        [program, "--db", db, "--smoke-test"], capture_output=True, text=True, env=env, timeout=300
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    check = subprocess.run([program, "--db", db, "check"], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
