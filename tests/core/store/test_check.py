"""`check`'s consent invariant: a person without consent to keep their data has no phone stored, in their
row or in their change history; what `check` says holds the count, never a name or a phone."""

from __future__ import annotations

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.store import Store

PHONE = "012 987 654"


def said(store: Store) -> list[str]:
    return [problem.text() for problem in check_store(store)]


def test_the_service_keeps_no_phone_without_consent_and_check_agrees(store: Store) -> None:
    with store.unit_of_work() as session:
        create_participant(session, ParticipantInput(name_latin="Keo Sophea", sex=Sex.FEMALE, phone=PHONE))
        create_participant(
            session, ParticipantInput(name_latin="Chan Dara", sex=Sex.MALE, phone=PHONE, consent_data=True)
        )
    assert said(store) == []


def test_a_phone_written_around_the_service_for_people_without_consent_is_counted(store: Store) -> None:
    with store.unit_of_work() as session:  # the ORM directly: tracked, search key and all, no consent rule
        for number in range(2):
            session.add(Participant(name_latin=f"Keo Sophea {number}", sex=Sex.FEMALE, phone=PHONE))
        session.add(Participant(name_latin="Chan Dara", sex=Sex.MALE, phone=PHONE, consent_data=True))
    problems = said(store)
    assert problems == [
        "2 participants without consent to keep their data have a phone number stored.",
        "2 participants without consent to keep their data have a phone number in their history.",
    ]  # the change log recorded the phone as it was written
    assert not any("Keo" in text or "Sophea" in text or PHONE in text for text in problems)


def test_a_phone_left_in_the_history_of_a_withdrawn_consent_is_counted(store: Store) -> None:
    with store.unit_of_work() as session:
        person = Participant(name_latin="Keo Sophea", sex=Sex.FEMALE, phone=PHONE, consent_data=True)
        session.add(person)
    assert said(store) == []
    with store.unit_of_work() as session:  # consent withdrawn around the service: the row is blank...
        found = session.get(Participant, person.id)
        assert found is not None
        found.consent_data, found.phone = False, ""
    # ...but the change log still holds the phone the person gave, and bundles are cut from it.
    assert said(store) == [
        "1 participants without consent to keep their data have a phone number in their history."
    ]
