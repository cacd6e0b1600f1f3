"""An export in two steps: gather its data in one unit of work, then write its file (anywhere, any thread).

`gather_export(session, request)` reads everything the file needs (the indicators with their unique
breakdowns, the tables of a workbook or CSV files, the counts to hide) into plain values and records the
export in the export log, in the same unit of work. `write_export(data, target)` then writes the file from
those values alone, into a temporary file renamed into place (`output.py`), reporting progress and
stopping when cancelled. The app writes on a second thread so the database stays free; the command line
calls both in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from dialogue_desktop.core.errors import UserError
from dialogue_desktop.core.file_errors import CannotSave
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.reports.csv_export import write_csv
from dialogue_desktop.core.reports.export_log import record_export
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators, add_unique_breakdowns, compute_indicators
from dialogue_desktop.core.reports.output import CancelToken, Progress, Tracker, atomic_file, atomic_folder
from dialogue_desktop.core.reports.suppression import Suppression, min_count_setting, suppress
from dialogue_desktop.core.reports.tables import Table, report_tables
from dialogue_desktop.core.services.youth import youth_ages

FORMATS = ("xlsx", "csv", "pdf")
#: The report's file (or CSV folder) by its name only, and why (core/file_errors.py): a folder's path can
#: hold a person's name.
CANNOT_WRITE = N_(
    "The report {file} could not be saved: {reason}. Choose another place; nothing was written."
)
NAMES_AND_MIN_COUNT = N_(
    "Names cannot be exported when small counts are hidden: set the minimum count to 0, or leave the names out."
)


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the format, the report's filter and date, its language, names, the minimum count."""

    format: str
    report: ReportFilter = field(default_factory=ReportFilter)
    today: date | None = None
    language: str = "en"
    personal_data: bool = False
    #: Counts of people below this are hidden; None: the minimum count set for this database.
    min_count: int | None = None
    via: str = "app"  # or "cli": who asked, for the export log


@dataclass(frozen=True)
class ExportData:
    """Everything a file is written from (plain values), and the export's entry in the log."""

    request: ExportRequest
    indicators: Indicators
    suppression: Suppression
    tables: tuple[Table, ...]  # empty for the PDF report
    log_id: int

    @property
    def dialogues(self) -> int:
        return self.indicators.dialogues.total.dialogues


def gather_export(
    session: Session, request: ExportRequest, indicators: Indicators | None = None
) -> ExportData:
    """Read an export's data and record it in the export log (same unit of work).

    `indicators` already computed for the request's filter are reused (the Reports page has them); names
    are refused together with a minimum count (person-level rows would give the hidden counts back). The
    data's request holds the minimum count applied.
    """
    if request.format not in FORMATS:
        raise ValueError(f"not an export format: {request.format!r}")
    if request.min_count is None:
        request = replace(request, min_count=min_count_setting(session))
    assert request.min_count is not None
    if request.personal_data and request.min_count > 0:
        raise UserError(NAMES_AND_MIN_COUNT)
    if indicators is None:
        report = replace(request.report, youth_ages=youth_ages(session))  # as the Reports page counts youth
        indicators = compute_indicators(session, report, today=request.today)
    else:
        indicators = add_unique_breakdowns(session, indicators)
    hide = suppress(indicators, request.min_count)
    tables: tuple[Table, ...] = ()
    if request.format != "pdf":
        tables = tuple(report_tables(session, indicators, request.language, request.personal_data, hide))
    log_id = record_export(
        session, format=request.format, report=indicators.filter, language=request.language,
        min_count=request.min_count, personal_data=request.personal_data, via=request.via,
    )  # fmt: skip
    return ExportData(request, indicators, hide, tables, log_id)


def is_folder_target(data_format: str, target: Path) -> bool:
    """True when the export fills a folder (CSV files to any path that is not a .zip)."""
    return data_format == "csv" and target.suffix.lower() != ".zip"


def write_export(
    data: ExportData, target: Path, progress: Progress | None = None, token: CancelToken | None = None
) -> Path:
    """Write the file (or the CSV folder) of `data` to `target`; nothing is left there when it fails or is
    cancelled (ExportCancelled), and a file system error is a UserError (CannotSave) saying why, naming the
    file by its name. Returns `target`."""
    try:
        _write(data, target, Tracker(progress, token), token)
    except OSError as error:
        raise CannotSave(CANNOT_WRITE, target, error) from error
    return target


def _write(data: ExportData, target: Path, tracker: Tracker, token: CancelToken | None) -> None:
    from dialogue_desktop.core.reports.pdf_report import export_pdf  # ReportLab: only for a PDF
    from dialogue_desktop.core.reports.xlsx import write_workbook

    request = data.request
    if is_folder_target(request.format, target):
        with atomic_folder(target, token) as folder:
            write_csv(list(data.tables), folder, tracker)
        return
    with atomic_file(target, token) as temp:
        if request.format == "xlsx":
            write_workbook(list(data.tables), temp, tracker)
        elif request.format == "csv":
            write_csv(list(data.tables), temp, tracker, zipped=True)
        else:
            export_pdf(data.indicators, temp, request.language, data.suppression, tracker)
        tracker.set(tracker.total)
