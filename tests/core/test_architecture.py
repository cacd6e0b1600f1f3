"""The core never depends on Qt or on the GUI/CLI packages."""

import re
import subprocess
import sys
from pathlib import Path

import dialogue_desktop

CORE = Path(dialogue_desktop.__file__).parent / "core"
FORBIDDEN = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|dialogue_desktop\.(gui|cli))\b", re.MULTILINE)


def test_no_core_module_imports_qt_gui_or_cli() -> None:
    offenders = [
        str(p.relative_to(CORE)) for p in CORE.rglob("*.py") if FORBIDDEN.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt() -> None:
    modules = sorted(
        "dialogue_desktop." + ".".join(p.relative_to(CORE.parent).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py" and "migrations" not in p.parts
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
