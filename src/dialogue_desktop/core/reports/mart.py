"""The report mart: per-dialogue sums and narrow integer rows the indicators aggregate, kept up to date.

Joining ~100,000 attendance entries to the registry on UUID keys costs more than the whole report may take,
so the joins are done once, here, into the tables of `domain.report_models`: one row per reported dialogue
with its sums (attendance by group, tally counts included; speaking turns by group), one row per person
per dialogue (`report_presence`: integer numbers and the person's groups as bits), the needs per sector
and the actions (overdue depends on the day of the report, so deadlines and statuses are kept). The rows
are derived: never synced, never in the change log, rebuilt from the real tables at any time.

Keeping it current (`refresh`, called by every report before it reads): the change log (`ChangeRecord`)
has a row, numbered by `seq`, for every local edit, bulk insert, sync merge and conflict resolution. The
mart remembers the number it is current up to (its watermark). The changes past it name the records that
changed; each maps to the dialogues whose rows depend on it (an attendance, speaking turn, need or action
to its dialogue, a follow-up to its action's dialogue, a dialogue to itself, a person or an organisation
to the dialogues their attendance and speaking turns are at; the values a change replaced count too, so
a record moved to another dialogue refreshes both). Only those dialogues are recomputed, in a savepoint
that also moves the watermark: a failure leaves the mart and its watermark as they were. When that would
be more than a quarter of the dialogues (or many changes at once), everything is rebuilt instead.

Change numbers committed out of order (PostgreSQL, several importers or editors at once): a sequence
hands out numbers when rows are inserted, but transactions commit in any order, so a refresh can see
number 105 while 103 is still uncommitted. The mart does not lock out writers (editing and importing must
never wait for a report, and their code would have to take the lock too). Instead it remembers every
number at or below its watermark it has not seen (`gaps`) and looks for them again at each refresh, until
they show up or a day has passed (a number of a rolled-back transaction never shows up; no transaction
stays open for a day). At most the latest MAX_GAPS holes are kept, and a rebuild only looks among the
latest REBUILD_GAP_WINDOW numbers: numbers are handed out in time order, so older holes are rolled back.
On SQLite writers take turns and numbers are never out of order, so there are no gaps. Two refreshes at
once take turns on the state row (SELECT ... FOR UPDATE on PostgreSQL; SQLite allows one writer anyway).

The youth columns depend on the youth age range; the mart is built for one range (the last one asked
for) and rebuilt when a report asks for another. A restored backup brings its own mart and watermark.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    bindparam,
    case,
    delete,
    exists,
    extract,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.domain.models import (
    Action,
    Attendance,
    ChangeRecord,
    Dialogue,
    FollowUp,
    Intervention,
    Need,
    Participant,
)
from dialogue_desktop.core.domain.report_models import (
    MART_MODELS,
    ReportAction,
    ReportDialogue,
    ReportNeed,
    ReportPerson,
    ReportPresence,
    ReportState,
    ReportUnique,
)
from dialogue_desktop.core.domain.rules import DEFAULT_YOUTH_AGES
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.reports import sources
from dialogue_desktop.core.reports.filters import ReportFilter, level_expression, quarter_expression
from dialogue_desktop.core.reports.sources import PERSON_FLAGS, VOICE_FLAGS, Registered

#: Bumped whenever what the mart's rows mean changes: a mart built by other code is rebuilt.
MART_VERSION = 3
#: Recompute at most this share of the dialogues one by one; beyond it, rebuild everything.
REBUILD_SHARE = 0.25
#: ...but always one by one up to this many (a small store gains nothing from a rebuild).
REBUILD_MIN_DIALOGUES = 50
#: More pending changes than this: rebuild rather than map each change to its dialogues.
REBUILD_CHANGES = 20_000
#: How long a missing change number is looked for again (see the module docstring).
GAP_SECONDS = 24 * 3600
#: At most this many gaps are remembered (the latest), and a rebuild looks for them only among this many
#: latest numbers: a sequence hands out numbers in time order, so older holes are rolled-back numbers.
MAX_GAPS = 1000
REBUILD_GAP_WINDOW = 100_000
_CHUNK = 500
_STATE_ID = 1
#: The tables whose changes can move a figure.
RELEVANT_TABLES = ("dialogue", "attendance", "intervention", "need", "action", "follow_up", "participant",
                   "organisation")  # fmt: skip


@dataclass(frozen=True)
class Refresh:
    """What a refresh did: 'fresh' (nothing to do), 'incremental' or 'rebuilt', and how many dialogues
    it recomputed and changes it read."""

    kind: str
    dialogues: int = 0
    changes: int = 0


def bit(name: str) -> int:
    """The bit of a `PERSON_FLAGS` group in `ReportPresence.bits`."""
    return 1 << PERSON_FLAGS.index(name)


def has_bit(bits: Any, name: str) -> ColumnElement[int]:
    """1 when the group `name` is set in the SQL integer `bits`, else 0 (portable bitwise SQL)."""
    return bits.op("/")(bit(name)).op("%")(2)


# --- which dialogues ------------------------------------------------------------------------------------


#: The ids of the dialogues being recomputed, given when a statement runs.
_IDS: BindParameter[str] = bindparam("ids", expanding=True)


@dataclass(frozen=True)
class _Dialogues(ReportFilter):
    """The reported dialogues (those named by the parameter `_IDS` when `restricted`), as a
    `ReportFilter` for `sources`."""

    restricted: bool = False

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = super().conditions()
        if self.restricted:
            conditions.append(Dialogue.id.in_(_IDS))
        return conditions


def _chunks(values: Sequence[str]) -> Iterable[tuple[str, ...]]:
    for start in range(0, len(values), _CHUNK):
        yield tuple(values[start : start + _CHUNK])


def _ids(session: Session, column: Any, where: Any, values: set[str]) -> set[str]:
    """`column` of the rows whose `where` column is among `values` (in chunks)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(values)):
        found.update(v for v in session.scalars(select(column).where(where.in_(chunk)).distinct()) if v)
    return found


def affected_dialogues(session: Session, changed: dict[str, set[str]]) -> set[str]:
    """The dialogues whose mart rows depend on the changed records (`table name → ids`)."""
    dialogues = set(changed.get("dialogue", set()))
    for model in (Attendance, Intervention, Need, Action):
        dialogues |= _ids(session, model.dialogue_id, model.id, changed.get(model.__tablename__, set()))
    actions = set(changed.get("action", set()))
    actions |= _ids(session, FollowUp.action_id, FollowUp.id, changed.get("follow_up", set()))
    dialogues |= _ids(session, Action.dialogue_id, Action.id, actions)
    people = set(changed.get("participant", set()))
    organisations = changed.get("organisation", set())
    if organisations:
        dialogues |= _ids(session, Attendance.dialogue_id, Attendance.organisation_id, organisations)
        people |= _ids(session, Participant.id, Participant.organisation_id, organisations)
    if people:
        people |= _ids(
            session, Participant.id, Participant.merged_into_id, people
        )  # entries merged into them
        dialogues |= _ids(session, Attendance.dialogue_id, Attendance.participant_id, people)
        dialogues |= _ids(session, Intervention.dialogue_id, Intervention.participant_id, people)
    return dialogues


#: Fields whose former value names another record the mart rows hang on (table of that record).
_REFERENCES = {
    "dialogue_id": "dialogue",
    "participant_id": "participant",
    "organisation_id": "organisation",
    "action_id": "action",
    "merged_into_id": "participant",
}


def _changed_records(rows: Iterable[Any]) -> dict[str, set[str]]:
    changed: dict[str, set[str]] = {}
    for table, record_id, old_values in rows:
        changed.setdefault(table, set()).add(record_id)
        for field, value in (old_values or {}).items():
            if field in _REFERENCES and value:
                changed.setdefault(_REFERENCES[field], set()).add(str(value))
    return changed


# --- gaps in the change numbers ---------------------------------------------------------------------------


def _missing(low: int, high: int, seen: Sequence[int]) -> list[list[int]]:
    """The ranges of numbers in [low, high] not in `seen` (sorted), as [first, last] pairs."""
    ranges: list[list[int]] = []
    expected = low
    for number in seen:
        if number > expected:
            ranges.append([expected, number - 1])
        expected = max(expected, number + 1)
    if expected <= high:
        ranges.append([expected, high])
    return ranges


def _gap_condition(gaps: list[list[int]]) -> ColumnElement[bool] | None:
    if not gaps:
        return None
    return or_(*(ChangeRecord.seq.between(low, high) for low, high, _seen in gaps))


def _remaining_gaps(gaps: list[list[int]], found: Sequence[int], now: int) -> list[list[int]]:
    """`gaps` without the numbers `found` (sorted), dropping those looked for longer than GAP_SECONDS."""
    remaining: list[list[int]] = []
    for low, high, seen_at in gaps:
        if now - seen_at > GAP_SECONDS:
            continue
        inside = [n for n in found if low <= n <= high]
        remaining += [[a, b, seen_at] for a, b in _missing(low, high, inside)]
    return remaining


# --- refreshing ----------------------------------------------------------------------------------------


def _state(session: Session, lock: bool = False) -> ReportState | None:
    statement = (
        select(ReportState).where(ReportState.id == _STATE_ID).execution_options(populate_existing=True)
    )
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def _current(state: ReportState | None, youth_ages: tuple[int, int]) -> bool:
    return (
        state is not None
        and state.version == MART_VERSION
        and (state.youth_low, state.youth_high) == tuple(youth_ages)
    )


def is_fresh(session: Session, youth_ages: tuple[int, int] = DEFAULT_YOUTH_AGES) -> bool:
    """Whether the mart reflects every change (a read only: nothing is written)."""
    state = _state(session)
    if state is None or not _current(state, youth_ages):
        return False
    if (
        session.scalar(select(ChangeRecord.seq).where(ChangeRecord.seq > state.watermark).limit(1))
        is not None
    ):
        return False
    gap = _gap_condition(state.gaps)
    return gap is None or session.scalar(select(ChangeRecord.seq).where(gap).limit(1)) is None


def refresh(
    session: Session, youth_ages: tuple[int, int] = DEFAULT_YOUTH_AGES, *, full: bool = False
) -> Refresh:
    """Bring the mart up to date with the change log (see the module docstring); `full` rebuilds it all.

    Runs in a savepoint of the session's transaction: on any error the mart is left as it was.
    """
    if not full and is_fresh(session, youth_ages):
        return Refresh("fresh")
    with session.begin_nested():
        state = _state(session, lock=True)
        if state is None:
            state = ReportState(id=_STATE_ID, watermark=0, gaps=[], youth_low=youth_ages[0],
                                youth_high=youth_ages[1], version=MART_VERSION, built_at=utc_now())  # fmt: skip
            session.add(state)
            session.flush()
            full = True
        top = session.scalar(select(func.max(ChangeRecord.seq))) or 0
        if full or not _current(state, youth_ages):
            done = rebuild(session, youth_ages)
            # Numbers still uncommitted now were handed out lately; old holes are rolled-back numbers.
            state.gaps = _unseen(session, max(0, top - REBUILD_GAP_WINDOW), top, int(time.time()))
        else:
            done = _incremental(session, state, top, youth_ages)
        state.watermark = max(state.watermark, top)
        state.youth_low, state.youth_high = youth_ages
        state.version = MART_VERSION
        state.built_at = utc_now()
        session.flush()
    return done


def _unseen(session: Session, above: int, top: int, now: int) -> list[list[int]]:
    """The change numbers in (above, top] not visible now, as gaps [first, last, now]; none in the usual
    case (a count shows it without reading the numbers)."""
    within = and_(ChangeRecord.seq > above, ChangeRecord.seq <= top)
    if session.scalar(select(func.count()).select_from(ChangeRecord).where(within)) == top - above:
        return []
    seen = list(session.scalars(select(ChangeRecord.seq).where(within).order_by(ChangeRecord.seq)))
    return [[low, high, now] for low, high in _missing(above + 1, top, seen)][-MAX_GAPS:]


def _incremental(session: Session, state: ReportState, top: int, youth_ages: tuple[int, int]) -> Refresh:
    watermark = state.watermark
    gap = _gap_condition(state.gaps)
    now = int(time.time())
    found_in_gaps = sorted(session.scalars(select(ChangeRecord.seq).where(gap))) if gap is not None else []
    state.gaps = _remaining_gaps(state.gaps, found_in_gaps, now) + _unseen(session, watermark, top, now)
    # By number only (the primary key): a condition on the table name would make databases walk the
    # change log's table-name index instead.
    pending = and_(ChangeRecord.seq > watermark, ChangeRecord.seq <= top)
    if gap is not None:
        pending = or_(pending, gap)
    count = session.scalar(select(func.count()).select_from(ChangeRecord).where(pending)) or 0
    if count > REBUILD_CHANGES:
        return rebuild(session, youth_ages, changes=count)
    statement = select(ChangeRecord.table_name, ChangeRecord.record_id, ChangeRecord.old_values).where(
        pending
    )
    rows = [row for row in session.execute(statement) if row[0] in RELEVANT_TABLES]
    if not rows:
        return Refresh("incremental", 0, 0)
    dialogues = affected_dialogues(session, _changed_records(rows))
    total = session.scalar(select(func.count()).select_from(Dialogue)) or 0
    if len(dialogues) > max(REBUILD_SHARE * total, REBUILD_MIN_DIALOGUES):
        return rebuild(session, youth_ages, changes=len(rows))
    recompute(session, sorted(dialogues), youth_ages)
    return Refresh("incremental", len(dialogues), len(rows))


def rebuild(session: Session, youth_ages: tuple[int, int], changes: int = 0) -> Refresh:
    """Empty the mart and build every row again from the records (the state row is left to the caller)."""
    for model in MART_MODELS:
        session.execute(delete(model))
    _build(session, youth_ages, None)
    _build_unique(session)
    count = session.scalar(select(func.count()).select_from(ReportDialogue)) or 0
    return Refresh("rebuilt", count, changes)


def recompute(session: Session, dialogue_ids: Sequence[str], youth_ages: tuple[int, int]) -> None:
    """Replace the mart rows of these dialogues by rows computed from the records now, and move the
    unique-participant histogram (`ReportUnique`) by what that changes for the people concerned."""
    rp = ReportPresence
    for chunk in _chunks(dialogue_ids):
        numbers = select(ReportDialogue.dialogue_no).where(ReportDialogue.dialogue_id.in_(chunk))
        before = set(session.scalars(select(rp.person_no).where(rp.dialogue_no.in_(numbers)).distinct()))
        delta: Counter[tuple[str, str, int]] = Counter()
        _count_people(session, delta, before, -1)
        for model in (ReportPresence, ReportAction, ReportNeed):
            session.execute(delete(model).where(model.dialogue_no.in_(numbers)))
        session.execute(delete(ReportDialogue).where(ReportDialogue.dialogue_id.in_(chunk)))
        _build(session, youth_ages, chunk)
        new_numbers = list(session.scalars(numbers))
        after = set(session.scalars(select(rp.person_no).where(rp.dialogue_no.in_(new_numbers)).distinct()))
        # People new to these dialogues counted before too, by their other dialogues.
        _count_people(session, delta, after - before, -1, excluding=new_numbers)
        _count_people(session, delta, before | after, +1)
        _move_unique(session, delta)


# --- unique participants ---------------------------------------------------------------------------------

#: The dimensions `ReportUnique` holds.
UNIQUE_DIMENSIONS = ("total", "province", "kind", "level", "quarter")


def unique_histogram(dimension: str, conditions: Sequence[ColumnElement[bool]]) -> Any:
    """A SELECT of (key, bits, people): per key of `dimension` ('' for 'total'), the number of people
    whose groups among the presence rows meeting `conditions` are exactly `bits` (one person may be in
    two rows with the same key and bits: add `people` up by key and bits).

    Per key and person, the smallest and largest `bits` first. Nearly everybody is in the same groups
    at each of their dialogues (smallest = largest: those are their groups); for the few others the
    union of their groups is taken as a sum of per-bit maxima.
    """
    rp = ReportPresence
    keys = [] if dimension == "total" else [getattr(rp, dimension)]
    key = keys[0] if keys else literal("", String)
    per_person = (
        select(
            key.label("key"), rp.person_no, func.min(rp.bits).label("low"), func.max(rp.bits).label("high")
        )
        .where(*conditions)
        .group_by(*keys, rp.person_no)
        .cte(f"people_{dimension}")
    )
    single = (
        select(per_person.c.key.cast(String).label("key"), per_person.c.low.label("bits"),
               func.count().label("people"))
        .where(per_person.c.low == per_person.c.high)
        .group_by(per_person.c.key, per_person.c.low)
    )  # fmt: skip
    union = sum(
        (func.max(has_bit(rp.bits, name)) * bit(name) for name in PERSON_FLAGS), start=literal(0, Integer)
    )
    same_key = [per_person.c.key == keys[0]] if keys else []
    mixed_people = (
        select(per_person.c.key, union.label("bits"))
        .join(per_person, and_(per_person.c.person_no == rp.person_no, per_person.c.low != per_person.c.high,
                               *same_key))
        .where(*conditions)
        .group_by(per_person.c.key, rp.person_no)
        .subquery(f"mixed_{dimension}")
    )  # fmt: skip
    mixed = select(
        mixed_people.c.key.cast(String).label("key"), mixed_people.c.bits, func.count().label("people")
    ).group_by(mixed_people.c.key, mixed_people.c.bits)
    return union_all(single, mixed)


@lru_cache(maxsize=2)
def _people_histogram(excluding: bool) -> Any:
    """(dimension, key, bits, people) of `unique_histogram` for every dimension, for the people numbered
    in the parameter `people` (at all their dialogues but those numbered in `excluding`, when asked).
    Built once: the statement is the same every time, only the numbers change."""
    rp = ReportPresence
    conditions = [rp.person_no.in_(bindparam("people", expanding=True))]
    if excluding:
        conditions.append(rp.dialogue_no.not_in(bindparam("excluding", expanding=True)))
    parts = []
    for dimension in UNIQUE_DIMENSIONS:
        counted = unique_histogram(dimension, conditions).subquery(f"histogram_{dimension}")
        parts.append(
            select(
                literal(dimension, String).label("dimension"), counted.c.key, counted.c.bits, counted.c.people
            )
        )
    return union_all(*parts)


def _count_people(
    session: Session,
    counts: Counter[tuple[str, str, int]],
    people: set[int],
    sign: int,
    excluding: Sequence[int] = (),
) -> None:
    """Add `sign` × the histogram of these people (all their presence rows but those at the dialogues
    numbered `excluding`) to `counts`."""
    ordered = sorted(people)
    statement = _people_histogram(bool(excluding))
    for start in range(0, len(ordered), _CHUNK):
        parameters: dict[str, Any] = {"people": ordered[start : start + _CHUNK]}
        if excluding:
            parameters["excluding"] = list(excluding)
        for dimension, key, bits, people_count in session.execute(statement, parameters):
            counts[(dimension, key or "", int(bits))] += sign * int(people_count)


def _move_unique(session: Session, delta: Counter[tuple[str, str, int]]) -> None:
    """Add `delta` to the histogram of unique participants (rows left at 0 people are removed)."""
    ru = ReportUnique
    for (dimension, key, bits), change in sorted(delta.items()):
        if not change:
            continue
        cell = and_(ru.dimension == dimension, ru.key == key, ru.bits == bits)
        moved = session.execute(update(ru).where(cell).values(people=ru.people + change))
        if not moved.rowcount:  # type: ignore[attr-defined]
            session.add(ReportUnique(dimension=dimension, key=key, bits=bits, people=change))
    session.flush()
    session.execute(delete(ru).where(ru.people == 0))


def _build_unique(session: Session) -> None:
    """The histogram of unique participants of every reported dialogue, from scratch."""
    for dimension in UNIQUE_DIMENSIONS:
        histogram = unique_histogram(dimension, []).subquery("histogram")
        session.execute(
            insert(ReportUnique).from_select(
                ["dimension", "key", "bits", "people"],
                select(literal(dimension, String), histogram.c.key, histogram.c.bits, func.sum(histogram.c.people))
                .group_by(histogram.c.key, histogram.c.bits),
            )
        )  # fmt: skip


# --- building the rows ------------------------------------------------------------------------------------

_TALLY_COLUMNS = ("total", *PERSON_FLAGS)


#: The statements of `_build`, by (restricted to some dialogues, youth ages, database dialect).
_BUILDS: dict[tuple[bool, tuple[int, int], str], list[Any]] = {}


def _build(session: Session, youth_ages: tuple[int, int], chunk: tuple[str, ...] | None) -> None:
    """Insert the mart rows of the reported dialogues among `chunk` (all when None; their old rows
    already gone). The statements are made once per process: only the dialogue ids change."""
    key = (chunk is not None, (youth_ages[0], youth_ages[1]), session.get_bind().dialect.name)
    statements = _BUILDS.get(key)
    if statements is None:
        statements = _BUILDS[key] = _build_statements(session, chunk is not None, youth_ages)
    parameters = {"ids": list(chunk)} if chunk is not None else {}
    connection = session.connection()  # Core execution: the ORM would take the ids for rows to insert
    for statement in statements:
        connection.execute(statement, parameters)


def _build_statements(session: Session, restricted: bool, youth_ages: tuple[int, int]) -> list[Any]:
    """The statements inserting the mart rows of the reported dialogues (those whose ids are given in the
    expanding parameter `ids` when `restricted`), in order."""
    rd = ReportDialogue
    scope = _Dialogues(youth_ages=youth_ages, restricted=restricted)
    in_scope: list[ColumnElement[bool]] = [rd.dialogue_id.in_(_IDS)] if restricted else []
    statements: list[Any] = []
    dims = sources.dialogue_dimensions()
    statements.append(
        insert(rd).from_select(
            ["dialogue_id", "date", "quarter", "province", "kind", "level", "status", "title_km", "title_en",
             "tally_only"],
            select(Dialogue.id, Dialogue.date, quarter_expression(), dims["province"], dims["kind"],
                   level_expression(), Dialogue.status.cast(String), Dialogue.title_km, Dialogue.title_en,
                   sources.flag(Dialogue.tally_only.is_(True))).where(*scope.conditions()),
        )
    )  # fmt: skip
    statements.append(_people_insert(scope, in_scope))
    statements.append(_presence_insert(scope, in_scope))
    numbers = select(rd.dialogue_no).where(*in_scope).scalar_subquery() if in_scope else None

    # Attendance sums: from the presence rows, or the typed counts of a tally-only dialogue.
    rp = ReportPresence
    sums = select(rp.dialogue_no, func.count().label("total"),
                  *(func.sum(has_bit(rp.bits, name)).label(name) for name in PERSON_FLAGS)).group_by(rp.dialogue_no)  # fmt: skip
    if numbers is not None:
        sums = sums.where(rp.dialogue_no.in_(numbers))
    named = sums.subquery("sums")
    statements.append(
        update(rd).where(rd.dialogue_no == named.c.dialogue_no)
        .values({f"att_{name}": named.c[name] for name in _TALLY_COLUMNS})
    )  # fmt: skip
    tally = sources.tally_facts(scope).subquery("tally")
    statements.append(
        update(rd).where(rd.dialogue_id == tally.c.dialogue)
        .values({f"att_{name}": tally.c[name] for name in _TALLY_COLUMNS})
    )  # fmt: skip

    # Speaking turns.
    turns = sources.intervention_facts(scope).subquery("turns")
    voice = (
        select(
            turns.c.dialogue,
            func.count().label("total"),
            *(func.sum(turns.c[n]).label(n) for n in VOICE_FLAGS),
        )
        .group_by(turns.c.dialogue)
        .subquery("voice")
    )
    statements.append(
        update(rd).where(rd.dialogue_id == voice.c.dialogue)
        .values({f"turns_{name}": voice.c[name] for name in ("total", *VOICE_FLAGS)})
    )  # fmt: skip

    # Needs per sector.
    needs = sources.need_facts(scope).subquery("needs")
    statements.append(
        insert(ReportNeed).from_select(
            ["dialogue_no", "sector", "needs"],
            select(rd.dialogue_no, needs.c.sector, func.count())
            .join(needs, needs.c.dialogue == rd.dialogue_id)
            .group_by(rd.dialogue_no, needs.c.sector),
        )
    )

    # Actions: status and deadline (overdue is decided at report time), days to completion.
    done = _first_done(restricted)
    timed = sources.action_conditions(date.today(), done.c.done_on)["timed"]
    days = case((timed, sources.days_between(session, done.c.done_on, Dialogue.date)), else_=None)
    statements.append(
        insert(ReportAction).from_select(
            ["dialogue_no", "organisation", "status", "deadline", "days_to_done"],
            sources.action_rows(
                scope, done, rd.dialogue_no, func.coalesce(Action.responsible_organisation_id, ""),
                Action.status.cast(String), Action.deadline, days,
            ).join(rd, rd.dialogue_id == Action.dialogue_id),
        )
    )  # fmt: skip

    # Needs and actions per dialogue.
    rn, ra = ReportNeed, ReportAction
    per_dialogue = select(rn.dialogue_no, func.sum(rn.needs).label("needs")).group_by(rn.dialogue_no)
    if numbers is not None:
        per_dialogue = per_dialogue.where(rn.dialogue_no.in_(numbers))
    need_sums = per_dialogue.subquery("need_sums")
    statements.append(
        update(rd).where(rd.dialogue_no == need_sums.c.dialogue_no).values(needs=need_sums.c.needs)
    )
    statuses = {f"act_{s.value}": func.sum(sources.flag(ra.status == s.value)) for s in ActionStatus}
    action_sums = select(
        ra.dialogue_no, func.count().label("act_total"), *(c.label(n) for n, c in statuses.items()),
        func.count(ra.days_to_done).label("act_timed"), func.coalesce(func.sum(ra.days_to_done), 0.0).label("act_days"),
    ).group_by(ra.dialogue_no)  # fmt: skip
    if numbers is not None:
        action_sums = action_sums.where(ra.dialogue_no.in_(numbers))
    sums_of_actions = action_sums.subquery("action_sums")
    statements.append(
        update(rd).where(rd.dialogue_no == sums_of_actions.c.dialogue_no)
        .values({name: sums_of_actions.c[name] for name in ACTION_SUMS})
    )  # fmt: skip
    return statements


#: The per-dialogue action columns of `ReportDialogue`.
ACTION_SUMS = ("act_total", *(f"act_{s.value}" for s in ActionStatus), "act_timed", "act_days")


def _first_done(restricted: bool) -> Any:
    """`sources.first_done` for the actions of the dialogues `_IDS` names only (of all when not
    `restricted`)."""
    query = select(FollowUp.action_id.label("action_id"), func.min(FollowUp.date).label("done_on")).where(
        FollowUp.deleted.is_(False), FollowUp.status == ActionStatus.DONE
    )
    if restricted:
        query = query.join(Action, Action.id == FollowUp.action_id).where(Action.dialogue_id.in_(_IDS))
    return query.group_by(FollowUp.action_id).subquery("first_done")


def _attendance_of_named(scope: _Dialogues, in_scope: list[ColumnElement[bool]], *columns: Any) -> Any:
    """Live attendance of live (kept) people at the scope's dialogues recorded by name (as `sources`)."""
    rd = ReportDialogue
    return (
        select(*columns)
        .select_from(Attendance)
        .join(rd, rd.dialogue_id == Attendance.dialogue_id)
        .join(Registered, Registered.id == Attendance.participant_id)
        .join(Participant, Participant.id == sources.kept_person_id())
        .where(Attendance.deleted.is_(False), rd.tally_only == 0, sources.kept_person_live(), *in_scope)
    )


def _people_insert(scope: _Dialogues, in_scope: list[ColumnElement[bool]]) -> Any:
    """Give a number to every kept person at these dialogues who has none yet."""
    known = exists().where(ReportPerson.participant_id == Participant.id)
    people = _attendance_of_named(scope, in_scope, Participant.id).where(~known).distinct()
    return insert(ReportPerson).from_select(["participant_id"], people)


def _presence_insert(scope: _Dialogues, in_scope: list[ColumnElement[bool]]) -> Any:
    """One row per person per dialogue with the groups they count in there (as `sources.attendance_facts`)."""
    rd = ReportDialogue
    conditions = sources.person_conditions(scope.youth_ages)
    conditions["youth"] = sources.youth_in_year(extract("year", rd.date), scope.youth_ages)
    bits = sum(
        (func.max(sources.flag(conditions[name])) * literal(bit(name), Integer) for name in PERSON_FLAGS),
        start=literal(0, Integer),
    )
    dims = (rd.dialogue_no, ReportPerson.person_no, rd.date, rd.quarter, rd.province, rd.kind, rd.level)
    rows = (
        _attendance_of_named(scope, in_scope, *dims, bits)
        .join(ReportPerson, ReportPerson.participant_id == Participant.id)
        .outerjoin(sources.OWN_ORG, sources.OWN_ORG.id == Participant.organisation_id)
        .outerjoin(sources.DAY_ORG, sources.DAY_ORG.id == Attendance.organisation_id)
        .group_by(*dims)
    )
    columns = ["dialogue_no", "person_no", "date", "quarter", "province", "kind", "level", "bits"]
    return insert(ReportPresence).from_select(columns, rows)
