"""Actions: links within their dialogue, supporters, follow-ups driving the status, and locking rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import ActionStatus, DialogueKind, DialogueStatus, OrganisationKind
from dialogue_desktop.core.domain.models import ActionSupporter
from dialogue_desktop.core.services.actions import (
    ActionInput,
    FollowUpInput,
    add_follow_up,
    create_action,
    delete_action,
    delete_follow_up,
    get_action,
    is_overdue,
    list_follow_ups,
    set_action_status,
    set_supporters,
    update_action,
    update_follow_up,
)
from dialogue_desktop.core.services.dialogues import (
    DialogueInput,
    approve_minutes,
    create_dialogue,
    set_status,
)
from dialogue_desktop.core.services.errors import LockedError, ValidationError
from dialogue_desktop.core.services.needs import DecisionInput, NeedInput, add_decision, add_need
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.store.store import Store


def new_dialogue(session: Session, day: date = date(2023, 3, 1)) -> str:
    return create_dialogue(
        session,
        DialogueInput(kind=DialogueKind.COMMUNE, title_en="Commune dialogue", date=day, province_code="16"),
    )


def approve(session: Session, dialogue_id: str) -> None:
    set_status(session, dialogue_id, DialogueStatus.HELD)
    set_status(session, dialogue_id, DialogueStatus.MINUTES_DRAFTED)
    approve_minutes(session, dialogue_id)


def test_an_action_needs_text_and_valid_references(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
        with pytest.raises(ValidationError) as raised:
            create_action(
                session,
                dialogue_id,
                ActionInput(responsible_organisation_id="gone", deadline=date(2023, 1, 1), status="finished"),
            )
        error = raised.value
        assert error.for_field("text_km")[0].label == "Text in Khmer"
        assert error.for_field("responsible_organisation_id")[0].label == "Responsible organisation"
        assert error.for_field("deadline")  # before the dialogue that agreed it
        assert error.for_field("status")


def test_a_need_or_decision_from_another_dialogue_is_refused(store: Store) -> None:
    with store.unit_of_work() as session:
        here, there = new_dialogue(session), new_dialogue(session)
        their_need = add_need(session, there, NeedInput(text_en="Roads"))
        their_decision = add_decision(session, there, DecisionInput(text_en="Repair"))
        with pytest.raises(ValidationError) as raised:
            create_action(
                session, here, ActionInput(text_en="Repair", need_id=their_need, decision_id=their_decision)
            )
        assert raised.value.for_field("need_id")[0].label == "Need"
        assert raised.value.for_field("decision_id")
        own_need = add_need(session, here, NeedInput(text_en="Water"))
        action_id = create_action(session, here, ActionInput(text_km="ជីកអណ្តូង", need_id=own_need))
        assert get_action(session, action_id).need_id == own_need


def test_supporters_are_a_set(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
        a, b, c = (
            create_organisation(session, OrganisationInput(name_en=name, kind=OrganisationKind.CSO))
            for name in "ABC"
        )
        action_id = create_action(session, dialogue_id, ActionInput(text_en="Build a well"))
        set_supporters(session, action_id, [a, b])
        assert get_action(session, action_id).supporter_ids == {a, b}
        set_supporters(session, action_id, {b, c})
        assert get_action(session, action_id).supporter_ids == {b, c}
        links = session.scalars(select(ActionSupporter).where(ActionSupporter.organisation_id == a)).all()
        assert [link.deleted for link in links] == [True]
        with pytest.raises(ValidationError) as raised:
            set_supporters(session, action_id, ["nobody"])
        assert raised.value.for_field("supporters")


def test_supporters_are_given_with_the_action_and_corrected_with_it(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
        a, b = (
            create_organisation(session, OrganisationInput(name_en=name, kind=OrganisationKind.CSO))
            for name in "AB"
        )
        action_id = create_action(
            session, dialogue_id, ActionInput(text_en="Build a well", supporter_ids=[a])
        )
        assert get_action(session, action_id).supporter_ids == {a}
        update_action(session, action_id, ActionInput(text_en="Build two wells"))  # None: supporters kept
        assert get_action(session, action_id).supporter_ids == {a}
        update_action(session, action_id, ActionInput(text_en="Build two wells", supporter_ids=[b]))
        assert get_action(session, action_id).supporter_ids == {b}
        approve(session, dialogue_id)
        update_action(
            session, action_id, ActionInput(text_en="Build two wells", supporter_ids=[b], status="done")
        )
        with pytest.raises(LockedError):
            update_action(session, action_id, ActionInput(text_en="Build two wells", supporter_ids=[a, b]))
        assert get_action(session, action_id).supporter_ids == {b}


def test_a_follow_up_sets_the_action_status(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
        later = new_dialogue(session, date(2023, 9, 1))
        action_id = create_action(session, dialogue_id, ActionInput(text_en="Repair the road"))
        assert get_action(session, action_id).status == ActionStatus.AGREED
        first = add_follow_up(
            session,
            action_id,
            FollowUpInput(
                date=date(2023, 5, 1), status="in_progress", progress_percent=40, visit="Site visit"
            ),
        )
        assert get_action(session, action_id).status == ActionStatus.IN_PROGRESS
        add_follow_up(
            session,
            action_id,
            FollowUpInput(
                date=date(2023, 9, 1), status=ActionStatus.DONE, progress_percent=100, dialogue_id=later
            ),
        )
        assert get_action(session, action_id).status == ActionStatus.DONE
        assert [f.progress_percent for f in list_follow_ups(session, action_id)] == [40, 100]
        # A late entry for an earlier date does not override the latest report.
        add_follow_up(
            session, action_id, FollowUpInput(date=date(2023, 4, 1), status="delayed", visit="Phone call")
        )
        assert get_action(session, action_id).status == ActionStatus.DONE
        update_follow_up(
            session,
            first,
            FollowUpInput(date=date(2023, 12, 1), status="delayed", progress_percent=90, visit="Visit"),
        )
        assert get_action(session, action_id).status == ActionStatus.DELAYED
        delete_follow_up(session, first)
        assert get_action(session, action_id).status == ActionStatus.DONE


def test_a_follow_up_needs_a_place_a_date_and_a_sane_progress(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
        action_id = create_action(session, dialogue_id, ActionInput(text_en="Train youth"))
        with pytest.raises(ValidationError) as raised:
            add_follow_up(session, action_id, FollowUpInput(progress_percent=150))
        error = raised.value
        assert error.for_field("date") and error.for_field("visit")
        assert error.for_field("progress_percent")[0].label == "Progress (%)"
        with pytest.raises(ValidationError) as too_early:
            add_follow_up(session, action_id, FollowUpInput(date=date(2022, 1, 1), visit="Visit"))
        assert too_early.value.for_field("date")


def test_approved_minutes_lock_the_action_but_not_its_monitoring(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = new_dialogue(session)
        org = create_organisation(session, OrganisationInput(name_en="Helper", kind=OrganisationKind.CSO))
        data = ActionInput(text_en="Drill five wells", deadline=date(2023, 9, 30))
        action_id = create_action(session, dialogue_id, data)
        approve(session, dialogue_id)
        with pytest.raises(LockedError):
            update_action(
                session, action_id, ActionInput(text_en="Drill ten wells", deadline=date(2023, 9, 30))
            )
        with pytest.raises(LockedError):
            create_action(session, dialogue_id, ActionInput(text_en="Another"))
        with pytest.raises(LockedError):
            set_supporters(session, action_id, [org])
        with pytest.raises(LockedError):
            delete_action(session, action_id)
        # Monitoring goes on: the status, alone, and follow-ups.
        data.status = ActionStatus.IN_PROGRESS
        update_action(session, action_id, data)
        assert get_action(session, action_id).status == ActionStatus.IN_PROGRESS
        set_action_status(session, action_id, "delayed")
        add_follow_up(
            session,
            action_id,
            FollowUpInput(date=date(2023, 10, 1), status="done", progress_percent=100, visit="Visit"),
        )
        view = get_action(session, action_id)
        assert view.status == ActionStatus.DONE and view.text_en == "Drill five wells"


def test_overdue_means_past_deadline_and_still_open() -> None:
    today = date(2024, 6, 1)
    assert is_overdue(date(2024, 5, 31), ActionStatus.IN_PROGRESS, today)
    assert not is_overdue(date(2024, 6, 1), ActionStatus.AGREED, today)
    assert not is_overdue(date(2024, 5, 31), ActionStatus.DONE, today)
    assert not is_overdue(date(2024, 5, 31), ActionStatus.DROPPED, today)
    assert not is_overdue(None, ActionStatus.AGREED, today)
