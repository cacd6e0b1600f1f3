"""The printing commands as a user runs them, and `verify-minutes` exit codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from tests.core.printing.test_minutes import make_dialogue
from tests.pdf_tools import pdf_text

from dialogue_desktop.core.services import needs
from dialogue_desktop.core.store.store import Store

Run = Callable[..., CompletedProcess[str]]


def test_print_then_verify_a_copy(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    store = Store.open(db)
    d = make_dialogue(store, participants=4)
    store.close()

    pdf = tmp_path / "minutes.pdf"
    made = cli("--db", db, "minutes", d, "--lang", "both", "-o", pdf, "--annex", "--official-header")
    assert made.returncode == 0, made.stderr
    text = pdf_text(pdf)
    code = re.search(r"DD1:[0-9a-f-]+:[0-9a-f]{64}", text).group(0)  # type: ignore[union-attr]

    ok = cli("--db", db, "verify-minutes", code)
    assert ok.returncode == 0 and "matches the record" in ok.stdout
    short = cli("--db", db, "verify-minutes", code[: code.rindex(":") + 13])
    assert short.returncode == 0

    store = Store.open(db)
    with store.unit_of_work() as s:
        needs.add_decision(s, d, needs.DecisionInput("", "A decision added after printing"))
    store.close()
    changed = cli("--db", db, "verify-minutes", code)
    assert changed.returncode == 1 and "changed since this copy was printed" in changed.stdout

    unknown = cli("--db", db, "verify-minutes", code.replace(d, "00000000-0000-0000-0000-000000000000"))
    assert unknown.returncode == 1 and "Unknown dialogue" in unknown.stderr
    garbage = cli("--db", db, "verify-minutes", "hello")
    assert garbage.returncode == 1 and "Traceback" not in garbage.stderr


def test_signin_sheet_and_actions_report(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    store = Store.open(db)
    d = make_dialogue(store, participants=4)
    store.close()
    for args in (
        ("signin-sheet", d, "-o", tmp_path / "s.pdf"),
        ("signin-sheet", d, "-o", tmp_path / "b.pdf", "--blank"),
        ("actions-report", "-o", tmp_path / "a.pdf", "--lang", "km", "--group-by", "province"),
        ("minutes", d, "--lang", "km", "--side-by-side", "-o", tmp_path / "m.pdf"),
    ):
        result = cli("--db", db, *args)
        assert result.returncode == 0, result.stderr
        assert Path(args[args.index("-o") + 1]).read_bytes().startswith(b"%PDF")
    missing = cli("--db", db, "minutes", "no-such-id", "-o", tmp_path / "x.pdf")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    bad_folder = cli("--db", db, "signin-sheet", d, "-o", tmp_path / "nowhere" / "s.pdf")
    assert bad_folder.returncode == 1
