"""Importing a participant list (CSV or XLSX) into a dialogue's attendance.

The file is read by `core.services.list_files` (encodings, separators, bounds, hostile workbooks). The
first non-empty row of a sheet holds the column names; case, spaces and underscores do not matter.
Columns (English name, then the Khmer names also accepted):

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
listed in the result).

Which sheets of a workbook hold the list (the first sheet with data, and each other sheet whose headers
name the list's columns), and which are named as not read, is `core.services.list_sheets`'s part; when more
than one sheet is read, each row is named by its sheet and line.

Every row is checked before anything is written: if any row is wrong, `BadRowsError` lists each problem
with its line as the spreadsheet shows it (the header is line 1) and nothing is imported. People already in
the registry are reused: the same phone number with a matching name, or the same names in both scripts;
and at the same dialogue, the same names (so importing a list twice adds nobody).

The app's import dialog uses the same steps: `read_table` (off the GUI thread, with progress and
cancellation), `guess_columns` or columns chosen by hand, `preview_import` (every row checked and matched
against the registry, nothing written) and `apply_import` (checks again and writes, all or nothing).
"""

from __future__ import annotations

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
from dialogue_desktop.core.services.list_files import (
    EVERY,
    Cancelled,
    ImportCancelled,
    Progress,
    Sheet,
    Source,
    Table,
    read_table,
)
from dialogue_desktop.core.services.list_sheets import (
    COLUMN_LABELS,
    COLUMNS,
    ColumnGuess,
    Line,
    Part,
    SkippedSheet,
    guess_columns,
    no_name_column,
    reading_text,
    sheet_parts,
    strict_columns,
)
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_participant,
    phone_digits,
    validate_participant,
)

__all__ = [
    "COLUMNS",
    "COLUMN_LABELS",
    "BadRowsError",
    "ColumnGuess",
    "ImportCancelled",
    "ImportPreview",
    "ImportResult",
    "Line",
    "PreviewRow",
    "RowStatus",
    "Sheet",
    "SkippedSheet",
    "Source",
    "Table",
    "apply_import",
    "guess_columns",
    "import_participants",
    "preview_import",
    "read_table",
]


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


class BadRowsError(UserError):
    """Rows that cannot be imported; nothing was written. `problems` holds (Line, FieldError) pairs."""

    def __init__(self, problems: list[tuple[Line, FieldError]]) -> None:
        super().__init__(
            N_("{count} problems in the file; nothing was imported. Correct them and import again."),
            count=len(problems),
        )
        self.problems = problems

    @property
    def rows(self) -> list[tuple[Line, str]]:
        """(where the row is, what is wrong) in the current language."""
        return [(line, error.text()) for line, error in self.problems]

    def text(self) -> str:
        return "\n".join([super().text()] + [line.problem(problem) for line, problem in self.rows])


class RowStatus(Enum):
    """What importing a row would do."""

    NEW = N_("New person")
    IN_REGISTRY = N_("In the registry")
    REGISTERED = N_("Already registered")
    REPEATED = N_("Same person as line {line}")
    BAD = N_("To correct")


@dataclass(frozen=True)
class PreviewRow:
    """One row of the file as the import would treat it (its cells laid out as the first sheet's)."""

    line: Line
    cells: tuple[str, ...]
    status: RowStatus
    problems: tuple[FieldError, ...] = ()
    same_as: Line | None = None  # for REPEATED: the earlier row of the same person

    def status_text(self) -> str:
        """The status in the current language."""
        same = self.same_as
        if same is not None and same.sheet:
            return _("Same person as sheet “{sheet}”, line {line}").format(
                sheet=same.sheet, line=format_number(same.number)
            )
        return _(self.status.value).format(line=format_number(same.number if same else 0))


@dataclass(frozen=True)
class ImportPreview:
    """Everything the import dialog shows before anything is written."""

    source: Source
    header_line: int
    headers: tuple[str, ...]
    columns: dict[str, int]
    rows: tuple[PreviewRow, ...]
    problems: tuple[tuple[Line, FieldError], ...]
    new_organisations: tuple[str, ...]
    #: False when no column holds a name: nothing can be imported until one is chosen.
    has_name_column: bool = True
    sheets: tuple[str, ...] = ()  # the workbook's sheets read, in order
    skipped: tuple[SkippedSheet, ...] = ()  # its sheets with other headers, not read

    def count(self, status: RowStatus) -> int:
        """How many rows have this status."""
        return sum(1 for row in self.rows if row.status is status)

    @property
    def can_import(self) -> bool:
        """True when every row is fine and at least one would be registered."""
        return self.has_name_column and not self.problems and bool(self.rows)

    def reading_text(self) -> str:
        """How the file was read, which sheets were read and which not, in the current language."""
        return reading_text(self.source, self.sheets, self.skipped)


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
    sheets: tuple[str, ...] = ()
    skipped: tuple[SkippedSheet, ...] = ()

    def summary(self) -> str:
        """What was done, in the current language."""
        counts = {
            "rows": format_number(self.rows),
            "added": format_number(self.added),
            "reused": format_number(self.reused),
            "already": format_number(self.already_registered),
        }
        lines = [reading_text(self.source, self.sheets, self.skipped)] if self.source is not None else []
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
    line: Line
    person: ParticipantInput
    organisation: str
    role: AttendanceRole
    signed: bool
    values: dict[str, Any] = field(default_factory=dict)


# --- columns ---------------------------------------------------------------------------------------------


# --- checking rows ----------------------------------------------------------------------------------------


def _problem(column: str, header: str, message: str, **params: object) -> FieldError:
    return FieldError(column, header, message, dict(params))


def _check_rows(
    session: Session,
    parts: list[Part],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[list[_Row], list[tuple[Line, FieldError]]]:
    """Every data row of every part checked: the good rows and the problems, by line. Needs a name column."""
    rows: list[_Row] = []
    problems: list[tuple[Line, FieldError]] = []
    total = sum(max(len(part.rows) - part.header_line, 0) for part in parts)
    done = 0
    for part in parts:
        header = part.rows[part.header_line - 1]
        header_of = {
            column: (header[index].strip() if index < len(header) else "") or _(COLUMN_LABELS[column])
            for column, index in part.columns.items()
        }
        for number in range(part.header_line + 1, len(part.rows) + 1):
            done += 1
            if done % EVERY == 0:
                if cancelled is not None and cancelled():
                    raise ImportCancelled
                if progress is not None:
                    progress(done, total)
            cells = part.rows[number - 1]
            if any(cell.strip() for cell in cells):
                _check_row(session, Line(part.sheet, number), cells, part.columns, header_of, rows, problems)
    return rows, problems


def _check_row(
    session: Session,
    line: Line,
    cells: list[str],
    columns: dict[str, int],
    header_of: dict[str, str],
    rows: list[_Row],
    problems: list[tuple[Line, FieldError]],
) -> None:
    """Check one row: a good row is added to `rows`, each of its problems to `problems`."""

    def get(column: str) -> str:
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
            _problem("role", header_of["role"], N_("“{value}” is not one of the choices."), value=get("role"))
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
    problems.extend((line, p) for p in row_problems)
    if not row_problems:
        rows.append(
            _Row(
                line,
                person,
                organisation,
                role or AttendanceRole.PARTICIPANT,
                signed_text in _YES,
                values,
            )
        )


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
    first: Line | None = None  # for a new person: the row that adds them (this row when it is the first)
    already_registered: bool = False


_NEW = "new:"  # placeholder ids of people the import would add: "new:" and the row's index


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
    for index, row in enumerate(rows):
        organisation_key = fold_for_search(row.organisation) if row.organisation else ""
        if organisation_key and organisation_key not in registry.organisations:
            registry.organisations[organisation_key] = _NEW
            new_organisations.append(row.organisation)
        key = participant_search_key(row.values["name_km"], row.values["name_latin"])
        found = at_dialogue.get(key) or registry.match(row.values["phone"], key)
        plan = _Plan(row, organisation_key)
        if found is None:
            found = f"{_NEW}{index}"
            registry.add_person(found, row.values["phone"], key)
            at_dialogue[key] = found
            plan.first = row.line
        elif found.startswith(_NEW):
            plan.first = rows[int(found.removeprefix(_NEW))].line
            plan.already_registered = True  # by the row that adds them
        else:
            plan.participant_id = found
            plan.already_registered = found in registered
        registered.add(found)
        plans.append(plan)
    return plans, registry.organisations, new_organisations


def _status(plan: _Plan) -> RowStatus:
    if plan.participant_id is None:
        return RowStatus.NEW if plan.first == plan.row.line else RowStatus.REPEATED
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

    `columns` maps column names (``name_km``...) to indexes in the first sheet's rows; None recognises them
    from the header names. Raises UserError for a dialogue that cannot take the list, ImportCancelled on
    cancel.
    """
    dialogue = ensure_editable(session, dialogue_id)
    refuse_tally_only(dialogue)
    guess = guess_columns(table)
    chosen = dict(guess.columns if columns is None else columns)
    if "name_km" not in chosen and "name_latin" not in chosen:
        part = Part("", table.rows, guess.header_line, chosen)
        bad = tuple(
            PreviewRow(line, row, RowStatus.BAD)
            for line, row in part.lines().items()
            if any(c.strip() for c in row)
        )
        sheets: tuple[str, ...] = (table.sheet,) if table.source.format == "xlsx" else ()
        return ImportPreview(
            table.source, guess.header_line, guess.headers, chosen, bad, (), (), has_name_column=False,
            sheets=sheets,
        )  # fmt: skip
    parts, sheets, skipped = sheet_parts(table, guess, chosen)
    rows, problems = _check_rows(session, parts, progress, cancelled)
    plans, _known, new_organisations = _plan(session, dialogue, rows)
    by_line = {plan.row.line: plan for plan in plans}
    problems_at: dict[Line, list[FieldError]] = {}
    for line, problem in problems:
        problems_at.setdefault(line, []).append(problem)
    preview_rows: list[PreviewRow] = []
    for part in parts:
        for line, cells in part.lines().items():
            if line in problems_at:
                preview_rows.append(PreviewRow(line, cells, RowStatus.BAD, tuple(problems_at[line])))
            elif line in by_line:
                plan = by_line[line]
                same_as = plan.first if plan.first != line else None
                preview_rows.append(PreviewRow(line, cells, _status(plan), same_as=same_as))
    return ImportPreview(
        table.source, guess.header_line, guess.headers, chosen, tuple(preview_rows), tuple(problems),
        tuple(new_organisations), sheets=sheets, skipped=skipped,
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
    guess = strict_columns(table) if columns is None else guess_columns(table)
    chosen = guess.columns if columns is None else columns
    if "name_km" not in chosen and "name_latin" not in chosen:
        raise no_name_column()
    parts, sheets, skipped = sheet_parts(table, guess, chosen)
    rows, problems = _check_rows(session, parts)
    if problems:
        raise BadRowsError(problems)
    if not rows:
        raise UserError(N_("The file has column names but no participants."))
    plans, organisations, new_organisations = _plan(session, dialogue, rows)
    added_ids: dict[Line, str] = {}  # row that adds a person → the new person's id
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
        participant_id = plan.participant_id or (added_ids.get(plan.first) if plan.first else None)
        if participant_id is None:
            plan.row.person.organisation_id = organisation_id
            participant_id = added_ids[plan.row.line] = create_participant(session, plan.row.person)
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
        sheets=sheets,
        skipped=skipped,
    )


def import_participants(session: Session, dialogue_id: str, path: str | Path) -> ImportResult:
    """Register the people listed in a CSV or XLSX file at a dialogue (see the module docstring).

    Raises UserError for a file that cannot be read and BadRowsError (nothing written) for wrong rows.
    """
    refuse_tally_only(ensure_editable(session, dialogue_id))  # before reading a file for nothing
    return apply_import(session, dialogue_id, read_table(path))
