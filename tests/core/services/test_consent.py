"""Consent applied where data is stored: a person without consent has no phone anywhere in the store,
whichever way they came in (the registry's form, the door, a merge, a participant list)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.domain.models import ChangeRecord, Dialogue, Participant
from dialogue_desktop.core.services.attendance import register_new
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.importing import import_participants
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_participant,
    merge_participants,
    participant_input,
    update_participant,
)
from dialogue_desktop.core.store.store import Store

PHONE = "012 345 678"


def phones_in_store(store: Store) -> list[str]:
    """The phones a person could find in the registry and in the change log (values and old values)."""
    with store.unit_of_work() as session:
        found = [p for p in session.scalars(select(Participant.phone)) if p]
        for record in session.scalars(select(ChangeRecord).where(ChangeRecord.table_name == "participant")):
            found += [v for v in (record.values.get("phone"), (record.old_values or {}).get("phone")) if v]
    return found


def new_dialogue(store: Store) -> str:
    with store.unit_of_work() as session:
        dialogue = Dialogue(kind=DialogueKind.COMMUNE, title_en="Water", date=date(2026, 3, 14))
        session.add(dialogue)
        session.flush()
        return dialogue.id


def test_a_phone_typed_for_a_person_without_consent_is_not_stored(store: Store) -> None:
    with store.unit_of_work() as session:
        without = create_participant(session, ParticipantInput(name_latin="No consent", phone=PHONE))
        agreed = create_participant(
            session, ParticipantInput(name_latin="Agreed", phone=PHONE, consent_data=True)
        )
    with store.unit_of_work() as session:
        assert session.get(Participant, without).phone == ""  # type: ignore[union-attr]
        assert session.get(Participant, agreed).phone == PHONE  # type: ignore[union-attr]
    assert phones_in_store(store) == [PHONE, PHONE]  # the one who agreed: their row and its creation


def test_a_wrong_phone_is_still_a_wrong_field_without_consent(store: Store) -> None:
    # A list's bad row is named even when nothing of the phone would be kept.
    with store.unit_of_work() as session, pytest.raises(ValidationError) as caught:
        create_participant(session, ParticipantInput(name_latin="Typo", phone="call me"))
    assert caught.value.for_field("phone")


def test_withdrawing_consent_clears_the_phone_and_its_history(store: Store) -> None:
    with store.unit_of_work() as session:
        pid = create_participant(
            session, ParticipantInput(name_latin="Sokha", phone=PHONE, consent_data=True)
        )
    with store.unit_of_work() as session:
        data = participant_input(session, pid)
        data.phone = "097 000 111"  # a second number, also in the history now
        update_participant(session, pid, data)
    with store.unit_of_work() as session:
        data = participant_input(session, pid)
        data.consent_data = False
        update_participant(session, pid, data)
    with store.unit_of_work() as session:
        person = session.get(Participant, pid)
        assert person is not None and (person.consent_data, person.phone) == (False, "")
        withdrawal = session.scalars(select(ChangeRecord).order_by(ChangeRecord.seq.desc())).first()
        assert withdrawal is not None and withdrawal.values["consent_data"] is False  # the change travels
    assert phones_in_store(store) == []
    # Consent given again brings no old number back: it must be typed again.
    with store.unit_of_work() as session:
        data = participant_input(session, pid)
        data.consent_data = True
        update_participant(session, pid, data)
        assert session.get(Participant, pid).phone == ""  # type: ignore[union-attr]


def test_the_doors_new_person_without_consent_has_no_phone(store: Store) -> None:
    dialogue_id = new_dialogue(store)
    with store.unit_of_work() as session:
        register_new(session, dialogue_id, ParticipantInput(name_latin="At the door", phone=PHONE))
    assert phones_in_store(store) == []


def test_a_merge_gives_no_phone_to_an_entry_without_consent(store: Store) -> None:
    with store.unit_of_work() as session:
        keep = create_participant(session, ParticipantInput(name_latin="Dara"))
        remove = create_participant(
            session, ParticipantInput(name_latin="Dara Chan", phone=PHONE, consent_data=True)
        )
    with store.unit_of_work() as session:
        merge_participants(session, keep, remove)
        kept = session.get(Participant, keep)
        assert kept is not None and kept.phone == "" and kept.consent_data is False
    # The removed entry, with its own consent, keeps its phone as a tombstone: nothing else has it.
    with store.unit_of_work() as session:
        owners = {c.record_id for c in session.scalars(select(ChangeRecord)) if c.values.get("phone")}
    assert owners == {remove}


def test_a_merge_into_an_entry_with_consent_brings_the_phone(store: Store) -> None:
    with store.unit_of_work() as session:
        keep = create_participant(session, ParticipantInput(name_latin="Dara", consent_data=True))
        remove = create_participant(
            session, ParticipantInput(name_latin="Dara Chan", phone=PHONE, consent_data=True)
        )
        merge_participants(session, keep, remove)
        assert session.get(Participant, keep).phone == PHONE  # type: ignore[union-attr]


def test_an_imported_list_keeps_no_phone_since_it_records_no_consent(store: Store, tmp_path: Path) -> None:
    dialogue_id = new_dialogue(store)
    path = tmp_path / "invited.csv"
    path.write_text(f"name_latin,phone\nChan Dara,{PHONE}\nLim Sophea,097 000 111\n", encoding="utf-8")
    with store.unit_of_work() as session:
        assert import_participants(session, dialogue_id, path).added == 2
    assert phones_in_store(store) == []
