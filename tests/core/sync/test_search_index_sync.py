"""The door's search index sees people merged from a bundle by another connection to the same file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.services.participants import search_participants
from dialogue_desktop.core.services.search_index import participant_index, warm_search_index
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import import_

from .conftest import Office, add_dialogue, export_to


def names(store: Store, query: str) -> list[str]:
    with store.unit_of_work() as session:
        return sorted(hit.name_latin for hit in search_participants(session, query))


def test_people_merged_from_a_bundle_elsewhere_are_found_and_renamed(tmp_path: Path) -> None:
    office = Office(tmp_path)  # SQLite: the index is not used on PostgreSQL
    laptop = office.laptop()
    try:
        with office.store.unit_of_work() as session:
            warm_search_index(session)
            index = participant_index(session)
        assert index is not None and names(office.store, "person") == []

        add_dialogue(laptop, 3)
        assert office.store.path is not None
        importer = Store.open(office.store.path, automatic_backups=False)  # as the command line would
        try:
            import_.import_files(importer, [export_to(laptop, tmp_path)])
            assert names(office.store, "person") == ["Person 0", "Person 1", "Person 2"]

            with laptop.unit_of_work() as session:
                first = session.scalars(select(Participant).where(Participant.name_latin == "Person 0")).one()
                first.name_latin = "Rotha Chea"
            import_.import_files(importer, [export_to(laptop, tmp_path)])
        finally:
            importer.close()
        assert names(office.store, "rotha") == ["Rotha Chea"]
        assert names(office.store, "person") == ["Person 1", "Person 2"]
        assert index.rebuilds == 1  # patched from the change log, never read again in full
    finally:
        laptop.close()
        office.store.close()
