"""The GUI's shape: it reaches the database only through the core (no SQLAlchemy, no ORM model), and its
modules import each other without a circle (the workspace imports its tabs; the tabs import workspace_tab)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import dialogue_desktop

GUI = Path(dialogue_desktop.__file__).parent / "gui"
PACKAGE = "dialogue_desktop.gui"
ORM = re.compile(
    r"^\s*(from|import)\s+(sqlalchemy|dialogue_desktop\.core\.domain\.(models|sync_models))\b", re.MULTILINE
)
#: Modules owned by work still under way that read the ORM themselves. This list must only shrink (it is
#: empty now: the window's device line and badges are read in core, through gui/operations/window.py).
KNOWN_ORM_IMPORTS: set[str] = set()


def _orm_importers() -> set[str]:
    return {p.relative_to(GUI).as_posix() for p in GUI.rglob("*.py") if ORM.search(p.read_text("utf-8"))}


def test_the_gui_imports_no_sqlalchemy_and_no_orm_model() -> None:
    offenders = _orm_importers() - KNOWN_ORM_IMPORTS
    assert offenders == set(), (
        "read through a core function instead (e.g. core.services.identity.device_province)"
    )


def test_the_list_of_known_orm_importers_only_shrinks() -> None:
    assert KNOWN_ORM_IMPORTS - _orm_importers() == set(), "remove the modules that were fixed from the list"


def _module(path: Path) -> str:
    parts = path.relative_to(GUI.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports_at_module_level(path: Path, modules: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:  # imports inside functions run later: no circle
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith(PACKAGE))
    return found & modules


def test_no_import_circle_between_gui_modules() -> None:
    paths = {_module(p): p for p in GUI.rglob("*.py")}
    graph = {name: _imports_at_module_level(path, set(paths)) - {name} for name, path in paths.items()}
    circles: list[list[str]] = []

    def visit(name: str, trail: list[str], done: set[str]) -> None:
        for imported in sorted(graph[name]):
            if imported in trail:
                circles.append([*trail[trail.index(imported) :], imported])
            elif imported not in done:
                visit(imported, [*trail, imported], done)
        done.add(name)

    finished: set[str] = set()
    for name in sorted(graph):
        if name not in finished:
            visit(name, [name], finished)
    assert circles == []


#: Modules whose own operations are still being moved to gui/operations/. This list must only shrink.
KNOWN_AD_HOC_OPERATIONS: set[str] = set()
AD_HOC = re.compile(r"(?<![\w.])op\(|\bworker\.call\(")


def _ad_hoc_callers() -> set[str]:
    return {
        p.relative_to(GUI).as_posix()
        for folder in ("pages", "widgets", "models")
        for p in (GUI / folder).rglob("*.py")
        if AD_HOC.search(p.read_text("utf-8"))
    }


def test_pages_widgets_and_models_run_operations_only() -> None:
    """Each write names what it changes once, in gui/operations/: a page building `op(...)` itself, or
    waiting on `worker.call(...)`, would choose its own topics (or none)."""
    assert _ad_hoc_callers() - KNOWN_AD_HOC_OPERATIONS == set(), "add an operation to gui/operations/"
    assert KNOWN_AD_HOC_OPERATIONS - _ad_hoc_callers() == set(), "remove the modules that were fixed"
