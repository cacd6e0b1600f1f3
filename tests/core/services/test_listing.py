"""Lists on a small fixed dataset: dialogue filters and sorts, rows, the action tracker, participants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import ActionStatus, DialogueKind, DialogueStatus, Sex
from dialogue_desktop.core.domain.models import Attendance, Dialogue, Participant
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.services.actions import ActionInput, FollowUpInput, add_follow_up, create_action
from dialogue_desktop.core.services.dialogues import (
    DialogueInput,
    create_dialogue,
    delete_dialogue,
    set_status,
)
from dialogue_desktop.core.services.listing import (
    ActionFilters,
    DialogueFilters,
    DialogueSort,
    DialogueSortKey,
    count_overdue_actions,
    dialogue_ids,
    dialogue_rows,
    list_actions,
    list_dialogues,
    list_participants,
)
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.store.store import Store

TODAY = date(2024, 1, 15)


@dataclass
class Data:
    kampot: str  # provincial, 2023-02-01, 3 attendees, held
    siem_reap: str  # commune, 2023-06-01, tally-only 40 people, planned
    ratanakiri: str  # district, 2022-11-20, 1 attendee, held, zero-width space in the Khmer title
    forum: str  # national forum, 2023-12-01, nobody yet, planned
    gone: str  # deleted
    health_dept: str
    people: list[str]


def add_people(session: Session, dialogue_id: str, people: list[str]) -> None:
    for person in people:
        session.add(Attendance(dialogue_id=dialogue_id, participant_id=person))


@pytest.fixture
def data(store: Store) -> Data:
    with store.unit_of_work() as session:

        def dialogue(kind: DialogueKind, km: str, en: str, day: date, province: str, venue: str = "") -> str:
            return create_dialogue(
                session,
                DialogueInput(
                    kind=kind, title_km=km, title_en=en, date=day, province_code=province, venue=venue
                ),
            )

        kampot = dialogue(
            DialogueKind.PROVINCIAL,
            "កិច្ចសន្ទនាខេត្តកំពត",
            "Water in Kampot",
            date(2023, 2, 1),
            "07",
            "Provincial Hall",
        )
        siem_reap = dialogue(
            DialogueKind.COMMUNE, "កិច្ចសន្ទនាឃុំ", "Roads of Siem Reap", date(2023, 6, 1), "17", "Pagoda"
        )
        ratanakiri = dialogue(
            DialogueKind.DISTRICT,
            "កិច្ចសន្ទនា\u200bស្រុក",
            "Indigenous land",
            date(2022, 11, 20),
            "16",
            "District hall",
        )
        forum = dialogue(DialogueKind.NATIONAL_FORUM, "វេទិកាជាតិ", "National forum", date(2023, 12, 1), "12")
        gone = dialogue(DialogueKind.COMMUNE, "លុប", "Deleted water dialogue", date(2023, 3, 1), "07")
        for dialogue_id in (kampot, ratanakiri):
            set_status(session, dialogue_id, DialogueStatus.HELD)
        tallied = session.get(Dialogue, siem_reap)
        assert tallied is not None
        tallied.tally_only, tallied.tally_female, tallied.tally_male = True, 25, 15
        people = []
        for km, latin, sex in (("សុខ ដារ៉ា", "Sok Dara", Sex.MALE), ("ចាន់ សុភា", "Chan Sophea", Sex.FEMALE),
                               ("កែវ ធីតា", "Keo Thida", Sex.FEMALE)):  # fmt: skip
            person = Participant(name_km=km, name_latin=latin, sex=sex, birth_year=1990)
            session.add(person)
            session.flush()
            people.append(person.id)
        add_people(session, kampot, people)
        add_people(session, ratanakiri, people[:1])
        add_people(session, gone, people)
        session.flush()
        delete_dialogue(session, gone)
        health = create_organisation(
            session, OrganisationInput(name_en="Health Department", kind="provincial_department")
        )
        return Data(kampot, siem_reap, ratanakiri, forum, gone, health, people)


def ids(
    store: Store,
    filters: DialogueFilters = DialogueFilters(),  # noqa: B008 - frozen dataclasses, never mutated
    sort: DialogueSort = DialogueSort(),  # noqa: B008
) -> list[str]:
    with store.unit_of_work() as session:
        return dialogue_ids(session, filters, sort)


def test_default_order_is_newest_first_and_deleted_ones_are_hidden(store: Store, data: Data) -> None:
    assert ids(store) == [data.forum, data.siem_reap, data.kampot, data.ratanakiri]


def test_text_search_ignores_case_and_zero_width_spaces(store: Store, data: Data) -> None:
    assert ids(store, DialogueFilters(text="WATER")) == [data.kampot]  # the deleted one is not found
    assert ids(store, DialogueFilters(text="កិច្ចសន្ទនាស្រុក")) == [data.ratanakiri]
    assert ids(store, DialogueFilters(text="pagoda")) == [data.siem_reap]  # venue
    assert ids(store, DialogueFilters(text="kampot hall")) == []


def test_filters_by_period_province_kind_and_status(store: Store, data: Data) -> None:
    year_2023 = DialogueFilters(date_from=date(2023, 1, 1), date_to=date(2023, 6, 1))
    assert ids(store, year_2023) == [data.siem_reap, data.kampot]
    assert ids(store, DialogueFilters(province_code="16")) == [data.ratanakiri]
    assert ids(store, DialogueFilters(kind=DialogueKind.NATIONAL_FORUM)) == [data.forum]
    assert ids(store, DialogueFilters(status=DialogueStatus.HELD)) == [data.kampot, data.ratanakiri]
    assert ids(store, DialogueFilters(status=DialogueStatus.HELD, province_code="07", text="water")) == [
        data.kampot
    ]


def test_sorts(store: Store, data: Data) -> None:
    by = DialogueSortKey
    assert ids(store, sort=DialogueSort(by.DATE, descending=False)) == [
        data.ratanakiri,
        data.kampot,
        data.siem_reap,
        data.forum,
    ]
    assert ids(store, sort=DialogueSort(by.TITLE, descending=False)) == [
        data.ratanakiri,
        data.forum,
        data.siem_reap,
        data.kampot,
    ]
    # English province names: Kampot, Phnom Penh, Ratanak Kiri, Siemreap.
    assert ids(store, sort=DialogueSort(by.PROVINCE, descending=False)) == [
        data.kampot,
        data.forum,
        data.ratanakiri,
        data.siem_reap,
    ]
    # Attendance: the tally counts for tally-only dialogues (40), then 3, 1, 0.
    assert ids(store, sort=DialogueSort(by.ATTENDANCE)) == [
        data.siem_reap,
        data.kampot,
        data.ratanakiri,
        data.forum,
    ]
    # Status in lifecycle order, ties newest first.
    assert ids(store, sort=DialogueSort(by.STATUS, descending=False)) == [
        data.forum,
        data.siem_reap,
        data.kampot,
        data.ratanakiri,
    ]


def test_sorting_by_province_follows_the_language(store: Store, data: Data) -> None:
    set_language("km")
    # កំពត, រតនគិរី, រាជធានីភ្នំពេញ, សៀមរាប in Khmer code point order.
    order = ids(store, sort=DialogueSort(DialogueSortKey.PROVINCE, descending=False))
    assert order == [data.kampot, data.ratanakiri, data.forum, data.siem_reap]


def test_paging_and_rows_in_the_order_asked(store: Store, data: Data) -> None:
    with store.unit_of_work() as session:
        assert dialogue_ids(session, limit=2, offset=1) == [data.siem_reap, data.kampot]
        rows = dialogue_rows(session, [data.ratanakiri, data.gone, data.kampot])
        assert [r.id for r in rows] == [data.ratanakiri, data.kampot]  # deleted skipped
        kampot = rows[1]
        assert (kampot.province_name_en, kampot.province_name_km) == ("Kampot", "កំពត")
        assert (kampot.attendance_count, kampot.actions_count, kampot.status) == (3, 0, DialogueStatus.HELD)
        assert kampot.title("km") == "កិច្ចសន្ទនាខេត្តកំពត" and kampot.title("en") == "Water in Kampot"
        cli = list_dialogues(session, DialogueFilters(province_code="17"))
        assert [(r.id, r.attendance_count, r.tally_only) for r in cli] == [(data.siem_reap, 40, True)]


def test_action_tracker(store: Store, data: Data) -> None:
    with store.unit_of_work() as session:
        late = create_action(
            session, data.kampot,
            ActionInput(text_en="Drill wells", deadline=date(2023, 12, 31), responsible_organisation_id=data.health_dept),
        )  # fmt: skip
        done = create_action(
            session, data.kampot, ActionInput(text_en="Print minutes", deadline=date(2023, 3, 1))
        )
        open_later = create_action(
            session, data.ratanakiri, ActionInput(text_en="Map land", deadline=date(2024, 6, 1))
        )
        no_deadline = create_action(session, data.ratanakiri, ActionInput(text_en="Keep talking"))
        in_gone = create_action(
            session, data.forum, ActionInput(text_en="Forum action", deadline=date(2023, 12, 2))
        )
        forum = session.get(Dialogue, data.forum)
        assert forum is not None
        forum.deleted = True  # its actions disappear with it
        add_follow_up(
            session,
            late,
            FollowUpInput(date=date(2023, 8, 1), status="in_progress", progress_percent=30, visit="Visit"),
        )
        add_follow_up(
            session,
            late,
            FollowUpInput(
                date=date(2023, 11, 1), status="delayed", progress_percent=50, note="Rain", visit="Visit"
            ),
        )
        add_follow_up(
            session,
            done,
            FollowUpInput(date=date(2023, 2, 20), status="done", progress_percent=100, visit="Visit"),
        )

        rows = list_actions(session, today=TODAY)
        assert [r.id for r in rows] == [done, late, open_later, no_deadline]  # by deadline, none last
        assert in_gone not in [r.id for r in rows]
        by_id = {r.id: r for r in rows}
        assert by_id[late].overdue and not by_id[done].overdue and not by_id[open_later].overdue
        latest = by_id[late].latest_follow_up
        assert latest is not None and (latest.date, latest.status, latest.progress_percent, latest.note) == (
            date(2023, 11, 1), ActionStatus.DELAYED, 50, "Rain",
        )  # fmt: skip
        assert by_id[open_later].latest_follow_up is None
        assert by_id[late].responsible_name_en == "Health Department"

        assert [r.id for r in list_actions(session, ActionFilters(overdue=True), today=TODAY)] == [late]
        assert count_overdue_actions(session, TODAY) == 1
        assert count_overdue_actions(session, date(2024, 7, 1)) == 2
        assert [
            r.id for r in list_actions(session, ActionFilters(status=ActionStatus.DONE), today=TODAY)
        ] == [done]
        assert [r.id for r in list_actions(session, ActionFilters(province_code="16"), today=TODAY)] == [
            open_later,
            no_deadline,
        ]
        assert [
            r.id
            for r in list_actions(
                session, ActionFilters(responsible_organisation_id=data.health_dept), today=TODAY
            )
        ] == [late]
        assert [
            r.id for r in list_actions(session, ActionFilters(dialogue_id=data.ratanakiri), today=TODAY)
        ] == [open_later, no_deadline]
        assert list_dialogues(session, DialogueFilters(province_code="07"))[0].actions_count == 2


def test_participants_list(store: Store, data: Data) -> None:
    with store.unit_of_work() as session:
        rows = list_participants(session)
        assert [(r.name_latin, r.attendance_count) for r in rows] == [
            ("Chan Sophea", 1), ("Keo Thida", 1), ("Sok Dara", 2),  # the deleted dialogue does not count
        ]  # fmt: skip
        assert [r.name_latin for r in list_participants(session, "SOK")] == ["Sok Dara"]
        assert [r.name_latin for r in list_participants(session, "ចាន់")] == ["Chan Sophea"]
        assert rows[0].sex == Sex.FEMALE and rows[0].birth_year == 1990
