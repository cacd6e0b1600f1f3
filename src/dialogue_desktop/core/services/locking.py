"""Approved minutes are locked: nothing recorded for that dialogue changes until the minutes are reopened."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.errors import LockedError
from dialogue_desktop.core.services.validation import get_live

LOCKED_MESSAGE = N_(
    "The minutes of this dialogue are approved and locked. Reopen the minutes to change them."
)


def is_locked(dialogue: Dialogue) -> bool:
    """True when the dialogue's minutes are approved (locked until reopened)."""
    return dialogue.status == DialogueStatus.MINUTES_APPROVED


def ensure_editable(session: Session, dialogue_id: str) -> Dialogue:
    """The live dialogue, or NotFoundError; LockedError when its minutes are approved."""
    dialogue = get_live(session, Dialogue, dialogue_id)
    if is_locked(dialogue):
        raise LockedError(LOCKED_MESSAGE)
    return dialogue
