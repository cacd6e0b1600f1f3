"""Dialogue: why its approved minutes were last reopened (every reason stays in the change log).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dialogue") as batch_op:
        batch_op.add_column(
            sa.Column("reopen_reason", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("dialogue") as batch_op:
        batch_op.alter_column("reopen_reason", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("dialogue") as batch_op:
        batch_op.drop_column("reopen_reason")
