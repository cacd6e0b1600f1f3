"""Reports: the indicators for a filter (headline first, unique participants after), the records behind a
figure, the exports and their log, and the minimum count of exports (a setting).

An export is an :class:`ExportJob`: its data gathered on the database worker (and the export recorded in
the export log, in that unit of work), its file written on the printing thread with progress, cancellable
until the file is in place; its outcome is then recorded. A cancelled or failed export leaves no file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from dialogue_desktop.core.i18n import format_date
from dialogue_desktop.core.reports import export_log, suppression
from dialogue_desktop.core.reports.export_log import ExportEntry
from dialogue_desktop.core.reports.exporting import ExportData, ExportRequest, gather_export, write_export
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators, add_unique_breakdowns, compute_indicators
from dialogue_desktop.core.reports.output import CancelToken
from dialogue_desktop.core.reports.trace import trace
from dialogue_desktop.core.services.youth import youth_ages
from dialogue_desktop.gui.models.report_figures import Figure
from dialogue_desktop.gui.models.report_table import TracedRecord
from dialogue_desktop.gui.render import PrintJob
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import DbWorker, Op, op


def _compute(session: Any, report: ReportFilter, today: date) -> Indicators:
    return compute_indicators(
        session, replace(report, youth_ages=youth_ages(session)), today, unique_breakdowns=False
    )


def compute(report: ReportFilter, today: date) -> Op:
    """The headline indicators for `report`, with this store's youth age range: all but the unique
    participants by province, kind, level and quarter, which :func:`complete` adds (they take longer)."""
    return op(_compute, report, today)


def complete(indicators: Indicators) -> Op:
    """`indicators` with the unique participants of every breakdown row."""
    return op(add_unique_breakdowns, indicators)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _local_date(match: re.Match[str]) -> str:
    """An ISO date in a trace label, in the current language's short form (Khmer digits in Khmer)."""
    return format_date(date(int(match[1]), int(match[2]), int(match[3])), style="short")


def _trace_records(session: Any, figure: Figure, indicators: Indicators) -> list[TracedRecord]:
    items = trace(session, figure.indicator, figure.cell, indicators.filter, indicators.today)
    return [
        TracedRecord(
            item.table, item.id, _ISO_DATE.sub(_local_date, item.label), item.dialogue_id, item.count
        )
        for item in items
    ]


def trace_records(figure: Figure, indicators: Indicators) -> Op:
    """The records behind `figure`, each with the dialogue to open and its dates in the current language."""
    return op(_trace_records, figure, indicators)


# --- exports ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportState:
    """What the Reports page shows about exports: the minimum count applied, the latest exports."""

    min_count: int
    recent: tuple[ExportEntry, ...]


def _export_state(session: Any) -> ExportState:
    recent = export_log.list_exports(session, limit=export_log.RECENT)
    return ExportState(suppression.min_count_setting(session), tuple(recent))


def export_state() -> Op:
    """The minimum count of exports and the latest exports (an :class:`ExportState`)."""
    return op(_export_state)


def min_count() -> Op:
    """The minimum count set for this database's exports."""
    return op(suppression.min_count_setting)


def set_min_count(value: object) -> Op:
    """Set the minimum count of exports (a whole number 0 to 100; ValidationError otherwise)."""
    return op(suppression.set_min_count, value, changes={Topic.SETTINGS})


def finish_export(log_id: int, outcome: str) -> Op:
    """Record how an export ended: "written", "failed" or "cancelled"."""
    return op(export_log.finish_export, log_id, outcome, changes={Topic.EXPORTS})


class ExportProgress(QObject):
    """An export's progress in percent, reported from the printing thread, delivered on the GUI thread."""

    changed = Signal(int)
    _reported = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._last = -1
        self._reported.connect(self._relay)  # a method of this GUI-thread object: delivered there

    def _relay(self, percent: int) -> None:
        self.changed.emit(percent)

    def report(self, done: int, total: int) -> None:
        """Any thread: `done` of `total` units written (one signal per whole percent)."""
        percent = min(100, 100 * done // total) if total else 0
        if percent != self._last:
            self._last = percent
            self._reported.emit(percent)


class ExportJob(PrintJob):
    """One export (see the module): ``ExportJob(request, indicators, target).success(cb).run(worker)``.

    `try_cancel()` returns False once the file is in place (it stays: the export is then written)."""

    def __init__(self, request: ExportRequest, indicators: Indicators, target: Path) -> None:
        # Recorded in the export log in the unit of work that reads the data.
        super().__init__(op(gather_export, request, indicators, changes={Topic.EXPORTS}), self._write)
        self.target = target
        self.token = CancelToken()
        self.progress = ExportProgress()
        self.log_id: int | None = None
        self._written: Callable[[Any], None] | None = None

    def _write(self, data: ExportData) -> Path:
        """On the printing thread: the file from the gathered data alone."""
        return write_export(data, self.target, self.progress.report, self.token)

    def success(self, callback: Callable[[Any], None]) -> ExportJob:
        self._written = callback
        self.on_success = self._done
        return self

    def _done(self, path: Path) -> None:
        self._finish("written")
        if self._written is not None:
            self._written(path)

    def fail(self, error: BaseException) -> None:
        self._finish("failed")
        super().fail(error)

    def cancel(self) -> None:
        self.try_cancel()

    def try_cancel(self) -> bool:
        """Cancel unless the file is already in place; True when cancelled (no file is left)."""
        if not self.token.cancel():
            return False  # too late: the file is written
        already = self.cancelled
        self.cancelled = True
        if not already:
            self._finish("cancelled")
        return True

    def _finish(self, outcome: str) -> None:
        if self.log_id is not None and self._worker is not None:
            finish_export(self.log_id, outcome).run(self._worker)

    def run(self, worker: DbWorker) -> ExportJob:
        self._worker = worker
        if self.on_success is None:
            self.success(lambda _path: None)

        def gathered(data: ExportData) -> None:
            self.log_id = data.log_id
            if self.cancelled:  # cancelled while the data was read: recorded as such, never written
                self._finish("cancelled")
            else:
                self.queue_drawing(data)

        def failed(error: BaseException) -> None:
            if not self.cancelled:
                self.fail(error)

        self.gather.success(gathered).failure(failed).run(worker)
        return self


def export(
    key: str, indicators: Indicators, path: Path, language: str, include_personal_data: bool
) -> ExportJob:
    """Write the report (``xlsx``, ``csv`` or ``pdf``) to `path` with this database's minimum count; the
    path. The PDF holds figures only, never personal data."""
    request = ExportRequest(
        key, indicators.filter, indicators.today, language, include_personal_data and key != "pdf"
    )
    return ExportJob(request, indicators, path)
