"""Every change to a synced record is stamped and written to the change log (audit trail)."""

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import OrganisationKind, Sex
from dialogue_desktop.core.domain.models import ChangeRecord, Organisation, Participant
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.store.tracking import HardDeleteError


def changes(store: Store, record_id: str) -> list[ChangeRecord]:
    with store.unit_of_work() as session:
        return list(
            session.scalars(
                select(ChangeRecord).where(ChangeRecord.record_id == record_id).order_by(ChangeRecord.seq)
            )
        )


def test_insert_update_delete_are_logged_with_old_and_new_values(store: Store) -> None:
    store.set_facilitator("fac-1")
    with store.unit_of_work() as session:
        person = Participant(name_km="ស្រី សុខា", name_latin="Srey Sokha", sex=Sex.FEMALE)
        session.add(person)
    with store.unit_of_work() as session:
        loaded = session.get(Participant, person.id)
        assert loaded is not None
        loaded.birth_year = 1998
    with store.unit_of_work() as session:
        loaded = session.get(Participant, person.id)
        assert loaded is not None
        loaded.deleted = True

    logged = changes(store, person.id)
    assert [c.op for c in logged] == ["insert", "update", "delete"]
    assert logged[0].values["name_km"] == "ស្រី សុខា" and logged[0].values["sex"] == "female"
    assert logged[1].values == {"birth_year": 1998} and logged[1].old_values == {"birth_year": None}
    assert logged[2].values == {"deleted": True}
    assert all(c.device_id == store.device_id and c.facilitator_id == "fac-1" for c in logged)
    # each change names the revision it replaced, and revisions only grow
    assert logged[1].base_revision == logged[0].revision
    assert logged[2].base_revision == logged[1].revision
    assert logged[0].revision < logged[1].revision < logged[2].revision


def test_the_record_carries_its_origin_and_latest_revision(store: Store) -> None:
    with store.unit_of_work() as session:
        org = Organisation(name_en="Kampot Women's Network", kind=OrganisationKind.CSO)
        session.add(org)
    with store.unit_of_work() as session:
        loaded = session.get(Organisation, org.id)
        assert loaded is not None
        assert loaded.origin_device_id == store.device_id
        assert loaded.revision == changes(store, org.id)[-1].revision
        assert loaded.created_at.tzinfo is not None


def test_saving_without_a_real_change_logs_nothing(store: Store) -> None:
    with store.unit_of_work() as session:
        org = Organisation(name_en="Commune council", kind=OrganisationKind.LOCAL_AUTHORITY)
        session.add(org)
    with store.unit_of_work() as session:
        loaded = session.get(Organisation, org.id)
        assert loaded is not None
        loaded.name_en = "Commune council"
    assert len(changes(store, org.id)) == 1


def test_hard_delete_is_refused_and_nothing_is_written(store: Store) -> None:
    with store.unit_of_work() as session:
        org = Organisation(name_en="NGO", kind=OrganisationKind.CSO)
        session.add(org)
    with pytest.raises(HardDeleteError), store.unit_of_work() as session:
        loaded = session.get(Organisation, org.id)
        session.delete(loaded)
    with store.unit_of_work() as session:
        assert session.get(Organisation, org.id) is not None


def test_a_failed_unit_of_work_leaves_no_record_and_no_change(store: Store) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work() as session:
        session.add(Organisation(name_en="Half written", kind=OrganisationKind.CSO))
        session.flush()
        raise RuntimeError("power cut")
    with store.unit_of_work() as session:
        assert session.scalars(select(Organisation)).all() == []
        assert session.scalars(select(ChangeRecord)).all() == []


def test_search_key_follows_the_names(store: Store) -> None:
    with store.unit_of_work() as session:
        person = Participant(name_km="ស្រី\u200bសុខា", name_latin="SREY Sokha")
        session.add(person)
    with store.unit_of_work() as session:
        loaded = session.get(Participant, person.id)
        assert loaded is not None
        assert loaded.search_key == "ស្រីសុខា|srey sokha"
        loaded.name_latin = "Sokha Srey"
    with store.unit_of_work() as session:
        loaded = session.get(Participant, person.id)
        assert loaded is not None and loaded.search_key.endswith("|sokha srey")
