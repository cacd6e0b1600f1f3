"""The in-memory participant index: the same answers as the SQL search, and never stale."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.services import search_index
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_participant,
    delete_participant,
    merge_participants,
    search_participants,
    update_participant,
)
from dialogue_desktop.core.store import backups
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.store import Store

ZWSP = "\u200b"
KHMER_FAMILY = ["សុខ", "ស្រី", "ចាន់", "ហេង", "លី", "គឹម", "ម៉ៅ", "ណុប"]
KHMER_GIVEN = ["សុខា", "វាសនា", "ដារ៉ា", "ចន្ថា", "ស្រីនួន", "បុប្ផា", "សុភាព", "ពិសី"]
LATIN_FAMILY = ["Sok", "Srey", "Chan", "Heng", "Ly", "Kim", "Mao", "Nop"]
LATIN_GIVEN = ["Sokha", "Veasna", "Dara", "Chantha", "Sreynoun", "Bopha", "Sopheap", "Pisey"]


def person(session: Session, name_km: str = "", name_latin: str = "") -> str:
    return create_participant(session, ParticipantInput(name_km=name_km, name_latin=name_latin))


def ids(session: Session, query: str, limit: int = 20) -> list[str]:
    return [hit.id for hit in search_participants(session, query, limit)]


def sql_ids(session: Session, query: str, limit: int = 20) -> list[str]:
    return [hit.id for hit in search_participants(session, query, limit, use_index=False)]


def index_of(store: Store) -> search_index.ParticipantIndex:
    with store.unit_of_work() as session:
        index = search_index.participant_index(session)
    assert index is not None
    return index


def varied_rows(count: int, seed: int) -> list[dict[str, str]]:
    """Names as facilitators type them: Khmer with and without spaces or zero-width spaces, Latin in any
    case, some only in one script, repeated names, one-word names, a name with a bar in it."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        family, given = rng.randrange(len(KHMER_FAMILY)), rng.randrange(len(KHMER_GIVEN))
        gap = rng.choice([" ", "", ZWSP, "  "])
        name_km = KHMER_FAMILY[family] + gap + KHMER_GIVEN[given]
        name_latin = f"{LATIN_FAMILY[family]} {LATIN_GIVEN[given]}"
        name_latin = rng.choice([name_latin, name_latin.upper(), name_latin.lower(), LATIN_GIVEN[given]])
        shape = rng.random()
        if shape < 0.1:
            name_km = ""
        elif shape < 0.2:
            name_latin = ""
        elif shape < 0.25:
            name_km = KHMER_GIVEN[given]  # one word
        elif shape < 0.3:
            name_latin += f" {number}"
        rows.append({"name_km": name_km, "name_latin": name_latin})
    rows.append({"name_km": "", "name_latin": "Dara | Sok"})
    rows.append({"name_km": unicodedata.normalize("NFD", "សុខ សុខា"), "name_latin": "sok"})
    return rows


QUERIES = [
    # one letter, Latin and Khmer
    "s", "S", "d", "k", "z", "ស", "ដ", "ច", "ា",
    # Latin, any case, whole names, starts of words, middles, several words
    "sok", "SOK", "sokha", "Dara", "ara", "an", "ey", "chan", "sok sokha", "heng dara", "1", "12", "y s",
    # Khmer with and without spaces, zero-width spaces, a syllable, the middle of a word
    "សុខ", "សុខា", "ស្រី", "ស្រីសុខា", "ស្រី សុខា", f"ស្រី{ZWSP}សុខា", "ចាន់ដារ៉ា", "ុខ", "សុខសុខា",
    # nothing to find
    "xyz", "|", "សុខា|Sok",
]  # fmt: skip


@pytest.fixture(params=["one block", "small blocks"])
def block_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default blocks and tiny ones (many blocks, frequent queries walked rank by rank)."""
    if request.param == "small blocks":
        monkeypatch.setattr(search_index, "BLOCK", 7)
        monkeypatch.setattr(search_index, "FEW", 5)
    yield


def test_the_index_answers_like_sql_on_varied_names(store: Store, block_size: None) -> None:
    with store.unit_of_work() as session:
        bulk_insert(session, Participant, varied_rows(600, seed=3))
    with store.unit_of_work() as session:
        for pid in sorted(session.scalars(select(Participant.id)))[::13]:
            delete_participant(session, pid)
    with store.unit_of_work() as session:
        for query in QUERIES:
            for limit in (1, 8, 50):
                assert ids(session, query, limit) == sql_ids(session, query, limit), (query, limit)


def test_ranks_hold_across_blocks(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "BLOCK", 3)
    monkeypatch.setattr(search_index, "FEW", 2)
    with store.unit_of_work() as session:
        for number in range(20):
            person(session, "", f"Kandara {number:02}")
        sok_dara = person(session, "", "Sok Dara")
        dara_sok = person(session, "", "Dara Sok")
        dara = person(session, "", "Dara")
        for given in KHMER_GIVEN:
            person(session, f"ដារ៉ា {given}")  # keys "ដារ៉ា …|" sort before "ដារ៉ា|"
        exact_km = person(session, "ដារ៉ា", "")
    with store.unit_of_work() as session:
        found = ids(session, "dara", 5)
        assert found[:3] == [dara, dara_sok, sok_dara]
        assert len(found) == 5
        assert ids(session, "ដារ៉ា", 2)[0] == exact_km


def test_an_edit_a_new_person_a_deletion_and_a_merge_are_seen_without_a_rebuild(store: Store) -> None:
    with store.unit_of_work() as session:
        bulk_insert(session, Participant, varied_rows(50, seed=5))
        chan = person(session, "ចាន់ ដារ៉ា", "Chan Dara")
        vichet = person(session, "", "Vichet Lim")
        twice = person(session, "", "Bopha Nhem")
        once = person(session, "", "Bopha Nhem")
    index = index_of(store)
    with store.unit_of_work() as session:
        search_index.warm_search_index(session)
    built = index.rebuilds

    with store.unit_of_work() as session:
        update_participant(session, chan, ParticipantInput(name_km="ចាន់ ដារ៉ា", name_latin="Chan Rotha"))
    with store.unit_of_work() as session:
        assert chan in ids(session, "rotha")
        assert chan not in ids(session, "chan dara")
        new = person(session, "", "Mealea Touch")  # seen in the same transaction too
        assert ids(session, "mealea") == [new]
    with store.unit_of_work() as session:
        assert ids(session, "mealea") == [new]
        delete_participant(session, vichet)
    with store.unit_of_work() as session:
        assert ids(session, "vichet") == []
        merge_participants(session, once, twice)
    with store.unit_of_work() as session:
        assert ids(session, "bopha nhem") == [once]
    assert index.rebuilds == built


def test_changes_through_another_store_on_the_same_file(store: Store, tmp_path: Path) -> None:
    with store.unit_of_work() as session:
        sokha = person(session, "សុខា", "Sokha")
        assert ids(session, "sokha") == [sokha]
    other = Store.open(store.path or tmp_path, automatic_backups=False)  # e.g. the command line
    try:
        with other.unit_of_work() as session:
            update_participant(session, sokha, ParticipantInput(name_km="សុខា", name_latin="Sokha Lim"))
            late = person(session, "", "Sokha Late")
    finally:
        other.close()
    with store.unit_of_work() as session:
        assert set(ids(session, "sokha")) == {sokha, late}
        assert ids(session, "lim") == [sokha]


def test_a_rolled_back_transaction_leaves_nothing_behind(store: Store) -> None:
    with store.unit_of_work() as session:
        person(session, "", "Kept Person")
    with pytest.raises(RuntimeError), store.unit_of_work() as session:
        person(session, "", "Phantom Person")
        assert len(ids(session, "person")) == 2  # the index saw the uncommitted one
        raise RuntimeError("cancelled")
    with store.unit_of_work() as session:
        assert [h.name_latin for h in search_participants(session, "person")] == ["Kept Person"]
        person(session, "", "Another Person")  # takes the rolled-back change's place in the log
    with store.unit_of_work() as session:
        names = sorted(h.name_latin for h in search_participants(session, "person"))
    assert names == ["Another Person", "Kept Person"]


def test_the_index_does_not_survive_a_restore(store: Store, tmp_path: Path) -> None:
    assert store.path is not None
    with store.unit_of_work() as session:
        before = person(session, "", "Before Backup")
    backup = backups.make_backup(store.path, "manual")
    with store.unit_of_work() as session:
        delete_participant(session, before)
        after = person(session, "", "After Backup")
        assert ids(session, "backup") == [after]
    path = store.path
    store.close()
    backups.restore_backup(backup, path)
    reopened = Store.open(path, automatic_backups=False)
    try:
        with reopened.unit_of_work() as session:
            assert ids(session, "backup") == [before]
    finally:
        reopened.close()


def test_warming_builds_the_index_once(store: Store) -> None:
    with store.unit_of_work() as session:
        bulk_insert(session, Participant, varied_rows(30, seed=1))
    with store.unit_of_work() as session:
        assert search_index.warm_search_index(session) == 32
    index = index_of(store)
    with store.unit_of_work() as session:
        search_index.warm_search_index(session)
        ids(session, "sok")
    assert index.rebuilds == 1
