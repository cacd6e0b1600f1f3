"""The report as CSV: one UTF-8 file per table, in a zip file (`*.zip`) or in a folder (any other path).

Files are named after the tables (`attendance.csv`, `raw_actions.csv`...), start with a byte-order mark
so spreadsheet programs read Khmer correctly, and hold numbers as plain numbers (shares as fractions
0–1, dates as YYYY-MM-DD). Text a spreadsheet would run as a formula (a name typed as
`=HYPERLINK(...)`) is neutralised by OWASP's rule: a leading `'` before `=`, `+`, `-`, `@`, tab or carriage
return. Numbers stay numbers, negative ones included: only text is prefixed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.core.reports.output import Tracker
from dialogue_desktop.core.reports.suppression import NO_SUPPRESSION, Suppression
from dialogue_desktop.core.reports.tables import Table, report_tables

ENCODING = "utf-8-sig"

#: What makes Excel or LibreOffice read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that no spreadsheet runs as a formula (a leading ' when it could start one)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


def table_csv(table: Table) -> str:
    """One table as CSV text (header row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in table.headers])
    # Most cells are whole numbers, written as they are (exactly int: bool needs `_cell`); text is checked.
    writer.writerows([value if type(value) is int else _cell(value) for value in row] for row in table.rows)
    return buffer.getvalue()


def write_csv(
    tables: list[Table], path: Path, tracker: Tracker | None = None, zipped: bool | None = None
) -> list[Path]:
    """Write one CSV per table into the zip file `path` (when it ends in .zip, or `zipped`) or the folder
    `path`; `tracker` counts the rows written (and stops the writing when the export is cancelled)."""
    names = [f"{table.name}.csv" for table in tables]
    if tracker is not None:
        tracker.total = sum(len(table.rows) + 1 for table in tables)
    if zipped if zipped is not None else path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, table in zip(names, tables, strict=True):
                archive.writestr(name, table_csv(table).encode(ENCODING))
                if tracker is not None:
                    tracker.advance(len(table.rows) + 1)
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in zip(names, tables, strict=True):
        target = path / name
        target.write_text(table_csv(table), encoding=ENCODING, newline="")
        written.append(target)
        if tracker is not None:
            tracker.advance(len(table.rows) + 1)
    return written


def export_csv(
    session: Session,
    indicators: Indicators,
    path: Path,
    language: str,
    include_personal_data: bool = False,
    suppression: Suppression = NO_SUPPRESSION,
) -> list[Table]:
    """The report as CSV files for `indicators` in `language`; returns the tables written."""
    tables = report_tables(session, indicators, language, include_personal_data, suppression)
    write_csv(tables, path)
    return tables
