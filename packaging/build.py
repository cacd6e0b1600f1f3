"""Build the app into dist/dialogue-desktop/ for the platform this runs on: `python packaging/build.py`.

Compiles the translations, then runs PyInstaller on packaging/dialogue-desktop.spec. Needs the
`packaging` extra: `pip install -e '.[packaging]'`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "translations.py"), "--compile-only"], check=True, cwd=ROOT)
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "packaging" / "dialogue-desktop.spec"),
    ]
    return subprocess.run(command, check=False, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
