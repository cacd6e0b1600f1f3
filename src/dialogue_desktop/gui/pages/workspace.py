"""The workspace of one dialogue: a header with its title, date and status, and one tab per part of it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.i18n import _, format_date, format_time
from dialogue_desktop.core.services.dialogues import DialogueView
from dialogue_desktop.core.services.errors import NotFoundError
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import dialogues as dialogue_ops
from dialogue_desktop.gui.pages.attendance import AttendanceTab
from dialogue_desktop.gui.pages.base import heading
from dialogue_desktop.gui.pages.details import DetailsTab
from dialogue_desktop.gui.pages.dialogue_actions import DialogueActionsTab
from dialogue_desktop.gui.pages.lists import AgendaTab, DecisionsTab, NeedsTab
from dialogue_desktop.gui.pages.minutes import MinutesTab
from dialogue_desktop.gui.pages.voices import VoicesTab
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.refresh import Freshness
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.fields import ErrorLabel, member_of


class DialogueWorkspace(QWidget):
    """Header and tabs of the open dialogue."""

    closed = Signal()
    #: Emitted after the dialogue and every tab were loaded (tests wait on it).
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialogue: DialogueView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back = QPushButton()
        self.back.clicked.connect(self.close_dialogue)
        self.heading = heading()
        self.when = QLabel()
        self.status = QComboBox()
        self.status.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents
        )  # Khmer statuses are long
        self.status.activated.connect(self._status_picked)
        top.addWidget(self.back)
        top.addWidget(self.heading, 1)
        top.addWidget(self.when)
        top.addWidget(self.status)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_dialogue)
        top.addWidget(self.delete_button)
        layout.addLayout(top)
        #: Why a step of the lifecycle or a deletion was refused (a user error; a bug goes to the error dialog).
        self.message = ErrorLabel()
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.details = DetailsTab(ctx)
        self.agenda = AgendaTab(ctx)
        self.attendance = AttendanceTab(ctx)
        self.voices = VoicesTab(ctx)
        self.needs = NeedsTab(ctx)
        self.decisions = DecisionsTab(ctx)
        self.actions_tab = DialogueActionsTab(ctx)
        self.minutes = MinutesTab(ctx)
        self.tab_widgets: list[WorkspaceTab] = [
            self.details, self.agenda, self.attendance, self.voices, self.needs, self.decisions, self.actions_tab,
            self.minutes,
        ]  # fmt: skip
        for tab in self.tab_widgets:
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        # The header follows the dialogue's own fields; each tab watches its own topics.
        self.freshness = Freshness(
            self.isVisible, lambda: frozenset({Topic.DIALOGUES, Topic.DETAILS}), self._refresh
        )
        ctx.worker.changed.connect(self._changed)
        QShortcut(QKeySequence("Alt+Left"), self).activated.connect(self.close_dialogue)
        self.retranslate_ui()

    # --- loading -------------------------------------------------------------------------------------

    def load(self, dialogue_id: str, tab: int | None = None) -> None:
        """Read the dialogue and show it; `tab` chooses the tab shown."""
        if tab is not None and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

        def failed(error: BaseException) -> None:
            if isinstance(error, NotFoundError):
                self.close_dialogue()
            else:
                self.ctx.worker.default_failure(error)

        dialogue_ops.get(dialogue_id).success(self._show).failure(failed).run(self.ctx.worker)

    def _show(self, dialogue: DialogueView) -> None:
        if self.dialogue is None or self.dialogue.id != dialogue.id:
            self.message.show_text("")  # a refusal about another dialogue
        self.dialogue = dialogue
        self.freshness.fresh()
        self._show_header()
        for tab in self.tab_widgets:
            tab.set_dialogue(dialogue)  # every tab reads the dialogue again (their titles show counts)
            tab.freshness.fresh()
        self.loaded.emit()

    def _show_header(self) -> None:
        dialogue = self.dialogue
        if dialogue is None:
            return
        self.heading.setText(pick(dialogue.title_km, dialogue.title_en))
        when = format_date(dialogue.date, style="medium")
        if dialogue.start_time is not None:
            when = f"{when}  {format_time(dialogue.start_time)}"
        self.when.setText(when)
        self.status.blockSignals(True)
        self.status.clear()
        for status in DialogueStatus:
            self.status.addItem(_(status.label), status.value)
        self.status.setCurrentIndex(self.status.findData(dialogue.status.value))
        self.status.blockSignals(False)

    def _changed(self, changed: frozenset[Topic]) -> None:
        if self.dialogue is not None:
            self.freshness.notice(changed)

    def _refresh(self, changed: frozenset[Topic]) -> None:
        if self.dialogue is None:
            return
        if Topic.DIALOGUES in changed:
            self.load(self.dialogue.id)
        elif Topic.DETAILS in changed:
            dialogue_ops.get(self.dialogue.id).success(self._details_changed).run(self.ctx.worker)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.freshness.shown()

    def _details_changed(self, dialogue: DialogueView) -> None:
        """The details tab saved a field: new header, the other tabs keep what they show."""
        self.dialogue = dialogue
        self._show_header()
        for tab in self.tab_widgets:
            tab.dialogue = dialogue

    def _tab_changed(self, index: int) -> None:
        if self.ctx.settings.dialogue_tab != index:
            self.ctx.settings.update(dialogue_tab=index)

    # --- status --------------------------------------------------------------------------------------

    def _status_picked(self, index: int) -> None:
        if self.dialogue is None:
            return
        target = member_of(DialogueStatus, self.status.itemData(index))
        dialogue_id = self.dialogue.id
        current = self.dialogue.status
        if target == current:
            return
        if target == DialogueStatus.MINUTES_APPROVED:
            work = dialogue_ops.approve_minutes(dialogue_id)
        elif current == DialogueStatus.MINUTES_APPROVED:
            reason = dialogs.ask_text(
                self, _("Reopen the minutes"), _("Why are the approved minutes reopened?")
            )
            if not reason:
                self._show_header()
                return
            work = dialogue_ops.reopen_minutes(dialogue_id, reason)
        else:
            work = dialogue_ops.set_status(dialogue_id, target)

        def failed(error: BaseException) -> None:
            self._show_header()
            self.ctx.worker.show_failure(error, self.message)

        work.success(lambda _r: self.message.show_text("")).failure(failed).run(self.ctx.worker)

    def delete_dialogue(self) -> None:
        """Delete the open dialogue after asking, then go back to the list (approved minutes: refused)."""
        if self.dialogue is None:
            return
        title = pick(self.dialogue.title_km, self.dialogue.title_en)
        text = (
            _("Delete “{item}”?").format(item=title)
            + "\n"
            + _("Its agenda, attendance, voices, needs, decisions and actions are deleted with it.")
        )
        if not dialogs.confirm(self, _("Delete the dialogue"), text):
            return

        def done(_result: object) -> None:
            # The change is announced after this: the workspace has let go of the dialogue, nothing
            # reloads or saves it again.
            self.dialogue = None
            for tab in self.tab_widgets:
                tab.dialogue = None
            self.closed.emit()

        dialogue_ops.delete(self.dialogue.id).success(done).shown_on(self.message).run(self.ctx.worker)

    # --- the rest ------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.back.setText(_("← Dialogues"))
        self.delete_button.setText(_("Delete the dialogue"))
        for index, tab in enumerate(self.tab_widgets):
            tab.retranslate_ui()
            self.tabs.setTabText(index, tab.tab_title())
        self._show_header()

    def close_dialogue(self) -> None:
        self.commit_edits()
        self.message.show_text("")  # said about this visit; opening it again starts afresh
        self.closed.emit()

    def commit_edits(self) -> None:
        for tab in self.tab_widgets:
            tab.commit_edits()

    def dispose(self) -> None:
        """Nothing to release yet (the main window re-translates the workspace)."""

    def current_tab(self) -> Any:
        return self.tabs.currentWidget()
