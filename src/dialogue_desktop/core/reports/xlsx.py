"""The donor workbook: one sheet per indicator table, then the raw data, with headers in one language.

Each sheet has a bold, frozen header row, column widths fitted to their content (capped), numbers stored
as numbers (shares as fractions shown as percentages, dates as dates).

The SpreadsheetML is written here directly, row by row into the zip file, with inline strings and five
fixed cell styles: the 100,000-row attendance sheet takes seconds, where openpyxl's per-cell objects took
most of a minute. The parts are the minimal ones Excel, LibreOffice and openpyxl all read.

A hidden small count ("<5", see `suppression.py`) is a text cell, never a number.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.core.reports.output import Tracker
from dialogue_desktop.core.reports.suppression import NO_SUPPRESSION, Suppression
from dialogue_desktop.core.reports.tables import DATE, DECIMAL, PERCENT, Table, report_tables

NUMBER_FORMATS = {PERCENT: "0.0%", DECIMAL: "0.0", DATE: "yyyy-mm-dd"}
MAX_WIDTH = 60
SAMPLE_ROWS = 200  # widths are measured on the first rows (the rest look alike)
SHEET_NAME_LIMIT = 31  # Excel's limit

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Cell styles (indexes into cellXfs in `_STYLES`): the header, then one per number format.
_HEADER_STYLE = 1
_STYLE_OF = {PERCENT: 2, DECIMAL: 3, DATE: 4}
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0"/>'
    '<numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    "</font></fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    "</fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
#: Characters XML 1.0 cannot hold (control characters other than tab and line breaks).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return 8
    return len(str(value))


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def _cell(ref: str, value: Any, style: int) -> str:
    """One `<c>` element (empty for None); `style` applies to numbers and dates only."""
    if value is None:
        return ""
    styled = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{ref}"{styled}><v>{value}</v></c>'
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return f'<c r="{ref}"{styled}><v>{(day - _EPOCH).days}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'


def _sheet_xml(table: Table) -> Iterator[str]:
    """The worksheet part of `table`, in pieces (a row at a time)."""
    columns = len(table.headers)
    for row in table.rows:
        columns = max(columns, len(row))
        break
    letters = [get_column_letter(i) for i in range(1, max(columns, 1) + 1)]
    widths = [_width(h) for h in table.headers] + [0] * (columns - len(table.headers))
    for row in table.rows[:SAMPLE_ROWS]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    yield f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONS}">'
    yield (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    )
    yield '<sheetFormatPr defaultRowHeight="15"/>'
    if widths:
        # Khmer text is wider per character than Latin; a little slack keeps both readable.
        yield (
            "<cols>"
            + "".join(
                f'<col min="{i}" max="{i}" width="{min(MAX_WIDTH, max(8, width + 2))}" customWidth="1"/>'
                for i, width in enumerate(widths, start=1)
            )
            + "</cols>"
        )
    yield "<sheetData>"
    header = "".join(
        f'<c r="{letters[i]}1" t="inlineStr" s="{_HEADER_STYLE}"><is><t xml:space="preserve">{_text(str(h))}</t>'
        "</is></c>"
        for i, h in enumerate(table.headers)
    )
    yield f'<row r="1">{header}</row>'
    styles = [_STYLE_OF.get(table.formats.get(i, ""), 0) for i in range(columns)]
    for number, row in enumerate(table.rows, start=2):
        cells = "".join(_cell(f"{letters[i]}{number}", value, styles[i]) for i, value in enumerate(row))
        yield f'<row r="{number}">{cells}</row>'
    yield "</sheetData></worksheet>"


def write_workbook(tables: list[Table], path: Path, tracker: Tracker | None = None) -> None:
    """Write `tables` as the sheets of an XLSX workbook (sheet titles: the table names); `tracker` counts
    the rows written (and stops the writing when the export is cancelled)."""
    if tracker is not None:
        tracker.total = sum(len(table.rows) + 1 for table in tables)
    count = len(tables)
    content_types = (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPES}.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        + "</Types>"
    )
    package_rels = (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
        f'Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheets = "".join(
        f'<sheet name={quoteattr(table.name[:SHEET_NAME_LIMIT])} sheetId="{n}" r:id="rId{n}"/>'
        for n, table in enumerate(tables, start=1)
    )
    workbook = f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><sheets>{sheets}</sheets></workbook>'
    workbook_rels = (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        + f'<Relationship Id="rId{count + 1}" Type="{_RELATIONS}/styles" Target="styles.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", _STYLES)
        for n, table in enumerate(tables, start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                buffer: list[str] = []
                for piece in _sheet_xml(table):
                    buffer.append(piece)
                    if len(buffer) >= 1000:
                        part.write("".join(buffer).encode("utf-8"))
                        if tracker is not None:
                            tracker.advance(len(buffer))  # about a row a piece
                        buffer.clear()
                part.write("".join(buffer).encode("utf-8"))
            if tracker is not None:
                tracker.set(sum(len(t.rows) + 1 for t in tables[:n]))


def export_xlsx(
    session: Session,
    indicators: Indicators,
    path: Path,
    language: str,
    include_personal_data: bool = False,
    suppression: Suppression = NO_SUPPRESSION,
) -> list[Table]:
    """The report workbook for `indicators` in `language`; returns the tables written."""
    tables = report_tables(session, indicators, language, include_personal_data, suppression)
    write_workbook(tables, path)
    return tables
