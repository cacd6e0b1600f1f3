"""Importing a participant list (CSV or XLSX) into a dialogue's attendance.

The file
--------
- **CSV**: UTF-8 with or without a byte-order mark ("CSV UTF-8" in Excel), or UTF-16 with a byte-order
  mark ("Unicode text" in Excel). Columns separated by commas, semicolons or tabs.
- **XLSX**: the first sheet of the workbook, every row of it whatever the sheet's stored dimension claims
  (some tools write a wrong one). Other sheets that hold data are named in what the import reports.

Hostile or damaged files are refused before anything is written, with a message naming the limit: a file
larger than `MAX_FILE_BYTES`, a workbook that would unpack to more than `MAX_UNPACKED_BYTES` or whose
parts are compressed more than `MAX_RATIO` times (a "zip bomb"), more than `MAX_ROWS` rows or
`MAX_COLUMNS` columns. XML is parsed by defusedxml (entity expansion is refused).

The first non-empty row holds the column names; case, spaces and underscores do not matter. Columns
(English name, then the Khmer names also accepted):

=============== ============================ =====================================================
Column          Khmer headers                Content
=============== ============================ =====================================================
``name_km``     ឈ្មោះ, ឈ្មោះខ្មែរ                  Name in Khmer script
``name_latin``  ឈ្មោះឡាតាំង (also ``name``)       Name in Latin letters
``sex``         ភេទ                          F / M / other; also female, male, ស្រី, ប្រុស (empty: not stated)
``birth_year``  ឆ្នាំកំណើត                      Year of birth, e.g. 1994 (Khmer digits accepted)
``organisation`` អង្គភាព, ស្ថាប័ន                Organisation, matched by Khmer or English name or acronym;
                                             an unknown name adds a new organisation of kind "Other"
``phone``       ទូរស័ព្ទ, លេខទូរស័ព្ទ               Phone number
``position``    មុខតំណែង                       Position (optional)
``role``        តួនាទី                         participant / speaker / facilitator / observer / organiser
``signed``      ហត្ថលេខា                       yes / no (also 1/0, x, ✓, បាទ, ចាស)
=============== ============================ =====================================================

At least one name column is required; other columns are optional and unknown columns are ignored (and
listed in the result). Every row is checked before anything is written: if any row is wrong,
`BadRowsError` lists each problem with its line as the spreadsheet shows it (the header is line 1) and
nothing is imported. People already in the registry are reused: the same phone number with a matching
name, or the same names in both scripts; and at the same dialogue, the same names (so importing a list
twice adds nobody).

The app's import dialog uses the same steps: `read_table` (off the GUI thread, with progress and
cancellation), `guess_columns` or columns chosen by hand, `preview_import` (every row checked and matched
against the registry, nothing written) and `apply_import` (checks again and writes, all or nothing).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import AttendanceRole, OrganisationKind, Sex
from dialogue_desktop.core.domain.models import NAME, Attendance, Dialogue, Organisation, Participant
from dialogue_desktop.core.domain.rules import (
    clean_text,
    fold_for_search,
    participant_search_key,
    split_by_script,
)
from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.services.attendance import refuse_tally_only, register
from dialogue_desktop.core.services.errors import FieldError, UserError, ValidationError
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_participant,
    phone_digits,
    validate_participant,
)

log = logging.getLogger(__name__)


#: Bounds on what a participant list may be. A national forum's list has a few hundred rows: these are far
#: above any real list and far below what would exhaust a field laptop's memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Spreadsheet XML compresses 5 to 30 times; a zip bomb thousands of times.
MAX_RATIO = 200
MAX_ROWS = 20_000
MAX_COLUMNS = 200
_MAX_MEMBERS = 2_000
_MAX_LINES = 5 * MAX_ROWS  # empty rows included: each still costs memory
_MB = 1024 * 1024

# Column → the header spellings accepted (compared after `_header_key`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name_km": ("name_km", "khmer name", "name khmer", "ឈ្មោះ", "ឈ្មោះខ្មែរ", "ឈ្មោះជាខ្មែរ", "ឈ្មោះ(ខ្មែរ)"),
    "name_latin": (
        "name_latin",
        "name",
        "latin name",
        "name latin",
        "name_en",
        "ឈ្មោះឡាតាំង",
        "ឈ្មោះជាអក្សរឡាតាំង",
    ),
    "sex": ("sex", "gender", "ភេទ"),
    "birth_year": ("birth_year", "year of birth", "birth year", "ឆ្នាំកំណើត"),
    "organisation": ("organisation", "organization", "institution", "អង្គភាព", "ស្ថាប័ន", "អង្គការ"),
    "phone": ("phone", "telephone", "phone number", "mobile", "ទូរស័ព្ទ", "លេខទូរស័ព្ទ"),
    "position": ("position", "title", "មុខតំណែង"),
    "role": ("role", "តួនាទី"),
    "signed": ("signed", "signature", "ហត្ថលេខា"),
}

#: What each column holds, as the import dialog names it (msgids).
COLUMN_LABELS: dict[str, str] = {
    "name_km": N_("Name in Khmer"),
    "name_latin": N_("Name in Latin letters"),
    "sex": N_("Sex"),
    "birth_year": N_("Year of birth"),
    "organisation": N_("Organisation"),
    "phone": N_("Phone"),
    "position": N_("Position"),
    "role": N_("Role"),
    "signed": N_("Signed"),
}

_SEXES: dict[str, Sex] = {
    **dict.fromkeys(("f", "female", "woman", "women", "w", "ស្រី", "នារី", "ស"), Sex.FEMALE),
    **dict.fromkeys(("m", "male", "man", "men", "ប្រុស", "បុរស", "ប"), Sex.MALE),
    **dict.fromkeys(("o", "other", "ផ្សេង", "ផ្សេងទៀត"), Sex.OTHER),
    **dict.fromkeys(("", "-", "not stated", "n/a"), Sex.NOT_STATED),
}
_YES = frozenset({"yes", "y", "1", "true", "x", "✓", "✔", "បាទ", "ចាស", "បាន", "signed"})
_NO = frozenset({"", "no", "n", "0", "false", "-", "ទេ", "អត់"})
_ROLES: dict[str, AttendanceRole] = {}
for _role in AttendanceRole:
    _ROLES[_role.value] = _role
    _ROLES[fold_for_search(_role.label)] = _role

#: ``progress(done, total)``; total 0 while the total is not known yet (rows still being read).
Progress = Callable[[int, int], None]
#: Returns True once the facilitator cancelled; checked between rows.
Cancelled = Callable[[], bool]
_EVERY = 200  # rows between progress reports and cancellation checks


class ImportCancelled(Exception):
    """The facilitator cancelled reading or checking a list; nothing was written."""


class BadRowsError(UserError):
    """Rows that cannot be imported; nothing was written. `problems` holds (line, FieldError) pairs."""

    def __init__(self, problems: list[tuple[int, FieldError]]) -> None:
        super().__init__(
            N_("{count} problems in the file; nothing was imported. Correct them and import again."),
            count=len(problems),
        )
        self.problems = problems

    @property
    def rows(self) -> list[tuple[int, str]]:
        """(line as the spreadsheet numbers it, what is wrong) in the current language."""
        return [(line, error.text()) for line, error in self.problems]

    def text(self) -> str:
        lines = [super().text()]
        lines += [
            _("Line {line}: {problem}").format(line=format_number(line), problem=problem)
            for line, problem in self.rows
        ]
        return "\n".join(lines)


_DELIMITER_NAMES = {",": N_("commas"), ";": N_("semicolons"), "\t": N_("tabs")}


@dataclass(frozen=True)
class Source:
    """How a file was read: format, and for a CSV the encoding and separator detected."""

    format: str  # "csv" or "xlsx"
    encoding: str = ""  # "UTF-8", "UTF-8 with BOM", "UTF-16"
    delimiter: str = ""
    sheet: str = ""
    #: Other sheets of the workbook that hold data: not read, and said so (never dropped silently).
    other_sheets: tuple[str, ...] = ()

    def text(self) -> str:
        """E.g. "Read as CSV, UTF-8, columns separated by semicolons." in the current language."""
        if self.format == "xlsx" and self.other_sheets:
            return _(
                "Read as an Excel workbook, sheet “{sheet}”. Its other sheets with data were not read: {others}. "
                "Put the whole list on the first sheet, or save each sheet as a file of its own."
            ).format(sheet=self.sheet, others=", ".join(self.other_sheets))
        if self.format == "xlsx":
            return _("Read as an Excel workbook, sheet “{sheet}”.").format(sheet=self.sheet)
        return _("Read as CSV, {encoding}, columns separated by {separator}.").format(
            encoding=self.encoding, separator=_(_DELIMITER_NAMES.get(self.delimiter, N_("commas")))
        )


@dataclass(frozen=True)
class Table:
    """The cells of a participant list as text, row by row (line n of the file is ``rows[n - 1]``)."""

    rows: list[list[str]]
    source: Source


@dataclass(frozen=True)
class ColumnGuess:
    """The header row found in a table and the columns recognised from its names."""

    header_line: int  # as the spreadsheet numbers it (1 = first row)
    headers: tuple[str, ...]
    columns: dict[str, int]  # column name (``name_km``...) → index in the row
    ignored: tuple[str, ...]
    #: (column, first header, second header) for two headers read as the same column; the first is kept.
    duplicates: tuple[tuple[str, str, str], ...] = ()


class RowStatus(Enum):
    """What importing a row would do."""

    NEW = N_("New person")
    IN_REGISTRY = N_("In the registry")
    REGISTERED = N_("Already registered")
    REPEATED = N_("Same person as line {line}")
    BAD = N_("To correct")


@dataclass(frozen=True)
class PreviewRow:
    """One row of the file as the import would treat it."""

    line: int
    cells: tuple[str, ...]
    status: RowStatus
    problems: tuple[FieldError, ...] = ()
    same_as: int = 0  # for REPEATED: the earlier line of the same person

    def status_text(self) -> str:
        """The status in the current language."""
        return _(self.status.value).format(line=format_number(self.same_as))


@dataclass(frozen=True)
class ImportPreview:
    """Everything the import dialog shows before anything is written."""

    source: Source
    header_line: int
    headers: tuple[str, ...]
    columns: dict[str, int]
    rows: tuple[PreviewRow, ...]
    problems: tuple[tuple[int, FieldError], ...]
    new_organisations: tuple[str, ...]
    #: False when no column holds a name: nothing can be imported until one is chosen.
    has_name_column: bool = True

    def count(self, status: RowStatus) -> int:
        """How many rows have this status."""
        return sum(1 for row in self.rows if row.status is status)

    @property
    def can_import(self) -> bool:
        """True when every row is fine and at least one would be registered."""
        return self.has_name_column and not self.problems and bool(self.rows)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    rows: int
    added: int
    reused: int
    already_registered: int
    new_organisations: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    source: Source | None = None

    def summary(self) -> str:
        """What was done, in the current language."""
        counts = {
            "rows": format_number(self.rows),
            "added": format_number(self.added),
            "reused": format_number(self.reused),
            "already": format_number(self.already_registered),
        }
        lines = [self.source.text()] if self.source is not None else []
        lines.append(
            _(
                "{rows} rows: {added} new people, {reused} found in the registry, {already} already registered."
            ).format(**counts)
        )
        if self.new_organisations:
            lines.append(_("New organisations: {names}").format(names=", ".join(self.new_organisations)))
        if self.ignored_columns:
            lines.append(_("Columns not used: {names}").format(names=", ".join(self.ignored_columns)))
        return "\n".join(lines)


@dataclass
class _Row:
    line: int
    person: ParticipantInput
    organisation: str
    role: AttendanceRole
    signed: bool
    values: dict[str, Any] = field(default_factory=dict)


# --- reading the file ------------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", fold_for_search(text)).strip()


_HEADERS: dict[str, str] = {_header_key(h): column for column, hs in COLUMNS.items() for h in hs}


def _cell(value: object) -> str:
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


def _bounded(
    rows: Iterable[Iterable[object]], progress: Progress | None, cancelled: Cancelled | None
) -> list[list[str]]:
    """The rows as text, refusing more than MAX_ROWS non-empty rows or MAX_COLUMNS filled columns."""
    table: list[list[str]] = []
    filled = 0
    for count, row in enumerate(rows, start=1):
        cells = [_cell(v) for v in row]
        while cells and not cells[-1].strip():
            cells.pop()  # formatting-only cells at the end of a row are not columns
        if len(cells) > MAX_COLUMNS:
            raise UserError(
                N_("Line {line} has more than {limit} columns; a participant list has far fewer."),
                line=count,
                limit=MAX_COLUMNS,
            )
        if cells:
            filled += 1
        if filled > MAX_ROWS + 1 or count > _MAX_LINES:  # + the header
            raise _too_many_rows()
        table.append(cells)
        if count % _EVERY == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled
            if progress is not None:
                progress(count, 0)
    while table and not table[-1]:
        table.pop()  # empty rows below the list (Excel keeps formatted ones)
    return table


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


def _read_csv(path: Path, progress: Progress | None, cancelled: Cancelled | None) -> Table:
    text, encoding = _decode(path.read_bytes())
    if "\x00" in text:
        raise UserError(N_("This is not a CSV file. Choose a CSV or XLSX file."))
    # The separator is the one the header line uses most: names hold commas more often than tabs.
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        rows = _bounded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), progress, cancelled)
    except csv.Error as exc:
        raise UserError(N_("The file is not a valid CSV file: {detail}"), detail=str(exc)) from exc
    return Table(rows, Source("csv", encoding=encoding, delimiter=delimiter))


def _damaged() -> UserError:
    return UserError(
        N_("The workbook cannot be read; it may be damaged. Open it in Excel and save it again.")
    )


def _unreadable(path: Path, error: Exception) -> UserError:
    """The message for a workbook the parser gave up on (the details go to the log)."""
    from defusedxml import DefusedXmlException

    log.info("workbook %s not read", path, exc_info=error)
    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:  # openpyxl wraps the parser's error in its own
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
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
    declared size (it stops there and the checksum fails), so they bound what openpyxl can read.
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


def _read_xlsx(path: Path, progress: Progress | None, cancelled: Cancelled | None) -> Table:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # without it, a crafted workbook's XML could expand without bound
        raise UserError(N_("Workbooks cannot be read safely on this computer (defusedxml is missing)."))
    _check_zip(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (UserError, ImportCancelled):
        raise
    except Exception as exc:  # any parser failure (zip, XML, missing parts...) is a damaged file
        raise _unreadable(path, exc) from exc
    try:
        if not workbook.worksheets:
            return Table([], Source("xlsx"))
        sheet = workbook.worksheets[0]
        # Read-only mode trusts the sheet's stored dimension, which some tools write wrong: read every row.
        sheet.reset_dimensions()
        rows = _bounded(sheet.iter_rows(values_only=True), progress, cancelled)
        others = tuple(other.title for other in workbook.worksheets[1:] if _holds_data(other))
        return Table(rows, Source("xlsx", sheet=sheet.title, other_sheets=others))
    except (UserError, ImportCancelled):
        raise
    except Exception as exc:  # the sheet's XML is parsed row by row, here
        raise _unreadable(path, exc) from exc
    finally:
        workbook.close()


def _holds_data(sheet: Any) -> bool:
    """Whether a worksheet has a non-empty cell (read row by row, at most as many rows as a list may have)."""
    if not hasattr(sheet, "iter_rows"):  # a chart sheet
        return False
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if number > MAX_ROWS:
            return True
        if any(_cell(value) for value in row):
            return True
    return False


def read_table(
    path: str | Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> Table:
    """The rows of a CSV or XLSX file as text cells, within the bounds above.

    Raises UserError for anything that cannot be read, ImportCancelled when `cancelled()` turns true.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise UserError(N_("Choose a CSV or XLSX file."))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(
                N_("The file is larger than {limit} MB; a participant list is far smaller."),
                limit=MAX_FILE_BYTES // _MB,
            )
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, progress, cancelled)
        return _read_csv(path, progress, cancelled)
    except OSError as exc:
        raise UserError(N_("The file cannot be opened: {detail}"), detail=exc.strerror or str(exc)) from exc


def guess_columns(table: Table) -> ColumnGuess:
    """The header row (the first non-empty one) and the columns its names are recognised as."""
    start = next((i for i, row in enumerate(table.rows) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise UserError(N_("The file is empty."))
    header = table.rows[start]
    found: dict[str, int] = {}
    ignored: list[str] = []
    duplicates: list[tuple[str, str, str]] = []
    for index, text in enumerate(header):
        column = _HEADERS.get(_header_key(text))
        if column is None:
            if text.strip():
                ignored.append(text.strip())
        elif column in found:
            duplicates.append((column, header[found[column]].strip(), text.strip()))
        else:
            found[column] = index
    return ColumnGuess(start + 1, tuple(h.strip() for h in header), found, tuple(ignored), tuple(duplicates))


def _strict_columns(table: Table) -> ColumnGuess:
    """The recognised columns, refusing two headers read as the same column (the command line's way)."""
    guess = guess_columns(table)
    if guess.duplicates:
        column, first, second = guess.duplicates[0]
        raise UserError(
            N_("Two columns are both read as “{column}”: “{first}” and “{second}”. Keep one."),
            column=column,
            first=first,
            second=second,
        )
    return guess


def _no_name_column() -> UserError:
    return UserError(
        N_(
            "The file has no name column. The first row must name the columns, with “name_km” or “name_latin”."
        )
    )


# --- checking rows ----------------------------------------------------------------------------------------


def _problem(column: str, header: str, message: str, **params: object) -> FieldError:
    return FieldError(column, header, message, dict(params))


def _check_rows(
    session: Session,
    table: Table,
    header_line: int,
    columns: dict[str, int],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[list[_Row], list[tuple[int, FieldError]]]:
    """Every data row checked: the good rows and the problems, by line. Needs a name column."""
    header = table.rows[header_line - 1]
    header_of = {
        column: (header[index].strip() if index < len(header) else "") or _(COLUMN_LABELS[column])
        for column, index in columns.items()
    }
    rows: list[_Row] = []
    problems: list[tuple[int, FieldError]] = []
    data = table.rows[header_line:]
    for offset, cells in enumerate(data, start=header_line + 1):
        if (offset - header_line) % _EVERY == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled
            if progress is not None:
                progress(offset - header_line, len(data))
        if not any(cell.strip() for cell in cells):
            continue

        def get(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return clean_text(cells[index]) if index is not None and index < len(cells) else ""

        row_problems: list[FieldError] = []
        sex = _SEXES.get(fold_for_search(get("sex")).rstrip("."))
        if sex is None:
            row_problems.append(
                _problem(
                    "sex",
                    header_of["sex"],
                    N_("“{value}” is not a sex: write F, M or other."),
                    value=get("sex"),
                )
            )
        role = _ROLES.get(fold_for_search(get("role")) or AttendanceRole.PARTICIPANT.value)
        if role is None:
            row_problems.append(
                _problem(
                    "role", header_of["role"], N_("“{value}” is not one of the choices."), value=get("role")
                )
            )
        signed_text = fold_for_search(get("signed"))
        if signed_text not in _YES and signed_text not in _NO:
            row_problems.append(
                _problem(
                    "signed", header_of["signed"], N_("Write yes or no, not “{value}”."), value=get("signed")
                )
            )
        organisation = get("organisation")
        if len(organisation) > NAME:
            row_problems.append(
                _problem(
                    "organisation",
                    header_of["organisation"],
                    N_("Too long: at most {limit} characters."),
                    limit=NAME,
                )
            )
        person = ParticipantInput(
            name_km=get("name_km"),
            name_latin=get("name_latin"),
            sex=sex or Sex.NOT_STATED,
            birth_year=get("birth_year") or None,
            phone=get("phone"),
            position=get("position"),
        )
        try:
            values = validate_participant(session, person)
        except ValidationError as error:
            values = {}
            for problem in error.errors:
                # Name the column as the file does; a missing name is reported on the name column present.
                column = (
                    problem.field
                    if problem.field in columns
                    else next(c for c in ("name_km", "name_latin") if c in columns)
                )
                row_problems.append(FieldError(column, header_of[column], problem.message, problem.params))
        problems += [(offset, p) for p in row_problems]
        if not row_problems:
            rows.append(
                _Row(
                    offset,
                    person,
                    organisation,
                    role or AttendanceRole.PARTICIPANT,
                    signed_text in _YES,
                    values,
                )
            )
    return rows, problems


# --- matching and writing --------------------------------------------------------------------------------


class _Registry:
    """Live organisations and participants, indexed for matching import rows."""

    def __init__(self, session: Session) -> None:
        self.organisations: dict[str, str] = {}
        for org in session.scalars(select(Organisation).where(Organisation.deleted.is_(False))):
            for name in (org.name_km, org.name_en, org.acronym):
                key = fold_for_search(name or "")
                if key:
                    self.organisations.setdefault(key, org.id)
        self.by_phone: dict[str, list[tuple[str, str]]] = {}
        self.by_names: dict[str, str] = {}
        people = session.execute(
            select(Participant.id, Participant.phone, Participant.search_key).where(
                Participant.deleted.is_(False)
            )
        )
        for pid, phone, key in people:
            self.add_person(pid, phone, key)

    def add_person(self, pid: str, phone: str, key: str) -> None:
        digits = phone_digits(phone)
        if digits:
            self.by_phone.setdefault(digits, []).append((pid, key))
        km, _, latin = key.partition("|")
        if km and latin:
            self.by_names.setdefault(key, pid)

    def match(self, phone: str, key: str) -> str | None:
        """The same names in both scripts, or the same phone with at least one matching name.

        A phone alone is not enough: families often share one phone.
        """
        km, _, latin = key.partition("|")
        if km and latin and key in self.by_names:
            return self.by_names[key]
        for pid, other in self.by_phone.get(phone_digits(phone), []) if phone_digits(phone) else []:
            other_km, _, other_latin = other.partition("|")
            if (km and km.replace(" ", "") == other_km.replace(" ", "")) or (latin and latin == other_latin):
                return pid
        return None


@dataclass
class _Plan:
    """What importing one good row does: register a known person, or add a new one (once per person)."""

    row: _Row
    organisation_key: str  # folded name; "" for none
    participant_id: str | None = None  # a person already in the registry
    first_line: int = 0  # the line that adds this new person (its own line when it is the first)
    already_registered: bool = False


_NEW = "new:"  # placeholder ids of people the import would add


def _plan(
    session: Session, dialogue: Dialogue, rows: list[_Row]
) -> tuple[list[_Plan], dict[str, str], list[str]]:
    """Match every row against the registry and the dialogue's attendance, as the import would.

    Returns the plans, the organisations known (folded name → id) and the names of those to add.
    """
    registry = _Registry(session)
    # People already at this dialogue, by their exact folded names: importing the same list twice must not
    # add the people who gave a single name a second time.
    at_dialogue: dict[str, str] = {
        key: pid
        for key, pid in session.execute(
            select(Participant.search_key, Participant.id)
            .join(Attendance, Attendance.participant_id == Participant.id)
            .where(
                Attendance.dialogue_id == dialogue.id,
                Attendance.deleted.is_(False),
                Participant.deleted.is_(False),
            )
        )
    }
    registered = set(at_dialogue.values())
    new_organisations: list[str] = []
    plans: list[_Plan] = []
    for row in rows:
        organisation_key = fold_for_search(row.organisation) if row.organisation else ""
        if organisation_key and organisation_key not in registry.organisations:
            registry.organisations[organisation_key] = _NEW
            new_organisations.append(row.organisation)
        key = participant_search_key(row.values["name_km"], row.values["name_latin"])
        found = at_dialogue.get(key) or registry.match(row.values["phone"], key)
        plan = _Plan(row, organisation_key)
        if found is None:
            placeholder = f"{_NEW}{row.line}"
            registry.add_person(placeholder, row.values["phone"], key)
            at_dialogue[key] = placeholder
            plan.first_line = row.line
        elif found.startswith(_NEW):
            plan.first_line = int(found.removeprefix(_NEW))
        else:
            plan.participant_id = found
        plan.already_registered = found is not None and found in registered
        if found is None:
            registered.add(f"{_NEW}{row.line}")
        elif not found.startswith(_NEW):
            registered.add(found)
        plans.append(plan)
    return plans, registry.organisations, new_organisations


def _status(plan: _Plan) -> RowStatus:
    if plan.participant_id is None:
        return RowStatus.NEW if plan.first_line == plan.row.line else RowStatus.REPEATED
    return RowStatus.REGISTERED if plan.already_registered else RowStatus.IN_REGISTRY


def preview_import(
    session: Session,
    dialogue_id: str,
    table: Table,
    columns: dict[str, int] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPreview:
    """Every row checked and matched, as `apply_import` would treat it; nothing is written.

    `columns` maps column names (``name_km``...) to indexes in the rows; None recognises them from the
    header names. Raises UserError for a dialogue that cannot take the list, ImportCancelled on cancel.
    """
    dialogue = ensure_editable(session, dialogue_id)
    refuse_tally_only(dialogue)
    guess = guess_columns(table)
    chosen = dict(guess.columns if columns is None else columns)
    cells = {line: tuple(table.rows[line - 1]) for line in range(guess.header_line + 1, len(table.rows) + 1)}
    if "name_km" not in chosen and "name_latin" not in chosen:
        return ImportPreview(
            table.source, guess.header_line, guess.headers, chosen,
            tuple(PreviewRow(line, row, RowStatus.BAD) for line, row in cells.items() if any(c.strip() for c in row)),
            (), (), has_name_column=False,
        )  # fmt: skip
    rows, problems = _check_rows(session, table, guess.header_line, chosen, progress, cancelled)
    plans, _known, new_organisations = _plan(session, dialogue, rows)
    by_line = {plan.row.line: plan for plan in plans}
    problems_at: dict[int, list[FieldError]] = {}
    for line, problem in problems:
        problems_at.setdefault(line, []).append(problem)
    preview_rows: list[PreviewRow] = []
    for line, row in cells.items():
        if line in problems_at:
            preview_rows.append(PreviewRow(line, row, RowStatus.BAD, tuple(problems_at[line])))
        elif line in by_line:
            plan = by_line[line]
            preview_rows.append(PreviewRow(line, row, _status(plan), same_as=plan.first_line))
    return ImportPreview(
        table.source, guess.header_line, guess.headers, chosen, tuple(preview_rows), tuple(problems),
        tuple(new_organisations),
    )  # fmt: skip


def apply_import(
    session: Session, dialogue_id: str, table: Table, columns: dict[str, int] | None = None
) -> ImportResult:
    """Register the people of a table at a dialogue: every row checked first, then all written or none.

    `columns` as for `preview_import`; None recognises them from the headers and refuses two headers read
    as the same column. Raises BadRowsError (nothing written) when any row is wrong.
    """
    dialogue = ensure_editable(session, dialogue_id)
    refuse_tally_only(dialogue)
    guess = _strict_columns(table) if columns is None else guess_columns(table)
    chosen = guess.columns if columns is None else columns
    if "name_km" not in chosen and "name_latin" not in chosen:
        raise _no_name_column()
    rows, problems = _check_rows(session, table, guess.header_line, chosen)
    if problems:
        raise BadRowsError(problems)
    if not rows:
        raise UserError(N_("The file has column names but no participants."))
    plans, organisations, new_organisations = _plan(session, dialogue, rows)
    added_ids: dict[int, str] = {}  # line that adds a person → the new person's id
    added = reused = already = 0
    for plan in plans:
        organisation_id: str | None = None
        if plan.organisation_key:
            organisation_id = organisations[plan.organisation_key]
            if organisation_id == _NEW:
                name = plan.row.organisation
                name_km, name_en = split_by_script(name)
                org = Organisation(name_km=name_km, name_en=name_en, kind=OrganisationKind.OTHER)
                session.add(org)
                session.flush()
                organisation_id = organisations[plan.organisation_key] = org.id
        participant_id = plan.participant_id or added_ids.get(plan.first_line)
        if participant_id is None:
            plan.row.person.organisation_id = organisation_id
            participant_id = added_ids[plan.row.line] = create_participant(session, plan.row.person).id
            added += 1
        elif plan.already_registered:
            already += 1
        else:
            reused += 1
        register(session, dialogue.id, participant_id, role=plan.row.role, organisation_id=organisation_id,
                 signed=plan.row.signed)  # fmt: skip
    ignored = tuple(h for i, h in enumerate(guess.headers) if h and i not in chosen.values())
    return ImportResult(
        rows=len(rows),
        added=added,
        reused=reused,
        already_registered=already,
        new_organisations=tuple(new_organisations),
        ignored_columns=ignored,
        source=table.source,
    )


def import_participants(session: Session, dialogue_id: str, path: str | Path) -> ImportResult:
    """Register the people listed in a CSV or XLSX file at a dialogue (see the module docstring).

    Raises UserError for a file that cannot be read and BadRowsError (nothing written) for wrong rows.
    """
    refuse_tally_only(ensure_editable(session, dialogue_id))  # before reading a file for nothing
    return apply_import(session, dialogue_id, read_table(path))
