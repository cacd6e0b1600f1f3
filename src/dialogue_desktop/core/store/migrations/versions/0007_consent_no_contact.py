"""Consent: people already stored without consent lose the phone the app kept for them before the rule.

Their phone is blanked in the registry, in their change history (values and old values) and in sync
conflicts, the places the app stores a participant's fields. No change record is written for it: every
store runs this migration on the same state, and a change record would carry the phone it removes.

Revision ID: 0007
Revises: 0006
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CONTACT = ("phone",)  # the contact details of this revision (core/services/consent.py CONTACT_FIELDS)
CHUNK = 500

# The tables as this migration sees them, independent of later changes to the models.
participant = sa.table(
    "participant",
    sa.column("id", sa.String),
    sa.column("phone", sa.String),
    sa.column("consent_data", sa.Boolean),
)
change_record = sa.table(
    "change_record",
    sa.column("seq", sa.Integer),
    sa.column("table_name", sa.String),
    sa.column("record_id", sa.String),
    sa.column("values", sa.JSON),
    sa.column("old_values", sa.JSON),
)
sync_conflict = sa.table(
    "sync_conflict",
    sa.column("id", sa.String),
    sa.column("table_name", sa.String),
    sa.column("record_id", sa.String),
    sa.column("field", sa.String),
    sa.column("candidates", sa.JSON),
)


def _blank(values: Any) -> Any:
    if not isinstance(values, dict):
        return values
    return {k: ("" if k in CONTACT and v else v) for k, v in values.items()}


def _blank_candidate(field: str, value: Any) -> Any:
    if field in CONTACT:
        return "" if value else value
    return _blank(value)


def upgrade() -> None:
    connection = op.get_bind()
    without = list(
        connection.scalars(
            sa.select(participant.c.id)
            .where(participant.c.consent_data == sa.false())
            .order_by(participant.c.id)
        )
    )
    for start in range(0, len(without), CHUNK):
        chunk = without[start : start + CHUNK]
        connection.execute(
            participant.update()
            .where(participant.c.id.in_(chunk), sa.or_(*(participant.c[f] != "" for f in CONTACT)))
            .values({f: "" for f in CONTACT})
        )
        records = connection.execute(
            sa.select(change_record.c.seq, change_record.c["values"], change_record.c.old_values).where(
                change_record.c.table_name == "participant", change_record.c.record_id.in_(chunk)
            )
        ).all()
        for seq, values, old in records:
            if _blank(values) != values or _blank(old) != old:
                connection.execute(
                    change_record.update()
                    .where(change_record.c.seq == seq)
                    .values({"values": _blank(values), "old_values": _blank(old)})
                )
        conflicts = connection.execute(
            sa.select(sync_conflict.c.id, sync_conflict.c.field, sync_conflict.c.candidates).where(
                sync_conflict.c.table_name == "participant", sync_conflict.c.record_id.in_(chunk)
            )
        ).all()
        for conflict_id, field, candidates in conflicts:
            blanked = [{**c, "value": _blank_candidate(field, c.get("value"))} for c in candidates]
            if blanked != candidates:
                connection.execute(
                    sync_conflict.update().where(sync_conflict.c.id == conflict_id).values(candidates=blanked)
                )


def downgrade() -> None:
    pass  # what was forgotten cannot come back; the schema itself did not change
