"""Report mart: derived tables the central office's indicators read (see core/reports/mart.py).

The tables start empty; the first report after the upgrade builds them from the records.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from dialogue_desktop.core.domain.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_dialogue",
        sa.Column("dialogue_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("title_km", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("tally_only", sa.Integer(), nullable=False),
        sa.Column("att_total", sa.Integer(), nullable=False),
        sa.Column("att_female", sa.Integer(), nullable=False),
        sa.Column("att_male", sa.Integer(), nullable=False),
        sa.Column("att_other_sex", sa.Integer(), nullable=False),
        sa.Column("att_not_stated", sa.Integer(), nullable=False),
        sa.Column("att_youth", sa.Integer(), nullable=False),
        sa.Column("att_indigenous", sa.Integer(), nullable=False),
        sa.Column("att_disability", sa.Integer(), nullable=False),
        sa.Column("att_government", sa.Integer(), nullable=False),
        sa.Column("att_cso", sa.Integer(), nullable=False),
        sa.Column("att_community", sa.Integer(), nullable=False),
        sa.Column("att_other_group", sa.Integer(), nullable=False),
        sa.Column("turns_total", sa.Integer(), nullable=False),
        sa.Column("turns_women", sa.Integer(), nullable=False),
        sa.Column("turns_men", sa.Integer(), nullable=False),
        sa.Column("turns_youth", sa.Integer(), nullable=False),
        sa.Column("turns_indigenous", sa.Integer(), nullable=False),
        sa.Column("turns_disability", sa.Integer(), nullable=False),
        sa.Column("turns_government", sa.Integer(), nullable=False),
        sa.Column("turns_cso", sa.Integer(), nullable=False),
        sa.Column("turns_community", sa.Integer(), nullable=False),
        sa.Column("needs", sa.Integer(), nullable=False),
        sa.Column("act_total", sa.Integer(), nullable=False),
        sa.Column("act_agreed", sa.Integer(), nullable=False),
        sa.Column("act_in_progress", sa.Integer(), nullable=False),
        sa.Column("act_done", sa.Integer(), nullable=False),
        sa.Column("act_delayed", sa.Integer(), nullable=False),
        sa.Column("act_dropped", sa.Integer(), nullable=False),
        sa.Column("act_timed", sa.Integer(), nullable=False),
        sa.Column("act_days", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("dialogue_no", name=op.f("pk_report_dialogue")),
        sa.UniqueConstraint("dialogue_id", name=op.f("uq_report_dialogue_dialogue_id")),
    )
    with op.batch_alter_table("report_dialogue", schema=None) as batch_op:
        batch_op.create_index("ix_report_dialogue_date", ["date"], unique=False)

    op.create_table(
        "report_person",
        sa.Column("person_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("person_no", name=op.f("pk_report_person")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_report_person_participant_id")),
    )
    op.create_table(
        "report_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watermark", sa.Integer(), nullable=False),
        sa.Column("gaps", sa.JSON(), nullable=False),
        sa.Column("youth_low", sa.Integer(), nullable=False),
        sa.Column("youth_high", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("built_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_state")),
    )
    op.create_table(
        "report_unique",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("bits", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_unique")),
    )
    with op.batch_alter_table("report_unique", schema=None) as batch_op:
        batch_op.create_index("ix_report_unique_cell", ["dimension", "key", "bits"], unique=True)

    op.create_table(
        "report_action",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dialogue_no", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("days_to_done", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dialogue_no"],
            ["report_dialogue.dialogue_no"],
            name=op.f("fk_report_action_dialogue_no_report_dialogue"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_action")),
    )
    with op.batch_alter_table("report_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_action_dialogue_no"), ["dialogue_no"], unique=False)

    op.create_table(
        "report_need",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dialogue_no", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("needs", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_no"],
            ["report_dialogue.dialogue_no"],
            name=op.f("fk_report_need_dialogue_no_report_dialogue"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_need")),
    )
    with op.batch_alter_table("report_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_need_dialogue_no"), ["dialogue_no"], unique=False)

    op.create_table(
        "report_presence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dialogue_no", sa.Integer(), nullable=False),
        sa.Column("person_no", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("bits", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_no"],
            ["report_dialogue.dialogue_no"],
            name=op.f("fk_report_presence_dialogue_no_report_dialogue"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_presence")),
    )
    with op.batch_alter_table("report_presence", schema=None) as batch_op:
        batch_op.create_index("ix_report_presence_dialogue", ["dialogue_no"], unique=False)
        batch_op.create_index(
            "ix_report_presence_kind",
            ["kind", "person_no", "bits", "date", "province", "level", "quarter"],
            unique=False,
        )
        batch_op.create_index(
            "ix_report_presence_level",
            ["level", "person_no", "bits", "date", "province", "kind", "quarter"],
            unique=False,
        )
        batch_op.create_index(
            "ix_report_presence_person_no",
            ["person_no", "bits", "date", "province", "kind", "level", "quarter"],
            unique=False,
        )
        batch_op.create_index(
            "ix_report_presence_province",
            ["province", "person_no", "bits", "date", "kind", "level", "quarter"],
            unique=False,
        )
        batch_op.create_index(
            "ix_report_presence_quarter",
            ["quarter", "person_no", "bits", "date", "province", "kind", "level"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("report_presence", schema=None) as batch_op:
        batch_op.drop_index("ix_report_presence_quarter")
        batch_op.drop_index("ix_report_presence_province")
        batch_op.drop_index("ix_report_presence_person_no")
        batch_op.drop_index("ix_report_presence_level")
        batch_op.drop_index("ix_report_presence_kind")
        batch_op.drop_index("ix_report_presence_dialogue")

    op.drop_table("report_presence")
    with op.batch_alter_table("report_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_need_dialogue_no"))

    op.drop_table("report_need")
    with op.batch_alter_table("report_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_action_dialogue_no"))

    op.drop_table("report_action")
    with op.batch_alter_table("report_unique", schema=None) as batch_op:
        batch_op.drop_index("ix_report_unique_cell")

    op.drop_table("report_unique")
    op.drop_table("report_state")
    op.drop_table("report_person")
    with op.batch_alter_table("report_dialogue", schema=None) as batch_op:
        batch_op.drop_index("ix_report_dialogue_date")

    op.drop_table("report_dialogue")
