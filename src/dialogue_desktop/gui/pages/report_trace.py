"""The records behind a number of the Reports page: a side panel listing them, from which a dialogue opens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.gui.models.report_figures import Figure
from dialogue_desktop.gui.models.report_table import TracedRecord, TraceModel
from dialogue_desktop.gui.widgets.table import make_table, stretch


class TracePanel(QFrame):
    """The records behind the last clicked number; a dialogue can be opened from here."""

    open_dialogue = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.figure: Figure | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self._close)
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.count = QLabel()
        self.count.setObjectName("quiet")
        layout.addWidget(self.count)
        self.model = TraceModel(self)
        self.table = make_table(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setVisible(False)
        stretch(self.table, 0, fit_others=False)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.table.activated.connect(lambda _index: self._open())
        layout.addWidget(self.table, 1)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        self.open_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        layout.addWidget(self.open_button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.close_button.setText(_("Close"))
        self.open_button.setText(_("Open the dialogue"))
        self._show_texts()

    def _show_texts(self) -> None:
        if self.figure is None:
            self.title.setText(_("Click a bar or a number to see the records behind it."))
            self.count.setText("")
            return
        self.title.setText(self.figure.caption)
        people = sum(r.count for r in self.model.records)
        records = len(self.model.records)
        text = _("{n} records").format(n=format_number(records))
        if people != records:
            text = _("{n} records ({people} people, counted ones included)").format(
                n=format_number(records), people=format_number(people)
            )
        self.count.setText(text)

    def show_loading(self, figure: Figure) -> None:
        self.figure = figure
        self.model.set_records([])
        self.title.setText(figure.caption)
        self.count.setText(_("Looking up the records…"))

    def show_records(self, figure: Figure, records: list[TracedRecord]) -> None:
        self.figure = figure
        self.model.set_records(records)
        self._show_texts()
        self._selection_changed()

    def selected(self) -> TracedRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.records[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        record = self.selected()
        self.open_button.setEnabled(record is not None and record.dialogue_id is not None)

    def _open(self) -> None:
        record = self.selected()
        if record is not None and record.dialogue_id:
            self.open_dialogue.emit(record.dialogue_id)

    def _close(self) -> None:
        self.hide()
        self.closed.emit()
