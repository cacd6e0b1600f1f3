"""The main window's search box: one query finds dialogues, people, actions and organisations."""

from __future__ import annotations

from datetime import date

from dialogue_desktop.core.domain.enums import DialogueKind, OrganisationKind, Sex
from dialogue_desktop.core.services.actions import ActionInput, create_action, delete_action
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.global_search import FoundKind, search_everything
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store


def seed(store: Store) -> dict[str, str]:
    with store.unit_of_work() as session:
        forum = create_dialogue(session, DialogueInput(
            kind=DialogueKind.PROVINCIAL, title_en="Kampot water forum", title_km="វេទិកាទឹកកំពត",
            date=date(2025, 3, 14), province_code="07"))  # fmt: skip
        network = create_organisation(
            session,
            OrganisationInput(name_en="Kampot Women's Network", acronym="KWN", kind=OrganisationKind.CSO),
        )
        sokha = create_participant(
            session, ParticipantInput(name_km="ស្រី សុខា", name_latin="Srey Sokha", sex=Sex.FEMALE)
        )
        well = create_action(session, forum, ActionInput(
            text_en="Repair the well in Trapeang Thom", text_km="ជួសជុលអណ្ដូងនៅត្រពាំងធំ"))  # fmt: skip
        gone = create_action(session, forum, ActionInput(text_en="Repair the old well road"))
        delete_action(session, gone)
    return {"forum": forum, "network": network, "sokha": sokha, "well": well}


def kinds_and_ids(store: Store, query: str) -> list[tuple[FoundKind, str]]:
    with store.unit_of_work() as session:
        return [(hit.kind, hit.id) for hit in search_everything(session, query)]


def test_one_query_finds_each_kind(store: Store) -> None:
    ids = seed(store)
    assert kinds_and_ids(store, "kampot") == [
        (FoundKind.DIALOGUE, ids["forum"]),
        (FoundKind.ORGANISATION, ids["network"]),
    ]
    assert kinds_and_ids(store, "sokha") == [(FoundKind.PARTICIPANT, ids["sokha"])]
    assert kinds_and_ids(store, "KWN") == [(FoundKind.ORGANISATION, ids["network"])]


def test_an_action_is_found_by_its_text_in_either_language_and_leads_to_its_dialogue(store: Store) -> None:
    ids = seed(store)
    assert kinds_and_ids(store, "WELL") == [(FoundKind.ACTION, ids["well"])]  # the deleted one is not found
    with store.unit_of_work() as session:
        (hit,) = search_everything(session, "អណ្ដូង")
    assert (hit.kind, hit.id, hit.dialogue_id, hit.when) == (
        FoundKind.ACTION,
        ids["well"],
        ids["forum"],
        date(2025, 3, 14),
    )


def test_khmer_typed_with_a_zero_width_space_finds_the_person(store: Store) -> None:
    ids = seed(store)
    assert kinds_and_ids(store, "ស្រី\u200bសុខា") == [(FoundKind.PARTICIPANT, ids["sokha"])]


def test_nothing_for_an_empty_query(store: Store) -> None:
    seed(store)
    assert kinds_and_ids(store, "  ") == []
    assert kinds_and_ids(store, "zzz") == []
