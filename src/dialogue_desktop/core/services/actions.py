"""Actions agreed in a dialogue, the organisations supporting them, and their follow-ups.

An action belongs to the dialogue that agreed it, so its text, responsibility, deadline, indicator and
supporters are locked with the dialogue's approved minutes. Its status and follow-ups are monitoring that
goes on after the dialogue: they stay editable. The status of an action follows its latest follow-up.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.domain.models import (
    NAME,
    Action,
    ActionSupporter,
    Decision,
    Dialogue,
    FollowUp,
    Need,
    Organisation,
)
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.errors import FieldError, LockedError, ValidationError
from dialogue_desktop.core.services.locking import LOCKED_MESSAGE, ensure_editable, is_locked
from dialogue_desktop.core.services.validation import Checker, get_live

LABELS: dict[str, str] = {
    "need_id": N_("Need"),
    "decision_id": N_("Decision"),
    "text_km": N_("Text in Khmer"),
    "text_en": N_("Text in English"),
    "responsible_organisation_id": N_("Responsible organisation"),
    "responsible_person": N_("Responsible person"),
    "deadline": N_("Deadline"),
    "indicator": N_("Indicator"),
    "status": N_("Status"),
    "supporters": N_("Supporting organisations"),
    "date": N_("Date"),
    "progress_percent": N_("Progress (%)"),
    "note": N_("Note"),
    "dialogue_id": N_("Reported at dialogue"),
    "visit": N_("Visit"),
}
TEXT_LIMIT = 5_000
_GONE = N_("This choice no longer exists; choose another.")

#: Statuses after which an action is no longer expected to move (never overdue).
CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})


@dataclass
class ActionInput:
    """What the action form gives. `status` accepts a member or its value."""

    text_km: str = ""
    text_en: str = ""
    need_id: str | None = None
    decision_id: str | None = None
    responsible_organisation_id: str | None = None
    responsible_person: str = ""
    deadline: date | None = None
    indicator: str = ""
    status: ActionStatus | str = ActionStatus.AGREED
    #: The supporting organisations; None keeps them as they are (on creation: none).
    supporter_ids: Collection[str] | None = None


@dataclass(frozen=True)
class ActionView:
    id: str
    dialogue_id: str
    need_id: str | None
    decision_id: str | None
    text_km: str
    text_en: str
    responsible_organisation_id: str | None
    responsible_person: str
    deadline: date | None
    indicator: str
    status: ActionStatus
    supporter_ids: frozenset[str]


@dataclass
class FollowUpInput:
    """One progress report: where it was reported (a later dialogue, or a visit described in words)."""

    date: date | None = None
    status: ActionStatus | str = ActionStatus.IN_PROGRESS
    progress_percent: int | str | None = 0
    note: str = ""
    dialogue_id: str | None = None
    visit: str = ""


@dataclass(frozen=True)
class FollowUpView:
    id: str
    action_id: str
    date: date
    status: ActionStatus
    progress_percent: int
    note: str
    dialogue_id: str | None
    visit: str


# --- actions ----------------------------------------------------------------------------------------------


def _same_dialogue(
    session: Session, checker: Checker, field: str, model: type[Need] | type[Decision], record_id: str | None,
    dialogue_id: str,
) -> str | None:  # fmt: skip
    """An optional link to a need or decision, which must be live and of the action's own dialogue."""
    if not record_id:
        return None
    record = session.get(Need, record_id) if model is Need else session.get(Decision, record_id)
    if record is None or record.deleted:
        checker.add(field, LABELS[field], _GONE)
    elif record.dialogue_id != dialogue_id:
        checker.add(field, LABELS[field], N_("Choose one from the dialogue that agreed this action."))
    return record_id


def _live_organisation(
    session: Session, checker: Checker, field: str, organisation_id: str | None
) -> str | None:
    if not organisation_id:
        return None
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted:
        checker.add(field, LABELS[field], _GONE)
    return organisation_id


def _validate_action(session: Session, dialogue_id: str, data: ActionInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = {
        "text_km": checker.text("text_km", LABELS["text_km"], data.text_km, max_length=TEXT_LIMIT),
        "text_en": checker.text("text_en", LABELS["text_en"], data.text_en, max_length=TEXT_LIMIT),
        "need_id": _same_dialogue(session, checker, "need_id", Need, data.need_id, dialogue_id),
        "decision_id": _same_dialogue(
            session, checker, "decision_id", Decision, data.decision_id, dialogue_id
        ),
        "responsible_organisation_id": _live_organisation(
            session, checker, "responsible_organisation_id", data.responsible_organisation_id
        ),
        "responsible_person": checker.text(
            "responsible_person", LABELS["responsible_person"], data.responsible_person, max_length=NAME
        ),
        "deadline": data.deadline,
        "indicator": checker.text("indicator", LABELS["indicator"], data.indicator, max_length=TEXT_LIMIT),
        "status": checker.choice(
            "status", LABELS["status"], data.status or ActionStatus.AGREED, ActionStatus
        ),
    }
    if not values["text_km"] and not values["text_en"]:
        checker.add("text_km", LABELS["text_km"], N_("Enter the text in Khmer or in English."))
    dialogue = session.get(Dialogue, dialogue_id)
    if dialogue is not None:
        checker.date_order("deadline", LABELS["deadline"], dialogue.date, data.deadline)
    checker.done()
    return values


def create_action(session: Session, dialogue_id: str, data: ActionInput) -> str:
    """Record an action agreed in a dialogue; returns its id. Refused once the minutes are approved."""
    ensure_editable(session, dialogue_id)
    action = Action(dialogue_id=dialogue_id, **_validate_action(session, dialogue_id, data))
    session.add(action)
    session.flush()
    if data.supporter_ids:
        set_supporters(session, action.id, data.supporter_ids)
    return action.id


def update_action(session: Session, action_id: str, data: ActionInput) -> None:
    """Replace an action's details (and its supporters unless `supporter_ids` is None). When the minutes
    are approved only the status may change."""
    action = get_live(session, Action, action_id)
    dialogue = get_live(session, Dialogue, action.dialogue_id)
    values = _validate_action(session, action.dialogue_id, data)
    current = {link.organisation_id for link in _supporter_links(session, action_id)}
    supporters_change = data.supporter_ids is not None and set(data.supporter_ids) != current
    if is_locked(dialogue) and (
        supporters_change or any(getattr(action, k) != v for k, v in values.items() if k != "status")
    ):
        raise LockedError(LOCKED_MESSAGE)
    for key, value in values.items():
        setattr(action, key, value)
    session.flush()
    if supporters_change:
        set_supporters(session, action_id, data.supporter_ids or ())


def set_action_status(session: Session, action_id: str, status: ActionStatus | str) -> None:
    """Change an action's status (allowed after the minutes are approved: it is monitoring)."""
    checker = Checker()
    value = checker.choice("status", LABELS["status"], status, ActionStatus)
    checker.done()
    get_live(session, Action, action_id).status = value  # type: ignore[assignment]
    session.flush()


def delete_action(session: Session, action_id: str) -> None:
    """Tombstone an action (its follow-ups and supporters disappear with it)."""
    action = get_live(session, Action, action_id)
    ensure_editable(session, action.dialogue_id)
    action.deleted = True
    session.flush()


def _supporter_links(session: Session, action_id: str) -> list[ActionSupporter]:
    return list(
        session.scalars(
            select(ActionSupporter).where(
                ActionSupporter.action_id == action_id, ActionSupporter.deleted.is_(False)
            )
        )
    )


def set_supporters(session: Session, action_id: str, organisation_ids: Iterable[str]) -> None:
    """Make exactly these organisations the supporters of an action (links added or tombstoned)."""
    action = get_live(session, Action, action_id)
    ensure_editable(session, action.dialogue_id)
    wanted = set(organisation_ids)
    for organisation_id in wanted:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or organisation.deleted:
            raise ValidationError([FieldError("supporters", LABELS["supporters"], _GONE)])
    current = {link.organisation_id: link for link in _supporter_links(session, action_id)}
    for organisation_id, link in current.items():
        if organisation_id not in wanted:
            link.deleted = True
    for organisation_id in sorted(wanted - current.keys()):
        session.add(ActionSupporter(action_id=action_id, organisation_id=organisation_id))
    session.flush()


def get_action(session: Session, action_id: str) -> ActionView:
    """One live action with its supporters, or NotFoundError."""
    a = get_live(session, Action, action_id)
    supporters = frozenset(link.organisation_id for link in _supporter_links(session, action_id))
    return ActionView(
        a.id, a.dialogue_id, a.need_id, a.decision_id, a.text_km, a.text_en, a.responsible_organisation_id,
        a.responsible_person, a.deadline, a.indicator, a.status, supporters,
    )  # fmt: skip


def is_overdue(deadline: date | None, status: ActionStatus, today: date) -> bool:
    """Past its deadline and neither done nor dropped."""
    return deadline is not None and deadline < today and status not in CLOSED_STATUSES


# --- follow-ups -------------------------------------------------------------------------------------------


def _validate_follow_up(session: Session, action: Action, data: FollowUpInput) -> dict[str, Any]:
    checker = Checker()
    values: dict[str, Any] = {
        "date": data.date,
        "status": checker.choice("status", LABELS["status"], data.status, ActionStatus),
        "progress_percent": checker.integer(
            "progress_percent", LABELS["progress_percent"], data.progress_percent, low=0, high=100
        )
        or 0,
        "note": checker.text("note", LABELS["note"], data.note, max_length=TEXT_LIMIT),
        "visit": checker.text("visit", LABELS["visit"], data.visit, max_length=NAME),
        "dialogue_id": data.dialogue_id or None,
    }
    if data.date is None:
        checker.add("date", LABELS["date"], N_("This cannot be empty."))
    else:
        agreed_at = session.get(Dialogue, action.dialogue_id)
        checker.date_order("date", LABELS["date"], agreed_at.date if agreed_at else None, data.date)
    if values["dialogue_id"] is not None:
        reported_at = session.get(Dialogue, values["dialogue_id"])
        if reported_at is None or reported_at.deleted:
            checker.add("dialogue_id", LABELS["dialogue_id"], _GONE)
    elif not values["visit"]:
        checker.add(
            "visit",
            LABELS["visit"],
            N_("Choose the dialogue where this was reported, or describe the visit."),
        )
    checker.done()
    return values


def _follow_latest(session: Session, action: Action) -> None:
    """The action's status becomes that of its latest live follow-up (by date, then by entry)."""
    latest = session.scalars(
        select(FollowUp)
        .where(FollowUp.action_id == action.id, FollowUp.deleted.is_(False))
        .order_by(FollowUp.date.desc(), FollowUp.created_at.desc(), FollowUp.id.desc())
        .limit(1)
    ).first()
    if latest is not None and action.status != latest.status:
        action.status = latest.status


def add_follow_up(session: Session, action_id: str, data: FollowUpInput) -> str:
    """Record progress on an action; the action takes the status of its latest follow-up. Returns the id."""
    action = get_live(session, Action, action_id)
    follow_up = FollowUp(action_id=action_id, **_validate_follow_up(session, action, data))
    session.add(follow_up)
    session.flush()
    _follow_latest(session, action)
    session.flush()
    return follow_up.id


def update_follow_up(session: Session, follow_up_id: str, data: FollowUpInput) -> None:
    """Correct a follow-up; the action's status follows its latest follow-up."""
    follow_up = get_live(session, FollowUp, follow_up_id)
    action = get_live(session, Action, follow_up.action_id)
    for key, value in _validate_follow_up(session, action, data).items():
        setattr(follow_up, key, value)
    session.flush()
    _follow_latest(session, action)
    session.flush()


def delete_follow_up(session: Session, follow_up_id: str) -> None:
    """Tombstone a follow-up; the action's status follows the latest remaining one (kept if none remain)."""
    follow_up = get_live(session, FollowUp, follow_up_id)
    action = get_live(session, Action, follow_up.action_id)
    follow_up.deleted = True
    session.flush()
    _follow_latest(session, action)
    session.flush()


def list_follow_ups(session: Session, action_id: str) -> list[FollowUpView]:
    """The live follow-ups of an action, oldest first."""
    records = session.scalars(
        select(FollowUp)
        .where(FollowUp.action_id == action_id, FollowUp.deleted.is_(False))
        .order_by(FollowUp.date, FollowUp.created_at, FollowUp.id)
    )
    return [
        FollowUpView(f.id, f.action_id, f.date, f.status, f.progress_percent, f.note, f.dialogue_id, f.visit)
        for f in records
    ]
