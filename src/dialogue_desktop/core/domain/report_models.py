"""The report mart: narrow tables derived from the records, which the central office's indicators read.

Nothing here is a record of its own. The rows are rebuilt from the real tables by `core.reports.mart`
(never synced, never in the change log: these models do not derive from `Synced`, so neither the store's
change tracking nor sync export, import or receipts ever see them). A backup or restore carries them with
the database file, together with the change-log position they are up to date with (`ReportState`).

Integer numbers stand for dialogues and people so the indicators group and count small integers instead
of joining UUID text keys. Groups of a person at a dialogue are packed into one integer (`bits`: bit `i`
is `sources.PERSON_FLAGS[i]`).

`ExportLog` is the exception: a local record of every export of report data made from this database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dialogue_desktop.core.domain.models import NAME, SHORT, Base
from dialogue_desktop.core.domain.types import IdColumn, UTCDateTime

CODE = 32  # enum values and derived codes (kind, level, status, sector)
#: The presence columns a report filters or breaks down by.
_FILTERED = ("date", "province", "kind", "level", "quarter")


class ReportState(Base):
    """The one row saying what the mart holds: up to which change it is current, and how it was built."""

    __tablename__ = "report_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Every change_record.seq up to here is reflected, except those in `gaps`.
    watermark: Mapped[int] = mapped_column(Integer, default=0)
    #: Sequence numbers below the watermark not yet seen committed: [[low, high, first seen (epoch s)]...].
    gaps: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    #: The youth age range the youth columns were computed with.
    youth_low: Mapped[int] = mapped_column(Integer)
    youth_high: Mapped[int] = mapped_column(Integer)
    #: `mart.MART_VERSION` of the code that built the rows (another version rebuilds them).
    version: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportDialogue(Base):
    """One row per dialogue that counts in reports (live, held or later), with its per-dialogue sums."""

    __tablename__ = "report_dialogue"
    dialogue_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dialogue_id: Mapped[str] = mapped_column(IdColumn, unique=True)
    date: Mapped[date] = mapped_column(Date)
    quarter: Mapped[int] = mapped_column(Integer)  # year × 10 + quarter
    province: Mapped[str] = mapped_column(String(2))  # '' when unknown
    kind: Mapped[str] = mapped_column(String(CODE))
    level: Mapped[str] = mapped_column(String(CODE))
    status: Mapped[str] = mapped_column(String(CODE))
    title_km: Mapped[str] = mapped_column(String(NAME))
    title_en: Mapped[str] = mapped_column(String(NAME))
    tally_only: Mapped[int] = mapped_column(Integer)  # 0 or 1
    # Attendance (people present; the typed counts of a tally-only dialogue), by `PERSON_FLAGS` group.
    att_total: Mapped[int] = mapped_column(Integer, default=0)
    att_female: Mapped[int] = mapped_column(Integer, default=0)
    att_male: Mapped[int] = mapped_column(Integer, default=0)
    att_other_sex: Mapped[int] = mapped_column(Integer, default=0)
    att_not_stated: Mapped[int] = mapped_column(Integer, default=0)
    att_youth: Mapped[int] = mapped_column(Integer, default=0)
    att_indigenous: Mapped[int] = mapped_column(Integer, default=0)
    att_disability: Mapped[int] = mapped_column(Integer, default=0)
    att_government: Mapped[int] = mapped_column(Integer, default=0)
    att_cso: Mapped[int] = mapped_column(Integer, default=0)
    att_community: Mapped[int] = mapped_column(Integer, default=0)
    att_other_group: Mapped[int] = mapped_column(Integer, default=0)
    # Speaking turns, by `VOICE_FLAGS` group.
    turns_total: Mapped[int] = mapped_column(Integer, default=0)
    turns_women: Mapped[int] = mapped_column(Integer, default=0)
    turns_men: Mapped[int] = mapped_column(Integer, default=0)
    turns_youth: Mapped[int] = mapped_column(Integer, default=0)
    turns_indigenous: Mapped[int] = mapped_column(Integer, default=0)
    turns_disability: Mapped[int] = mapped_column(Integer, default=0)
    turns_government: Mapped[int] = mapped_column(Integer, default=0)
    turns_cso: Mapped[int] = mapped_column(Integer, default=0)
    turns_community: Mapped[int] = mapped_column(Integer, default=0)
    #: Needs raised (all sectors).
    needs: Mapped[int] = mapped_column(Integer, default=0)
    # Agreed actions by current status; `act_timed` of them done with a dated completion, `act_days` the
    # sum of their days to completion. Overdue depends on the day of the report: see `ReportAction`.
    act_total: Mapped[int] = mapped_column(Integer, default=0)
    act_agreed: Mapped[int] = mapped_column(Integer, default=0)
    act_in_progress: Mapped[int] = mapped_column(Integer, default=0)
    act_done: Mapped[int] = mapped_column(Integer, default=0)
    act_delayed: Mapped[int] = mapped_column(Integer, default=0)
    act_dropped: Mapped[int] = mapped_column(Integer, default=0)
    act_timed: Mapped[int] = mapped_column(Integer, default=0)
    act_days: Mapped[float] = mapped_column(Float, default=0.0)

    __table_args__ = (Index("ix_report_dialogue_date", "date"),)


class ReportPerson(Base):
    """A small number for each kept person who attended a reported dialogue (numbers are never reused)."""

    __tablename__ = "report_person"
    person_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[str] = mapped_column(IdColumn, unique=True)


class ReportPresence(Base):
    """A person at a dialogue recorded by name (two entries of one person at one dialogue: one row), with
    the dialogue's dimensions copied so unique people are counted without a join."""

    __tablename__ = "report_presence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dialogue_no: Mapped[int] = mapped_column(Integer, ForeignKey("report_dialogue.dialogue_no"))
    person_no: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    quarter: Mapped[int] = mapped_column(Integer)
    province: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(CODE))
    level: Mapped[str] = mapped_column(String(CODE))
    #: The groups the person counts in at this dialogue (bit i: `PERSON_FLAGS[i]`).
    bits: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_report_presence_dialogue", "dialogue_no"),
        # Unique people are counted per person (and per province, kind, level or quarter): these indexes
        # hand the rows over in that order with every column the filters need, so there is no sort and
        # no table lookup.
        *(
            Index(f"ix_report_presence_{first}", *dict.fromkeys((first, "person_no", "bits", *_FILTERED)))
            for first in ("person_no", "province", "kind", "level", "quarter")
        ),
    )


class ReportAction(Base):
    """An agreed action: what its figures depend on (overdue is decided at report time, from `deadline`)."""

    __tablename__ = "report_action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dialogue_no: Mapped[int] = mapped_column(Integer, ForeignKey("report_dialogue.dialogue_no"), index=True)
    organisation: Mapped[str] = mapped_column(String(36))  # responsible organisation id, '' for none
    status: Mapped[str] = mapped_column(String(CODE))
    deadline: Mapped[date | None] = mapped_column(Date)
    #: Days from the dialogue to the first done follow-up, for done actions that have one.
    days_to_done: Mapped[float | None] = mapped_column(Float)


class ReportNeed(Base):
    """The number of needs raised at a dialogue on one sector."""

    __tablename__ = "report_need"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dialogue_no: Mapped[int] = mapped_column(Integer, ForeignKey("report_dialogue.dialogue_no"), index=True)
    sector: Mapped[str] = mapped_column(String(CODE))
    needs: Mapped[int] = mapped_column(Integer)


class ReportUnique(Base):
    """Unique participants of every reported dialogue (no filter), as a histogram: per dimension
    ('total', 'province', 'kind', 'level', 'quarter') and key, the number of people whose groups there
    (the union of their groups at those dialogues) are exactly `bits`. Kept up to date with the rows of
    `ReportPresence`, so the report with no filter counts nobody again."""

    __tablename__ = "report_unique"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dimension: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(CODE))
    bits: Mapped[int] = mapped_column(Integer)
    people: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_report_unique_cell", "dimension", "key", "bits", unique=True),)


#: Every mart table, children first (the order in which they are emptied).
MART_MODELS: tuple[type[Any], ...] = (
    ReportPresence, ReportAction, ReportNeed, ReportDialogue, ReportPerson, ReportUnique,
)  # fmt: skip


#: What became of an export: decided (the data left the database), its file written, failed or cancelled.
EXPORT_OUTCOMES = ("started", "written", "failed", "cancelled")
EXPORT_FORMATS = ("xlsx", "csv", "pdf")


class ExportLog(Base):
    """One export of report data from this database: who made it, when, and what it holds.

    Local to this database (never synced, never in the change log). The row is written in the unit of
    work that gathers the export's data, so no data leaves the database unrecorded; `outcome` then says
    whether the file was written, failed or was cancelled (an export interrupted by a crash stays
    'started').
    """

    __tablename__ = "export_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: This store's device and its name at the time ('' when the store has none yet).
    device_id: Mapped[str] = mapped_column(IdColumn, default="")
    device_name: Mapped[str] = mapped_column(String(SHORT), default="")
    #: The operating system's account that ran the app or command ('' when unknown).
    os_user: Mapped[str] = mapped_column(String(SHORT), default="")
    #: The facilitator set on this laptop (the app's user), if any.
    facilitator_id: Mapped[str | None] = mapped_column(IdColumn)
    #: 'app' or 'cli'.
    via: Mapped[str] = mapped_column(String(8))
    format: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    #: The report's filters as given: date_from, date_to (ISO dates or null), province, kind (or null).
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Counts below this were not shown (0: every count shown).
    min_count: Mapped[int] = mapped_column(Integer, default=0)
    #: Names and phones included (of people who consented).
    personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(16), default="started")
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("outcome IN ('started', 'written', 'failed', 'cancelled')", name="outcome"),
        CheckConstraint("format IN ('xlsx', 'csv', 'pdf')", name="format"),
        Index("ix_export_log_made_at", "made_at"),
    )
