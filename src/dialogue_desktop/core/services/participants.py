"""The participant registry, reused across dialogues: create, edit, search, find duplicates, merge.

Also the editable list of indigenous and minority groups. Functions take the session of a unit of work;
those that read return plain frozen dataclasses, safe to hand to another thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import (
    WG_DOMAINS,
    AgeBand,
    AttendanceRole,
    DialogueStatus,
    Difficulty,
    Sex,
)
from dialogue_desktop.core.domain.models import (
    NAME,
    SHORT,
    Attendance,
    Dialogue,
    IndigenousGroup,
    Intervention,
    Need,
    Organisation,
    Participant,
)
from dialogue_desktop.core.domain.rules import clean_text, fold_for_search, is_khmer
from dialogue_desktop.core.i18n import N_, to_latin_digits
from dialogue_desktop.core.services import shared_lists
from dialogue_desktop.core.services.consent import CONTACT_FIELDS, forget_contact_details
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.search_index import participant_index
from dialogue_desktop.core.services.validation import Checker, get_live

FIRST_BIRTH_YEAR = 1900
_CODE = re.compile(r"^[0-9]*$")
_COENG = "\u17d2"

# Field labels (msgids), shared with the import so that its messages name the same things.
LABELS: dict[str, str] = {
    "name_km": N_("Name in Khmer"),
    "name_latin": N_("Name in Latin letters"),
    "sex": N_("Sex"),
    "birth_year": N_("Year of birth"),
    "age_band": N_("Age band"),
    "indigenous_group_id": N_("Indigenous or minority group"),
    "organisation_id": N_("Organisation"),
    "position": N_("Position"),
    "phone": N_("Phone"),
    "province_code": N_("Province"),
    "commune_code": N_("Commune"),
    "village_code": N_("Village"),
    **dict(WG_DOMAINS),
}


@dataclass
class ParticipantInput:
    """What a form (or an import row) gives for one person. Enum fields accept members or their values."""

    name_km: str = ""
    name_latin: str = ""
    sex: Sex | str = Sex.NOT_STATED
    birth_year: int | str | None = None
    age_band: AgeBand | str | None = None
    indigenous_group_id: str | None = None
    wg_seeing: Difficulty | str | None = None
    wg_hearing: Difficulty | str | None = None
    wg_walking: Difficulty | str | None = None
    wg_remembering: Difficulty | str | None = None
    wg_self_care: Difficulty | str | None = None
    wg_communicating: Difficulty | str | None = None
    organisation_id: str | None = None
    position: str = ""
    phone: str = ""
    province_code: str | None = None
    commune_code: str | None = None
    village_code: str | None = None
    consent_data: bool = False
    consent_photo: bool = False


#: The participant columns a ParticipantInput sets.
INPUT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ParticipantInput))


@dataclass(frozen=True)
class ParticipantHit:
    """One participant in search results or duplicate suggestions."""

    id: str
    name_km: str
    name_latin: str
    sex: Sex
    birth_year: int | None
    organisation_name_km: str
    organisation_name_en: str
    last_attended: date | None


@dataclass(frozen=True)
class AttendedDialogue:
    """One dialogue a participant attended."""

    dialogue_id: str
    date: date
    title_km: str
    title_en: str
    role: AttendanceRole
    organisation_name_km: str
    organisation_name_en: str


@dataclass(frozen=True)
class IndigenousGroupRow:
    id: str
    name_km: str
    name_en: str
    #: Whether this computer may delete it (a laptop: only the groups it added).
    deletable: bool = True


# --- validation ------------------------------------------------------------------------------------------


def phone_digits(phone: str | None) -> str:
    """The digits of a phone number, national form: '+855 12 345 678' and '012 345 678' give '012345678'."""
    digits = "".join(ch for ch in to_latin_digits(clean_text(phone)) if ch.isdigit())
    if digits.startswith("855") and len(digits) >= 11:
        digits = "0" + digits[3:]
    return digits


def _reference(
    session: Session, checker: Checker, field: str, model: type[Any], value: str | None
) -> str | None:
    """An optional reference to a live record; a missing or deleted one is a field problem."""
    if not value:
        return None
    record = session.get(model, value)
    if record is None or record.deleted:
        checker.add(field, LABELS[field], N_("This choice no longer exists; choose another."))
        return None
    return value


def _code(checker: Checker, field: str, value: str | None, length: int) -> str | None:
    cleaned = clean_text(value)
    if not cleaned:
        return None
    if len(cleaned) > length or not _CODE.match(cleaned):
        checker.add(field, LABELS[field], N_("This is not a valid code."))
        return None
    return cleaned


def check_participant(session: Session, data: ParticipantInput, checker: Checker) -> dict[str, Any]:
    """Cleaned column values of `data`; every problem is added to `checker` (field names as in the input).

    Contact details are checked with or without consent (a wrong phone in a list is a wrong row); `kept`
    says what of them may be stored.
    """
    values: dict[str, Any] = {
        "name_km": checker.text("name_km", LABELS["name_km"], data.name_km, max_length=NAME),
        "name_latin": checker.text("name_latin", LABELS["name_latin"], data.name_latin, max_length=NAME),
    }
    if not fold_for_search(values["name_km"]) and not fold_for_search(values["name_latin"]):
        checker.add("name_km", LABELS["name_km"], N_("Enter a name in Khmer or in Latin letters."))
    values["sex"] = checker.choice("sex", LABELS["sex"], data.sex or Sex.NOT_STATED, Sex) or Sex.NOT_STATED
    values["birth_year"] = checker.integer(
        "birth_year", LABELS["birth_year"], data.birth_year, low=FIRST_BIRTH_YEAR, high=date.today().year
    )
    values["age_band"] = checker.choice(
        "age_band", LABELS["age_band"], data.age_band, AgeBand, required=False
    )
    for column, label in WG_DOMAINS:
        values[column] = checker.choice(column, label, getattr(data, column), Difficulty, required=False)
    values["indigenous_group_id"] = _reference(
        session, checker, "indigenous_group_id", IndigenousGroup, data.indigenous_group_id
    )
    values["organisation_id"] = _reference(
        session, checker, "organisation_id", Organisation, data.organisation_id
    )
    values["position"] = checker.text("position", LABELS["position"], data.position, max_length=SHORT)
    values["consent_data"] = bool(data.consent_data)
    values["phone"] = checker.phone("phone", LABELS["phone"], data.phone)
    values["province_code"] = _code(checker, "province_code", data.province_code, 2)
    values["commune_code"] = _code(checker, "commune_code", data.commune_code, 6)
    values["village_code"] = _code(checker, "village_code", data.village_code, 8)
    values["consent_photo"] = bool(data.consent_photo)
    return values


def kept(values: dict[str, Any]) -> dict[str, Any]:
    """The column values to store: without `consent_data`, no contact details (`consent.CONTACT_FIELDS`)."""
    if values.get("consent_data"):
        return values
    return {**values, **{f: "" for f in CONTACT_FIELDS}}


def validate_participant(session: Session, data: ParticipantInput) -> dict[str, Any]:
    """Cleaned column values of `data`, or ValidationError naming every field that is wrong."""
    checker = Checker()
    values = check_participant(session, data, checker)
    checker.done()
    return values


# --- create, update, delete ------------------------------------------------------------------------------


def create_participant(session: Session, data: ParticipantInput) -> str:
    """Add a person to the registry (their contact details only if they consent: `kept`); returns their id."""
    participant = Participant(**kept(validate_participant(session, data)))
    session.add(participant)
    session.flush()
    return participant.id


def participant_input(session: Session, participant_id: str) -> ParticipantInput:
    """A person's details as the form edits them (NotFoundError when the person is gone)."""
    person = get_live(session, Participant, participant_id)
    return ParticipantInput(**{f.name: getattr(person, f.name) for f in fields(ParticipantInput)})


def update_participant(session: Session, participant_id: str, data: ParticipantInput) -> None:
    """Replace a person's details with `data`.

    Withdrawing consent clears the person's contact details, in the registry and in their change history.
    """
    participant = get_live(session, Participant, participant_id)
    withdrawn = participant.consent_data and not data.consent_data
    for key, value in kept(validate_participant(session, data)).items():
        setattr(participant, key, value)
    session.flush()
    if withdrawn:
        forget_contact_details(session, [participant.id])


def delete_participant(session: Session, participant_id: str) -> None:
    """Remove a person from the registry (a tombstone).

    Refused when the person is in the attendance of a dialogue whose minutes are approved: deleting them
    would change the approved counts.
    """
    participant = get_live(session, Participant, participant_id)
    locked = session.scalar(
        select(func.count())
        .select_from(Attendance)
        .join(Dialogue, Dialogue.id == Attendance.dialogue_id)
        .where(
            Attendance.participant_id == participant.id,
            Attendance.deleted.is_(False),
            Dialogue.deleted.is_(False),
            Dialogue.status == DialogueStatus.MINUTES_APPROVED,
        )
    )
    if locked:
        raise UserError(
            N_(
                "This person is in the attendance of approved minutes ({count}), so they cannot be deleted. "
                "Reopen those minutes first."
            ),
            count=locked,
        )
    participant.deleted = True
    session.flush()


# --- search ----------------------------------------------------------------------------------------------


def person_rows(*extra: Any) -> Select[Any]:
    """A person as lists show them: id, Khmer and Latin names, sex, birth year, their organisation's Khmer
    and English names (None without one), then `extra` columns. One query for the registry and search."""
    return select(
        Participant.id,
        Participant.name_km,
        Participant.name_latin,
        Participant.sex,
        Participant.birth_year,
        Organisation.name_km,
        Organisation.name_en,
        *extra,
    ).outerjoin(Organisation, Organisation.id == Participant.organisation_id)


def _last_attended(session: Session, ids: list[str]) -> dict[str, date]:
    if not ids:
        return {}
    rows = session.execute(
        select(Attendance.participant_id, func.max(Dialogue.date))
        .join(Dialogue, Dialogue.id == Attendance.dialogue_id)
        .where(Attendance.participant_id.in_(ids), Attendance.deleted.is_(False), Dialogue.deleted.is_(False))
        .group_by(Attendance.participant_id)
    )
    return {pid: when for pid, when in rows}


def _hits(session: Session, ids: list[str]) -> list[ParticipantHit]:
    """Hits for `ids`, in that order."""
    if not ids:
        return []
    rows = session.execute(person_rows().where(Participant.id.in_(ids)))
    last = _last_attended(session, ids)
    by_id = {
        row[0]: ParticipantHit(
            id=row[0],
            name_km=row[1],
            name_latin=row[2],
            sex=row[3],
            birth_year=row[4],
            organisation_name_km=row[5] or "",
            organisation_name_en=row[6] or "",
            last_attended=last.get(row[0]),
        )
        for row in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def _compact(folded: str) -> str:
    """Khmer is written without spaces between words: 'ស្រី សុខា' and 'ស្រី​សុខា' are the same name."""
    return folded.replace(" ", "")


def _syllables(text: str) -> list[str]:
    """Khmer orthographic syllables of `text` (a consonant with its subscripts and signs); other text as is."""
    syllables: list[str] = []
    for index, char in enumerate(text):
        starts = "\u1780" <= char <= "\u17b3" and (index == 0 or text[index - 1] != _COENG)
        if starts or not syllables:
            syllables.append(char)
        else:
            syllables[-1] += char
    return syllables


def _longest_syllable(text: str) -> str:
    return max(_syllables(text), key=len, default="")


def _first_syllable(text: str) -> str:
    return next(iter(_syllables(text)), "")


# Substring tests on the folded key. On SQLite `instr` is several times faster than LIKE (which folds case
# itself and handles wildcards) and needs no escaping; elsewhere LIKE with escaped wildcards.
def _has(session: Session, text: ColumnElement[str], part: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        return func.instr(text, part) > 0
    return text.contains(part, autoescape=True)


def _starts(text: ColumnElement[str], part: str) -> ColumnElement[bool]:
    return func.substr(text, 1, len(part)) == part


def _ends(text: ColumnElement[str], part: str) -> ColumnElement[bool]:
    return func.substr(text, func.length(text) - len(part) + 1) == part


def search_participants(
    session: Session, query: str, limit: int = 20, *, use_index: bool = True
) -> list[ParticipantHit]:
    """Live participants whose Khmer or Latin name contains `query`.

    Ignores case, zero-width characters and Unicode normalisation; Khmer queries also ignore spaces.
    Exact names first, then names starting with the query, then a word starting with it, then the rest;
    by search key within a rank. A single letter matches only the start of a name or of a word.
    On SQLite the in-memory index answers (`search_index`, kept up to date from the change log); on
    other databases, or with `use_index=False`, SQL does, with the same results.
    """
    folded = fold_for_search(query).replace("|", "")
    if not folded or limit <= 0:
        return []
    index = participant_index(session) if use_index else None
    if index is not None:
        compact = _compact(folded) if is_khmer(folded) else ""
        syllable = _longest_syllable(compact) if compact else ""
        return _hits(session, index.search(session, folded, limit, compact, syllable))
    return _hits(session, _search_ids_in_sql(session, folded, limit))


def _search_ids_in_sql(session: Session, folded: str, limit: int) -> list[str]:
    """Ids of the best matches of a folded query, ranked in SQL (see `search_participants`)."""
    key: ColumnElement[str] = Participant.search_key.expression
    if len(folded) == 1:
        # One letter matches half the registry: only names and words that start with it.
        matches = or_(
            _starts(key, folded), _has(session, key, "|" + folded), _has(session, key, " " + folded)
        )
    else:
        matches = _has(session, key, folded)
    rank = case(
        (or_(_starts(key, folded + "|"), _ends(key, "|" + folded)), 0),
        (or_(_starts(key, folded), _has(session, key, "|" + folded)), 1),
        (_has(session, key, " " + folded), 2),
        else_=3,
    )
    ids = _matching_ids(session, matches, rank, limit)
    if len(ids) < limit and is_khmer(folded):
        # Khmer names typed with other spacing: compare without spaces (slower, so only when needed).
        # A syllable is never split by a space, so its longest one narrows the rows cheaply first.
        compact = and_(
            _has(session, key, _longest_syllable(_compact(folded))),
            _has(session, func.replace(key, " ", ""), _compact(folded)),
        )
        ids += [i for i in _matching_ids(session, and_(compact, ~matches), rank, limit) if i not in ids]
    return ids[:limit]


def _matching_ids(
    session: Session, matches: ColumnElement[bool], rank: ColumnElement[int], limit: int
) -> list[str]:
    """Ids of live participants whose key matches, best rank first.

    The keys are ranked in a scan of the search-key index alone (it holds every key), then the few best
    keys are looked up; deleted entries are skipped page by page.
    """
    ids: list[str] = []
    page = max(limit * 2, 20)
    offset = 0
    while len(ids) < limit:
        ranked = rank.label("rank")  # ordering by the label computes the rank once per row
        keys = list(
            session.execute(
                select(Participant.search_key, ranked)
                .where(matches)
                .order_by(ranked, Participant.search_key)
                .limit(page)
                .offset(offset)
            )
        )
        if not keys:
            break
        order = {k: n for n, (k, _) in enumerate(keys)}
        found = session.execute(
            select(Participant.id, Participant.search_key).where(
                Participant.search_key.in_(order), Participant.deleted.is_(False)
            )
        ).all()
        for pid, _key in sorted(found, key=lambda row: (order[row[1]], row[0])):
            if pid not in ids:
                ids.append(pid)
        if len(keys) < page:
            break
        offset += page
    return ids[:limit]


def possible_duplicates(session: Session, data_or_id: ParticipantInput | str) -> list[ParticipantHit]:
    """Other live entries that may be the same person: same phone, same Khmer name or same Latin name.

    Names are compared folded (case, zero-width characters, normalisation; Khmer also ignores spaces);
    phones by their digits, '+855' being the same as a leading '0'.
    """
    exclude: str | None = None
    if isinstance(data_or_id, str):
        participant = get_live(session, Participant, data_or_id)
        exclude = participant.id
        name_km, name_latin, phone = participant.name_km, participant.name_latin, participant.phone
    else:
        name_km, name_latin, phone = data_or_id.name_km, data_or_id.name_latin, data_or_id.phone
    km = _compact(fold_for_search(name_km or "")).replace("|", "")
    latin = fold_for_search(name_latin or "").replace("|", "")
    digits = phone_digits(phone)
    key: ColumnElement[str] = Participant.search_key.expression
    live = Participant.deleted.is_(False)
    candidates: list[tuple[str, str, str]] = []
    if km:
        # Keys start with the Khmer name, whose first syllable no space splits: a range of the index.
        first = _first_syllable(km)
        candidates += session.execute(
            select(Participant.id, Participant.search_key, Participant.phone).where(
                key >= first,
                key < first[:-1] + chr(ord(first[-1]) + 1),
                _starts(func.replace(key, " ", ""), km + "|"),
                live,
            )
        ).all()
    scan: list[ColumnElement[bool]] = []
    if latin:
        scan.append(_ends(key, "|" + latin))
    if len(digits) >= 6:
        # Narrow in SQL (the last digit ends the number, the last two are rarely split), compare in Python.
        phone_column: ColumnElement[str] = Participant.phone.expression
        scan.append(and_(_ends(phone_column, digits[-1]), _has(session, phone_column, digits[-2:])))
    if scan:
        candidates += session.execute(
            select(Participant.id, Participant.search_key, Participant.phone).where(or_(*scan), live)
        ).all()
    ids: list[str] = []
    for pid, other_key, other_phone in candidates:
        if pid == exclude or pid in ids:
            continue
        other_km, _, other_latin = other_key.partition("|")
        if (
            (km and _compact(other_km) == km)
            or (latin and other_latin == latin)
            or (len(digits) >= 6 and phone_digits(other_phone) == digits)
        ):
            ids.append(pid)
    return _hits(session, ids)


# --- merge -----------------------------------------------------------------------------------------------


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == Sex.NOT_STATED


def merge_participants(session: Session, keep_id: str, remove_id: str) -> str:
    """Merge two entries of the same person into `keep_id`, in the caller's transaction; returns the kept id.

    Attendance, interventions and needs move to the kept entry (when both attended the same dialogue one
    attendance stays, the signed one if any); empty fields of the kept entry are filled from the removed
    one (consent is never copied: it must be given for the entry it is recorded on, and so contact details
    reach the kept entry only if it has consent); the removed entry is deleted and points to the kept one.
    """
    if keep_id == remove_id:
        raise UserError(N_("Choose two different people to merge."))
    keep = get_live(session, Participant, keep_id)
    remove = get_live(session, Participant, remove_id)

    kept_attendance = {
        a.dialogue_id: a
        for a in session.scalars(
            select(Attendance).where(Attendance.participant_id == keep.id, Attendance.deleted.is_(False))
        )
    }
    for moving in session.scalars(
        select(Attendance).where(Attendance.participant_id == remove.id, Attendance.deleted.is_(False))
    ).all():
        already = kept_attendance.get(moving.dialogue_id)
        if already is None:
            moving.participant_id = keep.id
            kept_attendance[moving.dialogue_id] = moving
        elif moving.signed and not already.signed:
            already.deleted = True
            moving.participant_id = keep.id
            kept_attendance[moving.dialogue_id] = moving
        else:
            moving.deleted = True

    for intervention in session.scalars(select(Intervention).where(Intervention.participant_id == remove.id)):
        intervention.participant_id = keep.id
    for need in session.scalars(select(Need).where(Need.raised_by_participant_id == remove.id)):
        need.raised_by_participant_id = keep.id

    for name in INPUT_FIELDS:
        if name in ("consent_data", "consent_photo") or (name in CONTACT_FIELDS and not keep.consent_data):
            continue
        if _is_empty(getattr(keep, name)) and not _is_empty(getattr(remove, name)):
            setattr(keep, name, getattr(remove, name))

    remove.deleted = True
    remove.merged_into_id = keep.id
    session.flush()
    # Whatever the removed entry held stays in its history; without its own consent none of it is kept.
    forget_contact_details(session, [keep.id, remove.id])
    return keep.id


# --- history ---------------------------------------------------------------------------------------------


def attendance_history(session: Session, participant_id: str) -> list[AttendedDialogue]:
    """The dialogues a person attended, latest first, with the organisation they represented there."""
    get_live(session, Participant, participant_id)
    represented = func.coalesce(Attendance.organisation_id, Participant.organisation_id)
    rows = session.execute(
        select(
            Dialogue.id,
            Dialogue.date,
            Dialogue.title_km,
            Dialogue.title_en,
            Attendance.role,
            Organisation.name_km,
            Organisation.name_en,
        )
        .select_from(Attendance)
        .join(Dialogue, Dialogue.id == Attendance.dialogue_id)
        .join(Participant, Participant.id == Attendance.participant_id)
        .outerjoin(Organisation, Organisation.id == represented)
        .where(
            Attendance.participant_id == participant_id,
            Attendance.deleted.is_(False),
            Dialogue.deleted.is_(False),
        )
        .order_by(Dialogue.date.desc(), Dialogue.start_time.desc())
    )
    return [
        AttendedDialogue(
            dialogue_id=r[0],
            date=r[1],
            title_km=r[2],
            title_en=r[3],
            role=r[4],
            organisation_name_km=r[5] or "",
            organisation_name_en=r[6] or "",
        )
        for r in rows
    ]


# --- indigenous and minority groups ----------------------------------------------------------------------


def list_indigenous_groups(session: Session) -> list[IndigenousGroupRow]:
    """The live groups, by English then Khmer name."""
    groups = session.scalars(
        select(IndigenousGroup)
        .where(IndigenousGroup.deleted.is_(False))
        .order_by(IndigenousGroup.name_en, IndigenousGroup.name_km)
    )
    own = shared_lists.own_device_ids(session)
    return [
        IndigenousGroupRow(g.id, g.name_km, g.name_en, not shared_lists.made_elsewhere(g, own))
        for g in groups
    ]


def _check_group_names(session: Session, name_km: str, name_en: str, exclude: str | None) -> tuple[str, str]:
    checker = Checker()
    km = checker.text("name_km", N_("Name in Khmer"), name_km, max_length=SHORT)
    en = checker.text("name_en", N_("Name in English"), name_en, max_length=SHORT)
    if not km and not en:
        checker.add("name_km", N_("Name in Khmer"), N_("Enter a name in Khmer or in English."))
    for other in session.scalars(select(IndigenousGroup).where(IndigenousGroup.deleted.is_(False))):
        if other.id == exclude:
            continue
        if km and fold_for_search(other.name_km) == fold_for_search(km):
            checker.add("name_km", N_("Name in Khmer"), N_("This group is already in the list."))
        if en and fold_for_search(other.name_en) == fold_for_search(en):
            checker.add("name_en", N_("Name in English"), N_("This group is already in the list."))
    checker.done()
    return km, en


def create_indigenous_group(session: Session, name_km: str, name_en: str) -> str:
    """Add a group to the list (names must not repeat an existing group's); returns its id."""
    km, en = _check_group_names(session, name_km, name_en, None)
    group = IndigenousGroup(name_km=km, name_en=en)
    session.add(group)
    session.flush()
    return group.id


def rename_indigenous_group(session: Session, group_id: str, name_km: str, name_en: str) -> None:
    """Change a group's names (on a laptop, a group added elsewhere keeps its names: see `shared_lists`)."""
    group = get_live(session, IndigenousGroup, group_id)
    km, en = _check_group_names(session, name_km, name_en, group.id)
    labels = {"name_km": N_("Name in Khmer"), "name_en": N_("Name in English")}
    shared_lists.check_edit(session, group, {"name_km": km, "name_en": en}, labels)
    group.name_km, group.name_en = km, en
    session.flush()


def delete_indigenous_group(session: Session, group_id: str) -> None:
    """Remove a group from the list; refused while participants in the registry belong to it, and on a
    laptop for a group it did not add."""
    group = get_live(session, IndigenousGroup, group_id)
    shared_lists.check_may_delete(session, group)
    used = session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(and_(Participant.indigenous_group_id == group.id, Participant.deleted.is_(False)))
    )
    if used:
        raise UserError(
            N_(
                "This group cannot be deleted: participants in the registry belong to it ({count}). "
                "Change their group first."
            ),
            count=used,
        )
    group.deleted = True
    session.flush()


__all__ = [
    "AttendedDialogue",
    "IndigenousGroupRow",
    "ParticipantHit",
    "ParticipantInput",
    "attendance_history",
    "check_participant",
    "create_indigenous_group",
    "create_participant",
    "delete_indigenous_group",
    "delete_participant",
    "kept",
    "list_indigenous_groups",
    "merge_participants",
    "phone_digits",
    "possible_duplicates",
    "rename_indigenous_group",
    "search_participants",
    "update_participant",
    "validate_participant",
]
