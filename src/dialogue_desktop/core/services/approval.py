"""Approving a dialogue's minutes as they print now: the one rule, for the app and the command line alike.

The approval keeps the fingerprint of the minutes' printed content, so a paper copy can later be checked
against the record (`verify-minutes`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogue_desktop.core.printing.data import gather_minutes
from dialogue_desktop.core.printing.fingerprint import minutes_fingerprint
from dialogue_desktop.core.services import dialogues as dialogue_service


def approve_minutes(session: Session, dialogue_id: str) -> str:
    """Approve the drafted minutes of a dialogue and lock it, in the caller's transaction; the fingerprint
    of what was approved. UserError when the minutes are not drafted, NotFoundError for no such dialogue."""
    fingerprint = minutes_fingerprint(gather_minutes(session, dialogue_id))
    dialogue_service.approve_minutes(session, dialogue_id, fingerprint)
    return fingerprint
