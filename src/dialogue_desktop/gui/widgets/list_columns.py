"""The import dialog's row of columns: each header of the list with what it holds, chosen by hand if need be.

A list exported from KoboToolbox, Google Forms or Excel has headers the app does not know: the facilitator
says here which column holds the Khmer name, the phone... One file column per kind of content.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QScrollArea, QWidget

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.services.importing import COLUMN_LABELS

_NOT_USED = ""


class ColumnMapping(QScrollArea):
    """A label and a choice of content per column of the list's first sheet (scrolls sideways)."""

    #: The facilitator chose what a column holds (the other combos already made consistent).
    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QWidget()
        self.grid = QGridLayout(self.box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setRowStretch(2, 1)  # spare height below the combos, never squeezing them
        self.setWidgetResizable(True)
        self.setWidget(self.box)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.combos: list[QComboBox] = []
        self.labels: list[QLabel] = []

    def build(self, headers: tuple[str, ...]) -> None:
        """One label and combo per header (in the current language), replacing the previous ones."""
        for widget in self.combos + self.labels:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.combos, self.labels = [], []
        for index, header in enumerate(headers):
            label = QLabel(header or _("Column {n}").format(n=format_number(index + 1)))
            label.setObjectName("quiet")
            label.setProperty("header", header)
            combo = QComboBox()
            combo.addItem(_("(not used)"), _NOT_USED)
            for column, text in COLUMN_LABELS.items():
                combo.addItem(_(text), column)
            combo.activated.connect(lambda _i, index=index: self._picked(index))
            self.grid.addWidget(label, 0, index)
            self.grid.addWidget(combo, 1, index)
            self.labels.append(label)
            self.combos.append(combo)
        # Tall enough for a label and a combo as the style sheet draws them (Khmer lines are taller), and the
        # scroll bar: sizes are only right once the widgets are polished.
        for widget in self.combos + self.labels:
            widget.ensurePolished()
        self.grid.invalidate()
        self.grid.activate()
        scroll = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(self.box.sizeHint().height() + scroll + 8)

    def retranslate_ui(self) -> None:
        """The choices and the unnamed columns' labels in the current language (the choices are kept)."""
        for index, (label, combo) in enumerate(zip(self.labels, self.combos, strict=True)):
            if not label.property("header"):
                label.setText(_("Column {n}").format(n=format_number(index + 1)))
            combo.setItemText(0, _("(not used)"))
            for item, text in enumerate(COLUMN_LABELS.values(), start=1):
                combo.setItemText(item, _(text))

    def set_columns(self, columns: dict[str, int]) -> None:
        """Show `columns` (column name → index in the file) in the combos."""
        by_index = {index: column for column, index in columns.items()}
        for index, combo in enumerate(self.combos):
            combo.setCurrentIndex(max(combo.findData(by_index.get(index, _NOT_USED)), 0))

    def columns(self) -> dict[str, int]:
        """Column name (``name_km``...) → index in the file, as the combos say."""
        return {combo.currentData(): index for index, combo in enumerate(self.combos) if combo.currentData()}

    def choose(self, index: int, column: str) -> None:
        """Say that the file's column `index` holds `column` (``""``: not used), as a click would."""
        combo = self.combos[index]
        combo.setCurrentIndex(max(combo.findData(column), 0))
        self._picked(index)

    def _picked(self, index: int) -> None:
        picked = self.combos[index].currentData()
        for other, combo in enumerate(self.combos):
            if other != index and picked and combo.currentData() == picked:
                combo.setCurrentIndex(0)  # one file column per kind of content
        self.chosen.emit()
