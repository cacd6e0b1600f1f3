"""The donor workbook: one sheet per indicator table, then the raw data, with headers in one language.

Each sheet has a bold, frozen header row, column widths fitted to their content (capped), numbers stored
as numbers (shares as fractions shown as percentages, dates as dates). Written in openpyxl's write-only
mode so 100,000 attendance rows stay fast and small in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.orm import Session

from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.core.reports.tables import DATE, DECIMAL, PERCENT, Table, report_tables

NUMBER_FORMATS = {PERCENT: "0.0%", DECIMAL: "0.0", DATE: "yyyy-mm-dd"}
MAX_WIDTH = 60
SAMPLE_ROWS = 200  # widths are measured on the first rows (the rest look alike)
SHEET_NAME_LIMIT = 31  # Excel's limit


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return 8
    return len(str(value))


def _write_table(sheet: WriteOnlyWorksheet, table: Table) -> None:
    widths = [_width(h) for h in table.headers]
    for row in table.rows[:SAMPLE_ROWS]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    for i, width in enumerate(widths, start=1):
        # Khmer text is wider per character than Latin; a little slack keeps both readable.
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(8, width + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in table.headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    formats = {i: NUMBER_FORMATS[kind] for i, kind in table.formats.items()}
    for row in table.rows:
        if not formats:
            sheet.append(row)
            continue
        cells: list[Any] = []
        for i, value in enumerate(row):
            if i in formats and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = formats[i]
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)


def write_workbook(tables: list[Table], path: Path) -> None:
    """Write `tables` as the sheets of an XLSX workbook (sheet titles: the table names)."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:SHEET_NAME_LIMIT])
        _write_table(sheet, table)
    workbook.save(path)


def export_xlsx(
    session: Session, indicators: Indicators, path: Path, language: str, include_personal_data: bool = False
) -> list[Table]:
    """The report workbook for `indicators` in `language`; returns the tables written."""
    tables = report_tables(session, indicators, language, include_personal_data)
    write_workbook(tables, path)
    return tables
