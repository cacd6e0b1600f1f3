"""Dialogues: validation, places, lifecycle and locking, organisers and facilitators, agenda, needs, decisions."""

from __future__ import annotations

import unicodedata
from datetime import date, time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus, OrganisationKind, Sector
from dialogue_desktop.core.domain.models import ChangeRecord, DialogueOrganiser
from dialogue_desktop.core.services.agenda import (
    AgendaItemInput,
    add_agenda_item,
    agenda_items,
    agenda_total_minutes,
    delete_agenda_item,
    move_agenda_item,
    update_agenda_item,
)
from dialogue_desktop.core.services.dialogues import (
    DialogueInput,
    add_facilitator,
    add_organiser,
    approve_minutes,
    create_dialogue,
    delete_dialogue,
    facilitators,
    get_dialogue,
    organisers,
    remove_organiser,
    reopen_minutes,
    set_status,
    update_dialogue,
)
from dialogue_desktop.core.services.errors import LockedError, NotFoundError, UserError, ValidationError
from dialogue_desktop.core.services.facilitators import FacilitatorInput, create_facilitator
from dialogue_desktop.core.services.needs import (
    DecisionInput,
    NeedInput,
    add_decision,
    add_need,
    delete_decision,
    list_decisions,
    list_needs,
    move_decision,
    update_need,
)
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.services.places import communes, districts
from dialogue_desktop.core.store.store import Store


def dialogue_input(**changes: object) -> DialogueInput:
    data = DialogueInput(
        kind=DialogueKind.PROVINCIAL,
        title_km="កិច្ចសន្ទនាថ្នាក់ខេត្តស្តីពីទឹកស្អាត",
        title_en="Provincial dialogue on clean water",
        date=date(2023, 5, 10),
        start_time=time(8, 0),
        end_time=time(11, 30),
        province_code="07",
        venue="Kampot Provincial Hall",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def to_approved(session: Session, dialogue_id: str) -> None:
    set_status(session, dialogue_id, DialogueStatus.HELD)
    set_status(session, dialogue_id, DialogueStatus.MINUTES_DRAFTED)
    approve_minutes(session, dialogue_id, content_hash="abc123")


# --- validation ---------------------------------------------------------------------------------------------


def test_a_dialogue_needs_a_title_a_date_a_kind_and_a_province(store: Store) -> None:
    with store.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        create_dialogue(session, DialogueInput())
    error = raised.value
    assert error.for_field("title_km")[0].label == "Title in Khmer"
    assert error.for_field("date")[0].label == "Date"
    assert error.for_field("kind")
    assert error.for_field("province_code")


def test_one_title_is_enough_in_either_language(store: Store) -> None:
    with store.unit_of_work() as session:
        km_only = create_dialogue(session, dialogue_input(title_en=""))
        en_only = create_dialogue(session, dialogue_input(title_km=""))
        assert get_dialogue(session, km_only).title_en == ""
        assert get_dialogue(session, en_only).title_km == ""


def test_the_end_must_be_after_the_start(store: Store) -> None:
    with store.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        create_dialogue(session, dialogue_input(start_time=time(14, 0), end_time=time(14, 0)))
    assert raised.value.for_field("end_time")[0].label == "End time"


def test_titles_are_stored_nfc_and_khmer_round_trips(store: Store) -> None:
    khmer = "កិច្ចសន្ទនាថ្នាក់ឃុំស្តីពីសិទ្ធិរបស់ជនជាតិដើមភាគតិច"
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(
            session, dialogue_input(title_km=f"  {khmer} ", title_en="Cafe\u0301 dialogue")
        )
    with store.unit_of_work() as session:
        view = get_dialogue(session, dialogue_id)
        assert view.title_km == unicodedata.normalize("NFC", khmer) == khmer
        assert view.title_en == "Caf\u00e9 dialogue"


def test_places_must_exist_and_belong_together(store: Store) -> None:
    kampot_district = districts("07")[0]
    with store.unit_of_work() as session:
        with pytest.raises(ValidationError) as raised:
            create_dialogue(session, dialogue_input(province_code="16", district_code=kampot_district.code))
        assert raised.value.for_field("district_code")[0].label == "District"
        commune = communes("07", kampot_district.code)[0]
        dialogue_id = create_dialogue(
            session, dialogue_input(district_code=kampot_district.code, commune_code=commune.code)
        )
        view = get_dialogue(session, dialogue_id)
        assert (view.province_code, view.district_code, view.commune_code) == (
            "07",
            kampot_district.code,
            commune.code,
        )


# --- lifecycle and locking ------------------------------------------------------------------------------------


def test_status_moves_one_step_at_a_time(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        assert get_dialogue(session, dialogue_id).status == DialogueStatus.PLANNED
        with pytest.raises(UserError):
            set_status(session, dialogue_id, DialogueStatus.MINUTES_DRAFTED)
        set_status(session, dialogue_id, "held")
        set_status(session, dialogue_id, DialogueStatus.PLANNED)  # back one step
        set_status(session, dialogue_id, DialogueStatus.HELD)
        with pytest.raises(UserError):
            approve_minutes(session, dialogue_id)  # not drafted yet
        with pytest.raises(UserError):
            set_status(session, dialogue_id, DialogueStatus.MINUTES_APPROVED)  # only through approval
        set_status(session, dialogue_id, DialogueStatus.MINUTES_DRAFTED)
        approve_minutes(session, dialogue_id, content_hash="f00d")
        view = get_dialogue(session, dialogue_id)
        assert view.status == DialogueStatus.MINUTES_APPROVED
        assert view.approved_at is not None and view.approved_hash == "f00d"
        with pytest.raises(LockedError):
            set_status(session, dialogue_id, DialogueStatus.MINUTES_DRAFTED)  # no step back out of approved


def test_approved_minutes_refuse_every_change_until_reopened(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        item_id = add_agenda_item(
            session, dialogue_id, AgendaItemInput(title_en="Opening", duration_minutes=15)
        )
        need_id = add_need(
            session, dialogue_id, NeedInput(text_en="Clean water", sector=Sector.WATER_SANITATION)
        )
        org_id = create_organisation(session, OrganisationInput(name_en="CHRAC", kind=OrganisationKind.CSO))
        to_approved(session, dialogue_id)
        refused = [
            lambda: update_dialogue(session, dialogue_id, dialogue_input(venue="Elsewhere")),
            lambda: delete_dialogue(session, dialogue_id),
            lambda: add_agenda_item(session, dialogue_id, AgendaItemInput(title_en="More")),
            lambda: update_agenda_item(session, item_id, AgendaItemInput(title_en="Changed")),
            lambda: move_agenda_item(session, item_id, 0),
            lambda: delete_agenda_item(session, item_id),
            lambda: update_need(session, need_id, NeedInput(text_en="Changed")),
            lambda: add_decision(session, dialogue_id, DecisionInput(text_en="More")),
            lambda: add_organiser(session, dialogue_id, org_id),
        ]
        for change in refused:
            with pytest.raises(LockedError) as raised:
                change()
            assert "approved and locked" in raised.value.text()
        with pytest.raises(ValidationError) as missing_reason:
            reopen_minutes(session, dialogue_id, "  ")
        assert missing_reason.value.for_field("reason")
        reopen_minutes(session, dialogue_id, "Wrong venue in the minutes")
        view = get_dialogue(session, dialogue_id)
        assert view.status == DialogueStatus.MINUTES_DRAFTED and view.approved_at is None
        update_dialogue(session, dialogue_id, dialogue_input(venue="Elsewhere"))
        assert get_dialogue(session, dialogue_id).venue == "Elsewhere"
        statuses = session.scalars(
            select(ChangeRecord).where(ChangeRecord.record_id == dialogue_id, ChangeRecord.op == "update")
        ).all()
        # The reopening is in the change log: approved → drafted, with who, when and why.
        reopening = [c for c in statuses if c.old_values.get("status") == "minutes_approved"]
        assert len(reopening) == 1 and reopening[0].values.get("status") == "minutes_drafted"
        assert reopening[0].values.get("reopen_reason") == "Wrong venue in the minutes"


def test_reopening_minutes_that_are_not_approved_is_refused(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        with pytest.raises(UserError):
            reopen_minutes(session, dialogue_id, "because")


def test_a_deleted_dialogue_is_a_tombstone(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        delete_dialogue(session, dialogue_id)
        with pytest.raises(NotFoundError):
            get_dialogue(session, dialogue_id)


# --- organisers and facilitators ------------------------------------------------------------------------------


def test_organisers_and_facilitators_links(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        chrac = create_organisation(session, OrganisationInput(name_en="CHRAC", kind="cso"))
        undp = create_organisation(session, OrganisationInput(name_en="UNDP", kind="development_partner"))
        add_organiser(session, dialogue_id, undp)
        add_organiser(session, dialogue_id, chrac)
        add_organiser(session, dialogue_id, chrac)  # twice is once
        assert [o.name_en for o in organisers(session, dialogue_id)] == ["CHRAC", "UNDP"]
        remove_organiser(session, dialogue_id, undp)
        assert [o.name_en for o in organisers(session, dialogue_id)] == ["CHRAC"]
        links = session.scalars(
            select(DialogueOrganiser).where(DialogueOrganiser.organisation_id == undp)
        ).all()
        assert [link.deleted for link in links] == [True]  # tombstoned, not removed
        with pytest.raises(ValidationError) as raised:
            add_organiser(session, dialogue_id, "no-such-id")
        assert raised.value.for_field("organisation_id")
        person = create_facilitator(session, FacilitatorInput(name_latin="Sok Dara"))
        add_facilitator(session, dialogue_id, person)
        assert [f.name_latin for f in facilitators(session, dialogue_id)] == ["Sok Dara"]


# --- agenda ---------------------------------------------------------------------------------------------------


def test_agenda_order_moves_and_total_minutes(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        ids = [
            add_agenda_item(session, dialogue_id, AgendaItemInput(title_en=title, duration_minutes=minutes))
            for title, minutes in (("A", 10), ("B", 20), ("C", "៣០"))  # Khmer digits accepted
        ]
        d_id = add_agenda_item(
            session, dialogue_id, AgendaItemInput(title_en="D", duration_minutes=5), position=1
        )
        assert [i.title_en for i in agenda_items(session, dialogue_id)] == ["A", "D", "B", "C"]
        assert agenda_total_minutes(session, dialogue_id) == 65
        move_agenda_item(session, ids[2], 0)
        assert [i.title_en for i in agenda_items(session, dialogue_id)] == ["C", "A", "D", "B"]
        move_agenda_item(session, ids[2], 99)  # clamped to the end
        assert [i.title_en for i in agenda_items(session, dialogue_id)] == ["A", "D", "B", "C"]
        delete_agenda_item(session, d_id)
        items = agenda_items(session, dialogue_id)
        assert [(i.title_en, i.position) for i in items] == [("A", 0), ("B", 1), ("C", 2)]
        assert agenda_total_minutes(session, dialogue_id) == 60
        with pytest.raises(ValidationError) as raised:
            add_agenda_item(session, dialogue_id, AgendaItemInput(title_en="E", duration_minutes=-5))
        assert raised.value.for_field("duration_minutes")[0].label == "Duration (minutes)"
        with pytest.raises(ValidationError) as untitled:
            update_agenda_item(session, ids[0], AgendaItemInput())
        assert untitled.value.for_field("title_km")


# --- needs and decisions --------------------------------------------------------------------------------------


def test_needs_and_ordered_decisions(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, dialogue_input())
        with pytest.raises(ValidationError) as raised:
            add_need(session, dialogue_id, NeedInput(sector="weather"))
        assert raised.value.for_field("text_km") and raised.value.for_field("sector")
        add_need(
            session,
            dialogue_id,
            NeedInput(text_km="ខ្វះទឹកស្អាត", sector=Sector.WATER_SANITATION, raised_by="Youth"),
        )
        needs = list_needs(session, dialogue_id)
        assert [(n.text_km, n.sector, n.raised_by) for n in needs] == [
            ("ខ្វះទឹកស្អាត", Sector.WATER_SANITATION, "Youth")
        ]
        first = add_decision(session, dialogue_id, DecisionInput(text_en="First"))
        add_decision(session, dialogue_id, DecisionInput(text_en="Second"))
        add_decision(session, dialogue_id, DecisionInput(text_en="Zeroth"), position=0)
        assert [d.text_en for d in list_decisions(session, dialogue_id)] == ["Zeroth", "First", "Second"]
        move_decision(session, first, 2)
        assert [d.text_en for d in list_decisions(session, dialogue_id)] == ["Zeroth", "Second", "First"]
        delete_decision(session, first)
        assert [(d.text_en, d.position) for d in list_decisions(session, dialogue_id)] == [
            ("Zeroth", 0),
            ("Second", 1),
        ]
