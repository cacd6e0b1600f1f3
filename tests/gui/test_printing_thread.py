"""PDFs are drawn on the printing thread, not on the database worker: the door keeps working while the
minutes preview is drawn, and a preview superseded before it is drawn is never drawn."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from tests.gui.conftest import wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, Sex
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import attendance as attendance_ops
from dialogue_desktop.gui.operations import minutes as minutes_ops
from dialogue_desktop.gui.pages.minutes import MinutesTab
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.worker import DbWorker


@pytest.fixture
def ctx(store: Store, shown_boxes: list[tuple[str, str]]) -> Iterator[AppContext]:
    worker = DbWorker(store)
    yield AppContext(worker, GuiSettings.load())
    worker.stop()


class SlowDrawing:
    """Stands in for the minutes' drawing: records the thread, and waits until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.threads: list[str] = []
        real = minutes_ops.write_minutes

        def slow(data: Any, out: Any, options: Any) -> int:
            self.threads.append(threading.current_thread().name)
            self.started.set()
            assert self.release.wait(20)
            return real(data, out, options)

        monkeypatch.setattr(minutes_ops, "write_minutes", slow)


def a_dialogue_and_a_person(store: Store) -> tuple[str, str]:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, DialogueInput(
            title_en="Water forum", kind=DialogueKind.COMMUNE, date=date(2026, 3, 4), province_code="07"))  # fmt: skip
        person_id = create_participant(session, ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE))
        return dialogue_id, person_id


def test_a_door_registration_completes_while_the_minutes_preview_is_drawn(
    qtbot: Any, ctx: AppContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue_id, person_id = a_dialogue_and_a_person(store)
    drawing = SlowDrawing(monkeypatch)
    tab = MinutesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_dialogue(dialogue_id)
    qtbot.waitUntil(drawing.started.is_set, timeout=10000)  # the preview is being drawn now
    registered: list[str] = []
    attendance_ops.register(dialogue_id, person_id).success(registered.append).run(ctx.worker)
    qtbot.waitUntil(lambda: bool(registered), timeout=5000)
    assert not drawing.release.is_set() and tab.is_busy() and tab.current is None  # still drawing
    drawing.release.set()
    qtbot.waitUntil(lambda: tab.current is not None and not tab.is_busy(), timeout=20000)
    # Drawn on the printing thread only; the arrival (the minutes list attendance) asked for a new preview.
    assert set(drawing.threads) == {"pdf-render"} and len(drawing.threads) == 2
    assert tab.preview.page_count() > 0


def test_a_preview_superseded_before_it_is_drawn_is_never_drawn(
    qtbot: Any, ctx: AppContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue_id, _person_id = a_dialogue_and_a_person(store)
    drawing = SlowDrawing(monkeypatch)
    tab = MinutesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_dialogue(dialogue_id)
    qtbot.waitUntil(drawing.started.is_set, timeout=10000)
    tab._generate()  # queued behind the one being drawn...
    wait_idle_worker(qtbot, ctx)
    tab._generate()  # ...and superseded by this one before its turn
    wait_idle_worker(qtbot, ctx)
    drawing.release.set()
    wait_idle(qtbot, ctx.worker, timeout=20000)
    assert len(drawing.threads) == 2  # the first (already drawing) and the last; the middle one never
    assert tab.current is not None and not tab.is_busy()


def wait_idle_worker(qtbot: Any, ctx: AppContext) -> None:
    """Only the database worker (the printing thread is held on purpose)."""
    qtbot.waitUntil(lambda: not ctx.worker.busy, timeout=10000)


def test_a_tab_closed_while_its_preview_is_drawn_drops_the_preview_quietly(
    qtbot: Any, ctx: AppContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiboken6 import delete

    from dialogue_desktop.gui.render import renderer

    dialogue_id, _person_id = a_dialogue_and_a_person(store)
    drawing = SlowDrawing(monkeypatch)
    tab = MinutesTab(ctx)
    tab.show()
    tab.set_dialogue(dialogue_id)
    qtbot.waitUntil(drawing.started.is_set, timeout=10000)
    delete(tab)  # the window closed meanwhile: its widgets are gone, the Python object is not
    drawing.release.set()
    # pytest-qt fails the test on an exception raised in a slot ("PdfPreview already deleted").
    qtbot.waitUntil(lambda: not renderer().busy, timeout=20000)
    wait_idle(qtbot, ctx.worker, timeout=20000)
