"""The command line reads and writes through core's use cases, like the GUI: none of its modules imports
SQLAlchemy or an ORM model, so no command queries the tables itself."""

from __future__ import annotations

from pathlib import Path

from tests.gui.test_architecture import ORM

import dialogue_desktop

CLI = Path(dialogue_desktop.__file__).parent / "cli"


def test_the_command_line_imports_no_sqlalchemy_and_no_orm_model() -> None:
    offenders = {p.name for p in CLI.rglob("*.py") if ORM.search(p.read_text("utf-8"))}
    assert offenders == set(), "call a use case of core (core/services, core/sync/status.py) instead"


def test_the_check_sees_an_import_inside_a_function() -> None:
    # `_add_demo_if_empty` imported SQLAlchemy inside the function: indented imports count too.
    assert ORM.search("def f():\n    from sqlalchemy import select\n")
    assert not ORM.search("from dialogue_desktop.core.sync import status\n")
