"""Lists for the GUI's tables and the command line: filtering, sorting and paging are done in SQL.

Big tables work the Anki way: `dialogue_ids` returns the ordered ids of what matches, and the table model
asks `dialogue_rows` for the rows it shows, a screenful at a time. Rows are plain frozen dataclasses.
Deleted records, and the children of deleted dialogues, never appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.dialogue_list import (
    DialogueFilters,
    DialogueRow,
    DialogueSort,
    DialogueSortKey,
)
from dialogue_desktop.core.domain.enums import ActionStatus, DialogueStatus, Sex
from dialogue_desktop.core.domain.models import (
    Action,
    Attendance,
    Dialogue,
    FollowUp,
    Organisation,
    Participant,
)
from dialogue_desktop.core.domain.rules import fold_for_search
from dialogue_desktop.core.i18n import current_language
from dialogue_desktop.core.services.participants import person_rows
from dialogue_desktop.core.services.places import place_name, provinces
from dialogue_desktop.core.store.list_snapshot import MAX_IDS, ROWS, FirstList

_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_CHUNK = 500  # ids per IN (...) query, well below every database's parameter limit
_CLOSED = (ActionStatus.DONE, ActionStatus.DROPPED)
S = TypeVar("S", bound=Select)


def searchable(column: Any) -> Any:
    """A text column as searched: lower case, without the zero-width characters used as word separators.

    Compare it with `fold_for_search(query)`. (SQLite's lower() folds ASCII letters only; Khmer has no case.)
    """
    expression = column
    for character in _ZERO_WIDTH:
        expression = func.replace(expression, character, "")
    return func.lower(expression)


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


# --- dialogues (their filters, sort and rows: core/domain/dialogue_list.py) ------------------------------


def _attendance_total() -> ColumnElement[int]:
    """People at a dialogue: the tally for tally-only dialogues, else the live attendance entries.

    A correlated count, so that SQLite uses the index on attendance.dialogue_id for each dialogue.
    """
    entries = (
        select(func.count())
        .where(Attendance.dialogue_id == Dialogue.id, Attendance.deleted.is_(False))
        .correlate(Dialogue)
        .scalar_subquery()
    )
    return case(
        (Dialogue.tally_only.is_(True), Dialogue.tally_female + Dialogue.tally_male + Dialogue.tally_other),
        else_=entries,
    )


def _actions_count() -> ColumnElement[int]:
    return (
        select(func.count())
        .where(Action.dialogue_id == Dialogue.id, Action.deleted.is_(False))
        .correlate(Dialogue)
        .scalar_subquery()
    )


def _dialogue_filter(statement: Select[Any], filters: DialogueFilters) -> Select[Any]:
    statement = statement.where(Dialogue.deleted.is_(False))
    folded = fold_for_search(filters.text)
    if folded:
        statement = statement.where(
            or_(
                *(
                    searchable(column).contains(folded, autoescape=True)
                    for column in (Dialogue.title_km, Dialogue.title_en, Dialogue.venue)
                )
            )
        )
    if filters.date_from is not None:
        statement = statement.where(Dialogue.date >= filters.date_from)
    if filters.date_to is not None:
        statement = statement.where(Dialogue.date <= filters.date_to)
    if filters.province_code:
        statement = statement.where(Dialogue.province_code == filters.province_code)
    if filters.kind is not None:
        statement = statement.where(Dialogue.kind == filters.kind)
    if filters.status is not None:
        statement = statement.where(Dialogue.status == filters.status)
    return statement


def _sort_expression(key: DialogueSortKey) -> ColumnElement[Any]:
    language = current_language()
    if key == DialogueSortKey.TITLE:
        first, second = (
            (Dialogue.title_km, Dialogue.title_en)
            if language == "km"
            else (Dialogue.title_en, Dialogue.title_km)
        )
        return func.lower(func.coalesce(func.nullif(first, ""), second))
    if key == DialogueSortKey.PROVINCE:
        names = {p.code: p.name(language) for p in provinces()}
        return case(names, value=Dialogue.province_code, else_=literal(""))
    if key == DialogueSortKey.STATUS:
        order = {status.value: index for index, status in enumerate(DialogueStatus)}
        return case(order, value=Dialogue.status, else_=literal(len(order)))
    if key == DialogueSortKey.ATTENDANCE:
        return _attendance_total()
    return Dialogue.date.expression


def dialogue_ids(
    session: Session,
    filters: DialogueFilters = DialogueFilters(),  # noqa: B008 - frozen, safe as a default
    sort: DialogueSort = DialogueSort(),  # noqa: B008
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[str]:
    """Ids of the live dialogues matching `filters`, in `sort` order (ties: newest date, then id)."""
    statement = _dialogue_filter(select(Dialogue.id), filters)
    primary = _sort_expression(sort.key)
    statement = statement.order_by(
        primary.desc() if sort.descending else primary.asc(),
        Dialogue.date.desc(),
        Dialogue.start_time.desc(),
        Dialogue.id,
    )
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def dialogue_rows(session: Session, ids: Sequence[str]) -> list[DialogueRow]:
    """Rows for `ids`, in that order; ids of dialogues that no longer exist are skipped."""
    by_id: dict[str, DialogueRow] = {}
    for chunk in _chunks(ids):
        statement = select(Dialogue, _attendance_total(), _actions_count()).where(
            Dialogue.id.in_(chunk), Dialogue.deleted.is_(False)
        )
        for d, attendance, action_count in session.execute(statement):
            by_id[d.id] = DialogueRow(
                id=d.id, kind=d.kind, title_km=d.title_km, title_en=d.title_en, date=d.date,
                start_time=d.start_time, province_code=d.province_code,
                province_name_km=place_name(d.province_code, "km"),
                province_name_en=place_name(d.province_code, "en"),
                district_code=d.district_code, commune_code=d.commune_code, venue=d.venue, status=d.status,
                tally_only=d.tally_only, attendance_count=int(attendance), actions_count=int(action_count),
            )  # fmt: skip
    return [by_id[i] for i in ids if i in by_id]


def first_list(session: Session) -> FirstList:
    """The dialogue list as a start shows it first: every live dialogue's id in the default order and the
    rows of the first ones (kept beside the database when the app closes)."""
    ids = dialogue_ids(session, limit=MAX_IDS)
    return FirstList(ids, dialogue_rows(session, ids[:ROWS]))


def list_dialogues(
    session: Session,
    filters: DialogueFilters = DialogueFilters(),  # noqa: B008
    sort: DialogueSort = DialogueSort(),  # noqa: B008
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[DialogueRow]:
    """The rows of the matching dialogues, in order (for the command line and reports)."""
    return dialogue_rows(session, dialogue_ids(session, filters, sort, limit=limit, offset=offset))


# --- actions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    """What the action tracker shows; empty fields match everything."""

    status: ActionStatus | None = None
    responsible_organisation_id: str | None = None
    province_code: str | None = None  # of the dialogue that agreed the action
    overdue: bool = False  # only actions past their deadline and neither done nor dropped
    dialogue_id: str | None = None


@dataclass(frozen=True)
class LatestFollowUp:
    date: date
    status: ActionStatus
    progress_percent: int
    note: str


@dataclass(frozen=True)
class ActionRow:
    id: str
    dialogue_id: str
    dialogue_title_km: str
    dialogue_title_en: str
    dialogue_date: date
    province_code: str | None
    text_km: str
    text_en: str
    responsible_organisation_id: str | None
    responsible_name_km: str
    responsible_name_en: str
    responsible_acronym: str
    responsible_person: str
    deadline: date | None
    indicator: str
    status: ActionStatus
    latest_follow_up: LatestFollowUp | None
    overdue: bool


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(Action.deadline.is_not(None), Action.deadline < today, Action.status.not_in(_CLOSED))


def _live_actions(statement: S) -> S:
    """Only live actions of live dialogues (with the dialogue joined)."""
    return statement.join(Dialogue, Dialogue.id == Action.dialogue_id).where(
        Action.deleted.is_(False), Dialogue.deleted.is_(False)
    )


def list_actions(
    session: Session,
    filters: ActionFilters = ActionFilters(),  # noqa: B008
    today: date | None = None,
) -> list[ActionRow]:
    """Live actions matching `filters`, by deadline (none last), each with its latest follow-up.

    `today` decides what is overdue (the real date when None; tests pass a fixed one).
    """
    today = today or date.today()
    ranked = (
        select(
            FollowUp.action_id,
            FollowUp.date,
            FollowUp.status,
            FollowUp.progress_percent,
            FollowUp.note,
            func.row_number()
            .over(
                partition_by=FollowUp.action_id,
                order_by=(FollowUp.date.desc(), FollowUp.created_at.desc(), FollowUp.id.desc()),
            )
            .label("rank"),
        )
        .where(FollowUp.deleted.is_(False))
        .subquery()
    )
    statement = _live_actions(
        select(
            Action.id,
            Action.dialogue_id,
            Action.text_km,
            Action.text_en,
            Action.responsible_organisation_id,
            Action.responsible_person,
            Action.deadline,
            Action.indicator,
            Action.status,
            Dialogue.title_km,
            Dialogue.title_en,
            Dialogue.date,
            Dialogue.province_code,
            Organisation.name_km,
            Organisation.name_en,
            Organisation.acronym,
            ranked.c.date,
            ranked.c.status,
            ranked.c.progress_percent,
            ranked.c.note,
        )
    )
    statement = statement.outerjoin(Organisation, Organisation.id == Action.responsible_organisation_id)
    statement = statement.outerjoin(ranked, and_(ranked.c.action_id == Action.id, ranked.c.rank == 1))
    if filters.status is not None:
        statement = statement.where(Action.status == filters.status)
    if filters.responsible_organisation_id:
        statement = statement.where(Action.responsible_organisation_id == filters.responsible_organisation_id)
    if filters.province_code:
        statement = statement.where(Dialogue.province_code == filters.province_code)
    if filters.dialogue_id:
        statement = statement.where(Action.dialogue_id == filters.dialogue_id)
    if filters.overdue:
        statement = statement.where(_overdue(today))
    statement = statement.order_by(Action.deadline.is_(None), Action.deadline, Dialogue.date, Action.id)
    rows: list[ActionRow] = []
    for (
        action_id, dialogue_id, text_km, text_en, organisation_id, person, deadline, indicator, status,
        title_km, title_en, d_date, province, org_km, org_en, acronym, f_date, f_status, f_pct, f_note,
    ) in session.execute(statement):  # fmt: skip
        latest = LatestFollowUp(f_date, f_status, f_pct, f_note) if f_date is not None else None
        rows.append(
            ActionRow(
                id=action_id,
                dialogue_id=dialogue_id,
                dialogue_title_km=title_km,
                dialogue_title_en=title_en,
                dialogue_date=d_date,
                province_code=province,
                text_km=text_km,
                text_en=text_en,
                responsible_organisation_id=organisation_id,
                responsible_name_km=org_km or "",
                responsible_name_en=org_en or "",
                responsible_acronym=acronym or "",
                responsible_person=person,
                deadline=deadline,
                indicator=indicator,
                status=status,
                latest_follow_up=latest,
                overdue=deadline is not None and deadline < today and status not in _CLOSED,
            )  # fmt: skip
        )
    return rows


def count_overdue_actions(session: Session, today: date | None = None) -> int:
    """How many live actions are past their deadline and neither done nor dropped."""
    statement = _live_actions(select(func.count()).select_from(Action)).where(_overdue(today or date.today()))
    return int(session.scalar(statement) or 0)


# --- participants -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    id: str
    name_km: str
    name_latin: str
    sex: Sex
    birth_year: int | None
    organisation_name_km: str
    organisation_name_en: str
    attendance_count: int


def list_participants(
    session: Session, query: str | None = None, *, limit: int | None = None, offset: int = 0
) -> list[ParticipantRow]:
    """Live participants whose name contains `query` (folded like the registry search), by Latin name,
    with how many live dialogues each attended. (`participants.search_participants` ranks for typing.)"""
    visits = (
        select(func.count())
        .select_from(Attendance)
        .join(Dialogue, Dialogue.id == Attendance.dialogue_id)
        .where(
            Attendance.participant_id == Participant.id,
            Attendance.deleted.is_(False),
            Dialogue.deleted.is_(False),
        )
        .correlate(Participant)
        .scalar_subquery()
    )
    statement = person_rows(visits).where(Participant.deleted.is_(False))
    folded = fold_for_search(query or "").replace("|", "")
    if folded:
        statement = statement.where(Participant.search_key.contains(folded, autoescape=True))
    statement = statement.order_by(Participant.name_latin, Participant.name_km, Participant.id).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return [
        ParticipantRow(pid, km, latin, sex, born, org_km or "", org_en or "", int(n))
        for pid, km, latin, sex, born, org_km, org_en, n in session.execute(statement)
    ]
