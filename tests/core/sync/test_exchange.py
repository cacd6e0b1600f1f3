"""Exchanging bundles and receipts: round trips, idempotence, merging, conflicts, locked minutes."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.domain.models import Dialogue, Organisation, Participant
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import conflicts, enrolment, state
from dialogue_desktop.core.sync.import_ import import_file
from dialogue_desktop.core.sync.keys import keys_dir

from .conftest import Office, add_dialogue, content, dump, export_to


def edit(store: Store, model: type, record_id: str, **values: object) -> None:
    with store.unit_of_work() as session:
        record = session.get(model, record_id)
        for key, value in values.items():
            setattr(record, key, value)


def get(store: Store, model: type, record_id: str) -> object:
    with store.unit_of_work() as session:
        return session.get(model, record_id)


def test_a_bundle_brings_every_record_and_a_second_import_changes_nothing(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 5)
    bundle = export_to(laptop, tmp_path)
    outcome = office.import_(bundle)[0]
    assert outcome.status == "imported" and outcome.new_changes == 12
    assert content(office.store) == content(laptop)
    before = dump(office.store)
    assert office.import_(bundle)[0].status == "already"
    assert dump(office.store) == before


def test_keys_live_beside_the_database_and_fingerprints_match(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    assert (keys_dir(laptop) / "device-keys.json").exists()
    assert keys_dir(laptop) != keys_dir(office.store)
    office.import_(export_to(laptop, tmp_path))
    with office.store.unit_of_work() as session:
        from dialogue_desktop.core.domain.sync_models import SyncPeer

        peer = session.get(SyncPeer, laptop.device_id)
        assert peer is not None
        from dialogue_desktop.core.sync.keys import load_keys

        assert enrolment.device_fingerprint(peer) == load_keys(laptop).fingerprint


def test_receipts_confirm_changes_and_bring_central_reference_data(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 2)
    assert state.unconfirmed_count(laptop) == 6
    office.import_(export_to(laptop, tmp_path))
    with office.store.unit_of_work() as session:
        session.add(
            Organisation(name_en="Provincial Department of Rural Development", kind="provincial_department")
        )
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    assert state.unconfirmed_count(laptop) == 0
    with laptop.unit_of_work() as session:
        names = set(session.scalars(select(Organisation.name_en)))
    assert "Provincial Department of Rural Development" in names
    add_dialogue(laptop, 1, "Later")
    assert state.unconfirmed_count(laptop) == 4  # only what is new travels next time
    later = export_to(laptop, tmp_path)
    outcome = office.import_(later)[0]
    assert outcome.new_changes == 4


def test_edits_to_different_fields_merge_and_same_field_edits_conflict(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    dialogue_id = add_dialogue(laptop, 1)
    office.import_(export_to(laptop, tmp_path))
    import_file(laptop, office.receipt(laptop))
    edit(office.store, Dialogue, dialogue_id, venue="Pagoda hall", title_en="Office title")
    edit(laptop, Dialogue, dialogue_id, themes="roads", title_en="Laptop title")
    office.import_(export_to(laptop, tmp_path))
    merged = get(office.store, Dialogue, dialogue_id)
    assert merged.venue == "Pagoda hall" and merged.themes == "roads"  # type: ignore[attr-defined]
    found = conflicts.list_conflicts(office.store)
    assert [(c.field, c.kind) for c in found] == [("title_en", "field")]
    values = {c["value"] for c in found[0].candidates}
    assert values == {"Office title", "Laptop title"}
    winner = max(found[0].candidates, key=lambda c: c["revision"])
    assert merged.title_en == winner["value"]  # type: ignore[attr-defined]
    # The laptop sees the same conflict and the same provisional winner after the receipt.
    import_file(laptop, office.receipt(laptop))
    assert get(laptop, Dialogue, dialogue_id).title_en == winner["value"]  # type: ignore[attr-defined]
    assert [c.field for c in conflicts.list_conflicts(laptop)] == ["title_en"]
    # A person resolves it at the office: a new change, which closes the laptop's copy too.
    loser = min(found[0].candidates, key=lambda c: c["revision"])
    conflicts.resolve_conflict(office.store, found[0].id, choose=loser["revision"])
    assert get(office.store, Dialogue, dialogue_id).title_en == loser["value"]  # type: ignore[attr-defined]
    assert conflicts.list_conflicts(office.store) == []
    import_file(laptop, office.receipt(laptop))
    assert get(laptop, Dialogue, dialogue_id).title_en == loser["value"]  # type: ignore[attr-defined]
    assert conflicts.list_conflicts(laptop) == []


def test_deletion_against_an_edit_is_a_conflict(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 1)
    with laptop.unit_of_work() as session:
        person_id = session.scalars(select(Participant.id)).one()
    office.import_(export_to(laptop, tmp_path))
    import_file(laptop, office.receipt(laptop))
    edit(office.store, Participant, person_id, deleted=True)
    edit(laptop, Participant, person_id, position="Commune chief")
    office.import_(export_to(laptop, tmp_path))
    found = conflicts.list_conflicts(office.store)
    assert [(c.kind, c.field) for c in found] == [("delete", "deleted")]
    conflicts.resolve_conflict(office.store, found[0].id, choose="keep")
    kept = get(office.store, Participant, person_id)
    assert kept.deleted is False and kept.position == "Commune chief"  # type: ignore[attr-defined]


def test_approved_minutes_are_never_silently_changed(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    dialogue_id = add_dialogue(laptop, 1)
    office.import_(export_to(laptop, tmp_path))
    edit(office.store, Dialogue, dialogue_id, status=DialogueStatus.MINUTES_APPROVED)
    edit(laptop, Dialogue, dialogue_id, discussion_summary="Changed after the meeting")
    outcome = office.import_(export_to(laptop, tmp_path))[0]
    assert outcome.status == "imported" and outcome.held == 1
    assert get(office.store, Dialogue, dialogue_id).discussion_summary == ""  # type: ignore[attr-defined]
    found = conflicts.list_conflicts(office.store)
    assert [c.kind for c in found] == ["locked"]
    assert found[0].candidates[0]["value"] == {"discussion_summary": "Changed after the meeting"}
    # A later cumulative bundle with the same change does not duplicate the conflict.
    office.import_(export_to(laptop, tmp_path, full=True))
    assert len(conflicts.list_conflicts(office.store)) == 1


def test_bundles_from_several_laptops_in_any_order_converge(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptops = [laptop_factory(f"laptop {n}") for n in range(3)]
    bundles = []
    for laptop in laptops:
        add_dialogue(laptop, 2)
        bundles.append(export_to(laptop, tmp_path))
        add_dialogue(laptop, 1, "Second")
        bundles.append(export_to(laptop, tmp_path))
    other = Office(tmp_path / "second-office")
    try:
        # The same bundles, re-encrypted to a second office, imported in reverse order with duplicates.
        for laptop in laptops:
            other.join(laptop, _enrol_again(other, laptop), switch_office=True)
        other_bundles = [export_to(laptop, tmp_path, full=True) for laptop in laptops]
        office.import_(*bundles)
        other.import_(*reversed(other_bundles), *other_bundles)
        assert content(office.store) == content(other.store)
    finally:
        other.store.close()


def _enrol_again(office: Office, laptop: Store) -> Path:
    from dialogue_desktop.core.domain.models import Device

    with office.store.unit_of_work() as session:
        session.add(Device(id=laptop.device_id, name="moved laptop"))
        from dialogue_desktop.core.domain.sync_models import SyncPeer

        session.add(SyncPeer(device_id=laptop.device_id, role="field"))
    return office.enrol("moved laptop", device_id=laptop.device_id)


def test_a_laptop_that_lost_its_keys_is_enrolled_again_without_losing_data(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 2)
    office.import_(export_to(laptop, tmp_path))
    add_dialogue(laptop, 1, "Unsent")
    (keys_dir(laptop) / "device-keys.json").unlink()
    office.join(laptop, office.enrol(device_id=laptop.device_id))
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert content(office.store, ("dialogue",)) == content(laptop, ("dialogue",))


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)  # compares the SQLite files byte for byte
def test_received_rows_are_stored_exactly_as_the_sender_stored_them(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    from datetime import UTC, datetime, time

    laptop = laptop_factory()
    dialogue_id = add_dialogue(laptop, 1)
    edit(
        laptop,
        Dialogue,
        dialogue_id,
        start_time=time(8, 30),
        end_time=time(11, 5, 7, 12),
        approved_at=datetime(2026, 3, 14, 9, 0, 0, 5, tzinfo=UTC),
        tally_only=True,
        tally_female=12,
    )
    office.import_(export_to(laptop, tmp_path))
    assert content(office.store) == content(laptop)

    def raw(store: Store) -> list[tuple[object, ...]]:
        assert store.path is not None
        with closing(cipher.connect(store.path, store.key)) as connection:
            rows = connection.execute("SELECT * FROM dialogue").fetchall()
            return rows + connection.execute("SELECT * FROM attendance ORDER BY id").fetchall()

    assert raw(office.store) == raw(laptop)


def test_attachments_travel_with_their_records(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    import hashlib

    from dialogue_desktop.core.domain.models import Attachment
    from dialogue_desktop.core.services.attachments import content_path, read_content
    from dialogue_desktop.core.store.contents import store_bytes

    laptop = laptop_factory()
    dialogue_id = add_dialogue(laptop, 1)
    photo = b"\x89PNG signed sign-in sheet" * 100
    sha = hashlib.sha256(photo).hexdigest()
    store_bytes(laptop, sha, photo)
    with laptop.unit_of_work() as session:
        session.add(
            Attachment(
                sha256=sha,
                filename="sheet.png",
                media_type="image/png",
                size=len(photo),
                dialogue_id=dialogue_id,
            )
        )
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert read_content(office.store, sha) == photo
    if office.store.key is not None:  # an office on SQLite stores it encrypted too
        assert photo not in content_path(office.store, sha).read_bytes()


def test_what_a_laptop_recorded_before_joining_travels_too(office: Office, tmp_path: Path) -> None:
    laptop = Store.open(tmp_path / "early.db")
    try:
        dialogue_id = add_dialogue(laptop, 2, "Recorded before joining")
        office.join(laptop, office.enrol("Early laptop"))
        edit(laptop, Dialogue, dialogue_id, venue="Commune hall")
        assert state.unconfirmed_count(laptop) == 7  # 6 records made before joining, 1 edit after
        assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
        assert content(office.store) == content(laptop)
        import_file(laptop, office.receipt(laptop))
        assert state.unconfirmed_count(laptop) == 0
    finally:
        laptop.close()


def test_an_older_edit_arriving_late_still_conflicts_with_a_local_edit_made_without_it(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    # The office edits another field, then the same field, before the laptop's (older) edit arrives: the
    # office's base revision is newer than the laptop's edit, yet the office never saw it.
    laptop = laptop_factory()
    dialogue_id = add_dialogue(laptop, 1)
    office.import_(export_to(laptop, tmp_path))
    edit(laptop, Dialogue, dialogue_id, venue="School")
    edit(office.store, Dialogue, dialogue_id, themes="health")
    edit(office.store, Dialogue, dialogue_id, venue="Pagoda")
    office.import_(export_to(laptop, tmp_path))
    found = conflicts.list_conflicts(office.store)
    assert [(c.field, sorted(v["value"] for v in c.candidates)) for c in found] == [
        ("venue", ["Pagoda", "School"])
    ]
    # The laptop ends with the same provisional value (the office's conflict list is the one people resolve).
    import_file(laptop, office.receipt(laptop))
    assert get(laptop, Dialogue, dialogue_id).venue == get(office.store, Dialogue, dialogue_id).venue  # type: ignore[attr-defined]
