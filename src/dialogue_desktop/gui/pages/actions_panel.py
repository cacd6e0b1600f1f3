"""A table of agreed actions with the selected one's follow-ups and its fields to correct: the tracker's
and a dialogue's actions tab share it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import N_, _, format_date, format_percent
from dialogue_desktop.core.services.actions import ActionView
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.listing import ActionRow
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import actions as action_ops
from dialogue_desktop.gui.operations.actions import Choices
from dialogue_desktop.gui.pages.action_follow_ups import FollowUpPanel
from dialogue_desktop.gui.pages.action_form import ActionForm
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.fields import ErrorLabel, member_of
from dialogue_desktop.gui.widgets.table import make_table, stretch

OVERDUE = QColor("#fde2e2")


def action_columns(with_dialogue: bool) -> list[Column[ActionRow]]:
    """The columns of an actions table (the dialogue's title only in the tracker, across dialogues)."""

    def progress(row: ActionRow) -> str:
        latest = row.latest_follow_up
        if latest is None:
            return ""
        return f"{format_percent(latest.progress_percent / 100)} · {format_date(latest.date, style='short')}"

    columns: list[Column[ActionRow]] = [
        Column(N_("Action"), lambda r: pick(r.text_km, r.text_en)),
        Column(
            N_("Responsible"),
            lambda r: " · ".join(
                t
                for t in (
                    r.responsible_acronym or pick(r.responsible_name_km, r.responsible_name_en),
                    r.responsible_person,
                )
                if t
            ),
        ),  # fmt: skip
        Column(N_("Deadline"), lambda r: format_date(r.deadline, style="short") if r.deadline else ""),
        Column(N_("Status"), lambda r: (_("Overdue") + " ⚠ · " if r.overdue else "") + _(r.status.label)),
        Column(N_("Latest follow-up"), progress),
    ]
    if with_dialogue:
        columns.insert(1, Column(N_("Dialogue"), lambda r: pick(r.dialogue_title_km, r.dialogue_title_en)))
    return columns


class ActionsPanel(QWidget):
    """A table of actions above the selected one: its fields to correct (each saved on leaving it) and its
    follow-ups.

    `detail_on_selection`: the selected action's part shows only while one is selected (Esc in the table
    lets go of it), so that under a dialogue's header the table has the height for six rows and more.
    """

    def __init__(
        self,
        ctx: AppContext,
        with_dialogue: bool,
        parent: QWidget | None = None,
        *,
        detail_on_selection: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail_on_selection = detail_on_selection
        #: The selected action as saved (read with its supporters), None while nothing is selected.
        self.editing: ActionView | None = None
        #: True when the dialogue's minutes are approved: only the status may change.
        self.locked = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.model: ListModel[ActionRow] = ListModel(action_columns(with_dialogue), self)
        self.model.highlight = lambda r: OVERDUE if r.overdue else None
        self.table = make_table(self)
        self.table.setModel(self.model)
        # Action, dialogue and responsible share the width (elided, whole in the tooltip); deadline, status
        # and the latest follow-up keep theirs: all in sight at 1366 px, no sideways scroll.
        stretch(self.table, 0, *(range(1, 3) if with_dialogue else (1,)))
        self.follow_up = FollowUpPanel(ctx)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        #: Why a deletion (e.g. the dialogue's minutes were approved meanwhile) or the report was refused.
        self.message = ErrorLabel()
        table_layout.addWidget(self.message)
        self.delete_button = QPushButton()
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table).activated.connect(
            self.delete_selected
        )
        self.editor = ActionForm()
        self.editor.setEnabled(False)
        self.editor.edited.connect(self._save_edit)
        self.detail = QTabWidget()
        self.detail.setDocumentMode(True)
        self.detail.addTab(self.follow_up, "")
        self.detail.addTab(self.editor, "")
        # Beside the selected action's tabs, not on a row of its own under the table.
        self.detail.setCornerWidget(self.delete_button, Qt.Corner.TopRightCorner)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        # The height beyond the forms' own goes to the table (the forms do not grow with the window).
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        layout.addWidget(self.splitter, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        if detail_on_selection:
            self.detail.hide()
            escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table)
            escape.setContext(Qt.ShortcutContext.WidgetShortcut)
            escape.activated.connect(self.table.clearSelection)
        self._sized = False
        self._to_select: str | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._sized:  # at first: the forms as tall as they need, the table the rest
            self._sized = True
            self._fit_detail()

    def _fit_detail(self) -> None:
        detail = self.detail.minimumSizeHint().height()
        self.splitter.setSizes([max(self.splitter.height() - detail, 1), detail])

    def _show_detail(self, shown: bool) -> None:
        """With `detail_on_selection`: the selected action's part appears (as tall as its forms need, the
        selected row kept in sight) or goes, the table taking the height back."""
        if not self.detail_on_selection or shown == self.detail.isVisibleTo(self):
            return
        self.detail.setVisible(shown)
        if shown:
            self._fit_detail()
            current = self.table.currentIndex()
            if current.isValid():
                self.table.scrollTo(current)

    def select_when_shown(self, action_id: str) -> None:
        """Select this action once the rows that hold it arrive (one just added)."""
        self._to_select = action_id

    def show_rows(self, rows: list[ActionRow]) -> None:
        """Show these actions; the one selected stays selected (or the one just added is)."""
        selected = self._to_select or (self.follow_up.action.id if self.follow_up.action else None)
        self._to_select = None
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        else:
            self.follow_up.show_action(None)
            self._show_detail(False)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.rows[rows[0].row()] if rows else None
        self.message.show_text("")  # a refusal was about the action selected before
        self.follow_up.show_action(row)
        self.delete_button.setEnabled(bool(rows))
        self._show_detail(row is not None)
        if row is None:
            self.editing = None
            self.editor.setEnabled(False)
            return
        action_ops.get(row.id).success(self._show_action).run(self.ctx.worker)

    def _show_action(self, action: ActionView) -> None:
        if self.follow_up.action is None or self.follow_up.action.id != action.id:
            return  # another one was selected meanwhile
        self.editing = action
        self.editor.setEnabled(True)
        self.editor.set_editable(not self.locked, except_keys={"status"})
        self.editor.load_action(action)

    def set_choices(self, choices: Choices) -> None:
        """The organisations and dialogues the forms offer."""
        self.follow_up.set_choices(choices)
        self.editor.set_choices(choices)

    def _save_edit(self, key: str) -> None:
        """Save what was corrected: the status alone (monitoring, allowed after approval), or the action."""
        action = self.editing
        if action is None:
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.editor.show_problems(error)
            else:
                self.ctx.worker.show_failure(error, self.editor.general_error)

        if key == "status":
            status = member_of(ActionStatus, self.editor.values()["status"])
            work = action_ops.set_status(action.id, status)
        else:
            work = action_ops.update(action.id, replace(self.editor.corrected(action), status=action.status))
        work.success(lambda _r: self.editor.clear_problems()).failure(failed).run(self.ctx.worker)

    def delete_selected(self) -> None:
        """Delete the selected action (and its follow-ups), after asking."""
        action = self.follow_up.action
        if action is None:
            return
        text = _("Delete “{item}”?").format(item=pick(action.text_km, action.text_en))
        if not dialogs.confirm(
            self, _("Delete the action"), text + "\n" + _("Its follow-ups are deleted with it.")
        ):
            return
        action_ops.delete(action.id).success(lambda _r: self.message.show_text("")).shown_on(
            self.message
        ).run(self.ctx.worker)

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self.follow_up.retranslate_ui()
        self.editor.retranslate_ui()
        self.detail.setTabText(0, _("Follow-up"))
        self.detail.setTabText(1, _("Correct the action"))
        self.delete_button.setText(_("Delete the action"))
