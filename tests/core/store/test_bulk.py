"""Bulk inserts store the same records and change log entries as the ORM path."""

from datetime import date

from sqlalchemy import select

from dialogue_desktop.core.domain.enums import DialogueKind, Sex
from dialogue_desktop.core.domain.models import ChangeRecord, Dialogue, Participant
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.store import Store


def test_bulk_rows_read_back_typed_and_logged(store: Store) -> None:
    with store.unit_of_work() as session:
        [person_id] = bulk_insert(
            session, Participant, [{"name_km": "សុខ\u200bវាសនា", "name_latin": "Sok Veasna", "sex": Sex.MALE}]
        )
        [dialogue_id] = bulk_insert(
            session,
            Dialogue,
            [{"kind": "provincial", "title_en": "Kampot dialogue", "date": date(2024, 3, 14)}],
        )
    with store.unit_of_work() as session:
        person = session.get(Participant, person_id)
        dialogue = session.get(Dialogue, dialogue_id)
        assert person is not None and dialogue is not None
        assert person.sex is Sex.MALE and person.consent_data is False and person.deleted is False
        assert person.search_key == "សុខវាសនា|sok veasna"
        assert person.created_at.tzinfo is not None and person.origin_device_id == store.device_id
        assert dialogue.kind is DialogueKind.PROVINCIAL and dialogue.date == date(2024, 3, 14)
        logged = session.scalars(select(ChangeRecord).where(ChangeRecord.record_id == dialogue_id)).one()
        assert logged.op == "insert" and logged.revision == dialogue.revision
        assert logged.values["date"] == "2024-03-14" and logged.values["kind"] == "provincial"
    assert check_store(store) == []
