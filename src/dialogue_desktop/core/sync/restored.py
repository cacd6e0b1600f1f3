"""A laptop restored from an older backup: what it sends next never reuses the numbers the office has.

The office knows a laptop's bundles by their number and its changes by their change seq (the laptop's
`change_record.seq`): it confirms "everything up to seq c arrived". A backup remembers neither the bundles
written after it nor their changes, so after a restore the laptop would number its next bundle as one the
office already has (refused) and its new changes with seqs the office has already seen in a bundle, which a
receipt would then confirm although they never left the laptop.

So each export also writes a small *mark* beside the laptop's keys (`<db>.keys/sent-mark.json`, outside the
database, so a restore of the database leaves it): the highest bundle number written, the highest change
seq a bundle covered, the last bundle's hash and the highest revision sent. When the database holds fewer
bundles than the mark (it was restored), `catch_up` numbers the next bundle after the mark's, moves every own
change not yet confirmed past the mark's seq (in order; they all go in the next bundle, known ones are
no-ops at the office), and moves the clock past every revision sent. The mark holds numbers, a hash and a
device id, no personal data; it is read as hostile bytes (bounded, typed, for this laptop and this office
only) and a mark that fails any check is ignored and written anew by the next export.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord
from dialogue_desktop.core.domain.sync_models import SyncPeer
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import state
from dialogue_desktop.core.sync.keys import atomic_write, keys_dir
from dialogue_desktop.core.sync.schemas import INT32, BaseRevision, Count, RecordId

log = logging.getLogger(__name__)

MARK_FILE = "sent-mark.json"
#: A mark is a few hundred bytes; anything larger is not one.
MAX_MARK_BYTES = 4096


class SentMark(msgspec.Struct, forbid_unknown_fields=True):
    """What this laptop has sent to its office, kept outside its database."""

    device_id: RecordId
    office_id: RecordId
    #: The highest bundle number written.
    sequence: Count
    #: The highest change seq a bundle covered (its `up_to_change_seq`).
    up_to_change_seq: Count
    #: The hash of the bundle numbered `sequence` (the next bundle's `previous_sha256`).
    sha256: Annotated[str, msgspec.Meta(pattern=r"^([0-9a-f]{64})?$")] = ""
    #: The highest revision of this laptop's changes sent.
    revision: BaseRevision = ""


@dataclass(frozen=True)
class CaughtUp:
    """What `catch_up` did after a restore: the office's last bundle number, and the changes moved."""

    sequence: int
    moved: int


def mark_path(store: Store) -> Path:
    """Where the mark of what was sent lies (beside the keys, outside the database)."""
    return keys_dir(store) / MARK_FILE


def read_mark(store: Store) -> SentMark | None:
    """The mark for this laptop, or None when there is none or it is not a sound mark of this laptop."""
    path = mark_path(store)
    try:
        if not path.is_file() or path.stat().st_size > MAX_MARK_BYTES:
            return None
        mark = msgspec.json.decode(path.read_bytes(), type=SentMark)
    except (OSError, msgspec.DecodeError, UnicodeDecodeError):
        log.warning("The mark of bundles sent is damaged; it is ignored and written again")
        return None
    return mark if mark.device_id == store.device_id else None


def _mark_for(store: Store, peer: SyncPeer) -> SentMark | None:
    mark = read_mark(store)
    return mark if mark is not None and mark.office_id == peer.device_id else None


def catch_up(session: Session, store: Store, peer: SyncPeer) -> CaughtUp | None:
    """If this database was restored from a backup older than the last bundle sent, make what it sends
    next follow what the office has (see the module docstring); None when nothing was to be done."""
    mark = _mark_for(store, peer)
    if mark is None or mark.sequence <= peer.sent_seq or store.path is None:
        # Nothing forgotten. (A server database is never restored by the app, and its ids come from a
        # sequence that moving rows would not advance.)
        return None
    own = state.own_device_ids(session, store)
    cr = ChangeRecord.__table__
    highest = session.scalar(select(func.max(cr.c.seq))) or 0
    confirmed = peer.confirmed_change_seq
    offset = max(mark.up_to_change_seq, highest) - confirmed
    unsent = (cr.c.seq > confirmed, cr.c.device_id.in_(own))
    top, moved = session.execute(select(func.max(cr.c.seq), func.count()).where(*unsent)).one()
    if top is not None and top + offset > INT32[1]:
        log.warning("The mark of bundles sent names numbers too large to follow; it is ignored")
        return None
    if moved and offset > 0:
        # Every new seq lies above every seq in the log, so no two rows ever share one while moving, and
        # the changes keep their order. SQLite numbers the next change after the highest row.
        session.execute(
            update(ChangeRecord)
            .where(ChangeRecord.seq > confirmed, ChangeRecord.device_id.in_(own))
            .values(seq=ChangeRecord.seq + offset)
            .execution_options(synchronize_session=False)
        )
    else:
        moved = 0
    peer.sent_seq, peer.sent_hash = mark.sequence, mark.sha256
    if mark.revision:
        store.clock.observe(mark.revision)  # new changes are stamped after every one sent, clock or not
    log.info("Restored database: next bundle after %d, %d changes renumbered", mark.sequence, moved)
    return CaughtUp(mark.sequence, moved)


def highest_sent(store: Store, peer: SyncPeer) -> int:
    """The highest change seq a bundle of this laptop covered, as far as this laptop knows (0 if none)."""
    mark = _mark_for(store, peer)
    return mark.up_to_change_seq if mark is not None else 0


def record_sent(
    store: Store, peer: SyncPeer, sequence: int, sha256: str, up_to: int, revision: str
) -> bytes | None:
    """Write the mark for a bundle about to be written (before it, so that no bundle is ever sent that the
    mark does not cover). Returns the mark as it was (None: there was none), for `put_back`."""
    try:
        before: bytes | None = mark_path(store).read_bytes()
    except FileNotFoundError:
        before = None
    mark = _mark_for(store, peer)
    kept = mark or SentMark(store.device_id, peer.device_id, 0, 0)
    new = SentMark(
        device_id=store.device_id,
        office_id=peer.device_id,
        sequence=max(kept.sequence, sequence),
        up_to_change_seq=max(kept.up_to_change_seq, up_to),
        sha256=sha256 if sequence >= kept.sequence else kept.sha256,
        revision=max(kept.revision, revision),
    )
    atomic_write(mark_path(store), msgspec.json.encode(new))
    return before


def put_back(store: Store, before: bytes | None) -> None:
    """The bundle the mark was written for could not be written after all: the mark as it was, so that
    the next bundle is the one the office expects (not taken for a laptop restored from a backup)."""
    try:
        if before is None:
            mark_path(store).unlink(missing_ok=True)
        else:
            atomic_write(mark_path(store), before)
    except OSError as error:  # the bundle's own failure is what the facilitator is told
        log.warning("The mark of bundles sent could not be put back: %s", error.strerror)
