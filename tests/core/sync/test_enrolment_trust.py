"""Enrolment, revocation and replacement, each attack tried first: a stolen laptop, a copied or altered
enrolment file, a laptop lured to another office, and a laptop's pre-join history."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.models import SYNCED_MODELS, ChangeRecord, Device, Dialogue
from dialogue_desktop.core.domain.sync_models import SyncPeer
from dialogue_desktop.core.i18n import to_khmer_digits
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.store import DEVICE_ID, Store, set_setting
from dialogue_desktop.core.sync import enrolment, receipts, state
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.import_ import import_file
from dialogue_desktop.core.sync.keys import KEY_FILE, DeviceKeys, keys_dir, save_keys

from .conftest import Office, add_dialogue, content, dump, export_to
from .test_bad_input import assert_refused


def _peer(office: Office, device_id: str) -> SyncPeer:
    with office.store.unit_of_work() as session:
        peer = session.get(SyncPeer, device_id)
        assert peer is not None
        session.expunge(peer)
        return peer


def _laptop_state(laptop: Store) -> tuple[dict[str, object], bool]:
    """Everything a refused join must leave as it was: the database and whether keys exist."""
    return dump(laptop), (keys_dir(laptop) / KEY_FILE).exists()


# --- a stolen laptop, revoked and replaced ------------------------------------------------------------------


def test_a_stolen_laptop_is_shut_out_for_good_and_its_replacement_numbers_on(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    stolen = laptop_factory()
    device_id = stolen.device_id
    add_dialogue(stolen, 2)
    assert office.import_(export_to(stolen, tmp_path))[0].sequence == 1
    add_dialogue(stolen, 1, "Second")
    assert office.import_(export_to(stolen, tmp_path))[0].sequence == 2

    enrolment.revoke_device(office.store, device_id)
    peer = _peer(office, device_id)
    assert (peer.signing_key, peer.exchange_key, peer.enrolment_secret) == ("", "", "")
    with pytest.raises(SyncError):  # no receipt can be encrypted to the thief's key
        receipts.write_receipt(office.store, device_id, tmp_path / "for-the-thief.dlgbundle")

    before = _peer(office, device_id).enrolled_at
    again = office.enrol(device_id=device_id)
    peer = _peer(office, device_id)
    assert (peer.signing_key, peer.exchange_key, peer.acked_change_seq) == ("", "", 0)
    assert len(peer.enrolment_secret) == 64 and peer.enrolled_at > before
    assert json.loads(again.read_text())["next_sequence"] == 3

    # The thief still has the laptop, its key and its old enrolment secret (it never got a receipt).
    add_dialogue(stolen, 1, "Forged by the thief")
    assert_refused(office, export_to(stolen, tmp_path), "signature")
    with pytest.raises(SyncError):
        receipts.write_receipt(office.store, device_id, tmp_path / "for-the-thief.dlgbundle")

    replacement = Store.open(tmp_path / "replacement.db")
    try:
        office.join(replacement, again)
        add_dialogue(replacement, 1, "From the replacement")
        first = office.import_(export_to(replacement, tmp_path))[0]
        assert (first.status, first.sequence) == ("imported", 3)
        full = office.import_(export_to(replacement, tmp_path, full=True))[0]
        assert (full.status, full.sequence) == ("imported", 4)
        assert_refused(office, export_to(stolen, tmp_path), "signature")  # still, after the new key
        receipt = office.receipt(replacement)
        assert import_file(stolen, receipt).status == "refused"  # encrypted to the replacement only
        assert import_file(replacement, office.receipt(replacement)).status == "imported"
        assert state.unconfirmed_count(replacement) == 0
    finally:
        replacement.close()


def test_enrolling_again_always_forgets_the_old_key(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 1)
    office.import_(export_to(laptop, tmp_path))
    old_secret = _peer(office, laptop.device_id).enrolment_secret
    office.enrol(device_id=laptop.device_id)  # not revoked: the laptop "lost its keys"
    peer = _peer(office, laptop.device_id)
    assert peer.signing_key == "" and peer.enrolment_secret not in ("", old_secret)
    # Whoever kept the old key cannot send under that id any more.
    assert_refused(office, export_to(laptop, tmp_path), "signature")


# --- a copied or altered enrolment file ---------------------------------------------------------------------


def test_an_enrolment_file_with_swapped_office_keys_is_refused_at_join(
    office: Office, tmp_path: Path
) -> None:
    path = office.enrol()
    attacker = DeviceKeys.generate()
    data = json.loads(path.read_text())
    data["central_signing_key"], data["central_exchange_key"] = (
        attacker.signing_public.hex(),
        attacker.exchange_public.hex(),
    )
    path.write_text(json.dumps(data))
    laptop = Store.open(tmp_path / "laptop.db")
    try:
        before = _laptop_state(laptop)
        with pytest.raises(SyncError, match="does not match the enrolment file"):
            office.join(laptop, path)
        assert _laptop_state(laptop) == before
    finally:
        laptop.close()


@pytest.mark.parametrize(
    "field", ["device_id", "province_code", "next_sequence", "central_device_id", "name"]
)
def test_any_change_to_the_enrolment_file_is_refused_at_join(
    office: Office, tmp_path: Path, field: str
) -> None:
    path = office.enrol()
    data = json.loads(path.read_text())
    text = str(data[field])
    changed = text[:-1] + ("1" if text[-1] == "0" else "0")
    data[field] = data[field] + 5 if field == "next_sequence" else changed  # e.g. to reuse bundle numbers
    path.write_text(json.dumps(data))
    laptop = Store.open(tmp_path / "laptop.db")
    try:
        with pytest.raises(SyncError, match="does not match the enrolment file"):
            office.join(laptop, path)
    finally:
        laptop.close()


def test_a_wrong_or_malformed_code_is_refused_and_changes_nothing(office: Office, tmp_path: Path) -> None:
    path = office.enrol()
    code = office.codes[path]
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    laptop = Store.open(tmp_path / "laptop.db")
    try:
        before = _laptop_state(laptop)
        with pytest.raises(SyncError, match="Nothing was changed"):
            enrolment.join(laptop, path, wrong)
        with pytest.raises(SyncError, match="must have 16 digits"):
            enrolment.join(laptop, path, code[:-2])
        with pytest.raises(SyncError, match="must have 16 digits"):
            enrolment.join(laptop, path, "l" + code[1:])  # a letter typed for a digit
        assert _laptop_state(laptop) == before
    finally:
        laptop.close()


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", " "),
        lambda code: f"  {code.replace('-', ' - ')} ",
        to_khmer_digits,
    ],
)
def test_the_code_is_accepted_as_people_type_it(
    office: Office, tmp_path: Path, typed: Callable[[str], str]
) -> None:
    path = office.enrol()
    laptop = Store.open(tmp_path / "laptop.db")
    try:
        joined = enrolment.join(laptop, path, typed(office.codes[path]))
        assert laptop.device_id == joined.device_id
    finally:
        laptop.close()


def test_the_code_is_digits_in_groups_and_never_stored_or_written(office: Office) -> None:
    path = office.enrol()
    code = office.codes[path]
    assert len(code) == 19 and all(group.isdigit() and len(group) == 4 for group in code.split("-"))
    digits = code.replace("-", "")
    assert digits not in path.read_text() and code not in path.read_text()
    assert digits not in repr(dump(office.store)) and code not in repr(dump(office.store))
    assert len(set(office.codes[office.enrol()] for _ in range(3)) | {code}) == 4


def test_whoever_copies_the_file_cannot_pass_as_the_laptop_nor_lock_it_out(
    office: Office, tmp_path: Path
) -> None:
    path = office.enrol()
    found = enrolment.read_enrolment(path)
    # The copier sets up a laptop from the file alone, with the best guesses the file offers as secret.
    copier = Store.open(tmp_path / "copier.db")
    genuine = Store.open(tmp_path / "genuine.db")
    try:
        with copier.unit_of_work() as session:
            session.add_all(
                [
                    Device(id=found.device_id, name=found.name),
                    Device(id=found.central_device_id, name=found.central_name),
                ]
            )
            session.flush()
            session.add(
                SyncPeer(
                    device_id=found.central_device_id,
                    role=state.CENTRAL,
                    signing_key=found.central_signing_key,
                    exchange_key=found.central_exchange_key,
                )
            )
            set_setting(session, state.ROLE, state.FIELD)
            set_setting(session, DEVICE_ID, found.device_id)
        copier.device_id = found.device_id
        save_keys(copier, DeviceKeys.generate())
        add_dialogue(copier, 1, "Forged")
        for guess in (found.mac, found.salt.ljust(64, "0")):
            with copier.unit_of_work() as session:
                set_setting(session, state.ENROLMENT_SECRET, guess)
            assert_refused(office, export_to(copier, tmp_path), "signature")
        # The genuine laptop, with the code, still gets in.
        office.join(genuine, path)
        add_dialogue(genuine, 1)
        assert office.import_(export_to(genuine, tmp_path))[0].status == "imported"
    finally:
        copier.close()
        genuine.close()


@pytest.mark.parametrize(("version", "words"), [(1, "older version"), (3, "newer version")])
def test_enrolment_files_of_other_versions_are_refused_clearly(
    office: Office, tmp_path: Path, version: int, words: str
) -> None:
    path = office.enrol()
    data = json.loads(path.read_text())
    data["version"] = version
    path.write_text(json.dumps(data))
    laptop = Store.open(tmp_path / "laptop.db")
    try:
        with pytest.raises(SyncError, match=words):
            office.join(laptop, path)
    finally:
        laptop.close()


# --- a joined laptop and another office ---------------------------------------------------------------------


def test_a_joined_laptop_leaves_its_office_only_when_told_to(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    first_id = laptop.device_id
    add_dialogue(laptop, 2)
    office.import_(export_to(laptop, tmp_path))
    other = Office(tmp_path / "other-office")
    try:
        lure = other.enrol("Kampot laptop")
        before = _laptop_state(laptop)
        with pytest.raises(enrolment.OtherOfficeError, match="will no longer receive bundles"):
            other.join(laptop, lure)
        assert _laptop_state(laptop) == before
        # The same office again (lost keys) needs no confirmation.
        office.join(laptop, office.enrol(device_id=first_id))
        assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
        # Told to switch: everything it made moves to the new office, under its new device id.
        other.join(laptop, lure, switch_office=True)
        assert laptop.device_id != first_id
        assert other.import_(export_to(laptop, tmp_path))[0].status == "imported"
        assert content(other.store, ("dialogue", "attendance")) == content(laptop, ("dialogue", "attendance"))
        _assert_history_names_only(laptop, laptop.device_id)
    finally:
        other.store.close()


# --- what a laptop recorded before joining ------------------------------------------------------------------


def _assert_history_names_only(laptop: Store, device_id: str) -> None:
    """Every change and record the laptop made names `device_id` (in its device, origin and revisions)."""
    with laptop.unit_of_work() as session:
        own = set(state.own_device_ids(session, laptop)) - {device_id}
        for row in session.scalars(select(ChangeRecord)):
            for text in (
                row.device_id,
                row.revision.rsplit(".", 1)[-1],
                row.base_revision.rsplit(".", 1)[-1],
                row.values.get("origin_device_id", ""),
                str(row.values.get("revision", "")).rsplit(".", 1)[-1],
            ):
                assert text not in own
        for model in SYNCED_MODELS:
            for record in session.scalars(select(model)):
                assert record.origin_device_id not in own and record.revision.rsplit(".", 1)[-1] not in own
    assert check_store(laptop) == []


def test_a_laptops_history_from_before_joining_is_sent_as_its_own(office: Office, tmp_path: Path) -> None:
    laptop = Store.open(tmp_path / "early.db")
    try:
        local_id = laptop.device_id
        dialogue_id = add_dialogue(laptop, 2, "Recorded before joining")
        with laptop.unit_of_work() as session:
            dialogue = session.get(Dialogue, dialogue_id)
            assert dialogue is not None
            dialogue.venue = "School"  # an edit whose base revision names the local id
        joined = office.join(laptop, office.enrol("Early laptop"))
        assert joined.device_id != local_id
        _assert_history_names_only(laptop, joined.device_id)
        with laptop.unit_of_work() as session:
            assert session.scalar(
                select(ChangeRecord.base_revision).where(ChangeRecord.base_revision != "")
            ).endswith(joined.device_id)
        outcome = office.import_(export_to(laptop, tmp_path))[0]
        assert outcome.status == "imported" and outcome.new_changes == 7
        with office.store.unit_of_work() as session:
            created = session.scalars(select(Dialogue.origin_device_id)).all()
        assert created == [joined.device_id]
    finally:
        laptop.close()
