"""Initial schema: every table of the first release.

Revision ID: 0001
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_record",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("base_revision", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("facilitator_id", sa.String(length=36), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("op IN ('insert', 'update', 'delete')", name=op.f("ck_change_record_op")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_record")),
    )
    with op.batch_alter_table("change_record", schema=None) as batch_op:
        batch_op.create_index("ix_change_record_record", ["table_name", "record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_record_revision"), ["revision"], unique=False)

    op.create_table(
        "device",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )
    op.create_table(
        "dialogue",
        sa.Column(
            "kind",
            sa.Enum(
                "national_forum",
                "provincial",
                "district",
                "commune",
                "preparatory",
                name="kind_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title_km", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("district_code", sa.String(length=4), nullable=True),
        sa.Column("commune_code", sa.String(length=6), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "held",
                "minutes_drafted",
                "minutes_approved",
                name="status_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("discussion_summary", sa.Text(), nullable=False),
        sa.Column("tally_only", sa.Boolean(), nullable=False),
        sa.Column("tally_female", sa.Integer(), nullable=False),
        sa.Column("tally_male", sa.Integer(), nullable=False),
        sa.Column("tally_other", sa.Integer(), nullable=False),
        sa.Column("tally_youth", sa.Integer(), nullable=False),
        sa.Column("tally_indigenous", sa.Integer(), nullable=False),
        sa.Column("tally_disability", sa.Integer(), nullable=False),
        sa.Column("tally_government", sa.Integer(), nullable=False),
        sa.Column("tally_cso", sa.Integer(), nullable=False),
        sa.Column("tally_community", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("approved_hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("tally_community >= 0", name=op.f("ck_dialogue_tally_community_not_negative")),
        sa.CheckConstraint("tally_cso >= 0", name=op.f("ck_dialogue_tally_cso_not_negative")),
        sa.CheckConstraint("tally_disability >= 0", name=op.f("ck_dialogue_tally_disability_not_negative")),
        sa.CheckConstraint("tally_female >= 0", name=op.f("ck_dialogue_tally_female_not_negative")),
        sa.CheckConstraint("tally_government >= 0", name=op.f("ck_dialogue_tally_government_not_negative")),
        sa.CheckConstraint("tally_indigenous >= 0", name=op.f("ck_dialogue_tally_indigenous_not_negative")),
        sa.CheckConstraint("tally_male >= 0", name=op.f("ck_dialogue_tally_male_not_negative")),
        sa.CheckConstraint("tally_other >= 0", name=op.f("ck_dialogue_tally_other_not_negative")),
        sa.CheckConstraint("tally_youth >= 0", name=op.f("ck_dialogue_tally_youth_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue")),
    )
    with op.batch_alter_table("dialogue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dialogue_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_dialogue_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_dialogue_revision"), ["revision"], unique=False)

    op.create_table(
        "facilitator",
        sa.Column("name_km", sa.String(length=200), nullable=False),
        sa.Column("name_latin", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilitator")),
    )
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facilitator_revision"), ["revision"], unique=False)

    op.create_table(
        "indigenous_group",
        sa.Column("name_km", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indigenous_group")),
    )
    with op.batch_alter_table("indigenous_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indigenous_group_revision"), ["revision"], unique=False)

    op.create_table(
        "local_setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_setting")),
    )
    op.create_table(
        "organisation",
        sa.Column("name_km", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("acronym", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "national_institution",
                "provincial_department",
                "local_authority",
                "cso",
                "community_based",
                "private_sector",
                "development_partner",
                "media_academia",
                "other",
                name="kind_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_revision"), ["revision"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_km", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("presenter", sa.String(length=200), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("duration_minutes >= 0", name=op.f("ck_agenda_item_duration_not_negative")),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_agenda_item_dialogue_id_dialogue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_item_revision"), ["revision"], unique=False)

    op.create_table(
        "decision",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text_km", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_decision_dialogue_id_dialogue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_revision"), ["revision"], unique=False)

    op.create_table(
        "dialogue_facilitator",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("facilitator_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_dialogue_facilitator_dialogue_id_dialogue")
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitator.id"],
            name=op.f("fk_dialogue_facilitator_facilitator_id_facilitator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue_facilitator")),
    )
    with op.batch_alter_table("dialogue_facilitator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dialogue_facilitator_dialogue_id"), ["dialogue_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dialogue_facilitator_facilitator_id"), ["facilitator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dialogue_facilitator_revision"), ["revision"], unique=False)

    op.create_table(
        "dialogue_organiser",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_dialogue_organiser_dialogue_id_dialogue")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_dialogue_organiser_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue_organiser")),
    )
    with op.batch_alter_table("dialogue_organiser", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dialogue_organiser_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dialogue_organiser_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dialogue_organiser_revision"), ["revision"], unique=False)

    op.create_table(
        "participant",
        sa.Column("name_km", sa.String(length=200), nullable=False),
        sa.Column("name_latin", sa.String(length=200), nullable=False),
        sa.Column(
            "sex",
            sa.Enum(
                "female",
                "male",
                "other",
                "not_stated",
                name="sex_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column(
            "age_band",
            sa.Enum(
                "under_15",
                "15_24",
                "25_30",
                "31_45",
                "46_60",
                "over_60",
                name="age_band_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("indigenous_group_id", sa.String(length=36), nullable=True),
        sa.Column(
            "wg_seeing",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                name="wg_seeing_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "wg_hearing",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                name="wg_hearing_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "wg_walking",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                name="wg_walking_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "wg_remembering",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                name="wg_remembering_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "wg_self_care",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                name="wg_self_care_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "wg_communicating",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                name="wg_communicating_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("position", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("commune_code", sa.String(length=6), nullable=True),
        sa.Column("village_code", sa.String(length=8), nullable=True),
        sa.Column("consent_data", sa.Boolean(), nullable=False),
        sa.Column("consent_photo", sa.Boolean(), nullable=False),
        sa.Column("merged_into_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indigenous_group_id"],
            ["indigenous_group.id"],
            name=op.f("fk_participant_indigenous_group_id_indigenous_group"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_participant_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_indigenous_group_id"), ["indigenous_group_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_participant_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participant_revision"), ["revision"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "participant",
                "speaker",
                "facilitator",
                "observer",
                "organiser",
                name="role_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("invited", sa.Boolean(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_attendance_dialogue_id_dialogue")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_attendance_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_attendance_participant_id_participant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_revision"), ["revision"], unique=False)

    op.create_table(
        "intervention",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column(
            "unnamed_sex",
            sa.Enum(
                "female",
                "male",
                "other",
                "not_stated",
                name="unnamed_sex_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("unnamed_youth", sa.Boolean(), nullable=False),
        sa.Column("spoken_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_intervention_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_intervention_dialogue_id_dialogue")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_intervention_participant_id_participant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention")),
    )
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intervention_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intervention_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intervention_revision"), ["revision"], unique=False)

    op.create_table(
        "need",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("text_km", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column(
            "sector",
            sa.Enum(
                "education",
                "health",
                "land",
                "environment",
                "water_sanitation",
                "rural_roads",
                "agriculture",
                "social_protection",
                "local_governance",
                "gender",
                "youth",
                "other",
                name="sector_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("raised_by", sa.String(length=200), nullable=False),
        sa.Column("raised_by_participant_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["dialogue_id"], ["dialogue.id"], name=op.f("fk_need_dialogue_id_dialogue")),
        sa.ForeignKeyConstraint(
            ["raised_by_participant_id"],
            ["participant.id"],
            name=op.f("fk_need_raised_by_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need")),
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_need_raised_by_participant_id"), ["raised_by_participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_need_revision"), ["revision"], unique=False)

    op.create_table(
        "action",
        sa.Column("dialogue_id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=True),
        sa.Column("decision_id", sa.String(length=36), nullable=True),
        sa.Column("text_km", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("responsible_organisation_id", sa.String(length=36), nullable=True),
        sa.Column("responsible_person", sa.String(length=200), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "agreed",
                "in_progress",
                "done",
                "delayed",
                "dropped",
                name="status_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_action_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_action_dialogue_id_dialogue")
        ),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"], name=op.f("fk_action_need_id_need")),
        sa.ForeignKeyConstraint(
            ["responsible_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_action_responsible_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_need_id"), ["need_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_responsible_organisation_id"), ["responsible_organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_revision"), ["revision"], unique=False)

    op.create_table(
        "action_supporter",
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_action_supporter_action_id_action")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_action_supporter_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_supporter")),
    )
    with op.batch_alter_table("action_supporter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_supporter_action_id"), ["action_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_supporter_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_supporter_revision"), ["revision"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.String(length=36), nullable=True),
        sa.Column("action_id", sa.String(length=36), nullable=True),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_attachment_action_id_action")),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_attachment_dialogue_id_dialogue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_revision"), ["revision"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "agreed",
                "in_progress",
                "done",
                "delayed",
                "dropped",
                name="status_values",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("progress_percent", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("dialogue_id", sa.String(length=36), nullable=True),
        sa.Column("visit", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_device_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "progress_percent BETWEEN 0 AND 100", name=op.f("ck_follow_up_progress_percent_range")
        ),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_follow_up_action_id_action")),
        sa.ForeignKeyConstraint(
            ["dialogue_id"], ["dialogue.id"], name=op.f("fk_follow_up_dialogue_id_dialogue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_dialogue_id"), ["dialogue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_revision"), ["revision"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_revision"))
        batch_op.drop_index(batch_op.f("ix_follow_up_dialogue_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_action_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_revision"))
        batch_op.drop_index(batch_op.f("ix_attachment_dialogue_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_action_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("action_supporter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_supporter_revision"))
        batch_op.drop_index(batch_op.f("ix_action_supporter_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_action_supporter_action_id"))

    op.drop_table("action_supporter")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_revision"))
        batch_op.drop_index(batch_op.f("ix_action_responsible_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_action_need_id"))
        batch_op.drop_index(batch_op.f("ix_action_dialogue_id"))
        batch_op.drop_index(batch_op.f("ix_action_decision_id"))
        batch_op.drop_index(batch_op.f("ix_action_deadline"))

    op.drop_table("action")
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_revision"))
        batch_op.drop_index(batch_op.f("ix_need_raised_by_participant_id"))
        batch_op.drop_index(batch_op.f("ix_need_dialogue_id"))

    op.drop_table("need")
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_revision"))
        batch_op.drop_index(batch_op.f("ix_intervention_participant_id"))
        batch_op.drop_index(batch_op.f("ix_intervention_dialogue_id"))
        batch_op.drop_index(batch_op.f("ix_intervention_agenda_item_id"))

    op.drop_table("intervention")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_revision"))
        batch_op.drop_index(batch_op.f("ix_attendance_participant_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_dialogue_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_revision"))
        batch_op.drop_index(batch_op.f("ix_participant_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_participant_indigenous_group_id"))

    op.drop_table("participant")
    with op.batch_alter_table("dialogue_organiser", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dialogue_organiser_revision"))
        batch_op.drop_index(batch_op.f("ix_dialogue_organiser_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_dialogue_organiser_dialogue_id"))

    op.drop_table("dialogue_organiser")
    with op.batch_alter_table("dialogue_facilitator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dialogue_facilitator_revision"))
        batch_op.drop_index(batch_op.f("ix_dialogue_facilitator_facilitator_id"))
        batch_op.drop_index(batch_op.f("ix_dialogue_facilitator_dialogue_id"))

    op.drop_table("dialogue_facilitator")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_revision"))
        batch_op.drop_index(batch_op.f("ix_decision_dialogue_id"))

    op.drop_table("decision")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_revision"))
        batch_op.drop_index(batch_op.f("ix_agenda_item_dialogue_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_revision"))

    op.drop_table("organisation")
    op.drop_table("local_setting")
    with op.batch_alter_table("indigenous_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indigenous_group_revision"))

    op.drop_table("indigenous_group")
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facilitator_revision"))

    op.drop_table("facilitator")
    with op.batch_alter_table("dialogue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dialogue_revision"))
        batch_op.drop_index(batch_op.f("ix_dialogue_province_code"))
        batch_op.drop_index(batch_op.f("ix_dialogue_date"))

    op.drop_table("dialogue")
    op.drop_table("device")
    with op.batch_alter_table("change_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_record_revision"))
        batch_op.drop_index("ix_change_record_record")

    op.drop_table("change_record")
