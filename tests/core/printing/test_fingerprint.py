"""The minutes' fingerprint: it follows what is printed, not how, and it checks paper copies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.core.printing.test_minutes import make_dialogue
from tests.pdf_tools import pdf_text

from dialogue_desktop.core.printing.data import gather_minutes
from dialogue_desktop.core.printing.fingerprint import (
    Verdict,
    minutes_code,
    minutes_fingerprint,
    parse_code,
    verify_code,
)
from dialogue_desktop.core.printing.minutes import MinutesOptions, write_minutes
from dialogue_desktop.core.services import actions, needs
from dialogue_desktop.core.services.listing import ActionFilters, list_actions
from dialogue_desktop.core.store.store import Store


def _fingerprint(store: Store, dialogue_id: str) -> str:
    with store.unit_of_work() as s:
        return minutes_fingerprint(gather_minutes(s, dialogue_id))


def test_a_changed_decision_changes_the_fingerprint(store: Store) -> None:
    d = make_dialogue(store, participants=3)
    before = _fingerprint(store, d)
    assert before == _fingerprint(store, d)  # reading twice changes nothing
    with store.unit_of_work() as s:
        decision = needs.list_decisions(s, d)[0]
        needs.update_decision(
            s, decision.id, needs.DecisionInput(decision.text_km, "Repair all the village wells")
        )
    assert _fingerprint(store, d) != before


def test_an_action_deadline_changes_the_fingerprint_but_its_follow_up_does_not(store: Store) -> None:
    from datetime import date

    d = make_dialogue(store, participants=3, action_count=1)
    before = _fingerprint(store, d)
    with store.unit_of_work() as s:
        row = list_actions(s, ActionFilters(dialogue_id=d))[0]
        actions.add_follow_up(
            s, row.id, actions.FollowUpInput(date=date(2024, 5, 1), progress_percent=40, visit="Site visit")
        )
    assert _fingerprint(store, d) == before  # monitoring after the dialogue is not in the minutes
    with store.unit_of_work() as s:
        view = actions.get_action(s, row.id)
        actions.update_action(
            s, row.id,
            actions.ActionInput(text_km=view.text_km, text_en=view.text_en, deadline=date(2024, 9, 30),
                                responsible_organisation_id=view.responsible_organisation_id,
                                responsible_person=view.responsible_person, indicator=view.indicator),
        )  # fmt: skip
    assert _fingerprint(store, d) != before


def test_language_and_layout_do_not_change_the_printed_code(store: Store, tmp_path: Path) -> None:
    d = make_dialogue(store, participants=3)
    with store.unit_of_work() as s:
        data = gather_minutes(s, d)
    codes = set()
    for i, options in enumerate(
        [
            MinutesOptions("km"),
            MinutesOptions("en", annex=True),
            MinutesOptions("both", side_by_side=True, official_header=True),
        ]
    ):
        pdf = tmp_path / f"{i}.pdf"
        write_minutes(data, pdf, options)
        text = pdf_text(pdf)
        codes.update(re.findall(r"DD1:[0-9a-f-]+:[0-9a-f]{64}", text))
    assert codes == {minutes_code(data)}


def test_verify_says_matches_changed_or_unknown(store: Store) -> None:
    d = make_dialogue(store, participants=3)
    with store.unit_of_work() as s:
        code = minutes_code(gather_minutes(s, d))
        assert verify_code(s, code).verdict == Verdict.MATCHES
        printed = code[: code.rindex(":") + 13]  # the 12 digits printed under the QR code
        assert verify_code(s, printed).verdict == Verdict.MATCHES
        assert (
            verify_code(s, f"DD1:{'0' * 8}-0000-0000-0000-{'0' * 12}:{'a' * 64}").verdict == Verdict.UNKNOWN
        )
        needs.add_decision(s, d, needs.DecisionInput("", "Meet again in June"))
        assert verify_code(s, code).verdict == Verdict.CHANGED


@pytest.mark.parametrize("bad", ["", "DD1:x", "DD2:abc:" + "a" * 64, "DD1:abc:123", "DD1:abc:" + "g" * 64])
def test_malformed_codes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_code(bad)


def test_consent_changes_what_the_annex_prints_but_not_the_approved_code(store: Store) -> None:
    from dialogue_desktop.core.services import attendance
    from dialogue_desktop.core.services.participants import participant_input, update_participant

    d = make_dialogue(store, participants=3)
    before = _fingerprint(store, d)
    with store.unit_of_work() as s:
        first = attendance.list_attendance(s, d)[0]
        data = participant_input(s, first.participant_id)
        data.consent_data = not data.consent_data
        update_participant(s, first.participant_id, data)
    with store.unit_of_work() as s:
        after = gather_minutes(s, d)
    assert after.participants[0].named != (not data.consent_data)  # the annex follows the consent now
    assert minutes_fingerprint(after) == before  # a paper copy printed before still matches
    with store.unit_of_work() as s:
        data.name_latin = "Another name"
        update_participant(s, first.participant_id, data)
    assert _fingerprint(store, d) != before  # what the record holds still counts
