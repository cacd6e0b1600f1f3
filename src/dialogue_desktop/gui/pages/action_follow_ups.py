"""The follow-ups of the selected action and the form to add one (under the actions table)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import N_, _, format_date, format_percent
from dialogue_desktop.core.services.actions import FollowUpInput, FollowUpView
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.listing import ActionRow
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import actions as action_ops
from dialogue_desktop.gui.operations.actions import Choices
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.widgets.dates import DateEdit
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, show_validation
from dialogue_desktop.gui.widgets.table import make_table, stretch


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
                self.ctx.worker.show_failure(error, self.error)

        def done(_id: str) -> None:
            self.error.show_text("")
            self.note.clear()
            self.visit.clear()
            self.added.emit()

        action_ops.add_follow_up(self.action.id, data).success(done).failure(failed).run(self.ctx.worker)
