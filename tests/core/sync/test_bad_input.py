"""Bad bundles: each is refused with a clear message, quarantined with its reason, and changes nothing."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from dialogue_desktop.core.store.clock import format_revision, parse_revision
from dialogue_desktop.core.store.schema import head_revision
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import bundle_format, enrolment, export
from dialogue_desktop.core.sync.import_ import import_file
from dialogue_desktop.core.sync.keys import DeviceKeys, key_proof, load_keys
from dialogue_desktop.core.sync.quarantine import (
    SEALED_REASON,
    quarantine_dir,
    quarantine_reason,
    quarantined_bytes,
)
from dialogue_desktop.core.sync.schemas import Manifest, TableEntry

from .conftest import Office, add_dialogue, dump, export_to


def craft(
    laptop: Store,
    office: Office,
    members: dict[str, bytes],
    path: Path,
    *,
    keys: DeviceKeys | None = None,
    sender: str | None = None,
    **manifest: Any,
) -> Path:
    """A bundle with these members, correctly listed, signed and encrypted, unless told otherwise."""
    keys = keys or load_keys(laptop)
    tables = {
        name.removeprefix("changes/").removesuffix(".json"): TableEntry(
            count=len(msgspec.json.decode(content)["full"]) + len(msgspec.json.decode(content)["partial"])
            if _is_json(content)
            else 1,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        for name, content in members.items()
        if name.startswith("changes/")
    }
    attachments = {
        n.removeprefix("attachments/"): len(c) for n, c in members.items() if n.startswith("attachments/")
    }
    fields: dict[str, Any] = dict(
        format_version=1,
        kind="bundle",
        schema_version=head_revision(),
        device_id=sender or laptop.device_id,
        recipient_device_id=office.store.device_id,
        sequence=1,
        previous_sha256="",
        created_at=datetime(2026, 3, 14, tzinfo=UTC),
        full=True,
        since_change_seq=0,
        up_to_change_seq=1,
        tables=tables,
        attachments=attachments,
    )
    fields.update(manifest)
    secret_proof = (
        key_proof(
            bytes.fromhex(_secret(laptop)), fields["device_id"], keys.signing_public, keys.exchange_public
        )
        if _secret(laptop)
        else bundle_format.NO_PROOF
    )
    central_keys = load_keys(office.store)
    payload = bundle_format.pack({"manifest.json": msgspec.json.encode(Manifest(**fields)), **members})
    data = bundle_format.seal(
        payload,
        kind=bundle_format.KIND_BUNDLE,
        sender_id=fields["device_id"],
        sender=keys,
        recipient_exchange_key=central_keys.exchange_public,
        proof=secret_proof,
    )
    path.write_bytes(data)
    return path


def _is_json(content: bytes) -> bool:
    try:
        return isinstance(msgspec.json.decode(content), dict)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return False


def _secret(laptop: Store) -> str:
    from dialogue_desktop.core.store.store import get_setting
    from dialogue_desktop.core.sync import state

    with laptop.unit_of_work() as session:
        return get_setting(session, state.ENROLMENT_SECRET) or ""


def laptop_members(laptop: Store) -> dict[str, bytes]:
    with laptop.unit_of_work() as session:
        rows = export.change_rows(session, [])
    return export.build_members(laptop, rows)[0]


def database_bytes(store: Store) -> list[bytes]:
    """The SQLite database file and its write-ahead log, byte for byte ([] for a server database)."""
    if store.path is None:
        return []
    files = [store.path, store.path.with_name(store.path.name + "-wal")]
    return [f.read_bytes() for f in files if f.exists()]


def assert_refused(office: Office, path: Path, *words: str) -> str:
    before, before_bytes = dump(office.store), database_bytes(office.store)
    outcome = import_file(office.store, path)
    assert outcome.status == "refused"
    for word in words:
        assert word in outcome.message
    assert dump(office.store) == before
    assert database_bytes(office.store) == before_bytes
    assert not path.exists()
    assert outcome.quarantined is not None and outcome.quarantined.exists()
    assert quarantine_reason(office.store, outcome.quarantined) == outcome.message
    if office.store.key is not None:  # beside an encrypted database the reason is sealed with its key
        sealed = outcome.quarantined.with_name(outcome.quarantined.name + SEALED_REASON).read_bytes()
        assert outcome.message.encode() not in sealed
    return outcome.message


@pytest.fixture
def laptop(laptop_factory: Callable[..., Store]) -> Store:
    made = laptop_factory()
    add_dialogue(made, 4)
    return made


def test_a_truncated_file_is_refused_and_quarantined(office: Office, laptop: Store, tmp_path: Path) -> None:
    path = export_to(laptop, tmp_path)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert_refused(office, path, "incomplete or damaged")


def test_one_flipped_byte_anywhere_is_refused(office: Office, laptop: Store, tmp_path: Path) -> None:
    original = export_to(laptop, tmp_path).read_bytes()
    positions = [
        0,
        8,
        10,
        11,
        50,
        60,
        120,
        150,
        185,
        195,
        203,
        len(original) // 2,
        len(original) - 65,
        len(original) - 1,
    ]
    for position in positions:
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        path = tmp_path / f"flipped-{position}.dlgbundle"
        path.write_bytes(bytes(damaged))
        assert_refused(office, path)


def test_a_bundle_for_another_office_says_so(tmp_path: Path, laptop: Store) -> None:
    other = Office(tmp_path / "other")
    try:
        path = export_to(laptop, tmp_path)
        assert_refused(other, path, "made for another central office")
    finally:
        other.store.close()


def test_an_unknown_device_is_refused(office: Office, laptop: Store, tmp_path: Path) -> None:
    stranger = DeviceKeys.generate()
    path = craft(
        laptop,
        office,
        laptop_members(laptop),
        tmp_path / "x.dlgbundle",
        keys=stranger,
        sender="00000000-0000-4000-8000-000000000000",
    )
    assert_refused(office, path, "not enrolled here")


def test_a_revoked_device_is_refused(office: Office, laptop: Store, tmp_path: Path) -> None:
    enrolment.revoke_device(office.store, laptop.device_id)
    assert_refused(office, export_to(laptop, tmp_path), "revoked")


def test_a_signature_from_another_device_is_refused(
    office: Office, laptop_factory: Callable[..., Store], laptop: Store, tmp_path: Path
) -> None:
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"  # its key is now known
    other = laptop_factory("Siem Reap laptop", "17")
    path = craft(laptop, office, laptop_members(laptop), tmp_path / "forged.dlgbundle", keys=load_keys(other))
    assert_refused(office, path, "signature")


def test_a_newer_format_or_schema_version_is_refused(office: Office, laptop: Store, tmp_path: Path) -> None:
    path = export_to(laptop, tmp_path)
    data = bytearray(path.read_bytes())
    struct.pack_into(">H", data, 8, bundle_format.FORMAT_VERSION + 1)
    path.write_bytes(bytes(data))
    assert_refused(office, path, "newer version")
    newer = craft(laptop, office, laptop_members(laptop), tmp_path / "newer.dlgbundle", schema_version="9999")
    assert_refused(office, newer, "newer version", "9999")


def test_a_zip_bomb_is_refused(
    office: Office, laptop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_format, "MAX_MEMBER_BYTES", 1 << 20)
    bomb = b"\0" * (8 << 20)
    members = {**laptop_members(laptop), f"attachments/{hashlib.sha256(bomb).hexdigest()}": bomb}
    assert_refused(office, craft(laptop, office, members, tmp_path / "bomb.dlgbundle"), "more data")


def test_path_traversal_in_member_names_is_refused(office: Office, laptop: Store, tmp_path: Path) -> None:
    members = {**laptop_members(laptop), "../../../etc/cron.d/evil": b"* * * * * root true"}
    message = assert_refused(
        office, craft(laptop, office, members, tmp_path / "evil.dlgbundle"), "unexpected file"
    )
    assert not (tmp_path.parent.parent / "etc").exists()
    assert "cron.d" in message


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00{", b'{"full": [', b'{"full": [], "partial": [{"revision": 1}]}']
)
def test_invalid_utf8_json_or_records_are_refused(
    office: Office, laptop: Store, tmp_path: Path, content: bytes
) -> None:
    members = {**laptop_members(laptop), "changes/organisation.json": content}
    assert_refused(office, craft(laptop, office, members, tmp_path / "bad.dlgbundle"), "invalid content")


def test_a_too_long_value_or_unknown_enum_is_refused(office: Office, laptop: Store, tmp_path: Path) -> None:
    members = laptop_members(laptop)
    data = msgspec.json.decode(members["changes/participant.json"])
    data["full"][0]["values"]["name_latin"] = "x" * 201
    long_name = {**members, "changes/participant.json": msgspec.json.encode(data)}
    assert_refused(office, craft(laptop, office, long_name, tmp_path / "long.dlgbundle"), "name_latin")
    data["full"][0]["values"]["name_latin"] = "ok"
    data["full"][0]["values"]["sex"] = "unknown-sex"
    bad_enum = {**members, "changes/participant.json": msgspec.json.encode(data)}
    assert_refused(office, craft(laptop, office, bad_enum, tmp_path / "enum.dlgbundle"), "sex")


def test_a_record_referencing_a_missing_record_is_refused(
    office: Office, laptop: Store, tmp_path: Path
) -> None:
    members = laptop_members(laptop)
    del members["changes/participant.json"]
    assert_refused(
        office, craft(laptop, office, members, tmp_path / "orphans.dlgbundle"), "missing participant"
    )


def test_manifest_hash_and_count_mismatches_are_refused(
    office: Office, laptop: Store, tmp_path: Path
) -> None:
    members = laptop_members(laptop)
    good = craft(laptop, office, members, tmp_path / "probe.dlgbundle")
    good.unlink()
    tables = {
        "organisation": TableEntry(
            count=5, sha256=hashlib.sha256(members["changes/organisation.json"]).hexdigest()
        )
    }
    only_orgs = {"changes/organisation.json": members["changes/organisation.json"]}
    assert_refused(
        office, craft(laptop, office, only_orgs, tmp_path / "count.dlgbundle", tables=tables), "manifest"
    )
    tables = {"organisation": TableEntry(count=1, sha256="0" * 64)}
    assert_refused(
        office, craft(laptop, office, only_orgs, tmp_path / "hash.dlgbundle", tables=tables), "SHA-256"
    )


def test_same_revision_with_different_content_is_refused(
    office: Office, laptop: Store, tmp_path: Path
) -> None:
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    members = laptop_members(laptop)
    data = msgspec.json.decode(members["changes/dialogue.json"])
    data["full"][0]["values"]["title_en"] = "Something else entirely"
    changed = {**members, "changes/dialogue.json": msgspec.json.encode(data)}
    assert_refused(office, craft(laptop, office, changed, tmp_path / "dup.dlgbundle", sequence=2), "differs")


def test_a_second_record_with_an_existing_id_is_refused(
    office: Office, laptop: Store, tmp_path: Path
) -> None:
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    members = laptop_members(laptop)
    data = msgspec.json.decode(members["changes/dialogue.json"])
    first = data["full"][0]
    millis, _counter, device = parse_revision(first["revision"])
    first["revision"] = format_revision(millis + 1, 0, device)
    first["values"]["title_en"] = "A different dialogue with the same id"
    changed = {"changes/dialogue.json": msgspec.json.encode({"full": [first], "partial": []})}
    assert_refused(
        office, craft(laptop, office, changed, tmp_path / "clash.dlgbundle", sequence=2), "already used"
    )


def test_sequence_gaps_are_reported_and_later_bundles_still_apply(
    office: Office, laptop: Store, tmp_path: Path
) -> None:
    first = export_to(laptop, tmp_path)
    add_dialogue(laptop, 1, "Second")
    second = export_to(laptop, tmp_path)
    add_dialogue(laptop, 1, "Third")
    third = export_to(laptop, tmp_path)
    assert office.import_(first)[0].status == "imported"
    jumped = office.import_(third)[0]
    assert jumped.status == "imported" and jumped.missing == {laptop.device_id: [2]}
    before = dump(office.store)
    replay = office.import_(second)[0]  # from the past: everything in it is known already
    assert replay.status == "imported" and replay.new_changes == 0 and replay.missing == {}
    again = office.import_(third)[0]
    assert again.status == "already"
    after = dump(office.store)
    assert {k: v for k, v in after.items() if k != "sync_bundle"} == {
        k: v for k, v in before.items() if k != "sync_bundle"
    }


def test_a_refused_bundle_does_not_stop_the_others(office: Office, laptop: Store, tmp_path: Path) -> None:
    good = export_to(laptop, tmp_path)
    bad = tmp_path / "bad.dlgbundle"
    bad.write_bytes(b"not a bundle at all")
    outcomes = office.import_(bad, good)
    assert [o.status for o in outcomes] == ["refused", "imported"]
    assert "not a Dialogue Desktop bundle" in outcomes[0].message


def test_a_constraint_the_checks_missed_still_refuses_only_that_bundle(
    office: Office, laptop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogue_desktop.core.sync import merge

    monkeypatch.setattr(merge, "_check_references", lambda *args: None)  # let the database find the orphans
    members = laptop_members(laptop)
    del members["changes/participant.json"]
    assert_refused(office, craft(laptop, office, members, tmp_path / "orphans.dlgbundle"), "invalid content")


def test_a_receipt_at_the_office_or_a_bundle_on_a_laptop_says_where_it_belongs(
    office: Office, laptop: Store, tmp_path: Path
) -> None:
    office.import_(export_to(laptop, tmp_path))
    receipt = office.receipt(laptop)
    assert_refused(office, receipt, "receipt", "on the laptop")
    bundle = export_to(laptop, tmp_path)
    outcome = import_file(laptop, bundle)
    assert outcome.status == "refused" and "at the central office" in outcome.message


def test_a_bundle_from_an_older_version_is_welcome(office: Office, laptop: Store, tmp_path: Path) -> None:
    older = craft(laptop, office, laptop_members(laptop), tmp_path / "older.dlgbundle", schema_version="0002")
    assert import_file(office.store, older).status == "imported"


def test_a_file_that_is_no_bundle_is_kept_encrypted_in_the_quarantine(office: Office, tmp_path: Path) -> None:
    picked = tmp_path / "participants.csv"  # a participant list picked instead of a bundle
    picked.write_text("name_latin,phone\nSrey Sokha,012345678\n", encoding="utf-8")
    listed = picked.read_bytes()
    assert_refused(office, picked)
    (kept,) = [p for p in quarantine_dir(office.store).iterdir() if not p.name.endswith((".reason", ".txt"))]
    assert quarantined_bytes(office.store, kept) == listed  # nothing lost: the file as it came
    if office.store.key is not None:
        assert kept.name == "participants.csv.sealed"
        assert b"Srey Sokha" not in kept.read_bytes() and b"012345678" not in kept.read_bytes()
