"""Build the app into dist/dialogue-desktop/ for the platform this runs on: `python packaging/build.py`.

Compiles the translations, draws the Windows icon, then runs PyInstaller on packaging/dialogue-desktop.spec. Needs the
`packaging` extra: `pip install -e '.[packaging]'`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


ICON_CODE = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication(["icon"])
image = QImage(256, 256, QImage.Format.Format_ARGB32)
image.fill(Qt.GlobalColor.transparent)
painter = QPainter(image)
QSvgRenderer(sys.argv[1]).render(painter)
painter.end()
sys.exit(0 if image.save(sys.argv[2]) else 1)
"""


def make_windows_icon() -> Path:
    """The program icon for Windows (.ico), drawn from resources/icon.svg by Qt itself."""
    target = ROOT / "build" / "icon.ico"
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    source = str(ROOT / "resources" / "icon.svg")
    subprocess.run([sys.executable, "-c", ICON_CODE, source, str(target)], check=True, env=env)
    return target


def main() -> int:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--compile-only"], check=True, cwd=ROOT
    )
    make_windows_icon()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "packaging" / "dialogue-desktop.spec"),
    ]
    return subprocess.run(command, check=False, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
