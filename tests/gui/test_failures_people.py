"""Refusals at the door, in the registry and in a dialogue's attached files are said on the page, in the
user's language, where the facilitator acted; no modal box (only an unexpected error opens one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select
from tests.gui.conftest import wait_idle
from tests.gui.test_failures import approve_behind_the_back
from tests.gui.test_flows import open_workspace, seed

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.domain.models import MAX_ATTACHMENT_BYTES, Attachment, Attendance
from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.attendance import register
from dialogue_desktop.core.services.locking import LOCKED_MESSAGE
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_participant,
    delete_participant,
)
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.widgets import dialogs

GONE = "This record no longer exists; it may have been deleted."


def test_an_arrival_undone_after_approval_elsewhere_is_refused_on_the_door_in_khmer(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    with store.unit_of_work() as session:
        register(session, ids["dialogue"], ids["sokha"])
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=2)
    door = workspace.attendance
    qtbot.waitUntil(lambda: len(door.arrivals.rows) == 1)
    approve_behind_the_back(store, ids["dialogue"])  # a bundle imported while the door is open
    window.switch_language("km")
    try:
        door.undo_last_arrival()
        wait_idle(qtbot, window.ctx.worker)
        expected = _(LOCKED_MESSAGE)
        assert expected != LOCKED_MESSAGE  # said in Khmer
        assert door.message.isVisibleTo(door) and door.message.text() == expected
        assert shown_boxes == []
    finally:
        window.switch_language("en")
    with store.unit_of_work() as session:
        live = select(func.count()).select_from(Attendance).where(Attendance.deleted.is_(False))
        assert session.scalar(live) == 1  # the arrival stays


def test_a_merge_with_an_entry_deleted_meanwhile_is_refused_under_the_merge_button(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed(store)
    with store.unit_of_work() as session:
        duplicate = create_participant(session, ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE))
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    page = window.show_page("participants")
    qtbot.keyClicks(page.search, "sokha")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.table.selectRow(next(n for n, r in enumerate(page.model.rows) if r.id == ids["sokha"]))
    person = page.person
    qtbot.waitUntil(lambda: person.view is not None and person.view.id == ids["sokha"])
    assert person.duplicates.count() == 1
    with store.unit_of_work() as session:  # removed on another laptop, the bundle imported meanwhile
        delete_participant(session, duplicate)
    qtbot.mouseClick(person.merge_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert not person.merge_error.isHidden() and person.merge_error.text() == _(GONE)
    assert shown_boxes == []
    assert person.view is not None and person.view.id == ids["sokha"]  # still on the person kept
    # Another person shown: the refusal was about the one before.
    person.load(ids["dara"])
    qtbot.waitUntil(lambda: person.view is not None and person.view.id == ids["dara"])
    assert person.merge_error.isHidden()


def test_saving_a_person_deleted_meanwhile_is_refused_under_the_form(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    page = window.show_page("participants")
    person = page.person
    person.load(ids["sokha"])
    qtbot.waitUntil(lambda: person.view is not None and person.view.id == ids["sokha"])
    with store.unit_of_work() as session:  # removed on another laptop, the bundle imported meanwhile
        delete_participant(session, ids["sokha"])
    person.save()
    wait_idle(qtbot, window.ctx.worker)
    assert not person.general_error.isHidden() and person.general_error.text() == _(GONE)
    assert shown_boxes == []


def test_a_file_too_large_to_attach_is_refused_in_the_attachments_box(
    window: Any,
    qtbot: Any,
    store: Store,
    tmp_path: Path,
    shown_boxes: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=7)
    box = workspace.minutes.column.attachments
    video = tmp_path / "meeting.mp4"
    with video.open("wb") as file:  # sparse: as large as a phone's video, nothing written to the disk
        file.truncate(MAX_ATTACHMENT_BYTES + 1)
    photo = tmp_path / "signed sheet.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a phone photo")
    chosen = [str(photo), str(video)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (chosen, ""))
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    expected = _("The file {name} is too large to attach (at most 50 MB).").format(name="meeting.mp4")
    assert box.message.isVisibleTo(box) and box.message.text() == expected
    assert shown_boxes == []
    with store.unit_of_work() as session:  # all or none: the photo chosen with it is not attached either
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0
    # The photo alone is attached, and the line clears.
    chosen = [str(photo)]
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(box.rows) == 1)
    assert not box.message.isVisibleTo(box)
    # The tab's preview is drawn on the printing thread: let it land before the window closes.
    qtbot.waitUntil(lambda: not workspace.minutes.is_busy(), timeout=20000)
