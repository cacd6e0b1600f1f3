"""Importing a participant list (CSV or XLSX) into a dialogue's attendance.

The file
--------
- **CSV**: UTF-8 with or without a byte-order mark ("CSV UTF-8" in Excel), or UTF-16 with a byte-order
  mark ("Unicode text" in Excel). Columns separated by commas, semicolons or tabs.
- **XLSX**: the first sheet of the workbook.

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
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import AttendanceRole, OrganisationKind, Sex
from dialogue_desktop.core.domain.models import NAME, Attendance, Organisation, Participant
from dialogue_desktop.core.domain.rules import clean_text, fold_for_search, participant_search_key
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

_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")

# Column → the header spellings accepted (compared after `_header_key`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name_km": ("name_km", "khmer name", "name khmer", "ឈ្មោះ", "ឈ្មោះខ្មែរ", "ឈ្មោះជាខ្មែរ", "ឈ្មោះ(ខ្មែរ)"),
    "name_latin": ("name_latin", "name", "latin name", "name latin", "name_en", "ឈ្មោះឡាតាំង", "ឈ្មោះជាអក្សរឡាតាំង"),
    "sex": ("sex", "gender", "ភេទ"),
    "birth_year": ("birth_year", "year of birth", "birth year", "ឆ្នាំកំណើត"),
    "organisation": ("organisation", "organization", "institution", "អង្គភាព", "ស្ថាប័ន", "អង្គការ"),
    "phone": ("phone", "telephone", "phone number", "mobile", "ទូរស័ព្ទ", "លេខទូរស័ព្ទ"),
    "position": ("position", "title", "មុខតំណែង"),
    "role": ("role", "តួនាទី"),
    "signed": ("signed", "signature", "ហត្ថលេខា"),
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
        lines += [_("Line {line}: {problem}").format(line=format_number(line), problem=problem) for line, problem in self.rows]
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    rows: int
    added: int
    reused: int
    already_registered: int
    new_organisations: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    def summary(self) -> str:
        """What was done, in the current language."""
        counts = {
            "rows": format_number(self.rows),
            "added": format_number(self.added),
            "reused": format_number(self.reused),
            "already": format_number(self.already_registered),
        }
        lines = [
            _("{rows} rows: {added} new people, {reused} found in the registry, {already} already registered.").format(
                **counts
            )
        ]
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


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UserError(N_("The file cannot be read as UTF-16 text; it may be damaged.")) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            N_("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)” and import again.")
        ) from exc


def _read_csv(path: Path) -> list[list[str]]:
    text = _decode(path.read_bytes())
    if "\x00" in text:
        raise UserError(N_("This is not a CSV file. Choose a CSV or XLSX file."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise UserError(N_("The file is not a valid CSV file: {detail}"), detail=str(exc)) from exc


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as exc:
        raise UserError(N_("The workbook cannot be read; it may be damaged. Open it in Excel and save it again.")) from exc
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise UserError(N_("The workbook cannot be read; it may be damaged. Open it in Excel and save it again.")) from exc
    finally:
        workbook.close()


def read_table(path: str | Path) -> list[list[str]]:
    """The rows of a CSV or XLSX file as text cells (UserError for anything that cannot be read)."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise UserError(N_("Choose a CSV or XLSX file."))
    try:
        return _read_xlsx(path) if suffix in (".xlsx", ".xlsm") else _read_csv(path)
    except OSError as exc:
        raise UserError(N_("The file cannot be opened: {detail}"), detail=exc.strerror or str(exc)) from exc


def _columns(header: list[str]) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """Column → (index, header as written); and the headers ignored."""
    found: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    for index, text in enumerate(header):
        column = _HEADERS.get(_header_key(text))
        if column is None:
            if text.strip():
                ignored.append(text.strip())
        elif column in found:
            raise UserError(
                N_("Two columns are both read as “{column}”: “{first}” and “{second}”. Keep one."),
                column=column,
                first=found[column][1],
                second=text.strip(),
            )
        else:
            found[column] = (index, text.strip())
    return found, ignored


# --- checking rows ----------------------------------------------------------------------------------------


def _problem(column: str, header: str, message: str, **params: object) -> FieldError:
    return FieldError(column, header, message, dict(params))


def _check_rows(session: Session, table: list[list[str]]) -> tuple[list[_Row], list[str]]:
    start = next((i for i, row in enumerate(table) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise UserError(N_("The file is empty."))
    columns, ignored = _columns(table[start])
    if "name_km" not in columns and "name_latin" not in columns:
        raise UserError(
            N_("The file has no name column. The first row must name the columns, with “name_km” or “name_latin”.")
        )
    header_of = {column: header for column, (_, header) in columns.items()}
    rows: list[_Row] = []
    problems: list[tuple[int, FieldError]] = []
    for offset, cells in enumerate(table[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in cells):
            continue

        def get(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column, (None, ""))[0]
            return clean_text(cells[index]) if index is not None and index < len(cells) else ""

        row_problems: list[FieldError] = []
        sex = _SEXES.get(fold_for_search(get("sex")).rstrip("."))
        if sex is None:
            row_problems.append(
                _problem("sex", header_of["sex"], N_("“{value}” is not a sex: write F, M or other."), value=get("sex"))
            )
        role = _ROLES.get(fold_for_search(get("role")) or AttendanceRole.PARTICIPANT.value)
        if role is None:
            row_problems.append(
                _problem("role", header_of["role"], N_("“{value}” is not one of the choices."), value=get("role"))
            )
        signed_text = fold_for_search(get("signed"))
        if signed_text not in _YES and signed_text not in _NO:
            row_problems.append(
                _problem("signed", header_of["signed"], N_("Write yes or no, not “{value}”."), value=get("signed"))
            )
        organisation = get("organisation")
        if len(organisation) > NAME:
            row_problems.append(
                _problem(
                    "organisation", header_of["organisation"], N_("Too long: at most {limit} characters."), limit=NAME
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
                column = problem.field if problem.field in columns else next(
                    c for c in ("name_km", "name_latin") if c in columns
                )
                row_problems.append(FieldError(column, header_of[column], problem.message, problem.params))
        problems += [(offset, p) for p in row_problems]
        if not row_problems:
            rows.append(_Row(offset, person, organisation, role or AttendanceRole.PARTICIPANT, signed_text in _YES, values))
    if problems:
        raise BadRowsError(problems)
    if not rows:
        raise UserError(N_("The file has column names but no participants."))
    return rows, ignored


# --- writing ---------------------------------------------------------------------------------------------


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
            select(Participant.id, Participant.phone, Participant.search_key).where(Participant.deleted.is_(False))
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


def import_participants(session: Session, dialogue_id: str, path: str | Path) -> ImportResult:
    """Register the people listed in a CSV or XLSX file at a dialogue (see the module docstring).

    Raises UserError for a file that cannot be read and BadRowsError (nothing written) for wrong rows.
    """
    dialogue = ensure_editable(session, dialogue_id)
    refuse_tally_only(dialogue)
    rows, ignored = _check_rows(session, read_table(path))
    registry = _Registry(session)
    # People already at this dialogue, by their exact folded names: importing the same list twice must not
    # add the people who gave a single name a second time.
    at_dialogue: dict[str, str] = {
        key: pid
        for key, pid in session.execute(
            select(Participant.search_key, Participant.id)
            .join(Attendance, Attendance.participant_id == Participant.id)
            .where(Attendance.dialogue_id == dialogue.id, Attendance.deleted.is_(False), Participant.deleted.is_(False))
        )
    }
    registered = set(at_dialogue.values())
    added = reused = already = 0
    new_organisations: list[str] = []
    for row in rows:
        organisation_id: str | None = None
        if row.organisation:
            key = fold_for_search(row.organisation)
            organisation_id = registry.organisations.get(key)
            if organisation_id is None:
                is_khmer = bool(_KHMER.search(row.organisation))
                org = Organisation(
                    name_km=row.organisation if is_khmer else "",
                    name_en="" if is_khmer else row.organisation,
                    kind=OrganisationKind.OTHER,
                )
                session.add(org)
                session.flush()
                organisation_id = registry.organisations[key] = org.id
                new_organisations.append(row.organisation)
        key = participant_search_key(row.values["name_km"], row.values["name_latin"])
        participant_id = at_dialogue.get(key) or registry.match(row.values["phone"], key)
        if participant_id is None:
            row.person.organisation_id = organisation_id
            participant = create_participant(session, row.person)
            participant_id = participant.id
            registry.add_person(participant.id, participant.phone, key)
            at_dialogue[key] = participant.id
            added += 1
        elif participant_id in registered:
            already += 1
        else:
            reused += 1
        register(session, dialogue.id, participant_id, role=row.role, organisation_id=organisation_id, signed=row.signed)
        registered.add(participant_id)
    return ImportResult(
        rows=len(rows),
        added=added,
        reused=reused,
        already_registered=already,
        new_organisations=tuple(new_organisations),
        ignored_columns=tuple(ignored),
    )


def accepted_headers() -> Iterable[tuple[str, tuple[str, ...]]]:
    """The columns and the header spellings accepted for each (for help text in the GUI)."""
    return COLUMNS.items()
