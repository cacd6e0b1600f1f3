"""Export log: every export of report data made from this database (who, when, what), a local table.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from dialogue_desktop.core.domain.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("made_at", UTCDateTime(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_name", sa.String(length=100), nullable=False),
        sa.Column("os_user", sa.String(length=100), nullable=False),
        sa.Column("facilitator_id", sa.String(length=36), nullable=True),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.Column("personal_data", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('started', 'written', 'failed', 'cancelled')", name=op.f("ck_export_log_outcome")
        ),
        sa.CheckConstraint("format IN ('xlsx', 'csv', 'pdf')", name=op.f("ck_export_log_format")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_log")),
    )
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.create_index("ix_export_log_made_at", ["made_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.drop_index("ix_export_log_made_at")
    op.drop_table("export_log")
