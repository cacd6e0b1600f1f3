"""An enrolled laptop that behaves badly: it holds valid keys and the app's code, and crafts validly signed
bundles. Each attack is refused whole, quarantined with a reason that names the record, and the office's
store is unchanged — or the harm does not happen."""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import DialogueStatus, Sex
from dialogue_desktop.core.domain.models import ChangeRecord, Dialogue, Organisation, Participant
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.clock import HybridClock, format_revision, parse_revision
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import clock_repair, export, import_, preview, receipts
from dialogue_desktop.core.sync.import_ import import_file
from dialogue_desktop.core.sync.schemas import TableEntry

from .conftest import Office, add_dialogue, content, dump, export_to
from .test_bad_input import assert_refused, craft, laptop_members

NOW = "2026-03-14T08:00:00Z"


def now_revision(device: str, ahead_ms: int = 0) -> str:
    return format_revision(int(time.time() * 1000) + ahead_ms, 0, device)


def change(
    record_id: str, values: dict[str, Any], device: str, base: str = "", revision: str = ""
) -> dict[str, Any]:
    """One change as a bundle carries it (a creation when `base` is empty)."""
    return {
        "revision": revision or now_revision(device),
        "base_revision": base,
        "record_id": record_id,
        "op": "insert" if not base else "update",
        "values": values,
        "old_values": {},
        "device_id": device,
        "facilitator_id": None,
        "changed_at": NOW,
    }


def table(full: list[dict[str, Any]] = (), partial: list[dict[str, Any]] = ()) -> bytes:  # type: ignore[assignment]
    return msgspec.json.encode({"full": list(full), "partial": list(partial)})


def first_record(store: Store, name: str) -> dict[str, Any]:
    """The creating change of the first record of a table in a store's log."""
    return msgspec.json.decode(laptop_members(store)[f"changes/{name}.json"])["full"][0]


@pytest.fixture
def pair(office: Office, laptop_factory: Callable[..., Store], tmp_path: Path) -> tuple[Store, Store]:
    """Laptop A (the insider) and laptop B, each with a dialogue the office has imported."""
    a, b = laptop_factory("Kampot laptop", "07"), laptop_factory("Siem Reap laptop", "17")
    for laptop in (a, b):
        add_dialogue(laptop, 2)
        assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    return a, b


def test_an_attachment_hash_that_is_a_path_is_refused(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, _b = pair
    dialogue = first_record(a, "dialogue")
    for target in ("../central.db", "../central.db.keys/device-keys.json", "/etc/hostname"):
        record = change(
            "00000000-0000-4000-8000-00000000000a",
            {
                "id": "00000000-0000-4000-8000-00000000000a",
                "sha256": target,
                "filename": "x.png",
                "size": 1,
                "dialogue_id": dialogue["record_id"],
                "origin_device_id": a.device_id,
            },
            a.device_id,
        )
        path = craft(
            a, office, {"changes/attachment.json": table([record])}, tmp_path / "steal.dlgbundle", sequence=2
        )
        assert_refused(office, path, "sha256")
    # The receipt to that laptop carries no file of the office's.
    receipt = office.receipt(a)
    assert import_file(a, receipt).status == "imported"
    received = list(a.attachments_dir.glob("*")) if a.attachments_dir.exists() else []
    assert received == []


def test_a_laptop_cannot_edit_or_delete_another_laptops_records(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    person, dialogue = first_record(b, "participant"), first_record(b, "dialogue")
    attempts = {
        # Stamped with B's device id: the change is not the sender's.
        "as B": (
            change(person["record_id"], {"phone": "012345678"}, b.device_id, base=person["revision"]),
            "participant",
            "not by the laptop that sent it",
        ),
        # Stamped honestly as A: the record is not A's.
        "edit": (
            change(person["record_id"], {"phone": "012345678"}, a.device_id, base=person["revision"]),
            "participant",
            "may not change",
        ),
        "delete": (
            change(dialogue["record_id"], {"deleted": True}, a.device_id, base=dialogue["revision"]),
            "dialogue",
            "may not change",
        ),
    }
    for number, (label, (edit, name, words)) in enumerate(attempts.items(), start=2):
        members = {f"changes/{name}.json": table(partial=[edit])}
        message = assert_refused(
            office, craft(a, office, members, tmp_path / f"{label}.dlgbundle", sequence=number), words
        )
        assert edit["record_id"] in message  # the reason names the record
    with office.store.unit_of_work() as session:
        assert session.get(Participant, person["record_id"]).phone != "012345678"  # type: ignore[union-attr]
        assert not session.get(Dialogue, dialogue["record_id"]).deleted  # type: ignore[union-attr]
        stamped_b = session.scalars(select(ChangeRecord).where(ChangeRecord.device_id == b.device_id)).all()
        assert all(c.revision.endswith(b.device_id) for c in stamped_b)


def test_a_laptop_cannot_attach_its_records_to_another_laptops_dialogue(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    dialogue = first_record(b, "dialogue")
    item = change(
        "00000000-0000-4000-8000-0000000000a1",
        {
            "id": "00000000-0000-4000-8000-0000000000a1",
            "dialogue_id": dialogue["record_id"],
            "position": 1,
            "title_en": "Added by another laptop",
            "origin_device_id": a.device_id,
        },
        a.device_id,
    )
    members = {"changes/agenda_item.json": table([item])}
    assert_refused(
        office,
        craft(a, office, members, tmp_path / "foreign.dlgbundle", sequence=2),
        "may not use",
        dialogue["record_id"],
    )


def test_a_record_created_in_another_laptops_name_is_refused_and_never_reaches_it(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    organisation = first_record(a, "organisation")
    person = change(
        "00000000-0000-4000-8000-0000000000b1",
        {
            "id": "00000000-0000-4000-8000-0000000000b1",
            "name_latin": "Planted",
            "sex": "female",
            "organisation_id": organisation["record_id"],
            "origin_device_id": b.device_id,
        },
        a.device_id,
    )
    members = {"changes/participant.json": table([person])}
    assert_refused(office, craft(a, office, members, tmp_path / "planted.dlgbundle", sequence=2), b.device_id)
    receipt = office.receipt(b)
    assert import_file(b, receipt).status == "imported"
    with b.unit_of_work() as session:
        assert session.get(Participant, "00000000-0000-4000-8000-0000000000b1") is None


def test_an_attachment_record_without_its_file_is_refused_and_the_receipts_can_still_be_written(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    for owner in (b, a):  # in B's name, and in A's own name
        dialogue = first_record(a, "dialogue")
        record = change(
            "00000000-0000-4000-8000-0000000000c1",
            {
                "id": "00000000-0000-4000-8000-0000000000c1",
                "sha256": "ab" * 32,
                "filename": "sheet.png",
                "size": 10,
                "dialogue_id": dialogue["record_id"],
                "origin_device_id": owner.device_id,
            },
            a.device_id,
        )
        path = craft(
            a, office, {"changes/attachment.json": table([record])}, tmp_path / "ghost.dlgbundle", sequence=2
        )
        assert_refused(office, path, "00000000-0000-4000-8000-0000000000c1" if owner is a else b.device_id)
    for laptop in (a, b):
        assert receipts.write_receipt(office.store, laptop.device_id, tmp_path / "r.dlgbundle").sequence >= 1


def test_a_file_no_record_names_is_refused(office: Office, pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, _b = pair
    content = b"not named by any record"
    members = {f"attachments/{hashlib.sha256(content).hexdigest()}": content}
    assert_refused(
        office, craft(a, office, members, tmp_path / "stowaway.dlgbundle", sequence=2), "no record names"
    )


def test_an_edit_of_approved_minutes_with_an_invented_base_is_refused(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, _b = pair
    dialogue = first_record(a, "dialogue")
    with office.store.unit_of_work() as session:  # the office approves the minutes
        record = session.get(Dialogue, dialogue["record_id"])
        assert record is not None
        record.status, record.approved_at = DialogueStatus.MINUTES_APPROVED, record.updated_at
    invented = now_revision(a.device_id, ahead_ms=-5)  # "made after seeing the approval", yet never seen
    edit = change(
        dialogue["record_id"],
        {"venue": "Somewhere else"},
        a.device_id,
        base=invented,
        revision=now_revision(a.device_id),
    )
    members = {"changes/dialogue.json": table(partial=[edit])}
    assert_refused(
        office,
        craft(a, office, members, tmp_path / "invented.dlgbundle", sequence=2),
        "never seen",
        dialogue["record_id"],
    )


def test_a_revision_far_in_the_future_is_refused_and_the_office_clock_stays(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, _b = pair
    dialogue = first_record(a, "dialogue")
    edit = change(
        dialogue["record_id"],
        {"venue": "Tomorrow's hall"},
        a.device_id,
        base=dialogue["revision"],
        revision=f"9999999999999.99999.{a.device_id}",
    )
    members = {"changes/dialogue.json": table(partial=[edit])}
    assert_refused(
        office,
        craft(a, office, members, tmp_path / "future.dlgbundle", sequence=2),
        "2286",
        "ahead of this computer's clock",
    )
    millis = parse_revision(office.store.clock.tick())[0]
    assert millis < time.time() * 1000 + 60_000
    assert check_store(office.store) == []


def test_a_laptop_whose_clock_is_years_ahead_is_told_so(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    years = 3 * 365 * 24 * 3600 * 1000
    laptop.clock = HybridClock(laptop.device_id, wall_millis=lambda: int(time.time() * 1000) + years)
    add_dialogue(laptop, 1)
    message = assert_refused(
        office, export_to(laptop, tmp_path), "ahead of this computer's clock", "set them right on the laptop"
    )
    assert str(time.gmtime().tm_year + 3) in message


def test_once_the_clock_is_right_again_the_changes_made_ahead_are_dated_again_and_accepted(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 1, "Before the clock went wrong")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    import_file(laptop, office.receipt(laptop))
    years = 3 * 365 * 24 * 3600 * 1000
    laptop.clock = HybridClock(
        laptop.device_id, laptop.clock.tick(), wall_millis=lambda: int(time.time() * 1000) + years
    )
    dialogue_id = add_dialogue(laptop, 2, "Recorded with the clock ahead")
    with laptop.unit_of_work() as session:
        record = session.get(Dialogue, dialogue_id)
        assert record is not None
        record.venue = "Edited, still ahead"
    assert_refused(office, export_to(laptop, tmp_path), "ahead of this computer's clock")
    # The facilitator sets the clock right; the app restarts with the log as it is.
    laptop.clock = HybridClock(laptop.device_id, laptop.clock.tick())
    written = export.export_bundle(laptop, tmp_path / "again.dlgbundle")
    assert written.redated == 7 and "dated again: 7" in written.redated_text()
    assert office.import_(written.path)[0].status == "imported"
    assert content(office.store) == content(laptop)
    assert check_store(laptop) == [] and check_store(office.store) == []
    soon = time.time() * 1000 + 60_000
    assert (
        parse_revision(laptop.clock.tick())[0] < soon and parse_revision(office.store.clock.tick())[0] < soon
    )


def test_nothing_is_dated_again_while_the_clock_is_behind_what_the_office_sent(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 1)
    office.import_(export_to(laptop, tmp_path))
    with office.store.unit_of_work() as session:  # the office corrects a shared list: the laptop receives it
        organisation = session.scalars(select(Organisation)).first()
        assert organisation is not None
        organisation.name_en = "Commune council of Kampot"
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    add_dialogue(laptop, 1, "Recorded today")
    days = 30 * 24 * 3600 * 1000  # then the clock falls back a month (a flat battery)
    laptop.clock = HybridClock(
        laptop.device_id, laptop.clock.tick(), wall_millis=lambda: int(time.time() * 1000) - days
    )
    with laptop.unit_of_work() as session:
        before = sorted(session.scalars(select(ChangeRecord.revision)))
        assert clock_repair.redate_future_changes(session, laptop, 0) == 0
        assert sorted(session.scalars(select(ChangeRecord.revision))) == before


def test_a_laptop_whose_clock_is_behind_is_told_by_the_receipt(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 1)
    office.import_(export_to(laptop, tmp_path))
    days = 3 * 24 * 3600 * 1000  # the office is right; the laptop's clock is three days behind it
    office.store.clock = HybridClock(
        office.store.device_id, wall_millis=lambda: int(time.time() * 1000) + days
    )
    with office.store.unit_of_work() as session:
        dialogue = session.scalars(select(Dialogue)).first()
        assert dialogue is not None
        dialogue.venue = "Provincial hall"
    before = dump(laptop)
    outcome = import_file(laptop, office.receipt(laptop))
    assert outcome.status == "refused" and "ahead of this laptop's clock" in outcome.message
    assert dump(laptop) == before


def test_a_huge_bundle_number_is_refused_and_later_imports_stay_fast(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    assert_refused(
        office,
        craft(a, office, laptop_members(a), tmp_path / "far.dlgbundle", sequence=20_000_000),
        "20,000,000",
    )
    # A large but allowed jump lists at most 100 missing numbers, found without walking every number.
    add_dialogue(b, 1, "Later")
    jumped = craft(b, office, laptop_members(b), tmp_path / "jump.dlgbundle", sequence=9_000)
    started = time.perf_counter()
    outcome = import_file(office.store, jumped)
    assert outcome.status == "imported" and len(outcome.missing[b.device_id]) == import_.MAX_MISSING_LISTED
    assert outcome.missing[b.device_id][:2] == [2, 3]
    assert time.perf_counter() - started < 5


def test_a_receipt_confirming_more_than_the_laptop_made_is_refused_and_new_work_still_travels(
    office: Office, pair: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b = pair
    monkeypatch.setattr(import_, "confirmed_change_seq", lambda *_args: 10**9)
    monkeypatch.setattr(receipts, "confirmed_change_seq", lambda *_args: 10**9)
    before = dump(a)
    outcome = import_file(a, office.receipt(a))
    assert outcome.status == "refused" and "confirms changes that do not exist" in outcome.message
    assert dump(a) == before
    add_dialogue(a, 1, "New work")
    assert export.export_bundle(a, tmp_path / "new.dlgbundle").change_count > 0


def test_an_attachment_bigger_than_the_app_allows_is_refused(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, _b = pair
    big = bytes(51 * 1024 * 1024)  # deflates to about 50 kB
    sha = hashlib.sha256(big).hexdigest()
    dialogue = first_record(a, "dialogue")
    record = change(
        "00000000-0000-4000-8000-0000000000d1",
        {
            "id": "00000000-0000-4000-8000-0000000000d1",
            "sha256": sha,
            "filename": "video.mp4",
            "size": 1,
            "dialogue_id": dialogue["record_id"],
            "origin_device_id": a.device_id,
        },
        a.device_id,
    )
    members = {"changes/attachment.json": table([record]), f"attachments/{sha}": big}
    path = craft(a, office, members, tmp_path / "bomb.dlgbundle", sequence=2)
    assert path.stat().st_size < 1024 * 1024
    assert_refused(office, path, "more data")


def test_deeply_nested_json_is_refused_and_the_next_file_still_imports(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    person = first_record(a, "participant")
    nested = b"[" * 5000 + b"]" * 5000
    edit = change(person["record_id"], {"phone": "012"}, a.device_id, base=person["revision"])
    content = table(partial=[edit]).replace(b'"old_values":{}', b'"old_values":{"phone":' + nested + b"}")
    tables = {"participant": TableEntry(count=1, sha256=hashlib.sha256(content).hexdigest())}
    deep = craft(
        a,
        office,
        {"changes/participant.json": content},
        tmp_path / "deep.dlgbundle",
        sequence=2,
        tables=tables,
    )
    add_dialogue(b, 1, "Next in the batch")
    good = export_to(b, tmp_path)
    before = dump(office.store)
    outcomes = office.import_(deep, good)
    assert [o.status for o in outcomes] == ["refused", "imported"]
    assert "invalid content" in outcomes[0].message and outcomes[0].quarantined is not None
    assert dump(office.store) != before  # the good one went in


def test_any_failure_of_one_file_is_a_refusal_with_a_reason(
    office: Office, pair: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    add_dialogue(a, 1, "Breaks something")
    broken = export_to(a, tmp_path)
    add_dialogue(b, 1, "Fine")
    good = export_to(b, tmp_path)
    real = zlib.decompressobj

    def explode(*args: Any) -> Any:
        if explode.calls == 0:  # type: ignore[attr-defined]
            explode.calls += 1  # type: ignore[attr-defined]
            raise RecursionError("maximum recursion depth exceeded")
        return real(*args)

    explode.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(zlib, "decompressobj", explode)
    outcomes = office.import_(broken, good)
    assert [o.status for o in outcomes] == ["refused", "imported"]
    assert "could not be imported (RecursionError)" in outcomes[0].message
    assert outcomes[0].quarantined is not None and outcomes[0].quarantined.exists()


def test_preview_refuses_what_the_import_refuses(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    person = first_record(b, "participant")
    edit = change(person["record_id"], {"phone": "012345678"}, a.device_id, base=person["revision"])
    path = craft(
        a, office, {"changes/participant.json": table(partial=[edit])}, tmp_path / "p.dlgbundle", sequence=2
    )
    seen = preview.preview_file(office.store, path)
    assert seen.status == preview.REFUSED and "may not change" in seen.message and path.exists()
    assert import_file(office.store, path).message == seen.message


def test_preview_of_a_file_imported_before_says_so(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 2)
    path = export_to(laptop, tmp_path)
    ready = preview.preview_file(office.store, path)
    assert ready.status == preview.READY and ready.new > 0
    imported = office.import_(path)[0]
    seen = preview.preview_file(office.store, path)
    assert (seen.status, seen.sequence, seen.change_count) == (
        preview.ALREADY,
        imported.sequence,
        ready.change_count,
    )


def test_a_laptop_may_correct_the_shared_lists_and_refer_to_them(
    office: Office, pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    organisation_of_b = first_record(b, "organisation")["record_id"]
    import_file(a, office.receipt(a))  # the shared lists, B's organisation among them, reach A
    with a.unit_of_work() as session:
        organisation = session.get(Organisation, organisation_of_b)
        assert organisation is not None
        organisation.name_en = "Commune council (corrected by Kampot)"
        session.add(
            Participant(name_latin="New at the door", sex=Sex.FEMALE, organisation_id=organisation_of_b)
        )
    assert office.import_(export_to(a, tmp_path))[0].status == "imported"
    with office.store.unit_of_work() as session:
        corrected = session.get(Organisation, organisation_of_b)
        assert corrected is not None and corrected.name_en == "Commune council (corrected by Kampot)"
