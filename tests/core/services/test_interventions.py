"""Voices: named and unnamed speaking turns, and each group's share of them next to its share of attendance."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus, Difficulty, OrganisationKind, Sex
from dialogue_desktop.core.domain.models import AgendaItem, Dialogue, IndigenousGroup, Organisation
from dialogue_desktop.core.services.attendance import register
from dialogue_desktop.core.services.errors import LockedError, ValidationError
from dialogue_desktop.core.services.interventions import (
    delete_intervention,
    list_interventions,
    log_named,
    log_unnamed,
    voice_shares,
)
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store


def dialogue(session, **kw: object) -> str:
    d = Dialogue(kind=DialogueKind.PROVINCIAL, title_en="Provincial dialogue", date=date(2024, 3, 5), **kw)
    session.add(d)
    session.flush()
    return d.id


def agenda_item(session, dialogue_id: str, title_en: str) -> str:
    item = AgendaItem(dialogue_id=dialogue_id, title_en=title_en, title_km="របៀបវារៈ")
    session.add(item)
    session.flush()
    return item.id


def person(session, name_km: str, **kw: object) -> str:
    return create_participant(session, ParticipantInput(name_km=name_km, **kw))  # type: ignore[arg-type]


def test_named_and_unnamed_turns_are_listed_in_order(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        item = agenda_item(s, d, "Land")
        sokha = person(s, "ស្រី សុខា", sex=Sex.FEMALE, birth_year=1999)
        first = log_named(s, d, sokha, agenda_item_id=item, note="  asked about land titles ")
        second = log_unnamed(s, d, Sex.MALE, youth=True)
        removed = log_unnamed(s, d, "female")
        delete_intervention(s, removed)
    with store.unit_of_work() as s:
        rows = list_interventions(s, d)
    assert [r.id for r in rows] == [first, second]
    assert (rows[0].name_km, rows[0].sex, rows[0].youth) == ("ស្រី សុខា", Sex.FEMALE, True)
    assert (rows[0].agenda_title_en, rows[0].note) == ("Land", "asked about land titles")
    assert (rows[1].participant_id, rows[1].sex, rows[1].youth) == (None, Sex.MALE, True)


def test_wrong_input_is_refused(store: Store) -> None:
    with store.unit_of_work() as s:
        d, elsewhere = dialogue(s), dialogue(s)
        foreign_item = agenda_item(s, elsewhere, "Other")
        pid = person(s, "សុខា")
        with pytest.raises(ValidationError) as caught:
            log_unnamed(s, d, "unknown", agenda_item_id=foreign_item)
        assert {e.field for e in caught.value.errors} == {"sex", "agenda_item_id"}
        with pytest.raises(ValidationError) as caught:
            log_named(s, d, pid, note="x" * 501)
        assert caught.value.for_field("note")


def test_approved_minutes_refuse_new_and_deleted_turns(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        pid = person(s, "សុខា")
        turn = log_named(s, d, pid)
        s.get(Dialogue, d).status = DialogueStatus.MINUTES_APPROVED  # type: ignore[union-attr]
    with store.unit_of_work() as s:
        with pytest.raises(LockedError):
            log_named(s, d, pid)
        with pytest.raises(LockedError):
            log_unnamed(s, d, Sex.FEMALE)
        with pytest.raises(LockedError):
            delete_intervention(s, turn)


def test_voice_shares_next_to_attendance(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        gov = Organisation(name_en="Provincial Hall", kind=OrganisationKind.PROVINCIAL_DEPARTMENT)
        cso = Organisation(name_en="NGO Forum", kind=OrganisationKind.CSO)
        tampuan = IndigenousGroup(name_en="Tampuan")
        s.add_all([gov, cso, tampuan])
        s.flush()
        # Present: a young indigenous woman with a disability (CSO), an older man (government), a woman
        # with no organisation (community).
        young = person(
            s,
            "ស្រី សុខា",
            sex=Sex.FEMALE,
            birth_year=2002,
            indigenous_group_id=tampuan.id,
            wg_seeing=Difficulty.A_LOT,
            organisation_id=cso.id,
        )
        official = person(s, "សុខ វាសនា", sex=Sex.MALE, birth_year=1968, organisation_id=cso.id)
        villager = person(s, "ចាន់ នារី", sex=Sex.FEMALE, birth_year=1980)
        register(s, d, young)
        register(s, d, official, organisation_id=gov.id)  # speaks for government today
        register(s, d, villager)
        # Turns: the official three times, the young woman twice, an unnamed young man once.
        for _ in range(3):
            log_named(s, d, official)
        log_named(s, d, young)
        log_named(s, d, young)
        log_unnamed(s, d, Sex.MALE, youth=True)
        shares = voice_shares(s, d)
    assert (shares.total_interventions, shares.total_attendance) == (6, 3)
    assert (shares.women.spoke, shares.women.present) == (2, 2)
    assert shares.women.spoke_share == pytest.approx(2 / 6)
    assert shares.women.present_share == pytest.approx(2 / 3)
    assert (shares.men.spoke, shares.men.present) == (4, 1)
    assert (shares.youth.spoke, shares.youth.present) == (3, 1)  # the unnamed young man counts as youth
    assert (shares.indigenous.spoke, shares.disability.spoke) == (2, 2)  # but in no other group
    assert (shares.government.spoke, shares.cso.spoke, shares.community.spoke) == (3, 2, 0)
    assert (shares.government.present, shares.cso.present, shares.community.present) == (1, 1, 1)
    assert shares.community.spoke_share == 0
    assert [r.key for r in shares.rows()] == [
        "women",
        "men",
        "youth",
        "indigenous",
        "disability",
        "government",
        "cso",
        "community",
    ]


def test_no_turns_and_nobody_present_give_zero_shares(store: Store) -> None:
    with store.unit_of_work() as s:
        shares = voice_shares(s, dialogue(s))
    assert shares.total_interventions == 0 and shares.total_attendance == 0
    assert all(r.spoke_share == 0 and r.present_share == 0 for r in shares.rows())
