"""Where a participant list is in its file: each sheet's header row, the columns recognised from its names,
and which of a workbook's sheets hold the list.

The first sheet that holds data sets the list's columns (recognised from its headers, or chosen by hand in
the app). Each other sheet that holds data is read too when its header row is the same, or when each of its
headers names one of the list's columns (in any order, none twice, a name column among them); a sheet with
other headers (notes, a list of organisations) is not read, and is named with its headers. When more than
one sheet is read, each row is named by its sheet and line (`Line`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from dialogue_desktop.core.domain.rules import fold_for_search
from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.list_files import Source, Table

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


class Line(NamedTuple):
    """Where a row is: its sheet ("" when the file has one list) and its line as the spreadsheet numbers it."""

    sheet: str
    number: int

    def label(self) -> str:
        """The line as the preview's first column shows it: "5", or "“Late arrivals” 5"."""
        if not self.sheet:
            return format_number(self.number)
        # TRANSLATORS: a row of a participant list in the import preview's "Line" column: sheet name, line number.
        return _("“{sheet}” {line}").format(sheet=self.sheet, line=format_number(self.number))

    def problem(self, problem: str) -> str:
        """ "Line 5: sex: …", or "Sheet “Late arrivals”, line 5: sex: …", in the current language."""
        if not self.sheet:
            return _("Line {line}: {problem}").format(line=format_number(self.number), problem=problem)
        return _("Sheet “{sheet}”, line {line}: {problem}").format(
            sheet=self.sheet, line=format_number(self.number), problem=problem
        )


@dataclass(frozen=True)
class SkippedSheet:
    """A sheet that holds data but not the list: its headers are not the list's columns."""

    name: str
    headers: tuple[str, ...]

    def text(self) -> str:
        """Why the sheet was not read, in the current language."""
        return _(
            "Sheet “{sheet}” was not read: its columns ({headers}) are not those of the list. "
            "To import it, give it the same column names or save it as a file of its own."
        ).format(sheet=self.name, headers=", ".join(h for h in self.headers if h))


def reading_text(source: Source, sheets: tuple[str, ...], skipped: tuple[SkippedSheet, ...]) -> str:
    """How the file was read and, for a workbook, which sheets were read and which not (and why)."""
    return "\n".join([source.text(sheets)] + [sheet.text() for sheet in skipped])


@dataclass(frozen=True)
class ColumnGuess:
    """The header row found in a sheet and the columns recognised from its names."""

    header_line: int  # as the spreadsheet numbers it (1 = first row)
    headers: tuple[str, ...]
    columns: dict[str, int]  # column name (``name_km``...) → index in the row
    ignored: tuple[str, ...]
    #: (column, first header, second header) for two headers read as the same column; the first is kept.
    duplicates: tuple[tuple[str, str, str], ...] = ()


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", fold_for_search(text)).strip()


_HEADERS: dict[str, str] = {_header_key(h): column for column, hs in COLUMNS.items() for h in hs}


def _guess(rows: list[list[str]]) -> ColumnGuess:
    """The header row of a sheet (its first non-empty row) and the columns its names are recognised as."""
    start = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise UserError(N_("The file is empty."))
    header = rows[start]
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


def guess_columns(table: Table) -> ColumnGuess:
    """The header row of the list's first sheet and the columns its names are recognised as."""
    return _guess(table.rows)


@dataclass(frozen=True)
class Part:
    """One sheet's rows to import: where its header is and which of its columns hold what."""

    sheet: str  # as its lines name it: "" when the list is one sheet
    rows: list[list[str]]
    header_line: int
    columns: dict[str, int]
    #: The first sheet's column index → this sheet's, for a sheet whose columns are in another order.
    layout: dict[int, int] | None = None
    width: int = 0  # the first sheet's number of columns (with a layout)

    def lines(self) -> dict[Line, tuple[str, ...]]:
        """Every row below the header, with its cells laid out as the first sheet's."""
        rows = {}
        for number in range(self.header_line + 1, len(self.rows) + 1):
            cells = self.rows[number - 1]
            if self.layout is not None:
                cells = [
                    cells[j] if (j := self.layout.get(i, -1)) in range(len(cells)) else ""
                    for i in range(self.width)
                ]
            rows[Line(self.sheet, number)] = tuple(cells)
        return rows


def _maps_to(guess: ColumnGuess, columns: dict[str, int]) -> bool:
    """Whether every header of a sheet is one of the list's `columns`, with a name column among them."""
    return (
        not guess.ignored
        and not guess.duplicates
        and set(guess.columns) <= set(columns)
        and bool({"name_km", "name_latin"} & set(guess.columns))
    )


def sheet_parts(
    table: Table, guess: ColumnGuess, chosen: dict[str, int]
) -> tuple[list[Part], tuple[str, ...], tuple[SkippedSheet, ...]]:
    """The sheets that hold the list, the names of the sheets read and those not read (and why).

    Another sheet is read when its header row is the first sheet's, or when each of its headers names a
    column of the list (in any order, none twice, a name among them).
    """
    key = tuple(_header_key(h) for h in guess.headers)
    parts: list[tuple[str, list[list[str]], int, dict[str, int], dict[int, int] | None]] = [
        (table.sheet, table.rows, guess.header_line, chosen, None)
    ]
    skipped: list[SkippedSheet] = []
    for sheet in table.more:
        own = _guess(sheet.rows)
        if tuple(_header_key(h) for h in own.headers) == key:
            parts.append((sheet.name, sheet.rows, own.header_line, chosen, None))
        elif _maps_to(own, chosen):
            layout = {chosen[column]: index for column, index in own.columns.items()}
            parts.append((sheet.name, sheet.rows, own.header_line, own.columns, layout))
        else:
            skipped.append(SkippedSheet(sheet.name, own.headers))
    several = len(parts) > 1
    width = len(guess.headers)
    return (
        [
            Part(name if several else "", rows, line, columns, layout, width)
            for name, rows, line, columns, layout in parts
        ],
        tuple(name for name, *_rest in parts) if table.source.format == "xlsx" else (),
        tuple(skipped),
    )


def strict_columns(table: Table) -> ColumnGuess:
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


def no_name_column() -> UserError:
    return UserError(
        N_(
            "The file has no name column. The first row must name the columns, with “name_km” or “name_latin”."
        )
    )
