"""Failures shown one way (the operations runner decides, not each page): a user error in the page's message
line in the user's language, anything unexpected in the one error dialog with "Copy details"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from tests.gui.conftest import wait_idle
from tests.gui.test_flows import open_workspace, seed

from dialogue_desktop.core.domain.enums import DialogueStatus, OrganisationKind
from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.file_errors import FOLDER_MISSING
from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.dialogues import TEXT_LIMIT
from dialogue_desktop.core.services.locking import LOCKED_MESSAGE
from dialogue_desktop.core.services.needs import DecisionInput, add_decision
from dialogue_desktop.core.services.organisations import (
    OrganisationInput,
    create_organisation,
    delete_organisation,
)
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.errors import user_message
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.worker import op


def test_a_refused_undo_on_the_voices_tab_says_why_in_its_message_line(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=3)
    voices = workspace.voices
    with qtbot.waitSignal(voices.refreshed):
        qtbot.keyClick(voices.search, Qt.Key.Key_F)  # an unnamed woman takes the floor
    with store.unit_of_work() as session:  # the minutes are approved behind the tab's back (another laptop)
        dialogue = session.get(Dialogue, ids["dialogue"])
        assert dialogue is not None
        dialogue.status = DialogueStatus.MINUTES_APPROVED
    qtbot.keyClick(voices.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.worker)
    # Before, this refusal came as a modal box over the speaking log; now it is the tab's own line.
    assert voices.message.isVisibleTo(voices) and voices.message.text() == _(LOCKED_MESSAGE)
    assert shown_boxes == []
    assert len(voices.log.rows) == 1


def approve_behind_the_back(store: Store, dialogue_id: str) -> None:
    """The minutes approved on another laptop, the bundle imported while the tab is open."""
    with store.unit_of_work() as session:
        dialogue = session.get(Dialogue, dialogue_id)
        assert dialogue is not None
        dialogue.status = DialogueStatus.MINUTES_APPROVED


def test_a_refused_step_of_the_lifecycle_is_said_under_the_header_in_khmer(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"])
    window.switch_language("km")
    try:
        # A planned dialogue's minutes cannot be approved: they were never drafted.
        workspace.status.setCurrentIndex(workspace.status.findData(DialogueStatus.MINUTES_APPROVED.value))
        workspace.status.activated.emit(workspace.status.currentIndex())
        wait_idle(qtbot, window.ctx.worker)
        expected = _("Only drafted minutes can be approved. Mark the minutes as drafted first.")
        assert expected != "Only drafted minutes can be approved. Mark the minutes as drafted first."
        assert workspace.message.isVisibleTo(workspace) and workspace.message.text() == expected
        assert shown_boxes == []
        # The header shows the status it still has, and a step that is allowed clears the line.
        assert workspace.status.currentData() == DialogueStatus.PLANNED.value
        workspace.status.setCurrentIndex(workspace.status.findData(DialogueStatus.HELD.value))
        workspace.status.activated.emit(workspace.status.currentIndex())
        wait_idle(qtbot, window.ctx.worker)
        assert not workspace.message.isVisibleTo(workspace)
        assert workspace.dialogue.status == DialogueStatus.HELD
    finally:
        window.switch_language("en")


def test_a_decision_moved_after_approval_elsewhere_is_refused_on_the_tab(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    with store.unit_of_work() as session:
        add_decision(session, ids["dialogue"], DecisionInput(text_en="Repair the well"))
        add_decision(session, ids["dialogue"], DecisionInput(text_en="Publish the budget"))
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=5)
    decisions = workspace.decisions
    qtbot.waitUntil(lambda: len(decisions.model.rows) == 2)
    decisions.table.selectRow(0)
    approve_behind_the_back(store, ids["dialogue"])
    decisions._move(1)
    wait_idle(qtbot, window.ctx.worker)
    assert decisions.error.isVisibleTo(decisions) and decisions.error.text() == _(LOCKED_MESSAGE)
    assert shown_boxes == []


def test_a_summary_too_long_is_refused_on_the_tab_not_in_a_box(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=5)
    decisions = workspace.decisions
    decisions.discussion.setPlainText("x" * (TEXT_LIMIT + 1))
    decisions.save_summary()
    wait_idle(qtbot, window.ctx.worker)
    assert decisions.error.isVisibleTo(decisions)
    assert decisions.error.text().startswith(_("Summary of the discussion"))
    assert shown_boxes == []
    with store.unit_of_work() as session:
        dialogue = session.get(Dialogue, ids["dialogue"])
        assert dialogue is not None and dialogue.discussion_summary == ""  # nothing saved


def test_minutes_that_cannot_be_written_say_so_under_the_options(
    window: Any,
    qtbot: Any,
    store: Store,
    shown_boxes: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=7)
    minutes = workspace.minutes
    qtbot.waitUntil(lambda: minutes.current is not None, timeout=20000)
    gone = tmp_path / "stick removed" / "minutes.pdf"  # the USB stick was pulled out meanwhile
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(gone), ""))
    qtbot.mouseClick(minutes.column.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    problem = minutes.column.problem
    assert problem.isVisibleTo(minutes)
    # The file by its name, why in the user's words: not the folder's path, not the system's English.
    assert problem.text() == _("Could not save {file}: {reason}").format(
        file="minutes.pdf", reason=_(FOLDER_MISSING)
    )
    assert shown_boxes == []
    assert not gone.parent.exists()
    # Saved somewhere that exists: said as saved, the problem gone.
    target = tmp_path / "minutes.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    qtbot.mouseClick(minutes.column.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert target.read_bytes().startswith(b"%PDF")
    assert not problem.isVisibleTo(minutes) and target.name in minutes.column.saved_label.text()


def test_an_action_report_that_cannot_be_written_says_so_on_the_tracker(
    window: Any,
    qtbot: Any,
    store: Store,
    shown_boxes: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(store)
    page = window.show_page("actions")
    wait_idle(qtbot, window.ctx.worker)
    gone = tmp_path / "stick removed" / "actions.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(gone), ""))
    page._export_report()
    wait_idle(qtbot, window.ctx.worker)
    assert page.panel.message.isVisibleTo(page)
    assert page.panel.message.text() == _("Could not save {file}: {reason}").format(
        file="actions.pdf", reason=_(FOLDER_MISSING)
    )
    assert shown_boxes == []


def test_an_organiser_deleted_on_another_laptop_is_refused_under_the_details(
    window: Any, qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]
) -> None:
    ids = seed(store)
    with store.unit_of_work() as session:
        gone = create_organisation(
            session, OrganisationInput(name_en="Kampot Youth Council", kind=OrganisationKind.CSO)
        )
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=0)
    with store.unit_of_work() as session:  # deleted while it is still offered
        delete_organisation(session, gone)
    workspace.details._add_organiser(gone)
    wait_idle(qtbot, window.ctx.worker)
    line = workspace.details.general_error
    assert line.isVisibleTo(workspace.details)
    assert line.text().endswith(_("This choice no longer exists; choose another."))
    assert shown_boxes == []


def test_an_unexpected_error_goes_to_the_error_dialog_never_to_the_line(
    window: Any, qtbot: Any, shown_boxes: list[tuple[str, str]]
) -> None:
    line = ErrorLabel()

    def broken(_session: object) -> None:
        raise RuntimeError("a bug, with a value: Srey Sokha")

    op(broken).shown_on(line).run(window.ctx.worker)
    wait_idle(qtbot, window.ctx.worker)
    assert line.text() == ""
    assert len(shown_boxes) == 1 and shown_boxes[0][1] == user_message(RuntimeError())
    assert "Srey Sokha" not in shown_boxes[0][1]
