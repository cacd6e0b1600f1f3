"""Writing bundles: every change since the last one the other side confirmed (or everything), signed,
encrypted, written atomically. A laptop exports to its central office; the office writes receipts."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, ChangeRecord
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.file_errors import CannotSave
from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.services.attachments import ContentDamaged, read_content
from dialogue_desktop.core.store.schema import head_revision
from dialogue_desktop.core.store.store import Store, get_setting
from dialogue_desktop.core.store.values import to_json
from dialogue_desktop.core.sync import bundle_format, restored, state
from dialogue_desktop.core.sync.clock_repair import redate_future_changes
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.keys import DeviceKeys, key_proof, load_keys, save_chosen_file
from dialogue_desktop.core.sync.schemas import Manifest, TableEntry

MISSING_ATTACHMENT = N_(
    "The attached file {sha256} is missing from {folder} or damaged. Put it back (from a backup), then write the file again."
)


REDATED = N_(
    "Changes recorded while this laptop's clock was set ahead were dated again: {count}. Check that its "
    "date and time are right now."
)
CAUGHT_UP = N_(
    "This laptop's database was restored from a backup older than its last bundle: this bundle is numbered "
    "after bundle {sequence} and holds every change the office has not confirmed."
)


@dataclass(frozen=True)
class Written:
    path: Path
    sequence: int
    change_count: int
    counts: dict[str, int]
    sha256: str
    #: Changes recorded while this laptop's clock was far ahead, dated again before this export.
    redated: int = 0
    #: After a restore from an older backup: the office's last bundle number this one follows (else 0).
    restored_after: int = 0

    def redated_text(self) -> str:
        """What to tell the facilitator beyond the counts, or '': changes dated again, and that this bundle
        follows the bundles a restored backup did not know."""
        notes = []
        if self.redated:
            notes.append(_(REDATED).format(count=format_number(self.redated)))
        if self.restored_after:
            notes.append(_(CAUGHT_UP).format(sequence=format_number(self.restored_after)))
        return " ".join(notes)


def change_rows(session: Session, where: Iterable[Any]) -> list[Any]:
    """Change-log rows (plain tuples, in log order) matching `where`."""
    cr = ChangeRecord.__table__
    # The JSON columns are read as text and copied into the bundle as they are (no decode, no re-encode).
    query = (
        select(
            cr.c.seq,
            cr.c.revision,
            cr.c.base_revision,
            cr.c.table_name,
            cr.c.record_id,
            cr.c.op,
            cast(cr.c["values"], Text).label("values"),
            cast(cr.c.old_values, Text).label("old_values"),
            cr.c.device_id,
            cr.c.facilitator_id,
            cr.c.changed_at,
        )
        .where(*where)
        .order_by(cr.c.seq)
    )
    return list(session.execute(query))


def _raw(text: str | Any) -> msgspec.Raw:
    return msgspec.Raw(text.encode() if isinstance(text, str) else msgspec.json.encode(text))


def build_members(
    store: Store, rows: list[Any]
) -> tuple[dict[str, bytes], dict[str, TableEntry], dict[str, int]]:
    """The zip members for these change rows: one JSON file per table, and the attachments."""
    per_table: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"full": [], "partial": []})
    shas: set[str] = set()
    for row in rows:
        entry = {
            "revision": row.revision,
            "base_revision": row.base_revision,
            "record_id": row.record_id,
            "op": row.op,
            "values": _raw(row[6]),
            "old_values": _raw(row[7]),
            "device_id": row.device_id,
            "facilitator_id": row.facilitator_id,
            "changed_at": to_json(row.changed_at),
        }
        per_table[row.table_name]["full" if row.base_revision == "" else "partial"].append(entry)
        if row.table_name == "attachment":
            values = msgspec.json.decode(row[6]) if isinstance(row[6], str) else row[6]
            if values.get("sha256"):
                shas.add(values["sha256"])
    members: dict[str, bytes] = {}
    tables: dict[str, TableEntry] = {}
    for table in MODEL_BY_TABLE:
        if table not in per_table:
            continue
        content = msgspec.json.encode(per_table[table])
        members[f"changes/{table}.json"] = content
        count = len(per_table[table]["full"]) + len(per_table[table]["partial"])
        tables[table] = TableEntry(count=count, sha256=hashlib.sha256(content).hexdigest())
    attachments: dict[str, int] = {}
    for sha in sorted(shas):
        try:
            content = read_content(store, sha)
        except (ContentDamaged, ValueError) as error:
            raise SyncError(MISSING_ATTACHMENT, sha256=sha, folder=str(store.attachments_dir)) from error
        members[f"attachments/{sha}"] = content
        attachments[sha] = len(content)
    return members, tables, attachments


def seal_members(
    members: dict[str, bytes],
    manifest: Manifest,
    keys: DeviceKeys,
    recipient_exchange_key: bytes,
    kind: int,
    proof: bytes = bundle_format.NO_PROOF,
) -> bytes:
    """The bundle file's bytes: manifest first, then the members, zipped, encrypted, signed."""
    payload = bundle_format.pack({"manifest.json": msgspec.json.encode(manifest), **members})
    return bundle_format.seal(
        payload,
        kind=kind,
        sender_id=manifest.device_id,
        sender=keys,
        recipient_exchange_key=recipient_exchange_key,
        proof=proof,
    )


def export_bundle(store: Store, output: Path, full: bool = False) -> Written:
    """Write this laptop's bundle for the central office: changes since the last confirmed one, or all."""
    keys = load_keys(store)
    with store.unit_of_work() as session:
        peer = state.central_peer(session)
        caught_up = restored.catch_up(session, store, peer)  # first: a restore must not reuse numbers
        redated = redate_future_changes(session, store, peer.confirmed_change_seq)
        since = 0 if full else peer.confirmed_change_seq
        cr = ChangeRecord.__table__
        up_to = session.scalar(select(cr.c.seq).order_by(cr.c.seq.desc()).limit(1)) or 0
        own = state.own_device_ids(session, store)
        rows = change_rows(session, [cr.c.seq > since, cr.c.seq <= up_to, cr.c.device_id.in_(own)])
        members, tables, attachments = build_members(store, rows)
        manifest = Manifest(
            format_version=bundle_format.FORMAT_VERSION,
            kind="bundle",
            schema_version=head_revision(),
            device_id=store.device_id,
            recipient_device_id=peer.device_id,
            sequence=peer.sent_seq + 1,
            previous_sha256=peer.sent_hash,
            created_at=utc_now(),
            full=full,
            since_change_seq=since,
            up_to_change_seq=up_to,
            tables=tables,
            attachments=attachments,
            acknowledged_change_seq=peer.acked_change_seq,
        )
        secret = get_setting(session, state.ENROLMENT_SECRET)
        proof = (
            key_proof(bytes.fromhex(secret), store.device_id, keys.signing_public, keys.exchange_public)
            if secret
            else bundle_format.NO_PROOF
        )
        data = seal_members(
            members, manifest, keys, bytes.fromhex(peer.exchange_key), bundle_format.KIND_BUNDLE, proof
        )
        digest = hashlib.sha256(data).hexdigest()
        own_revision = max((row.revision for row in rows), default="")
        before = restored.record_sent(store, peer, manifest.sequence, digest, up_to, own_revision)
        try:
            save_chosen_file(output, data)
        except CannotSave:
            restored.put_back(store, before)
            raise
        peer.sent_seq, peer.sent_hash = manifest.sequence, digest
        return Written(
            output,
            manifest.sequence,
            len(rows),
            {t: e.count for t, e in tables.items()},
            digest,
            redated,
            caught_up.sequence if caught_up is not None else 0,
        )
