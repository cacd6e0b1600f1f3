"""Receipts: the central office's answer to one laptop, signed and encrypted to it.

A receipt confirms the laptop's changes up to a point (so its next bundle starts after them) and carries
what the office knows that the laptop needs: every change to the shared lists (facilitators,
organisations, indigenous groups) and the office's corrections to the laptop's own records (for example an
action's status updated centrally). Receipts are cumulative too, until the laptop acknowledges them in a
bundle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord, Device
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.store.schema import head_revision
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import bundle_format, state
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.export import build_members, change_rows, seal_members
from dialogue_desktop.core.sync.import_ import confirmed_change_seq
from dialogue_desktop.core.sync.keys import load_keys, save_chosen_file
from dialogue_desktop.core.sync.rights import SHARED_TABLES
from dialogue_desktop.core.sync.schemas import Manifest


@dataclass(frozen=True)
class Receipt:
    path: Path
    sequence: int
    confirmed_change_seq: int
    change_count: int


def write_receipt(store: Store, device_id: str, output: Path) -> Receipt:
    """Write the receipt for one laptop."""
    keys = load_keys(store)
    with store.unit_of_work() as session:
        state.require_role(session, state.CENTRAL)
        peer = session.get(SyncPeer, device_id)
        device = session.get(Device, device_id)
        if peer is None or peer.role != state.FIELD or device is None:
            raise SyncError(N_("No laptop with the id {device_id} was enrolled here."), device_id=device_id)
        if device.revoked:  # its key may be in a thief's hands: never encrypt anything to it
            raise SyncError(
                N_("The laptop {device_id} was revoked; enrol it again before writing its receipt."),
                device_id=device_id,
            )
        if not peer.exchange_key:
            raise SyncError(
                N_(
                    "No bundle from this laptop has been imported yet, so its key is not known. Import its first "
                    "bundle, then write the receipt."
                )
            )
        cr = ChangeRecord.__table__
        up_to = session.scalar(select(cr.c.seq).order_by(cr.c.seq.desc()).limit(1)) or 0
        rows = change_rows(
            session, [cr.c.seq > peer.acked_change_seq, cr.c.seq <= up_to, cr.c.device_id != device_id]
        )
        rows = _for_laptop(session, rows, device_id)
        members, tables, attachments = build_members(store, rows)
        last_bundle = (
            session.scalars(
                select(SyncBundle.sequence)
                .where(
                    SyncBundle.sender_device_id == device_id,
                    SyncBundle.kind == "bundle",
                )
                .order_by(SyncBundle.sequence.desc())
                .limit(1)
            ).first()
            or 0
        )
        confirmed = confirmed_change_seq(session, device_id)
        manifest = Manifest(
            format_version=bundle_format.FORMAT_VERSION,
            kind="receipt",
            schema_version=head_revision(),
            device_id=store.device_id,
            recipient_device_id=device_id,
            sequence=peer.sent_seq + 1,
            previous_sha256=peer.sent_hash,
            created_at=utc_now(),
            full=peer.acked_change_seq == 0,
            since_change_seq=peer.acked_change_seq,
            up_to_change_seq=up_to,
            tables=tables,
            attachments=attachments,
            acknowledged_change_seq=confirmed,
            last_bundle_seq=last_bundle,
        )
        data = seal_members(
            members, manifest, keys, bytes.fromhex(peer.exchange_key), bundle_format.KIND_RECEIPT
        )
        save_chosen_file(output, data)
        peer.sent_seq, peer.sent_hash = manifest.sequence, hashlib.sha256(data).hexdigest()
        return Receipt(output, manifest.sequence, confirmed, len(rows))


def _for_laptop(session: Session, rows: list[Any], device_id: str) -> list[Any]:
    """The shared lists, and changes to records that laptop created."""
    others: dict[str, set[str]] = {}
    for row in rows:
        if row.table_name not in SHARED_TABLES:
            others.setdefault(row.table_name, set()).add(row.record_id)
    theirs: set[tuple[str, str]] = set()
    for table, ids in others.items():
        sql_table: Table = MODEL_BY_TABLE[table].__table__  # type: ignore[assignment]
        id_list = list(ids)
        for start in range(0, len(id_list), 2000):
            query = select(sql_table.c.id).where(
                sql_table.c.id.in_(id_list[start : start + 2000]), sql_table.c.origin_device_id == device_id
            )
            theirs.update((table, record_id) for record_id in session.scalars(query))
    return [r for r in rows if r.table_name in SHARED_TABLES or (r.table_name, r.record_id) in theirs]
