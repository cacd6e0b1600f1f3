"""A list the registry edits in place: a searchable table on the left, the selected (or new) entry's form
on the right, Save and Delete under it (the organisations and indigenous groups panels are two). On a
laptop, Delete is off, with a tooltip saying why, for an entry the central office or another laptop added:
the office would refuse its deletion (the core service refuses it too)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.shared_lists import NOT_YOURS_TO_DELETE
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import ListModel
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.fields import ErrorLabel, show_validation
from dialogue_desktop.gui.widgets.table import make_table, stretch
from dialogue_desktop.gui.worker import Op


class ListEditor(QWidget):
    """A searchable table on the left, the selected (or new) entry's form on the right."""

    #: Emitted after a list was shown (tests wait on it).
    refreshed = Signal()

    def __init__(self, ctx: AppContext, model: ListModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = model
        self.editing_id: str | None = None
        self._restoring = False
        self.all_rows: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._filter())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.new_entry)
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.top = top  # subclasses add their filters here
        self.count = QLabel()
        self.count.setObjectName("quiet")
        layout.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = make_table(self)
        self.table.setModel(model)
        # Names take the spare width; the other columns keep a readable width (Khmer kinds are long).
        stretch(self.table, 1, fit_others=False)
        widths = {0: 16, 2: 7, 3: 16, 4: 10}  # in digits' widths
        for column in range(model.columnCount()):
            if column in widths:
                self.table.setColumnWidth(column, self.fontMetrics().horizontalAdvance("0") * widths[column])
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        splitter.addWidget(self.table)
        self.form_box = QGroupBox()
        self.form = QFormLayout(self.form_box)
        splitter.addWidget(self.form_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])
        layout.addWidget(splitter, 1)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete)
        self._delete_refused = False  # Delete is off for an entry added elsewhere (the tooltip says why)
        self.message = QLabel()
        self.message.setObjectName("saved")
        self.message.setWordWrap(True)
        self.general_error = ErrorLabel()

    def add_field(self, label: QLabel, widget: QWidget, error: ErrorLabel) -> None:
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(error)
        label.setBuddy(widget)
        self.form.addRow(label, box)
        if isinstance(widget, QLineEdit):
            widget.returnPressed.connect(self.save)

    def finish_form(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        self.form.addRow(buttons)
        self.form.addRow(self.message)
        self.form.addRow(self.general_error)

    # --- hooks ---------------------------------------------------------------------------------------

    def matches(self, row: Any, folded: str) -> bool:
        raise NotImplementedError

    def kept(self, row: Any) -> bool:
        """Whether the row passes the panel's own filters (besides the search)."""
        return True

    def fill(self, row: Any | None) -> None:
        """Put `row` (None: a new entry) in the form."""
        raise NotImplementedError

    def read(self) -> Op:
        """The operation reading the list's rows."""
        raise NotImplementedError

    def write(self) -> Op:
        """The operation saving the form (without callbacks)."""
        raise NotImplementedError

    def remove(self, entry_id: str) -> Op:
        """The operation deleting an entry (without callbacks)."""
        raise NotImplementedError

    def entry_name(self, row: Any) -> str:
        raise NotImplementedError

    def error_labels(self) -> dict[str, ErrorLabel]:
        raise NotImplementedError

    def count_text(self, n: int) -> str:
        raise NotImplementedError

    def deletable(self, row: Any) -> bool:
        """Whether this computer may delete the entry (its row says so; a new entry has nothing to delete)."""
        return bool(getattr(row, "deletable", True))

    # --- behaviour -----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.read().success(self._show).run(self.ctx.worker)

    def _show(self, rows: list[Any]) -> None:
        self.all_rows = rows
        self._filter()
        self.refreshed.emit()

    def _filter(self) -> None:
        from dialogue_desktop.core.domain.rules import fold_for_search

        folded = fold_for_search(self.search.text())
        rows = [r for r in self.all_rows if (not folded or self.matches(r, folded)) and self.kept(r)]
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if self.editing_id in ids:
            self._restoring = True  # a refresh must not overwrite what is being typed in the form
            self.table.selectRow(ids.index(self.editing_id))
            self._restoring = False
        self.count.setText(self.count_text(len(rows)))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self._restoring:
            return
        row = self.model.rows[rows[0].row()]
        if row.id != self.editing_id:
            self.message.setText("")
        self.editing_id = row.id
        self.fill(row)
        self._clear_errors()
        self.allow_delete(self.deletable(row))

    def new_entry(self) -> None:
        """An empty form for a new entry, the cursor in its first field."""
        self.table.clearSelection()
        self.editing_id = None
        self.fill(None)
        self._clear_errors()
        self.message.setText("")
        self.allow_delete(False, why=False)

    def allow_delete(self, allowed: bool, *, why: bool = True) -> None:
        """Delete on or off; off for an entry added elsewhere, the tooltip says why."""
        self.delete_button.setEnabled(allowed)
        self._delete_refused = not allowed and why
        self.retranslate_delete()

    def retranslate_delete(self) -> None:
        """The Delete button's text and tooltip in the current language."""
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_(NOT_YOURS_TO_DELETE) if self._delete_refused else "")

    def _clear_errors(self) -> None:
        for label in self.error_labels().values():
            label.show_text("")
        self.general_error.show_text("")

    def save(self) -> None:
        def done(entry_id: str) -> None:
            self.editing_id = entry_id
            self._clear_errors()
            self.message.setText(_("Saved."))
            # A new entry is this computer's; the list reloads from the change notice.
            row = next((r for r in self.model.rows if r.id == entry_id), None)
            self.allow_delete(row is None or self.deletable(row))

        def failed(error: BaseException) -> None:
            self.message.setText("")
            if isinstance(error, ValidationError):
                show_validation(error, self.error_labels(), self.general_error)
            else:
                self.ctx.worker.show_failure(error, self.general_error)

        self.write().success(done).failure(failed).run(self.ctx.worker)

    def delete(self) -> None:
        row = next((r for r in self.model.rows if r.id == self.editing_id), None)
        if row is None:
            return
        if not dialogs.confirm(self, _("Delete"), _("Delete “{item}”?").format(item=self.entry_name(row))):
            return

        def done(_result: object) -> None:
            self.new_entry()
            self.message.setText(_("Deleted"))

        self.remove(row.id).success(done).shown_on(self.general_error).run(self.ctx.worker)
