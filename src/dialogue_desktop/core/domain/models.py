"""The typed ORM models of the domain.

Every table whose rows travel between laptops and the central office derives from `Synced`: a UUID made on
the creating device, UTC timestamps, the origin device, a revision (hybrid logical clock, see
`core.store.clock`) and a tombstone instead of a hard delete. Each change to a synced row is written to the
change log (`ChangeRecord`) by the store, which doubles as the audit trail and as the source of sync bundles.

References are set through the `..._id` columns; relationships are read-only conveniences, so that the
change log always sees the ids that will be stored.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dialogue_desktop.core.domain.enums import (
    ActionStatus,
    AgeBand,
    AttendanceRole,
    DialogueKind,
    DialogueStatus,
    Difficulty,
    OrganisationKind,
    Sector,
    Sex,
)
from dialogue_desktop.core.domain.types import IdColumn, UTCDateTime, enum_column, new_id, utc_now

# Named constraints, so Alembic's batch mode on SQLite can find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME = 200  # longest name or title accepted
SHORT = 100


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced(Base):
    """Columns every synced record carries."""

    __abstract__ = True
    #: Fields that are bookkeeping, not content: never reported as a change of their own.
    BOOKKEEPING: ClassVar[frozenset[str]] = frozenset(
        {"id", "created_at", "updated_at", "origin_device_id", "revision"}
    )

    id: Mapped[str] = mapped_column(IdColumn, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    origin_device_id: Mapped[str] = mapped_column(IdColumn, default="")
    revision: Mapped[str] = mapped_column(String(64), default="", index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


def ref(table: str, nullable: bool = False, *, index: bool = True) -> Mapped[Any]:
    """A foreign key to another synced table's id (indexed, unless a composite index starts with it)."""
    return mapped_column(IdColumn, ForeignKey(f"{table}.id"), nullable=nullable, index=index)


# --- the store's own bookkeeping (local to one database, not synced as records) ---------------------------


class Device(Base):
    """A laptop or the central office. The store's own device is named in `LocalSetting`."""

    __tablename__ = "device"
    id: Mapped[str] = mapped_column(IdColumn, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(SHORT))
    province_code: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class LocalSetting(Base):
    """Key/value settings that belong to this store (this device's id, the current facilitator...)."""

    __tablename__ = "local_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeRecord(Base):
    """One change to one synced record: the audit trail, and what sync bundles carry.

    `values` holds the new value of every changed field (every field on insert); `old_values` the value
    before. `base_revision` is the record's revision the editor saw, which tells a concurrent edit from one
    that supersedes it.
    """

    __tablename__ = "change_record"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    revision: Mapped[str] = mapped_column(String(64), index=True)
    base_revision: Mapped[str] = mapped_column(String(64), default="")
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(IdColumn)
    op: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    old_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    device_id: Mapped[str] = mapped_column(IdColumn)
    facilitator_id: Mapped[str | None] = mapped_column(IdColumn)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        Index("ix_change_record_record", "table_name", "record_id"),
        CheckConstraint("op IN ('insert', 'update', 'delete')", name="op"),
    )


# --- people and organisations -----------------------------------------------------------------------------


class Facilitator(Synced):
    __tablename__ = "facilitator"
    name_km: Mapped[str] = mapped_column(String(NAME), default="")
    name_latin: Mapped[str] = mapped_column(String(NAME), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    province_code: Mapped[str | None] = mapped_column(String(2))


class Organisation(Synced):
    __tablename__ = "organisation"
    name_km: Mapped[str] = mapped_column(String(NAME), default="")
    name_en: Mapped[str] = mapped_column(String(NAME), default="")
    acronym: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "kind"))
    province_code: Mapped[str | None] = mapped_column(String(2))


class IndigenousGroup(Synced):
    """The editable list of indigenous peoples and minority groups."""

    __tablename__ = "indigenous_group"
    name_km: Mapped[str] = mapped_column(String(SHORT), default="")
    name_en: Mapped[str] = mapped_column(String(SHORT), default="")


class Participant(Synced):
    """A person in the registry, reused across dialogues."""

    __tablename__ = "participant"
    name_km: Mapped[str] = mapped_column(String(NAME), default="")
    name_latin: Mapped[str] = mapped_column(String(NAME), default="")
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"), default=Sex.NOT_STATED)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand, "age_band"))
    indigenous_group_id: Mapped[str | None] = ref("indigenous_group", nullable=True)
    wg_seeing: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "wg_seeing"))
    wg_hearing: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "wg_hearing"))
    wg_walking: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "wg_walking"))
    wg_remembering: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "wg_remembering"))
    wg_self_care: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "wg_self_care"))
    wg_communicating: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "wg_communicating"))
    organisation_id: Mapped[str | None] = ref("organisation", nullable=True)
    position: Mapped[str] = mapped_column(String(SHORT), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    province_code: Mapped[str | None] = mapped_column(String(2))
    commune_code: Mapped[str | None] = mapped_column(String(6))
    village_code: Mapped[str | None] = mapped_column(String(8))
    consent_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_photo: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Set when this entry was merged into another; the entry is then also deleted.
    merged_into_id: Mapped[str | None] = mapped_column(IdColumn)
    #: Both names folded for search (casefold, NFC, no zero-width characters); derived, kept by the store.
    search_key: Mapped[str] = mapped_column(String(2 * NAME + 1), default="", index=True)

    organisation: Mapped[Organisation | None] = relationship(lazy="raise_on_sql", viewonly=True)
    indigenous_group: Mapped[IndigenousGroup | None] = relationship(lazy="raise_on_sql", viewonly=True)


# --- dialogues and what happens in them -------------------------------------------------------------------


class Dialogue(Synced):
    __tablename__ = "dialogue"
    kind: Mapped[DialogueKind] = mapped_column(enum_column(DialogueKind, "kind"))
    title_km: Mapped[str] = mapped_column(String(NAME), default="")
    title_en: Mapped[str] = mapped_column(String(NAME), default="")
    date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    province_code: Mapped[str | None] = mapped_column(String(2), index=True)
    district_code: Mapped[str | None] = mapped_column(String(4))
    commune_code: Mapped[str | None] = mapped_column(String(6))
    venue: Mapped[str] = mapped_column(String(NAME), default="")
    themes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[DialogueStatus] = mapped_column(
        enum_column(DialogueStatus, "status"), default=DialogueStatus.PLANNED
    )
    discussion_summary: Mapped[str] = mapped_column(Text, default="")
    tally_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Tally-only dialogues: counts by sex and group, kept on the dialogue itself.
    tally_female: Mapped[int] = mapped_column(Integer, default=0)
    tally_male: Mapped[int] = mapped_column(Integer, default=0)
    tally_other: Mapped[int] = mapped_column(Integer, default=0)
    tally_youth: Mapped[int] = mapped_column(Integer, default=0)
    tally_indigenous: Mapped[int] = mapped_column(Integer, default=0)
    tally_disability: Mapped[int] = mapped_column(Integer, default=0)
    tally_government: Mapped[int] = mapped_column(Integer, default=0)
    tally_cso: Mapped[int] = mapped_column(Integer, default=0)
    tally_community: Mapped[int] = mapped_column(Integer, default=0)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Fingerprint of the approved minutes' content; approved minutes only change through `reopen`.
    approved_hash: Mapped[str] = mapped_column(String(64), default="")
    #: Why the approved minutes were last reopened; each reopening is in the change log with its reason.
    reopen_reason: Mapped[str] = mapped_column(String(NAME), default="")

    __table_args__ = tuple(
        CheckConstraint(f"{c} >= 0", name=f"{c}_not_negative")
        for c in (
            "tally_female",
            "tally_male",
            "tally_other",
            "tally_youth",
            "tally_indigenous",
            "tally_disability",
            "tally_government",
            "tally_cso",
            "tally_community",
        )
    )


class DialogueOrganiser(Synced):
    __tablename__ = "dialogue_organiser"
    dialogue_id: Mapped[str] = ref("dialogue")
    organisation_id: Mapped[str] = ref("organisation")


class DialogueFacilitator(Synced):
    __tablename__ = "dialogue_facilitator"
    dialogue_id: Mapped[str] = ref("dialogue")
    facilitator_id: Mapped[str] = ref("facilitator")


class AgendaItem(Synced):
    __tablename__ = "agenda_item"
    dialogue_id: Mapped[str] = ref("dialogue")
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_km: Mapped[str] = mapped_column(String(NAME), default="")
    title_en: Mapped[str] = mapped_column(String(NAME), default="")
    presenter: Mapped[str] = mapped_column(String(NAME), default="")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("duration_minutes >= 0", name="duration_not_negative"),)


class Need(Synced):
    """A need or issue raised during a dialogue."""

    __tablename__ = "need"
    dialogue_id: Mapped[str] = ref("dialogue")
    text_km: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"), default=Sector.OTHER)
    raised_by: Mapped[str] = mapped_column(String(NAME), default="")
    raised_by_participant_id: Mapped[str | None] = ref("participant", nullable=True)


class Decision(Synced):
    __tablename__ = "decision"
    dialogue_id: Mapped[str] = ref("dialogue")
    position: Mapped[int] = mapped_column(Integer, default=0)
    text_km: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")


class Attendance(Synced):
    """A participant at a dialogue, with the organisation they represented that day."""

    __tablename__ = "attendance"
    # Counting a dialogue's live entries (the dialogue list) reads this index alone, no entry's row.
    __table_args__ = (Index("ix_attendance_dialogue_live", "dialogue_id", "deleted"),)
    dialogue_id: Mapped[str] = ref("dialogue", index=False)
    participant_id: Mapped[str] = ref("participant")
    role: Mapped[AttendanceRole] = mapped_column(
        enum_column(AttendanceRole, "role"), default=AttendanceRole.PARTICIPANT
    )
    organisation_id: Mapped[str | None] = ref("organisation", nullable=True)
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    invited: Mapped[bool] = mapped_column(Boolean, default=False)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship(lazy="raise_on_sql", viewonly=True)


class Intervention(Synced):
    """Somebody took the floor: a named participant, or an unnamed speaker with sex and group."""

    __tablename__ = "intervention"
    dialogue_id: Mapped[str] = ref("dialogue")
    participant_id: Mapped[str | None] = ref("participant", nullable=True)
    agenda_item_id: Mapped[str | None] = ref("agenda_item", nullable=True)
    unnamed_sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "unnamed_sex"))
    unnamed_youth: Mapped[bool] = mapped_column(Boolean, default=False)
    spoken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    note: Mapped[str] = mapped_column(String(500), default="")


class Action(Synced):
    """An action agreed in a dialogue, followed up in later dialogues or visits."""

    __tablename__ = "action"
    dialogue_id: Mapped[str] = ref("dialogue")
    need_id: Mapped[str | None] = ref("need", nullable=True)
    decision_id: Mapped[str | None] = ref("decision", nullable=True)
    text_km: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    responsible_organisation_id: Mapped[str | None] = ref("organisation", nullable=True)
    responsible_person: Mapped[str] = mapped_column(String(NAME), default="")
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    indicator: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "status"), default=ActionStatus.AGREED
    )


class ActionSupporter(Synced):
    __tablename__ = "action_supporter"
    action_id: Mapped[str] = ref("action")
    organisation_id: Mapped[str] = ref("organisation")


class FollowUp(Synced):
    """A progress report on an action, from a later dialogue or a visit."""

    __tablename__ = "follow_up"
    action_id: Mapped[str] = ref("action")
    date: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "status"))
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    dialogue_id: Mapped[str | None] = ref("dialogue", nullable=True)
    visit: Mapped[str] = mapped_column(String(NAME), default="")

    __table_args__ = (CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent_range"),)


#: The largest file that can be attached: a phone photo or a scanned sheet, not a video.
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
#: An attachment's content hash: it names a file in the attachments folder, so nothing else is allowed.
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Attachment(Synced):
    """A file (e.g. a photo of the signed sign-in sheet), stored by content hash beside the database."""

    __tablename__ = "attachment"
    # `info` bounds are checked on every received change (core.sync.schemas).
    sha256: Mapped[str] = mapped_column(String(64), index=True, info={"pattern": SHA256_PATTERN})
    filename: Mapped[str] = mapped_column(String(NAME), default="")
    media_type: Mapped[str] = mapped_column(String(SHORT), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0, info={"max": MAX_ATTACHMENT_BYTES})
    dialogue_id: Mapped[str | None] = ref("dialogue", nullable=True)
    action_id: Mapped[str | None] = ref("action", nullable=True)
    caption: Mapped[str] = mapped_column(String(NAME), default="")


#: Every synced model, parents before children (the order in which records can be inserted).
SYNCED_MODELS: tuple[type[Synced], ...] = (
    Facilitator,
    Organisation,
    IndigenousGroup,
    Participant,
    Dialogue,
    DialogueOrganiser,
    DialogueFacilitator,
    AgendaItem,
    Need,
    Decision,
    Attendance,
    Intervention,
    Action,
    ActionSupporter,
    FollowUp,
    Attachment,
)

MODEL_BY_TABLE: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}

from dialogue_desktop.core.domain import report_models as _report_models  # noqa: E402,F401  (registers the report mart)
from dialogue_desktop.core.domain import sync_models as _sync_models  # noqa: E402,F401  (registers the sync tables)
