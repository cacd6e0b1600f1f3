"""Sync: peers and their public keys, the log of imported bundles, conflicts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_bundle",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sender_device_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("since_change_seq", sa.Integer(), nullable=False),
        sa.Column("up_to_change_seq", sa.Integer(), nullable=False),
        sa.Column("change_count", sa.Integer(), nullable=False),
        sa.Column("new_change_count", sa.Integer(), nullable=False),
        sa.Column("conflict_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('bundle', 'receipt')", name=op.f("ck_sync_bundle_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_bundle")),
        sa.UniqueConstraint("sender_device_id", "kind", "sequence", name="uq_sync_bundle_sequence"),
        sa.UniqueConstraint("sha256", name="uq_sync_bundle_sha256"),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("winner_revision", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=100), nullable=False),
        sa.CheckConstraint("kind IN ('field', 'delete', 'locked')", name=op.f("ck_sync_conflict_kind")),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_sync_conflict_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index("ix_sync_conflict_record", ["table_name", "record_id"], unique=False)

    op.create_table(
        "sync_peer",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("signing_key", sa.String(length=64), nullable=False),
        sa.Column("exchange_key", sa.String(length=64), nullable=False),
        sa.Column("enrolment_secret", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("sent_seq", sa.Integer(), nullable=False),
        sa.Column("sent_hash", sa.String(length=64), nullable=False),
        sa.Column("confirmed_change_seq", sa.Integer(), nullable=False),
        sa.Column("acked_change_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('central', 'field')", name=op.f("ck_sync_peer_role")),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_sync_peer_device_id_device")),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_peer")),
    )


def downgrade() -> None:
    op.drop_table("sync_peer")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflict_record")

    op.drop_table("sync_conflict")
    op.drop_table("sync_bundle")
