"""Participant search: a folded copy of both names, indexed, filled for existing participants.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from dialogue_desktop.core.domain.rules import participant_search_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The table as this migration sees it, independent of later changes to the models.
participant = sa.table(
    "participant",
    sa.column("id", sa.String),
    sa.column("name_km", sa.String),
    sa.column("name_latin", sa.String),
    sa.column("search_key", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.String(length=401), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_participant_search_key"), ["search_key"], unique=False)
    connection = op.get_bind()
    rows = connection.execute(sa.select(participant.c.id, participant.c.name_km, participant.c.name_latin))
    keys = [{"pid": row.id, "key": participant_search_key(row.name_km, row.name_latin)} for row in rows]
    if keys:
        connection.execute(
            participant.update()
            .where(participant.c.id == sa.bindparam("pid"))
            .values(search_key=sa.bindparam("key")),
            keys,
        )
    with op.batch_alter_table("participant") as batch_op:
        batch_op.alter_column("search_key", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_search_key"))
        batch_op.drop_column("search_key")
