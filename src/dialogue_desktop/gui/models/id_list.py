"""A table over an ordered id list whose rows are built lazily, a block at a time (Anki's browser model).

The page asks the core for the ordered ids (search and sort in SQL) and calls `set_ids`; rows are read on
the worker thread, by the operation the page names (one of gui/operations/), when they first come into
view, cached, and shown with `dataChanged`. Until a row
arrives its cells show an ellipsis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from dialogue_desktop.core.i18n import _
from dialogue_desktop.gui.worker import DbWorker, Op

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

BLOCK = 100  # rows read at once
PENDING = "…"


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column: its header (msgid, translated when shown) and how to show a row's value."""

    header: str
    text: Callable[[R], str]
    align_right: bool = False


class ColumnsModel(QAbstractTableModel, Generic[R]):
    """What both table models share: columns with translated headers, alignment and row colours."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        #: Optional: a background colour per row (e.g. overdue actions).
        self.highlight: Callable[[R], QColor | None] | None = None

    def row_total(self) -> int:
        """How many rows the model has."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.row_total():
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def valid(self, index: Index) -> bool:
        """The index is a cell of this table."""
        return (
            index.isValid()
            and 0 <= index.row() < self.row_total()
            and 0 <= index.column() < len(self.columns)
        )

    def styled(self, row: R | None, column: Column[R], role: int) -> Any:
        """Alignment and row colour (roles other than the text)."""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and row is not None:
            return column.text(row) or None  # the whole text of a cell elided in a narrow column
        if role == Qt.ItemDataRole.BackgroundRole and row is not None and self.highlight is not None:
            colour = self.highlight(row)
            return QBrush(colour) if colour is not None else None
        return None

    def retranslate(self) -> None:
        """Headers and texts again in the current language."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.row_total():
            self.dataChanged.emit(self.index(0, 0), self.index(self.row_total() - 1, len(self.columns) - 1))


class IdListModel(ColumnsModel[R]):
    """Rows for an ordered list of ids, read in blocks by the operation `fetch(ids)` (its result: the rows)."""

    def __init__(
        self,
        worker: DbWorker,
        columns: Sequence[Column[R]],
        fetch: Callable[[Sequence[str]], Op],
        row_id: Callable[[R], str],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self.worker = worker
        self._fetch = fetch
        self._row_id = row_id
        self.ids: list[str] = []
        self._cache: dict[str, R] = {}
        self._requested: set[str] = set()
        self._wanted: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fetch_wanted)

    # --- the id list ---------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[str], *, keep_cache: bool = True) -> None:
        """Show these ids, in this order."""
        self.beginResetModel()
        self.ids = list(ids)
        if not keep_cache:
            self._cache.clear()
        self._requested.clear()
        self._wanted.clear()
        self.endResetModel()

    def remember_rows(self, rows: Sequence[R]) -> None:
        """Rows read already (the list kept from the last session): shown without asking the worker."""
        for row in rows:
            self._cache[self._row_id(row)] = row

    def invalidate(self) -> None:
        """Forget the cached rows (after a change); visible rows are read again."""
        self._cache.clear()
        self._requested.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.columns) - 1))

    def row(self, number: int) -> R | None:
        """The row at `number` if it was read already."""
        if 0 <= number < len(self.ids):
            return self._cache.get(self.ids[number])
        return None

    def id_at(self, number: int) -> str | None:
        return self.ids[number] if 0 <= number < len(self.ids) else None

    def loaded(self) -> bool:
        """True when no rows are waiting to be read."""
        return not self._requested and not self._wanted

    # --- Qt model ------------------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self._cache.get(self.ids[index.row()])
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                self._want(index.row())
                return PENDING
            return column.text(row)
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[index.row()]
        return self.styled(row, column, role)

    # --- lazy reading --------------------------------------------------------------------------------

    def _want(self, number: int) -> None:
        self._wanted.add(number)
        if not self._timer.isActive():
            self._timer.start()

    def _fetch_wanted(self) -> None:
        if not self._wanted:
            return
        first, last = min(self._wanted), max(self._wanted)
        self._wanted.clear()
        start = max(0, first - BLOCK // 4)
        end = min(len(self.ids), max(last + 1, start + BLOCK))
        ids = [i for i in self.ids[start:end] if i not in self._cache and i not in self._requested]
        if not ids:
            return
        self._requested.update(ids)

        def arrived(rows: Sequence[R]) -> None:
            self._arrived(ids, rows)

        self._fetch(ids).success(arrived).run(self.worker)

    def _arrived(self, ids: list[str], rows: Sequence[R]) -> None:
        self._requested.difference_update(ids)
        for row in rows:
            self._cache[self._row_id(row)] = row
        positions = {i: n for n, i in enumerate(self.ids)}
        numbers = [positions[i] for i in ids if i in positions]
        if numbers:
            self.dataChanged.emit(
                self.index(min(numbers), 0), self.index(max(numbers), len(self.columns) - 1)
            )


class ListModel(ColumnsModel[R]):
    """A small table whose rows are all in memory (agenda, recent arrivals, voices...)."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        return self.styled(row, column, role)
