"""`check`: SQLite's own integrity check plus the app's invariants. An empty list of problems means sound."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session, aliased

from dialogue_desktop.core.domain.consent_fields import CONTACT_FIELDS  # the rule's list of contact columns
from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.domain.models import (
    SYNCED_MODELS,
    Attachment,
    Attendance,
    ChangeRecord,
    Dialogue,
    Participant,
)
from dialogue_desktop.core.domain.rules import participant_search_key
from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.store import contents
from dialogue_desktop.core.store.schema import current_revision, head_revision
from dialogue_desktop.core.store.store import Store


@dataclass(frozen=True)
class Problem:
    """One failed check: a msgid with its parameters."""

    message: str
    params: dict[str, object]

    def text(self) -> str:
        """The problem in the current language, its counts in its digits."""
        params = {k: format_number(v) if isinstance(v, int) else v for k, v in self.params.items()}
        return _(self.message).format(**params)


def check_store(store: Store) -> list[Problem]:
    """Every problem found in the store (SQLite integrity, foreign keys, schema version, invariants)."""
    problems: list[Problem] = []
    with store.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            result = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems.append(
                    Problem(N_("The database file is damaged: {detail}"), {"detail": "; ".join(result[:5])})
                )
                return problems  # the rest cannot be trusted
            broken = list(connection.execute(text("PRAGMA foreign_key_check")))
            if broken:
                problems.append(
                    Problem(N_("{count} records refer to records that do not exist."), {"count": len(broken)})
                )
        if current_revision(connection) != head_revision():
            problems.append(Problem(N_("The database schema is not the current one."), {}))
    with Session(store.engine) as session:
        problems.extend(_invariants(session))
        problems.extend(_attachment_problems(session, store))
    return problems


def _attachment_problems(session: Session, store: Store) -> list[Problem]:
    """Every live attachment's file is stored whole: decrypted and checked against its hash."""
    hashes = session.scalars(select(Attachment.sha256).where(Attachment.deleted.is_(False)).distinct())
    bad = sum(1 for sha in hashes if not contents.check_content(store, sha))
    if not bad:
        return []
    return [Problem(N_("{count} attached files are missing or damaged."), {"count": bad})]


def _invariants(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    # Every synced record's revision is in the change log: sync and the audit trail depend on it.
    for model in SYNCED_MODELS:
        missing = session.scalar(
            select(func.count())
            .select_from(model)
            .outerjoin(
                ChangeRecord,
                (ChangeRecord.table_name == model.__tablename__)
                & (ChangeRecord.record_id == model.id)
                & (ChangeRecord.revision == model.revision),
            )
            .where(ChangeRecord.seq.is_(None))
        )
        if missing:
            problems.append(
                Problem(
                    N_("{count} records of {table} have no entry in the change log."),
                    {"count": missing, "table": model.__tablename__},
                )
            )
    # A person is registered at most once per dialogue.
    duplicates = session.scalar(
        select(func.count()).select_from(
            select(Attendance.dialogue_id, Attendance.participant_id)
            .where(Attendance.deleted.is_(False))
            .group_by(Attendance.dialogue_id, Attendance.participant_id)
            .having(func.count() > 1)
            .subquery()
        )
    )
    if duplicates:
        problems.append(
            Problem(N_("{count} people are registered twice at the same dialogue."), {"count": duplicates})
        )
    # Live attendance points at live people and dialogues.
    person, dialogue = aliased(Participant), aliased(Dialogue)
    orphans = session.scalar(
        select(func.count())
        .select_from(Attendance)
        .join(person, person.id == Attendance.participant_id)
        .join(dialogue, dialogue.id == Attendance.dialogue_id)
        .where(Attendance.deleted.is_(False), person.deleted.is_(True) & dialogue.deleted.is_(False))
    )
    if orphans:
        problems.append(Problem(N_("{count} attendance records name a deleted person."), {"count": orphans}))
    unapproved = session.scalar(
        select(func.count())
        .select_from(Dialogue)
        .where(Dialogue.status == DialogueStatus.MINUTES_APPROVED, Dialogue.approved_at.is_(None))
    )
    if unapproved:
        problems.append(
            Problem(N_("{count} dialogues are approved without an approval time."), {"count": unapproved})
        )
    stale = sum(
        1
        for pid, name_km, name_latin, key in session.execute(
            select(Participant.id, Participant.name_km, Participant.name_latin, Participant.search_key)
        )
        if participant_search_key(name_km, name_latin) != key
    )
    if stale:
        problems.append(Problem(N_("{count} participants have an outdated search entry."), {"count": stale}))
    problems.extend(_consent_problems(session))
    problems.extend(_clock_problems(session))
    return problems


def _consent_problems(session: Session) -> list[Problem]:
    """A person without consent to keep their data has no contact details, in their row or in their change
    history (sync bundles are cut from it). Counted only: no name or phone in what `check` says."""
    without_consent = Participant.consent_data.is_(False)
    in_row = session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(without_consent, or_(*(getattr(Participant, f) != "" for f in CONTACT_FIELDS)))
    )
    in_history = session.scalar(
        select(func.count(func.distinct(ChangeRecord.record_id)))
        .join(Participant, Participant.id == ChangeRecord.record_id)
        .where(
            ChangeRecord.table_name == Participant.__tablename__,
            without_consent,
            or_(
                *(
                    column[f].as_string() != ""
                    for f in CONTACT_FIELDS
                    for column in (ChangeRecord.values, ChangeRecord.old_values)
                )
            ),
        )
    )
    problems = []
    if in_row:
        problems.append(
            Problem(
                N_("{count} participants without consent to keep their data have a phone number stored."),
                {"count": in_row},
            )
        )
    if in_history:
        problems.append(
            Problem(
                N_(
                    "{count} participants without consent to keep their data have a phone number in their history."
                ),
                {"count": in_history},
            )
        )
    return problems


#: A revision this far ahead of the computer's clock would make every later edit here lose.
CLOCK_AHEAD_MILLIS = 24 * 3600 * 1000


def _clock_problems(session: Session) -> list[Problem]:
    """Revisions must keep their fixed-width form and lie no further ahead of the clock than a day."""
    revision = ChangeRecord.revision
    malformed = session.scalar(
        select(func.count()).where(
            (func.substr(revision, 14, 1) != ".") | (func.substr(revision, 20, 1) != ".")
        )
    )
    problems = []
    if malformed:
        problems.append(Problem(N_("{count} changes have a damaged revision."), {"count": malformed}))
    newest = session.scalar(select(func.max(revision)))
    if newest and newest[:13].isdigit() and int(newest[:13]) > time.time() * 1000 + CLOCK_AHEAD_MILLIS:
        when = datetime.fromtimestamp(int(newest[:13]) / 1000, UTC).date().isoformat()
        problems.append(
            Problem(N_("Changes are dated {date}, ahead of this computer's clock."), {"date": when})
        )
    return problems
