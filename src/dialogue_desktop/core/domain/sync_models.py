"""Tables of sync bookkeeping: peers and their keys, imported bundles, conflicts.

These rows belong to one store and never travel as records: they describe what this store has exchanged
with other installs. Private keys are never stored here (see `core.sync.keys`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dialogue_desktop.core.domain.models import SHORT, Base
from dialogue_desktop.core.domain.types import IdColumn, UTCDateTime, new_id, utc_now


class SyncPeer(Base):
    """Another install this store exchanges bundles with: the central office (on a laptop), or an enrolled
    laptop (at the central office), with its public keys and what was exchanged so far."""

    __tablename__ = "sync_peer"
    device_id: Mapped[str] = mapped_column(IdColumn, ForeignKey("device.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(8))  # central | field
    #: Hex public keys (Ed25519 for signatures, X25519 for encryption); empty until proven.
    signing_key: Mapped[str] = mapped_column(String(64), default="")
    exchange_key: Mapped[str] = mapped_column(String(64), default="")
    #: Hex one-time enrolment secret; cleared once the laptop's first bundle proved its key with it.
    enrolment_secret: Mapped[str] = mapped_column(String(64), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    #: Bundles (or receipts) this store wrote for that peer: the last sequence number and file hash.
    sent_seq: Mapped[int] = mapped_column(Integer, default=0)
    sent_hash: Mapped[str] = mapped_column(String(64), default="")
    #: On a laptop: the last local change (change_record.seq) the central office confirmed.
    confirmed_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: The peer's change_record.seq up to which its changes were applied here (from receipts), or, at the
    #: central office, up to which the laptop says it has applied the receipts.
    acked_change_seq: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("role IN ('central', 'field')", name="role"),)


class SyncBundle(Base):
    """A bundle or receipt imported into this store: what makes a second import a no-op."""

    __tablename__ = "sync_bundle"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_device_id: Mapped[str] = mapped_column(IdColumn)
    kind: Mapped[str] = mapped_column(String(8))  # bundle | receipt
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The sender's change_record.seq range the bundle covers: (since, up_to].
    since_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    up_to_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    change_count: Mapped[int] = mapped_column(Integer, default=0)
    new_change_count: Mapped[int] = mapped_column(Integer, default=0)
    conflict_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        UniqueConstraint("sender_device_id", "kind", "sequence", name="uq_sync_bundle_sequence"),
        UniqueConstraint("sha256", name="uq_sync_bundle_sha256"),
        CheckConstraint("kind IN ('bundle', 'receipt')", name="kind"),
    )


class SyncConflict(Base):
    """Concurrent changes to one field (or a deletion against an edit, or a change to locked minutes).

    `candidates` keeps every competing value with its revision and device; `winner_revision` is the
    provisional winner, the same on every store. A person resolves it, which becomes a new change.
    """

    __tablename__ = "sync_conflict"
    id: Mapped[str] = mapped_column(IdColumn, primary_key=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(IdColumn)
    field: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))  # field | delete | locked
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    winner_revision: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | resolved
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The revision of the change that resolved it.
    resolution: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(String(SHORT), default="")

    __table_args__ = (
        Index("ix_sync_conflict_record", "table_name", "record_id"),
        CheckConstraint("kind IN ('field', 'delete', 'locked')", name="kind"),
        CheckConstraint("status IN ('open', 'resolved')", name="status"),
    )
