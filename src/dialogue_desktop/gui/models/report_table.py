"""Table models of the Reports page: the indicator table (one row per province, quarter or kind) and the
list of records behind a figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.gui.models.report_figures import (
    TABLE_COLUMNS,
    Column,
    Figure,
    RowBundle,
    cell_figure,
    format_value,
    table_rows,
)

Index = QModelIndex | QPersistentModelIndex
#: The raw value of a cell (a count or a share 0–1), for tests and sorting.
ValueRole = Qt.ItemDataRole.UserRole
#: The `Figure` behind a cell.
FigureRole = Qt.ItemDataRole.UserRole + 1

ROW_HEADER = N_("Breakdown")
PENDING = "…"  # a figure still being computed (no words: the same in every language)


class IndicatorTableModel(QAbstractTableModel):
    """The total row first, then one row per key of the chosen breakdown; column 0 names the row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = TABLE_COLUMNS
        self.rows: list[RowBundle] = []
        self._indicators: Indicators | None = None
        self.dimension = "province"

    def set_indicators(self, indicators: Indicators | None, dimension: str | None = None) -> None:
        """Show these indicators (None: nothing), broken down by `dimension` (unchanged when None)."""
        self.beginResetModel()
        self._indicators = indicators
        if dimension is not None:
            self.dimension = dimension
        self.rows = table_rows(indicators, self.dimension) if indicators is not None else []
        self.endResetModel()

    def retranslate(self) -> None:
        """Row labels and headers again in the current language."""
        self.set_indicators(self._indicators)

    # --- Qt ------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def _pending(self, row: RowBundle, spec: Column) -> bool:
        """Whether the cell waits for the unique participants of the breakdown rows (computed after the
        headline: see `compute_indicators`)."""
        indicators = self._indicators
        return (
            spec.indicator == "participants"
            and row.dimension != "total"
            and indicators is not None
            and not indicators.unique_breakdowns
        )

    def figure(self, index: Index) -> Figure | None:
        """The figure behind a cell (None for the row names)."""
        if not index.isValid() or index.column() == 0:
            return None
        return cell_figure(self.rows[index.row()], self.columns[index.column() - 1])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.label
            if role == Qt.ItemDataRole.FontRole and row.dimension == "total":
                font = QFont()
                font.setBold(True)
                return font
            return None
        spec = self.columns[column - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            if self._pending(row, spec):
                return PENDING
            return format_value(spec.value(row), spec.kind)
        if role == ValueRole:
            return float(spec.value(row))
        if role == FigureRole:
            return self.figure(index)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Click to list the records behind this number")
        if role == Qt.ItemDataRole.FontRole and row.dimension == "total":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            tooltip = self.columns[section - 1].tooltip if 0 < section < self.columnCount() else ""
            return _(tooltip) if tooltip else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return format_number(section + 1)
        if not 0 <= section < self.columnCount():
            return None
        return _(ROW_HEADER) if section == 0 else _(self.columns[section - 1].header)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class TracedRecord:
    """A record behind a figure, with the dialogue it belongs to (None for a person)."""

    table: str
    id: str
    label: str
    dialogue_id: str | None
    count: int = 1


class TraceModel(QAbstractTableModel):
    """The records behind one figure: one column, the record's label."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.records: list[TracedRecord] = []

    def set_records(self, records: Sequence[TracedRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return record.label
        if role == ValueRole:
            return record.dialogue_id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return format_number(section + 1)
        return _("Record") if section == 0 else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
