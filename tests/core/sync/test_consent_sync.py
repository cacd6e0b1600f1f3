"""Consent across sync: whatever a bundle carries, no phone of a person without consent is stored.

The merge does not refuse such a bundle (bundles are cumulative, so a laptop whose log holds one old
record made before the rule would be stuck for good): it applies the bundle and blanks the phone in the
row, the change log and the conflicts before the transaction ends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.domain.models import ChangeRecord, Participant
from dialogue_desktop.core.domain.sync_models import SyncConflict
from dialogue_desktop.core.services.participants import participant_input, update_participant
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync.import_ import import_file

from .conftest import Office, add_dialogue, export_to
from .test_bad_input import craft
from .test_insider import change, first_record, now_revision, table

PHONE = "012 777 888"


def stored_phones(store: Store) -> list[str]:
    """Every place a phone could sit on the store: the rows, the change log and the conflicts."""
    with store.unit_of_work() as session:
        found = [p for p in session.scalars(select(Participant.phone)) if p]
        for record in session.scalars(select(ChangeRecord).where(ChangeRecord.table_name == "participant")):
            found += [str(v) for v in (record.values.get("phone"), record.old_values.get("phone")) if v]
        for conflict in session.scalars(select(SyncConflict)):
            found += [repr(c) for c in conflict.candidates if "777 888" in repr(c)]
    return found


def test_a_crafted_bundle_with_phones_for_people_without_consent_stores_none_of_them(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop, 1)
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    own = first_record(laptop, "participant")
    new_id = "00000000-0000-4000-8000-0000000000c1"
    created = change(
        new_id,
        {"id": new_id, "name_latin": "Planted phone", "sex": "female", "phone": PHONE,
         "consent_data": False, "origin_device_id": laptop.device_id},
        laptop.device_id,
    )  # fmt: skip
    edited = change(
        own["record_id"],
        {"phone": PHONE},
        laptop.device_id,
        own["revision"],
        now_revision(laptop.device_id, 1),
    )
    edited["old_values"] = {"phone": "099 888 777"}  # a phone hidden where no row shows it
    members = {"changes/participant.json": table([created], [edited])}
    path = craft(laptop, office, members, tmp_path / "phones.dlgbundle", sequence=2)
    outcome = import_file(office.store, path)
    assert outcome.status == "imported", outcome.message
    with office.store.unit_of_work() as session:
        planted = session.get(Participant, new_id)
        assert planted is not None and planted.name_latin == "Planted phone"  # the rest is applied
    assert stored_phones(office.store) == []


def test_a_laptop_holding_an_old_phone_without_consent_still_syncs_and_sends_it_no_more(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    with laptop.unit_of_work() as session:  # as the app wrote it before the rule: no consent, a phone
        old = Participant(name_latin="Before the rule", sex=Sex.MALE, phone=PHONE, consent_data=False)
        session.add(old)
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert stored_phones(office.store) == []
    # The full export sends the same change with the phone again: the office knows it, refuses nothing.
    again = office.import_(export_to(laptop, tmp_path, full=True))[0]
    assert again.status in ("imported", "already"), again.message
    assert stored_phones(office.store) == []


def test_withdrawn_consent_reaches_the_office_and_the_phone_sent_earlier_is_forgotten_there(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    with laptop.unit_of_work() as session:
        person = Participant(name_latin="Changed her mind", sex=Sex.FEMALE, phone=PHONE, consent_data=True)
        session.add(person)
        session.flush()
        person_id = person.id
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert stored_phones(office.store) == [PHONE, PHONE]  # the row and its creation, with consent
    with laptop.unit_of_work() as session:
        data = participant_input(session, person_id)
        data.consent_data = False
        update_participant(session, person_id, data)
    assert stored_phones(laptop) == []
    withdrawal = office.import_(export_to(laptop, tmp_path))[0]
    assert withdrawal.status == "imported", withdrawal.message
    assert stored_phones(office.store) == []
    # A later full export (its creation now without the phone) is still the same change to the office.
    assert office.import_(export_to(laptop, tmp_path, full=True))[0].status in ("imported", "already")


def test_a_phone_edit_concurrent_with_a_withdrawal_is_not_kept(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    with laptop.unit_of_work() as session:
        person = Participant(name_latin="Two editors", sex=Sex.FEMALE, phone="", consent_data=True)
        session.add(person)
        session.flush()
        person_id = person.id
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    # The office withdraws her consent while the laptop, not knowing, types her phone.
    with office.store.unit_of_work() as session:
        data = participant_input(session, person_id)
        data.consent_data = False
        update_participant(session, person_id, data)
    with laptop.unit_of_work() as session:
        data = participant_input(session, person_id)
        data.phone = PHONE
        update_participant(session, person_id, data)
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    with office.store.unit_of_work() as session:
        row: Any = session.get(Participant, person_id)
        assert (row.consent_data, row.phone) == (False, "")
    assert stored_phones(office.store) == []
    # The receipt brings the withdrawal to the laptop, which forgets the phone too.
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    with laptop.unit_of_work() as session:
        row = session.get(Participant, person_id)
        assert (row.consent_data, row.phone) == (False, "")
    assert stored_phones(laptop) == []
