"""Attendance at the door: one attendance per person, undo, the door list, counts-only mode, locking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dialogue_desktop.core.domain.enums import (
    AttendanceRole,
    DialogueKind,
    DialogueStatus,
    Difficulty,
    Group,
    OrganisationKind,
    Sex,
)
from dialogue_desktop.core.domain.models import Attendance, Dialogue, Organisation, Participant
from dialogue_desktop.core.services.attendance import (
    list_attendance,
    register,
    register_new,
    set_tally,
    set_tally_only,
    unregister,
)
from dialogue_desktop.core.services.counts import attendance_counts
from dialogue_desktop.core.services.errors import LockedError, UserError, ValidationError
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_indigenous_group,
    create_participant,
)
from dialogue_desktop.core.store.store import Store


def dialogue(session, day: date = date(2024, 3, 5), status: DialogueStatus = DialogueStatus.HELD) -> str:
    d = Dialogue(kind=DialogueKind.COMMUNE, title_en="Commune dialogue", date=day, status=status)
    session.add(d)
    session.flush()
    return d.id


def organisation(session, name_en: str, kind: OrganisationKind) -> str:
    org = Organisation(name_en=name_en, kind=kind)
    session.add(org)
    session.flush()
    return org.id


def person(session, name_km: str, **kw: object) -> str:
    return create_participant(session, ParticipantInput(name_km=name_km, **kw))  # type: ignore[arg-type]


def live_attendance(session, dialogue_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.dialogue_id == dialogue_id, Attendance.deleted.is_(False))
        )
    )


def test_register_defaults_to_the_persons_organisation(store: Store) -> None:
    with store.unit_of_work() as s:
        cso = organisation(s, "Women's Network", OrganisationKind.CSO)
        d = dialogue(s)
        pid = person(s, "ស្រី សុខា", organisation_id=cso)
        a = s.get(Attendance, register(s, d, pid, signed=True))
        assert a is not None
        assert (a.organisation_id, a.signed, a.role) == (cso, True, AttendanceRole.PARTICIPANT)
        assert a.arrived_at is not None


def test_registering_twice_never_makes_a_duplicate(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        pid = person(s, "សុខ វាសនា")
        first = register(s, d, pid)
    with store.unit_of_work() as s:
        again = register(s, d, pid, signed=True)
        record = s.get(Attendance, again)
        assert again == first and record is not None and record.signed
        assert live_attendance(s, d) == 1
        assert [r.participant_id for r in list_attendance(s, d)] == [pid]


def test_undo_then_register_again_revives_the_same_record(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        pid = person(s, "ចាន់ ដារ៉ា")
        first = register(s, d, pid)
    with store.unit_of_work() as s:
        unregister(s, first)
        assert list_attendance(s, d) == []
        assert attendance_counts(s, d).total == 0
    with store.unit_of_work() as s:
        again = register(s, d, pid, role=AttendanceRole.SPEAKER)
        record = s.get(Attendance, again)
        assert again == first and record is not None
        assert not record.deleted and record.role == AttendanceRole.SPEAKER
        assert s.scalar(select(func.count()).select_from(Attendance)) == 1


def test_register_new_creates_the_person_and_the_attendance(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        a = s.get(
            Attendance,
            register_new(s, d, ParticipantInput(name_km="ស្រី\u200bសុខា", sex=Sex.FEMALE, birth_year=2001)),
        )
        assert a is not None
        p = s.get(Participant, a.participant_id)
        assert p is not None and p.birth_year == 2001
    with store.unit_of_work() as s:
        assert [r.name_km for r in list_attendance(s, d)] == ["ស្រី\u200bសុខា"]


def test_register_new_with_bad_input_writes_nothing(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
    with pytest.raises(ValidationError) as caught, store.unit_of_work() as s:
        register_new(s, d, ParticipantInput(name_km="សុខា", birth_year=1850))
    assert caught.value.for_field("birth_year")
    with store.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 0
        assert live_attendance(s, d) == 0


def test_register_refuses_a_deleted_organisation_or_unknown_role(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        pid = person(s, "សុខា")
        org = organisation(s, "Closed", OrganisationKind.CSO)
        s.get(Organisation, org).deleted = True  # type: ignore[union-attr]
        with pytest.raises(ValidationError) as caught:
            register(s, d, pid, role="guest", organisation_id=org)
        assert {e.field for e in caught.value.errors} == {"role", "organisation_id"}


def test_approved_minutes_are_locked(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        pid = person(s, "សុខា")
        other = person(s, "ដារ៉ា")
        attendance_id = register(s, d, pid)
        s.get(Dialogue, d).status = DialogueStatus.MINUTES_APPROVED  # type: ignore[union-attr]
    with store.unit_of_work() as s:
        for attempt in (
            lambda: register(s, d, other),
            lambda: register_new(s, d, ParticipantInput(name_km="ថ្មី")),
            lambda: unregister(s, attendance_id),
            lambda: set_tally(s, d, female=3),
            lambda: set_tally_only(s, d, True),
        ):
            with pytest.raises(LockedError):
                attempt()
        assert live_attendance(s, d) == 1


def test_door_list_shows_groups_at_the_dialogue_date(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s, date(2024, 3, 5))
        gov = organisation(s, "Commune Council", OrganisationKind.LOCAL_AUTHORITY)
        cso = organisation(s, "CHRAC", OrganisationKind.CSO)
        kuy = create_indigenous_group(s, "កួយ", "Kuy")
        young = person(
            s,
            "សុខា",
            sex=Sex.FEMALE,
            birth_year=1994,
            indigenous_group_id=kuy,
            wg_hearing=Difficulty.CANNOT,
            organisation_id=cso,
        )
        older = person(s, "វាសនា", sex=Sex.MALE, birth_year=1993, wg_seeing=Difficulty.SOME)
        register(s, d, young, organisation_id=gov)  # represents the commune council today
        register(s, d, older)
    with store.unit_of_work() as s:
        first, second = list_attendance(s, d)
    assert first.participant_id == young
    assert (first.youth, first.indigenous, first.indigenous_group_en, first.disability) == (
        True,
        True,
        "Kuy",
        True,
    )
    assert (first.group, first.organisation_name_en) == (Group.GOVERNMENT, "Commune Council")
    assert (second.youth, second.indigenous, second.disability) == (False, False, False)  # 31 in 2024
    assert (second.group, second.organisation_name_en) == (Group.COMMUNITY, "")


def test_tally_refuses_negative_and_inconsistent_numbers(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        with pytest.raises(ValidationError) as caught:
            set_tally(s, d, female=-1, male="abc", youth=2)
        assert {e.field for e in caught.value.errors} == {"female", "male"}
        assert "0" in caught.value.for_field("female")[0].text()
        with pytest.raises(ValidationError) as caught:
            set_tally(s, d, female=3, male=2, youth=6, cso=4, community=2)
        assert {e.field for e in caught.value.errors} == {"youth", "cso"}
        set_tally(s, d, female="១២", male=10, youth=7, government=5, cso=9, community=8)
        dia = s.get(Dialogue, d)
        assert dia is not None
        assert (dia.tally_female, dia.tally_male, dia.tally_youth, dia.tally_community) == (12, 10, 7, 8)
        with pytest.raises(TypeError):
            set_tally(s, d, women=3)


def test_counts_only_mode_keeps_what_was_counted_at_the_door(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        register(s, d, person(s, "សុខា", sex=Sex.FEMALE, birth_year=2000))
        register(s, d, person(s, "វាសនា", sex=Sex.MALE))
        set_tally_only(s, d, True)
        counts = attendance_counts(s, d)
        assert (counts.total, counts.female, counts.male, counts.youth, counts.community) == (2, 1, 1, 1, 2)
        with pytest.raises(UserError):
            register(s, d, person(s, "ដារ៉ា"))
        set_tally(s, d, female=20)
        assert attendance_counts(s, d).total == 21
        set_tally_only(s, d, False)
        assert attendance_counts(s, d).total == 2
