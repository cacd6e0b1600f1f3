"""This store's place in sync: its role, its own device ids, its peers, what is still unconfirmed."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord
from dialogue_desktop.core.domain.sync_models import SyncPeer
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store.store import Store, get_setting, set_setting
from dialogue_desktop.core.sync.errors import NotEnrolledError

ROLE = "sync.role"
CENTRAL, FIELD = "central", "field"
#: Every device id this store has used (a laptop gets a new one when it joins); JSON list.
OWN_IDS = "sync.own_device_ids"
#: On a laptop: the hex enrolment secret, sent as a key proof until the central office answers.
ENROLMENT_SECRET = "sync.enrolment_secret"
#: A row updated first in every import, so that imports into one database take turns.
IMPORT_LOCK = "sync.import_lock"

NOT_CENTRAL = N_(
    "This database is not a central office. Run central-init first (on the central office only)."
)
NOT_FIELD = N_(
    "This laptop has not joined a central office yet. Ask the central office for an enrolment file, then run join."
)


def role(session: Session) -> str | None:
    """'central', 'field' or None (not set up for sync)."""
    return get_setting(session, ROLE)


def require_role(session: Session, wanted: str) -> None:
    """NotEnrolledError unless this store has the `wanted` role."""
    if role(session) != wanted:
        raise NotEnrolledError(NOT_CENTRAL if wanted == CENTRAL else NOT_FIELD)


def own_device_ids(session: Session, store: Store) -> list[str]:
    """This store's device id and the ids it had before joining."""
    ids = json.loads(get_setting(session, OWN_IDS) or "[]")
    return list(dict.fromkeys([store.device_id, *ids]))


def add_own_device_id(session: Session, device_id: str) -> None:
    ids = json.loads(get_setting(session, OWN_IDS) or "[]")
    if device_id not in ids:
        set_setting(session, OWN_IDS, json.dumps([*ids, device_id]))


def central_peer(session: Session) -> SyncPeer:
    """On a laptop: the central office it joined."""
    require_role(session, FIELD)
    peer = session.scalars(select(SyncPeer).where(SyncPeer.role == CENTRAL)).first()
    if peer is None:
        raise NotEnrolledError(NOT_FIELD)
    return peer


def unconfirmed_count(store: Store) -> int:
    """How many changes made on this laptop the central office has not confirmed yet (for the status bar)."""
    with store.unit_of_work() as session:
        peer = session.scalars(select(SyncPeer).where(SyncPeer.role == CENTRAL)).first()
        confirmed = peer.confirmed_change_seq if peer is not None else 0
        query = (
            select(func.count())
            .select_from(ChangeRecord)
            .where(ChangeRecord.seq > confirmed, ChangeRecord.device_id.in_(own_device_ids(session, store)))
        )
        return session.scalar(query) or 0


def ensure_import_lock(store: Store) -> None:
    """Create the row imports lock, once."""
    with store.unit_of_work() as session:
        if get_setting(session, IMPORT_LOCK) is None:
            set_setting(session, IMPORT_LOCK, "imports take turns on this row")
