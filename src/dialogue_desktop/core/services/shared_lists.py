"""The lists every computer shares (facilitators, organisations, indigenous groups): what a laptop may do
to the entries the central office or another laptop added.

A laptop may delete only the entries it added itself; it may correct the others' entries (a Khmer name, an
acronym, a phone) but not empty a name they were given, and it may correct at most `MAX_EDITS_OF_OTHERS` of
them until the central office has confirmed its changes. The central office applies the same rule to every
bundle (`core/sync/rights.py`), so the app refuses here, in the facilitator's language, what the office
would refuse later, and an honest laptop never sends a bundle that is refused. The office itself, and a
laptop that has not joined an office yet, may do anything.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import (
    ChangeRecord,
    Facilitator,
    IndigenousGroup,
    Organisation,
    Synced,
)
from dialogue_desktop.core.domain.sync_models import SyncPeer
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.validation import Checker
from dialogue_desktop.core.store.store import get_setting
from dialogue_desktop.core.store.values import to_json
from dialogue_desktop.core.sync import state

#: The shared lists, by table.
SHARED_MODELS: tuple[type[Synced], ...] = (Facilitator, Organisation, IndigenousGroup)
#: The names of each shared list's entries: once given elsewhere, they may be corrected, not emptied.
NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "facilitator": ("name_km", "name_latin"),
    "organisation": ("name_km", "name_en"),
    "indigenous_group": ("name_km", "name_en"),
}
#: How many entries added elsewhere one laptop may change in one bundle (a handful of corrections).
MAX_EDITS_OF_OTHERS = 5

NOT_YOURS_TO_DELETE = N_(
    "This entry was added by the central office or another laptop: only the central office can delete it."
)
NAME_GIVEN_ELSEWHERE = N_(
    "This name was given by the central office or another laptop: it can be corrected, not left empty."
)
TOO_MANY_EDITS_OF_OTHERS = N_(
    "This laptop has already changed {count} entries added by the central office or other laptops (at most "
    "{limit} at a time). Send the changes to the central office and import its receipt, then go on."
)

DECIDED_BY_THE_OFFICE = N_(
    "This entry was added by the central office or another laptop: the central office decides this "
    "conflict, and its decision reaches this laptop with a receipt."
)


def own_device_ids(session: Session) -> frozenset[str] | None:
    """On a laptop joined to a central office, the device ids its own records carry; None elsewhere (the
    office and a laptop not joined yet may change every entry)."""
    if state.role(session) != state.FIELD:
        return None
    ids = json.loads(get_setting(session, state.OWN_IDS) or "[]")
    author = session.info.get("author")
    return frozenset([*ids, author.device_id] if author is not None else ids)


def made_elsewhere(record: Synced, own: frozenset[str] | None) -> bool:
    """Whether `record` was added by another computer than this laptop (never, at the office)."""
    return own is not None and record.origin_device_id not in own


def check_may_delete(session: Session, record: Synced) -> None:
    """UserError unless this computer may delete this entry of a shared list."""
    if made_elsewhere(record, own_device_ids(session)):
        raise UserError(NOT_YOURS_TO_DELETE)


def check_may_decide(session: Session, record: Synced) -> None:
    """UserError if this laptop may not decide a sync conflict on `record`: an entry of a shared list made
    elsewhere, whose conflicts the office decides (deciding writes `deleted` or a field anyway, which the
    office would refuse or count)."""
    if record.__tablename__ in NAME_FIELDS and made_elsewhere(record, own_device_ids(session)):
        raise UserError(DECIDED_BY_THE_OFFICE)


def check_edit(session: Session, record: Synced, values: dict[str, Any], labels: dict[str, str]) -> None:
    """Before `values` (already valid) are written to an entry of a shared list: refuse emptying a name
    given elsewhere (ValidationError on that field), or one entry too many changed (UserError)."""
    own = own_device_ids(session)
    if own is None or not made_elsewhere(record, own):
        return
    checker = Checker()
    for field in NAME_FIELDS[record.__tablename__]:
        if field in values and not values[field] and getattr(record, field):
            checker.add(field, labels[field], NAME_GIVEN_ELSEWHERE)
    checker.done()
    if all(to_json(getattr(record, key)) == to_json(value) for key, value in values.items()):
        return  # nothing changes: no change is recorded
    changed = edited_elsewhere_entries(session, own)
    if (record.__tablename__, record.id) not in changed and len(changed) >= MAX_EDITS_OF_OTHERS:
        raise UserError(TOO_MANY_EDITS_OF_OTHERS, count=len(changed), limit=MAX_EDITS_OF_OTHERS)


def edited_elsewhere_entries(session: Session, own: frozenset[str]) -> set[tuple[str, str]]:
    """(table, id) of the entries added elsewhere that this laptop changed since the office last confirmed
    its changes: what its next bundle brings the office."""
    peer = session.scalars(select(SyncPeer).where(SyncPeer.role == state.CENTRAL)).first()
    confirmed = peer.confirmed_change_seq if peer is not None else 0
    found: set[tuple[str, str]] = set()
    for model in SHARED_MODELS:
        query = (
            select(ChangeRecord.record_id)
            .join(model, model.id == ChangeRecord.record_id)
            .where(
                ChangeRecord.table_name == model.__tablename__,
                ChangeRecord.seq > confirmed,
                ChangeRecord.device_id.in_(own),
                ChangeRecord.base_revision != "",
                model.origin_device_id.not_in(own),
            )
            .distinct()
        )
        found.update((model.__tablename__, record_id) for record_id in session.scalars(query))
    return found
