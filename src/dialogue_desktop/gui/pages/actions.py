"""Agreed actions: the tracker across all dialogues (filters, overdue highlighted) and a dialogue's own
actions tab; both add follow-up updates to the selected action."""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import N_, _, format_date, format_percent, n_
from dialogue_desktop.core.services.actions import (
    LABELS,
    ActionInput,
    ActionView,
    FollowUpInput,
    FollowUpView,
)
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.listing import ActionFilters, ActionRow
from dialogue_desktop.core.services.places import provinces
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import actions as action_ops
from dialogue_desktop.gui.operations.actions import Choices
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.dates import DateEdit
from dialogue_desktop.gui.widgets.edit_form import CheckList, EditForm, OptionalDate
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, member_of, show_validation
from dialogue_desktop.gui.widgets.table import make_table, stretch

OVERDUE = QColor("#fde2e2")


class ActionForm(EditForm):
    """Every field of an agreed action, the same for adding one (at the dialogue) and correcting one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.responsible = QComboBox()
        self.responsible.setMinimumContentsLength(14)
        self.responsible.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.supporters = CheckList()
        self.add_field("text_km", LABELS["text_km"], QLineEdit(), 0, 0, 3)
        self.add_field("text_en", LABELS["text_en"], QLineEdit(), 0, 3, 3)
        self.add_field(
            "responsible_organisation_id", LABELS["responsible_organisation_id"], self.responsible, 0, 6, 2
        )
        self.add_field("responsible_person", LABELS["responsible_person"], QLineEdit(), 0, 8, 2)
        self.add_field(
            "deadline", LABELS["deadline"], OptionalDate(QDate.currentDate().addMonths(3)), 1, 0, 2
        )
        self.add_field("indicator", LABELS["indicator"], QLineEdit(), 1, 2, 4)
        self.add_field("status", LABELS["status"], EnumCombo(ActionStatus), 1, 6, 2)
        self.add_field("supporter_ids", LABELS["supporters"], self.supporters, 1, 8, 2)
        self.errors["supporters"] = self.errors["supporter_ids"]  # the core names the field so
        self._choices = Choices([], [])

    def line_edits(self) -> list[QLineEdit]:
        """The text fields (Enter in one of them adds the action)."""
        return [w for w in self.fields.values() if isinstance(w, QLineEdit)]

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.set_choices(self._choices)

    def set_choices(self, choices: Choices) -> None:
        """The organisations offered as responsible and as supporters."""
        self._choices = choices
        current = self.responsible.currentData()
        self.responsible.blockSignals(True)
        self.responsible.clear()
        self.responsible.addItem(_("Responsible organisation…"), None)
        for organisation_id, text in choices.organisations:
            self.responsible.addItem(text, organisation_id)
        self.responsible.setCurrentIndex(max(self.responsible.findData(current), 0))
        self.responsible.blockSignals(False)
        self.supporters.set_choices(choices.organisations)

    def data(self) -> ActionInput:
        """The action as typed."""
        return ActionInput(**self.values())

    def load_action(self, action: ActionView) -> None:
        """Show a saved action."""
        values = asdict(action)
        values["supporter_ids"] = action.supporter_ids
        self.load(values)

    def corrected(self, action: ActionView) -> ActionInput:
        """The saved action with the form's fields in place of its own (links to needs and decisions kept)."""
        saved = ActionInput(
            **{f.name: getattr(action, f.name) for f in fields(ActionInput) if f.name != "supporter_ids"}
        )
        return replace(saved, **self.values())


def action_columns(with_dialogue: bool) -> list[Column[ActionRow]]:
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


class FollowUpPanel(QGroupBox):
    """The follow-ups of the selected action, and a form to add one (Enter in the note adds it)."""

    added = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.action: ActionRow | None = None
        self.default_dialogue_id: str | None = None
        layout = QVBoxLayout(self)
        self.history: ListModel[FollowUpView] = ListModel(
            [
                Column(N_("Date"), lambda f: format_date(f.date, style="short")),
                Column(N_("Status"), lambda f: _(f.status.label)),
                Column(N_("Progress"), lambda f: format_percent(f.progress_percent / 100), align_right=True),
                Column(N_("Note"), lambda f: f.note),
            ],
            self,
        )
        self.table = make_table(self)
        self.table.setModel(self.history)
        stretch(self.table, 3)
        # A few follow-ups in sight, the rest scroll: the actions table above gets the height.
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 4)
        layout.addWidget(self.table, 1)
        grid = QGridLayout()
        self.date = DateEdit(QDate.currentDate())
        self.status = EnumCombo(ActionStatus)
        self.status.set_value(ActionStatus.IN_PROGRESS)
        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSingleStep(10)
        self.progress.setSuffix(" %")
        self.where = QComboBox()
        # Dialogue titles are long (in Khmer above all): elided, never widening the window.
        self.where.setMinimumContentsLength(24)
        self.where.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.visit = QLineEdit()
        self.note = QLineEdit()
        self.note.returnPressed.connect(self.add)
        self.visit.returnPressed.connect(self.add)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.labels = [QLabel() for _ in range(6)]
        for column, (label, widget) in enumerate(
            zip(self.labels[:3], (self.date, self.status, self.progress), strict=True)
        ):
            grid.addWidget(label, 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        # Two rows, not three: the actions table above keeps its height on a laptop screen.
        grid.addWidget(self.labels[5], 0, 6)
        grid.addWidget(self.note, 0, 7)
        grid.addWidget(self.labels[3], 1, 0)
        grid.addWidget(self.where, 1, 1, 1, 3)
        grid.addWidget(self.labels[4], 1, 4)
        grid.addWidget(self.visit, 1, 5, 1, 2)
        grid.addWidget(self.add_button, 1, 7)
        grid.setColumnStretch(7, 1)
        layout.addLayout(grid)
        self.errors = {
            key: ErrorLabel()
            for key in ("date", "status", "progress_percent", "note", "visit", "dialogue_id")
        }
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self._choices = Choices([], [])
        self.retranslate_ui()
        self.setEnabled(False)

    def retranslate_ui(self) -> None:
        self.history.retranslate()
        self.status.retranslate_ui()
        for label, text in zip(
            self.labels,
            (_("Date"), _("Status"), _("Progress"), _("Reported at"), _("or visit"), _("Note")),
            strict=True,
        ):
            label.setText(text)
        self.visit.setPlaceholderText(_("e.g. visit to the health centre"))
        self.add_button.setText(_("Add follow-up"))
        self._show_title()
        self.set_choices(self._choices)

    def _show_title(self) -> None:
        if self.action is None:
            self.setTitle(_("Follow-up: choose an action above"))
        else:
            self.setTitle(
                _("Follow-up of: {action}").format(action=pick(self.action.text_km, self.action.text_en))
            )

    def set_choices(self, choices: Choices) -> None:
        self._choices = choices
        current = self.where.currentData() or self.default_dialogue_id
        self.where.clear()
        self.where.addItem(_("A visit (describe it)"), None)
        for dialogue_id, text in choices.dialogues:
            self.where.addItem(text, dialogue_id)
        self.where.setCurrentIndex(max(self.where.findData(current), 0))

    def show_action(self, action: ActionRow | None) -> None:
        self.action = action
        self._show_title()
        self.setEnabled(action is not None)
        if action is None:
            self.history.set_rows([])
            return
        self.status.set_value(
            ActionStatus.IN_PROGRESS if action.status == ActionStatus.AGREED else action.status
        )
        if action.latest_follow_up is not None:
            self.progress.setValue(action.latest_follow_up.progress_percent)
        action_ops.follow_ups(action.id).success(self.history.set_rows).run(self.ctx.worker)

    def add(self) -> None:
        if self.action is None:
            return
        data = FollowUpInput(
            date=self.date.date().toPython(),  # type: ignore[arg-type]
            status=self.status.value() or ActionStatus.IN_PROGRESS,
            progress_percent=self.progress.value(),
            note=self.note.text(),
            dialogue_id=self.where.currentData(),
            visit=self.visit.text(),
        )

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                show_validation(error, self.errors, self.error)
                self.error.show_text(error.text())
            else:
                self.ctx.worker.default_failure(error)

        def done(_id: str) -> None:
            self.error.show_text("")
            self.note.clear()
            self.visit.clear()
            self.added.emit()

        action_ops.add_follow_up(self.action.id, data).success(done).failure(failed).run(self.ctx.worker)


class ActionsPanel(QWidget):
    """A table of actions above the selected one: its fields to correct (each saved on leaving it) and its
    follow-ups."""

    def __init__(self, ctx: AppContext, with_dialogue: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        self._sized = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._sized:  # at first: the forms as tall as they need, the table the rest
            self._sized = True
            detail = self.detail.minimumSizeHint().height()
            self.splitter.setSizes([max(self.splitter.height() - detail, 1), detail])

    def show_rows(self, rows: list[ActionRow]) -> None:
        selected = self.follow_up.action.id if self.follow_up.action else None
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        else:
            self.follow_up.show_action(None)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.rows[rows[0].row()] if rows else None
        self.follow_up.show_action(row)
        self.delete_button.setEnabled(bool(rows))
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
                self.ctx.worker.default_failure(error)

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
        action_ops.delete(action.id).run(self.ctx.worker)

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self.follow_up.retranslate_ui()
        self.editor.retranslate_ui()
        self.detail.setTabText(0, _("Follow-up"))
        self.detail.setTabText(1, _("Correct the action"))
        self.delete_button.setText(_("Delete the action"))


class ActionsPage(Page):
    """The tracker of every agreed action."""

    key = "actions"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        layout.addWidget(self.heading)
        filters = QHBoxLayout()
        self.status = EnumCombo(ActionStatus, empty=N_("Every status"))
        self.organisation = QComboBox()
        self.organisation.setMinimumContentsLength(20)
        self.province = QComboBox()
        self.overdue = QCheckBox()
        for combo in (self.status, self.organisation, self.province):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue.toggled.connect(lambda _on: self.reload())
        filters.addWidget(self.status)
        filters.addWidget(self.organisation, 1)
        filters.addWidget(self.province)
        filters.addWidget(self.overdue)
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self._export_report)
        filters.addWidget(self.report_button)
        layout.addLayout(filters)
        self.count = QLabel()
        self.count.setObjectName("quiet")
        layout.addWidget(self.count)
        self.panel = ActionsPanel(ctx, with_dialogue=True)
        layout.addWidget(self.panel, 1)
        self._choices = Choices([], [])
        self.retranslate_ui()

    def title(self) -> str:
        return _("Actions")

    def _export_report(self) -> None:
        from dialogue_desktop.gui.pages.minutes import export_action_report

        export_action_report(self.ctx, self, self.filters())

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.ACTIONS, Topic.DIALOGUES, Topic.ORGANISATIONS})

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Agreed actions"))
        self.status.retranslate_ui()
        self.overdue.setText(_("Only overdue"))
        self.report_button.setText(_("Action report (PDF)…"))
        current = self.province.currentData()
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem(_("Every province"), None)
        for place in provinces():
            self.province.addItem(place.name(), place.code)
        self.province.setCurrentIndex(max(self.province.findData(current), 0))
        self.province.blockSignals(False)
        self._fill_organisations()
        self.panel.retranslate_ui()
        self._show_count()

    def _fill_organisations(self) -> None:
        current = self.organisation.currentData()
        self.organisation.blockSignals(True)
        self.organisation.clear()
        self.organisation.addItem(_("Every responsible organisation"), None)
        for organisation_id, text in self._choices.organisations:
            self.organisation.addItem(text, organisation_id)
        self.organisation.setCurrentIndex(max(self.organisation.findData(current), 0))
        self.organisation.blockSignals(False)

    def filters(self) -> ActionFilters:
        status = self.status.value()
        return ActionFilters(
            status=member_of(ActionStatus, status) if status else None,
            responsible_organisation_id=self.organisation.currentData(),
            province_code=self.province.currentData(),
            overdue=self.overdue.isChecked(),
        )

    def reload(self) -> None:
        action_ops.listed(self.filters()).success(self._show).run(self.ctx.worker)
        action_ops.read_choices().success(self._show_choices).run(self.ctx.worker)

    def _show(self, rows: list[ActionRow]) -> None:
        self.panel.show_rows(rows)
        self._show_count()

    def _show_choices(self, choices: Choices) -> None:
        self._choices = choices
        self._fill_organisations()
        self.panel.set_choices(choices)

    def _show_count(self) -> None:
        rows = self.panel.model.rows
        overdue = sum(1 for r in rows if r.overdue)
        from dialogue_desktop.core.i18n import format_number

        self.count.setText(
            n_("{n} action, {overdue} overdue", "{n} actions, {overdue} overdue", len(rows)).format(
                n=format_number(len(rows)), overdue=format_number(overdue)
            )
        )


class DialogueActionsTab(WorkspaceTab):
    """The actions agreed in one dialogue: add them with every field (Enter adds), correct and follow them up."""

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.ACTIONS, Topic.ORGANISATIONS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.form = ActionForm()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        for line in self.form.line_edits():
            line.returnPressed.connect(self.add)
        self.form.grid.addWidget(self.add_button, 1, 10, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.form)
        self.panel = ActionsPanel(ctx, with_dialogue=False)
        layout.addWidget(self.panel, 1)
        self.retranslate_ui()

    def tab_title(self) -> str:
        return _("Actions")

    def first_field(self) -> QWidget:
        """Where typing a new action starts."""
        return self.form.fields["text_km"]

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("Add"))
        self.form.retranslate_ui()
        self.panel.retranslate_ui()

    def reload(self) -> None:
        if self.dialogue is None:
            return
        self.panel.follow_up.default_dialogue_id = self.dialogue.id
        self.panel.locked = self.dialogue.locked
        self.form.setEnabled(not self.dialogue.locked)
        self.add_button.setEnabled(not self.dialogue.locked)
        action_ops.listed(ActionFilters(dialogue_id=self.dialogue.id)).success(self.panel.show_rows).run(
            self.ctx.worker
        )
        action_ops.read_choices().success(self._show_choices).run(self.ctx.worker)

    def _show_choices(self, choices: Choices) -> None:
        self.form.set_choices(choices)
        self.panel.set_choices(choices)

    def add(self) -> None:
        """Add the action typed in the form; its problems show beside their fields."""
        if self.dialogue is None:
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.form.show_problems(error)
            else:
                self.ctx.worker.default_failure(error)

        def done(_id: str) -> None:
            self.form.clear_problems()
            self.form.clear()
            self.form.supporters.set_value(())
            self.first_field().setFocus()

        action_ops.create(self.dialogue.id, self.form.data()).success(done).failure(failed).run(
            self.ctx.worker
        )


def today() -> date:
    return date.today()
