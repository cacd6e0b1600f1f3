"""`approve-minutes`: the command line approves drafted minutes by the same rule as the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from tests.core.printing.test_minutes import make_dialogue

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.printing.data import gather_minutes
from dialogue_desktop.core.printing.fingerprint import minutes_fingerprint
from dialogue_desktop.core.services import dialogues
from dialogue_desktop.core.store.store import Store

Run = Callable[..., CompletedProcess[str]]


def test_approve_minutes_locks_the_dialogue_with_the_fingerprint_of_its_minutes(
    cli: Run, tmp_path: Path
) -> None:
    db = tmp_path / "field.db"
    store = Store.open(db)
    d = make_dialogue(store, participants=3)
    with store.unit_of_work() as s:
        for status in (DialogueStatus.HELD, DialogueStatus.MINUTES_DRAFTED):  # one step at a time
            dialogues.set_status(s, d, status)
        expected = minutes_fingerprint(gather_minutes(s, d))
    store.close()

    done = cli("--db", db, "approve-minutes", d)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    store = Store.open(db)
    with store.unit_of_work() as s:
        view = dialogues.get_dialogue(s, d)
        assert view.status == DialogueStatus.MINUTES_APPROVED and view.locked
        assert view.approved_hash == expected
    store.close()

    again = cli("--db", db, "approve-minutes", d)  # approved already: explained, exit 1
    assert again.returncode == 1 and again.stderr.strip()
    unknown = cli("--db", db, "approve-minutes", "no-such-dialogue")
    assert unknown.returncode == 1 and unknown.stderr.strip()
