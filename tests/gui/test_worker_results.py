"""The database worker refuses a result that holds a live ORM object (the GUI tests turn the check on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.worker import DbWorker, OrmResultError, op, refuse_orm_objects


@dataclass
class Wrapped:
    rows: list[Any]


def new_dialogue(session: Any) -> str:
    return create_dialogue(
        session,
        DialogueInput(kind=DialogueKind.COMMUNE, title_en="Roads", date=date(2025, 3, 1), province_code="07"),
    )


@pytest.mark.parametrize(
    "wrap",
    [lambda d: d, lambda d: [d], lambda d: (1, d), lambda d: {"x": d}, lambda d: Wrapped([{"deep": (d,)}])],
    ids=["object", "list", "tuple", "dict", "dataclass"],
)
def test_an_orm_object_anywhere_in_a_result_is_refused(qtbot: Any, store: Store, wrap: Any) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
    worker = DbWorker(store)
    assert worker.check_results  # set by tests/gui/conftest.py
    errors: list[BaseException] = []
    results: list[Any] = []
    try:
        with qtbot.waitSignal(worker.finished):
            op(lambda s: wrap(s.get(Dialogue, dialogue_id))).success(results.append).failure(
                errors.append
            ).run(worker)
    finally:
        worker.stop()
    assert results == []
    assert len(errors) == 1 and isinstance(errors[0], OrmResultError)


def test_plain_values_and_dataclasses_pass() -> None:
    refuse_orm_objects(Wrapped([{"id": ("a", 1, None, date(2025, 1, 1))}]))


def test_waiting_on_a_stopped_worker_fails_at_once_instead_of_hanging(qtbot: Any, store: Store) -> None:
    # The app keeps the dialogue list at shutdown by a read on the worker: a worker stopped earlier (the
    # smoke test's) must not leave the process waiting for ever.
    worker = DbWorker(store)
    worker.stop()
    with pytest.raises(RuntimeError, match="stopped"):
        op(lambda session: 1).wait(worker)
