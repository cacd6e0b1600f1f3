"""The base of a dialogue's ordered-records tabs (agenda, needs, decisions): a table, an inline form under
it (Enter adds), move and delete buttons, and the selected record's fields to correct it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields, replace
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations.records import RecordKind
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.edit_form import EditForm
from dialogue_desktop.gui.widgets.fields import ErrorLabel
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
            else:  # e.g. approved on another laptop meanwhile: said under the form
                self.ctx.worker.show_failure(error, self.editor.general_error)

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

        def done(_new_id: object) -> None:
            self.error.show_text("")
            self.clear_form()
            self.first_field().setFocus()

        self.records.add(self.dialogue_id(), self.form_data()).success(done).shown_on(self.error).run(
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

        def moved(_result: object) -> None:
            self.error.show_text("")
            self.table.selectRow(target)

        self.records.move(record.id, target).success(moved).shown_on(self.error).run(self.ctx.worker)

    def _delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        record = self.model.rows[row]
        if not dialogs.confirm(self, _("Delete"), _("Delete “{item}”?").format(item=self.describe(record))):
            return
        self.records.delete(record.id).success(lambda _r: self.error.show_text("")).shown_on(self.error).run(
            self.ctx.worker
        )

    def describe(self, record: Any) -> str:
        return str(record.id)
