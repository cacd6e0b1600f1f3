"""Agenda, needs raised, and discussion with decisions: ordered lists with an inline form to add to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields, replace
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import Sector
from dialogue_desktop.core.i18n import N_, _, format_number, n_
from dialogue_desktop.core.services import agenda as agenda_service
from dialogue_desktop.core.services import needs as needs_service
from dialogue_desktop.core.services.agenda import AgendaItemInput, AgendaItemView
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.needs import DecisionInput, DecisionView, NeedInput, NeedView
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import dialogues as dialogue_ops
from dialogue_desktop.gui.operations import records as record_ops
from dialogue_desktop.gui.operations.records import RecordKind
from dialogue_desktop.gui.pages.details import FocusOutText
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.text import pick, split_by_script
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.edit_form import EditForm
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel
from dialogue_desktop.gui.widgets.table import make_table, stretch


class RecordListTab(WorkspaceTab):
    """A table of the dialogue's records, an inline form under it (Enter adds), move and delete buttons,
    and the selected record's fields to correct it (each saved on leaving it)."""

    #: The operations on this tab's records (subclasses: one of gui/operations/records.py).
    records: RecordKind
    #: What the records' add and update operations take (its fields are named as in the views).
    input_type: type[Any]

    def __init__(
        self, ctx: AppContext, columns: Sequence[Column[Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.layout_ = QVBoxLayout(self)
        self.model: ListModel[Any] = ListModel(columns, self)
        self.table = make_table(self)
        self.table.setModel(self.model)
        stretch(self.table, self.stretch_column())
        self.layout_.addWidget(self.table, 1)
        tools = QHBoxLayout()
        self.up = QPushButton()
        self.down = QPushButton()
        self.delete = QPushButton()
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.delete.clicked.connect(self._delete)
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        tools.addWidget(self.summary, 1)
        if self.records.movable:
            tools.addWidget(self.up)
            tools.addWidget(self.down)
        tools.addWidget(self.delete)
        self.layout_.addLayout(tools)
        self.edit_box = QGroupBox()
        self.editor = EditForm()
        QVBoxLayout(self.edit_box).addWidget(self.editor)
        self.edit_box.setEnabled(False)
        self.editor.edited.connect(lambda _key: self.save_edit())
        self.layout_.addWidget(self.edit_box)
        self.form = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.layout_.addLayout(self.form)
        self.error = ErrorLabel()
        self.layout_.addWidget(self.error)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table).activated.connect(self._delete)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())

    def stretch_column(self) -> int:
        return 0

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({self.records.topic})

    # subclasses: what the form holds
    def form_data(self) -> Any:
        """The record typed in the form, as the records' add operation takes it."""
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        row = self.selected_row()
        selected = self.model.rows[row].id if row is not None else None
        self.model.set_rows(data)
        ids = [r.id for r in self.model.rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))  # the record just corrected stays selected
        self._selected()

    def retranslate_ui(self) -> None:
        self.up.setText(_("Move up"))
        self.down.setText(_("Move down"))
        self.delete.setText(_("Delete"))
        self.add_button.setText(_("Add"))
        self.edit_box.setTitle(_("Correct the selected one"))
        self.editor.retranslate_ui()
        self.model.retranslate()

    # --- correcting the selected record ------------------------------------------------------------------

    def selected_record(self) -> Any | None:
        row = self.selected_row()
        return self.model.rows[row] if row is not None else None

    def _selected(self) -> None:
        record = self.selected_record()
        locked = self.dialogue is None or self.dialogue.locked
        self.edit_box.setEnabled(record is not None and not locked)
        if record is not None:
            self.editor.load(asdict(record))

    def edited_input(self, record: Any) -> Any:
        """The record as saved, with the editor's fields in place of its own."""
        saved = self.input_type(
            **{f.name: getattr(record, f.name) for f in fields(self.input_type) if hasattr(record, f.name)}
        )
        return replace(saved, **self.editor.values())

    def save_edit(self) -> None:
        """Save the selected record with the corrected fields; a problem shows beside its field."""
        record = self.selected_record()
        if record is None or self.dialogue is None or self.dialogue.locked:
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.editor.show_problems(error)
            else:
                self.ctx.worker.default_failure(error)

        self.records.update(record.id, self.edited_input(record)).success(
            lambda _r: self.editor.clear_problems()
        ).failure(failed).run(self.ctx.worker)

    def reload(self) -> None:
        if self.dialogue is None:
            return
        locked = self.dialogue.locked
        for widget in (self.up, self.down, self.delete, self.add_button):
            widget.setEnabled(not locked)
        self.records.read(self.dialogue.id).success(self.show_data).run(self.ctx.worker)

    def add(self) -> None:
        if self.dialogue is None:
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.error.show_text(error.text())
            else:
                self.ctx.worker.default_failure(error)

        def done(_new_id: object) -> None:
            self.error.show_text("")
            self.clear_form()
            self.first_field().setFocus()

        self.records.add(self.dialogue_id(), self.form_data()).success(done).failure(failed).run(
            self.ctx.worker
        )

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _move(self, step: int) -> None:
        row = self.selected_row()
        if row is None or not self.records.movable:
            return
        target = row + step
        if not 0 <= target < len(self.model.rows):
            return
        record = self.model.rows[row]
        self.records.move(record.id, target).success(lambda _r: self.table.selectRow(target)).run(
            self.ctx.worker
        )

    def _delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        record = self.model.rows[row]
        if not dialogs.confirm(self, _("Delete"), _("Delete “{item}”?").format(item=self.describe(record))):
            return
        self.records.delete(record.id).run(self.ctx.worker)

    def describe(self, record: Any) -> str:
        return str(record.id)


def minutes_box() -> QSpinBox:
    """A planned duration in minutes, by steps of 5."""
    box = QSpinBox()
    box.setRange(0, agenda_service.MAX_MINUTES)
    box.setSingleStep(5)
    return box


class AgendaTab(RecordListTab):
    records = record_ops.AGENDA
    input_type = AgendaItemInput

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column[AgendaItemView]] = [
            Column(N_("No."), lambda r: format_number(r.position + 1), align_right=True),
            Column(N_("Item"), lambda r: pick(r.title_km, r.title_en)),
            Column(N_("Presenter"), lambda r: r.presenter),
            Column(N_("Minutes"), lambda r: format_number(r.duration_minutes), align_right=True),
        ]
        super().__init__(ctx, columns, parent)
        labels = agenda_service.LABELS
        self.editor.add_field("title_km", labels["title_km"], QLineEdit(), 0, 0, 3)
        self.editor.add_field("title_en", labels["title_en"], QLineEdit(), 0, 3, 3)
        self.editor.add_field("presenter", labels["presenter"], QLineEdit(), 0, 6, 2)
        self.editor.add_field("duration_minutes", labels["duration_minutes"], minutes_box(), 0, 8)
        self.title = QLineEdit()
        self.presenter = QLineEdit()
        self.duration = minutes_box()
        for line in (self.title, self.presenter):
            line.returnPressed.connect(self.add)
        self.duration_label = QLabel()
        self.form.addWidget(self.title, 3)
        self.form.addWidget(self.presenter, 2)
        self.form.addWidget(self.duration_label)
        self.form.addWidget(self.duration)
        self.form.addWidget(self.add_button)
        self.retranslate_ui()

    def stretch_column(self) -> int:
        return 1

    def tab_title(self) -> str:
        return _("Agenda")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setPlaceholderText(_("Agenda item"))
        self.presenter.setPlaceholderText(_("Presenter"))
        self.duration_label.setText(_("Minutes"))
        self._show_total()

    def show_data(self, data: Any) -> None:
        super().show_data(data)
        self._show_total()

    def _show_total(self) -> None:
        total = sum(r.duration_minutes for r in self.model.rows)
        hours, minutes = divmod(total, 60)
        text = n_("{n} minute", "{n} minutes", total).format(n=format_number(total))
        if hours:
            text += "  (" + _("{h} h {m} min").format(h=format_number(hours), m=format_number(minutes)) + ")"
        self.summary.setText(_("Total: {duration}").format(duration=text))

    def form_data(self) -> AgendaItemInput:
        km, latin = split_by_script(self.title.text())
        return AgendaItemInput(km, latin, self.presenter.text(), self.duration.value())

    def clear_form(self) -> None:
        self.title.clear()
        self.presenter.clear()
        self.duration.setValue(0)

    def first_field(self) -> QWidget:
        return self.title

    def describe(self, record: Any) -> str:
        return pick(record.title_km, record.title_en)


class NeedsTab(RecordListTab):
    records = record_ops.NEEDS
    input_type = NeedInput

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column[NeedView]] = [
            Column(N_("Need or issue"), lambda r: pick(r.text_km, r.text_en)),
            Column(N_("Sector"), lambda r: _(r.sector.label)),
            Column(N_("Raised by"), lambda r: r.raised_by),
        ]
        super().__init__(ctx, columns, parent)
        labels = needs_service.LABELS
        self.editor.add_field("text_km", labels["text_km"], QLineEdit(), 0, 0, 3)
        self.editor.add_field("text_en", labels["text_en"], QLineEdit(), 0, 3, 3)
        self.editor.add_field("sector", labels["sector"], EnumCombo(Sector), 0, 6)
        self.editor.add_field("raised_by", labels["raised_by"], QLineEdit(), 0, 7, 2)
        self.text = QLineEdit()
        self.sector = EnumCombo(Sector)
        self.sector.set_value(Sector.OTHER)
        self.raised_by = QLineEdit()
        for line in (self.text, self.raised_by):
            line.returnPressed.connect(self.add)
        self.form.addWidget(self.text, 3)
        self.form.addWidget(self.sector)
        self.form.addWidget(self.raised_by, 1)
        self.form.addWidget(self.add_button)
        self.retranslate_ui()

    def tab_title(self) -> str:
        return _("Needs")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.text.setPlaceholderText(_("A need or issue raised"))
        self.raised_by.setPlaceholderText(_("Raised by"))
        self.sector.retranslate_ui()
        self.summary.setText(_("Needs and issues raised"))

    def form_data(self) -> NeedInput:
        km, latin = split_by_script(self.text.text())
        return NeedInput(km, latin, self.sector.value() or Sector.OTHER, self.raised_by.text())

    def clear_form(self) -> None:
        self.text.clear()
        self.raised_by.clear()

    def first_field(self) -> QWidget:
        return self.text

    def describe(self, record: Any) -> str:
        return pick(record.text_km, record.text_en)


class DecisionsTab(RecordListTab):
    """The summary of the discussion (saved on leaving it) and the numbered decisions."""

    records = record_ops.DECISIONS
    input_type = DecisionInput

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column[DecisionView]] = [
            Column(N_("No."), lambda r: format_number(r.position + 1), align_right=True),
            Column(N_("Decision"), lambda r: pick(r.text_km, r.text_en)),
        ]
        super().__init__(ctx, columns, parent)
        self.editor.add_field("text_km", needs_service.LABELS["text_km"], QLineEdit(), 0, 0)
        self.editor.add_field("text_en", needs_service.LABELS["text_en"], QLineEdit(), 0, 1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("subheading")
        self.discussion = FocusOutText(self.save_summary)
        self.discussion.setMaximumHeight(self.fontMetrics().height() * 7)
        self.layout_.insertWidget(0, self.summary_label)
        self.layout_.insertWidget(1, self.discussion)
        self.text = QLineEdit()
        self.text.returnPressed.connect(self.add)
        self.form.addWidget(self.text, 1)
        self.form.addWidget(self.add_button)
        self.retranslate_ui()

    def stretch_column(self) -> int:
        return 1

    def tab_title(self) -> str:
        return _("Discussion and decisions")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.summary_label.setText(_("Summary of the discussion"))
        self.summary.setText(_("Decisions"))
        self.text.setPlaceholderText(_("A decision taken"))

    def set_dialogue(self, dialogue: Any) -> None:
        if not self.discussion.hasFocus():
            self.discussion.setPlainText(dialogue.discussion_summary)
        self.discussion.setReadOnly(dialogue.locked)
        super().set_dialogue(dialogue)

    def form_data(self) -> DecisionInput:
        km, latin = split_by_script(self.text.text())
        return DecisionInput(km, latin)

    def clear_form(self) -> None:
        self.text.clear()

    def first_field(self) -> QWidget:
        return self.text

    def describe(self, record: Any) -> str:
        return pick(record.text_km, record.text_en)

    def save_summary(self) -> None:
        dialogue = self.dialogue
        if dialogue is None or dialogue.locked:
            return
        text = self.discussion.toPlainText()
        if text.strip() == dialogue.discussion_summary:
            return
        dialogue_ops.save_field(dialogue.id, "discussion_summary", text).run(self.ctx.worker)

    def commit_edits(self) -> None:
        self.save_summary()
