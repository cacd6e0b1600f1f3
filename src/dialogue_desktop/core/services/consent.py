"""Consent applied where data is stored: no contact details for a person who did not consent.

A person's contact details (`CONTACT_FIELDS`) are kept only while they agree to their data being kept
(`Participant.consent_data`). The participant service never stores them otherwise; when consent is
withdrawn, or a sync bundle brings a person without consent, `forget_contact_details` blanks them in the
registry *and* in that person's change history (the change log holds every value a record ever had, and
sync bundles are cut from it), so nothing of them stays behind to be exported, backed up or stolen.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord, Participant
from dialogue_desktop.core.domain.sync_models import SyncConflict

#: Participant columns that are contact details, stored only with consent.
CONTACT_FIELDS: tuple[str, ...] = ("phone",)
CHUNK = 500  # SQLite limits the number of bound parameters


def without_contact(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with every contact detail it holds blanked (the same keys, so a change stays a change)."""
    return {k: ("" if k in CONTACT_FIELDS and v else v) for k, v in values.items()}


def _blank(field: str, value: Any) -> Any:
    """A conflict candidate's value without contact details (a field's value, or a change's values)."""
    if field in CONTACT_FIELDS:
        return "" if value else value
    return without_contact(value) if isinstance(value, dict) else value


def forget_contact_details(session: Session, participant_ids: Collection[str]) -> int:
    """Blank the contact details of those of `participant_ids` who have no consent, in their row and in
    every change record and sync conflict of theirs; in the caller's transaction. Returns how many people had any.

    The rows are written without a change of their own: every store applies the same rule to the same
    state, and a change record would carry what it removes (its old values).
    """
    ids = sorted(set(participant_ids))
    cleared = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        without = list(
            session.scalars(
                select(Participant.id).where(Participant.id.in_(chunk), Participant.consent_data.is_(False))
            )
        )
        if not without:
            continue
        with_contact = list(
            session.scalars(
                select(Participant.id).where(
                    Participant.id.in_(without), or_(*(getattr(Participant, f) != "" for f in CONTACT_FIELDS))
                )
            )
        )
        if with_contact:
            session.execute(
                update(Participant)
                .where(Participant.id.in_(with_contact))
                .values({f: "" for f in CONTACT_FIELDS})
                .execution_options(synchronize_session="fetch")
            )
        cleared += len(with_contact)
        for record in session.scalars(
            select(ChangeRecord).where(
                ChangeRecord.table_name == Participant.__tablename__, ChangeRecord.record_id.in_(without)
            )
        ):
            values, old = without_contact(record.values), without_contact(record.old_values or {})
            if values != record.values:
                record.values = values
            if old != (record.old_values or {}):
                record.old_values = old
        for conflict in session.scalars(
            select(SyncConflict).where(
                SyncConflict.table_name == Participant.__tablename__, SyncConflict.record_id.in_(without)
            )
        ):
            candidates = [{**c, "value": _blank(conflict.field, c.get("value"))} for c in conflict.candidates]
            if candidates != conflict.candidates:
                conflict.candidates = candidates
    session.flush()
    return cleared


__all__ = ["CONTACT_FIELDS", "forget_contact_details", "without_contact"]
