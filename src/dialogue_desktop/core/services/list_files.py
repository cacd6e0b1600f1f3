"""Reading a participant list's file (CSV or XLSX) into text cells, within bounds, trusting nothing in it.

- **CSV**: UTF-8 with or without a byte-order mark ("CSV UTF-8" in Excel), or UTF-16 with a byte-order
  mark ("Unicode text" in Excel). Columns separated by commas, semicolons or tabs, whichever the first
  line uses most; the encoding and separator found are reported.
- **XLSX**: every sheet that holds data, every row of it whatever the sheet's stored dimension claims
  (some tools write a wrong one). Which sheets hold the list is decided from their header rows by
  `core.services.importing`.

Hostile or damaged files are refused before anything is written, with a message naming the limit: a file
larger than `MAX_FILE_BYTES`, a workbook that would unpack to more than `MAX_UNPACKED_BYTES` or whose
parts are compressed more than `MAX_RATIO` times (a "zip bomb"), more than `MAX_ROWS` rows or
`MAX_COLUMNS` columns (rows counted over the whole workbook). XML is parsed by defusedxml (entity
expansion is refused), and any parser failure is a message, never a traceback.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dialogue_desktop.core.i18n import N_, _, n_
from dialogue_desktop.core.services.errors import UserError

log = logging.getLogger(__name__)

#: Bounds on what a participant list may be. A national forum's list has a few hundred rows: these are far
#: above any real list and far below what would exhaust a field laptop's memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Spreadsheet XML compresses 5 to 30 times; a zip bomb thousands of times.
MAX_RATIO = 200
MAX_ROWS = 20_000
MAX_COLUMNS = 200
#: The longest cell of a CSV (Python's csv module refuses longer fields: said in the user's words).
MAX_CELL = 128 * 1024
_MAX_MEMBERS = 2_000
_MAX_LINES = 5 * MAX_ROWS  # empty rows included: each still costs memory
_MB = 1024 * 1024
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")

#: ``progress(done, total)``; total 0 while the total is not known yet (rows still being read).
Progress = Callable[[int, int], None]
#: Returns True once the facilitator cancelled; checked between rows.
Cancelled = Callable[[], bool]
EVERY = 200  # rows between progress reports and cancellation checks


class ImportCancelled(Exception):
    """The facilitator cancelled reading or checking a list; nothing was written."""


_DELIMITER_NAMES = {",": N_("commas"), ";": N_("semicolons"), "\t": N_("tabs")}


@dataclass(frozen=True)
class Source:
    """How a file was read: format, and for a CSV the encoding and separator detected."""

    format: str  # "csv" or "xlsx"
    encoding: str = ""  # "UTF-8", "UTF-8 (BOM)", "UTF-16"
    delimiter: str = ""

    def text(self, sheets: tuple[str, ...] = ()) -> str:
        """E.g. "Read as CSV, UTF-8, columns separated by semicolons." in the current language; for a
        workbook, the `sheets` read."""
        if self.format == "xlsx":
            names = ", ".join(f"“{name}”" for name in sheets)
            return n_(
                "Read as an Excel workbook, sheet {sheets}.",
                "Read as an Excel workbook, sheets {sheets}.",
                len(sheets),
            ).format(sheets=names)
        return _("Read as CSV, {encoding}, columns separated by {separator}.").format(
            encoding=self.encoding, separator=_(_DELIMITER_NAMES.get(self.delimiter, N_("commas")))
        )


@dataclass(frozen=True)
class Sheet:
    """A workbook's sheet that holds data: its name and its cells as text, row by row."""

    name: str
    rows: list[list[str]]


@dataclass(frozen=True)
class Table:
    """The cells of a participant list as text, row by row (line n of the file is ``rows[n - 1]``).

    For a workbook, `rows` and `sheet` are its first sheet that holds data and `more` its other sheets
    that hold data, in the workbook's order.
    """

    rows: list[list[str]]
    source: Source
    sheet: str = ""
    more: tuple[Sheet, ...] = ()


def cell_text(value: object) -> str:
    """A cell's value as the facilitator typed it (1990.0 read back as 1990)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _too_many_rows() -> UserError:
    return UserError(
        N_(
            "The file has more than {limit} rows; a participant list is much shorter. Split it into smaller files."
        ),
        limit=MAX_ROWS,
    )


class _Budget:
    """The rows read so far, over every sheet of a workbook: the bounds apply to the whole file."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.filled = 0
        self.lines = 0
        self.progress = progress
        self.cancelled = cancelled

    def take(self, rows: Iterable[Iterable[object]], sheet: str = "") -> list[list[str]]:
        """The rows as text, refusing more than MAX_ROWS non-empty rows or MAX_COLUMNS filled columns."""
        table: list[list[str]] = []
        for line, row in enumerate(rows, start=1):
            cells = [cell_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()  # formatting-only cells at the end of a row are not columns
            if len(cells) > MAX_COLUMNS:
                raise _too_many_columns(sheet, line)
            self.lines += 1
            if cells:
                self.filled += 1
            if self.filled > MAX_ROWS + 1 or self.lines > _MAX_LINES:  # + the header
                raise _too_many_rows()
            table.append(cells)
            if self.lines % EVERY == 0:
                if self.cancelled is not None and self.cancelled():
                    raise ImportCancelled
                if self.progress is not None:
                    self.progress(self.lines, 0)
        while table and not table[-1]:
            table.pop()  # empty rows below the list (Excel keeps formatted ones)
        return table


def _too_many_columns(sheet: str, line: int) -> UserError:
    if sheet:
        return UserError(
            N_(
                "Sheet “{sheet}”, line {line} has more than {limit} columns; a participant list has far fewer."
            ),
            sheet=sheet,
            line=line,
            limit=MAX_COLUMNS,
        )
    return UserError(
        N_("Line {line} has more than {limit} columns; a participant list has far fewer."),
        line=line,
        limit=MAX_COLUMNS,
    )


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UserError(N_("The file cannot be read as UTF-16 text; it may be damaged.")) from exc
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8-sig"), "UTF-8 (BOM)"
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        raise UserError(
            N_(
                "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)” and import again."
            )
        ) from exc


def _read_csv(path: Path, budget: _Budget) -> Table:
    text, encoding = _decode(path.read_bytes())
    if "\x00" in text:
        raise UserError(N_("This is not a CSV file. Choose a CSV or XLSX file."))
    # The separator is the one the header line uses most: names hold commas more often than tabs.
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = budget.take(reader)
    except csv.Error as exc:  # the module's own words are English: the line and the reason are ours
        log.info("CSV not read at line %d: %s", reader.line_num, type(exc).__name__)
        if "field larger than field limit" in str(exc):
            raise UserError(
                N_("Line {line} holds a cell longer than {limit} characters; a participant list has none."),
                line=reader.line_num,
                limit=MAX_CELL,
            ) from exc
        raise UserError(
            N_("The file is not a valid CSV file (line {line}). Open it in Excel and save it again as CSV."),
            line=reader.line_num,
        ) from exc
    return Table(rows, Source("csv", encoding=encoding, delimiter=delimiter))


def _damaged() -> UserError:
    return UserError(
        N_("The workbook cannot be read; it may be damaged. Open it in Excel and save it again.")
    )


def _unreadable(error: Exception) -> UserError:
    """The message for a workbook the parser gave up on (only the error's kind goes to the log)."""
    from defusedxml import DefusedXmlException

    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:  # openpyxl wraps the parser's error in its own
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    log.info("workbook not read: %s", " ← ".join(type(c).__name__ for c in causes))
    if any(isinstance(c, DefusedXmlException) for c in causes):
        return UserError(
            N_(
                "The workbook declares XML entities, as no spreadsheet does. "
                "It was not opened: it may be damaged or built to harm the computer."
            )
        )
    return _damaged()


def _check_zip(path: Path) -> None:
    """Refuse a workbook that would unpack to too much, before any XML parser sees it.

    The sizes checked are the ones the zip declares; Python's zipfile never unpacks a member beyond its
    declared size (it stops there and the checksum fails), so they bound what openpyxl can read, over
    every sheet together.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise _damaged() from exc
    if len(members) > _MAX_MEMBERS:
        raise _damaged()
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise UserError(
            N_(
                "The workbook would unpack to more than {limit} MB; a participant list is far smaller. "
                "It was not opened: it may be damaged or built to harm the computer."
            ),
            limit=MAX_UNPACKED_BYTES // _MB,
        )
    for member in members:
        if member.file_size > _MB and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UserError(
                N_(
                    "A part of the workbook is compressed more than {limit} times, as no spreadsheet is. "
                    "It was not opened: it may be damaged or built to harm the computer."
                ),
                limit=MAX_RATIO,
            )


def _read_xlsx(path: Path, budget: _Budget) -> Table:
    if not _parses_safely():  # without defusedxml, a crafted workbook's XML could expand without bound
        raise UserError(N_("Workbooks cannot be read safely on this computer (defusedxml is missing)."))
    _check_zip(path)
    with path.open("rb") as file:  # a file, not a name: openpyxl would refuse a workbook named .csv
        sheets = _read_sheets(file, budget)
    holding = [sheet for sheet in sheets if any(sheet.rows)]
    if not holding:
        return Table([], Source("xlsx"), sheets[0].name if sheets else "")
    return Table(holding[0].rows, Source("xlsx"), holding[0].name, tuple(holding[1:]))


def _parses_safely() -> bool:
    """Whether openpyxl parses through defusedxml (a dependency: False only in a broken install)."""
    import openpyxl

    return bool(openpyxl.DEFUSEDXML)


def _read_sheets(file: BinaryIO, budget: _Budget) -> list[Sheet]:
    """Every worksheet of the workbook, its rows as text; any parser failure is a clear message."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # any parser failure (zip, XML, missing parts...) is a damaged file
        raise _unreadable(exc) from exc
    try:
        return [
            Sheet(sheet.title, _read_sheet(sheet, budget))
            for sheet in workbook.worksheets
            if hasattr(sheet, "iter_rows")  # not a chart sheet
        ]
    except (UserError, ImportCancelled):
        raise
    except Exception as exc:  # each sheet's XML is parsed row by row, here
        raise _unreadable(exc) from exc
    finally:
        workbook.close()


def _read_sheet(sheet: Any, budget: _Budget) -> list[list[str]]:
    # Read-only mode trusts the sheet's stored dimension, which some tools write wrong: read every row.
    sheet.reset_dimensions()
    return budget.take(sheet.iter_rows(values_only=True), sheet.title)


def _is_zip(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"PK\x03\x04"


def read_table(
    path: str | Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> Table:
    """The rows of a CSV or XLSX file as text cells, within the bounds above.

    Raises UserError for anything that cannot be read, ImportCancelled when `cancelled()` turns true.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in SUFFIXES:
        raise UserError(N_("Choose a CSV or XLSX file."))
    budget = _Budget(progress, cancelled)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(
                N_("The file is larger than {limit} MB; a participant list is far smaller."),
                limit=MAX_FILE_BYTES // _MB,
            )
        if suffix in (".xlsx", ".xlsm") or _is_zip(path):  # a workbook renamed .csv is read as one
            return _read_xlsx(path, budget)
        return _read_csv(path, budget)
    except FileNotFoundError as exc:
        raise UserError(N_("The file is not there any more. Choose it again.")) from exc
    except PermissionError as exc:
        raise UserError(N_("This computer does not let the app read the file.")) from exc
    except OSError as exc:  # the system's words are English: the error's kind goes to the log
        log.info("list not opened: %s", type(exc).__name__)
        raise UserError(
            N_("The file cannot be opened. Copy it to this computer and choose it again.")
        ) from exc
