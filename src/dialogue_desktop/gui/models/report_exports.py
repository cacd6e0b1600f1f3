"""The exports made from this database, newest first, as a table: when, what, who, and how it ended."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from dialogue_desktop.core.i18n import N_, _, format_date, format_datetime, format_number
from dialogue_desktop.core.reports.export_log import ExportEntry, period_of
from dialogue_desktop.core.services.places import place_name

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (N_("When"), N_("What"), N_("Covering"), N_("Small counts"), N_("By"), N_("Outcome"))
FORMATS = {"xlsx": N_("Workbook (XLSX)"), "csv": N_("CSV files"), "pdf": N_("PDF report")}
OUTCOMES = {
    "started": N_("Not finished"),
    "written": N_("Saved"),
    "failed": N_("Failed"),
    "cancelled": N_("Cancelled"),
}


def _what(entry: ExportEntry) -> str:
    text = _(FORMATS.get(entry.format, entry.format))
    return _("{format}, with names").format(format=text) if entry.personal_data else text


def _covering(entry: ExportEntry) -> str:
    start, end = period_of(entry)
    if start or end:
        period = _("{start} to {end}").format(
            start=format_date(start, style="short") if start else "…",
            end=format_date(end, style="short") if end else "…",
        )
    else:
        period = _("all dates")
    province = entry.filters.get("province")
    return f"{period} · {place_name(province) if province else _('every province')}"


def _small_counts(entry: ExportEntry) -> str:
    if not entry.min_count:
        return _("All shown")
    return _("Below {n} hidden").format(n=format_number(entry.min_count))


def _by(entry: ExportEntry) -> str:
    who = [part for part in (entry.device_name, entry.os_user) if part]
    text = " · ".join(who) or _("Unknown")
    return f"{text} ({_('command line')})" if entry.via == "cli" else text


class ExportLogModel(QAbstractTableModel):
    """Rows of :class:`ExportEntry`, texts in the current language (read again at each language change)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ExportEntry] = []

    def set_entries(self, entries: list[ExportEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def retranslate(self) -> None:
        """Texts in the new language."""
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def text(self, row: int, column: int) -> str:
        """The text of a cell."""
        entry = self.entries[row]
        if column == 0:
            return format_datetime(entry.made_at.astimezone())  # stored in UTC, shown in local time
        if column == 1:
            return _what(entry)
        if column == 2:
            return _covering(entry)
        if column == 3:
            return _small_counts(entry)
        if column == 4:
            return _by(entry)
        return _(OUTCOMES.get(entry.outcome, entry.outcome))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None
