"""Disaggregated attendance counts: every group a person belongs to, at the dialogue's date, in SQL."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta

from dialogue_desktop.core.domain.enums import (
    WG_DOMAINS,
    ActionStatus,
    AgeBand,
    DialogueKind,
    Difficulty,
    Group,
    OrganisationKind,
    Sex,
    group_of,
)
from dialogue_desktop.core.domain.models import (
    Action,
    Attendance,
    Dialogue,
    IndigenousGroup,
    Organisation,
    Participant,
)
from dialogue_desktop.core.domain.rules import has_disability, is_youth
from dialogue_desktop.core.services.counts import Disaggregation, attendance_counts, badge_counts
from dialogue_desktop.core.store.store import Store

DAY = date(2024, 3, 5)


def dialogue(session, day: date = DAY, **kw: object) -> str:
    d = Dialogue(kind=DialogueKind.DISTRICT, title_en="District dialogue", date=day, **kw)
    session.add(d)
    session.flush()
    return d.id


def organisation(session, kind: OrganisationKind) -> str:
    org = Organisation(name_en=kind.value, kind=kind)
    session.add(org)
    session.flush()
    return org.id


def attendee(session, dialogue_id: str, org_that_day: str | None = None, **person: object) -> tuple[str, str]:
    p = Participant(name_km=str(person.pop("name_km", "ឈ្មោះ")), **person)
    session.add(p)
    session.flush()
    a = Attendance(dialogue_id=dialogue_id, participant_id=p.id, organisation_id=org_that_day)
    session.add(a)
    session.flush()
    return p.id, a.id


def test_a_person_counts_in_every_group_they_belong_to(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        kreung = IndigenousGroup(name_km="គ្រឹង", name_en="Kreung")
        s.add(kreung)
        s.flush()
        attendee(
            s, d, sex=Sex.FEMALE, birth_year=2000, indigenous_group_id=kreung.id, wg_walking=Difficulty.A_LOT
        )
        attendee(s, d, sex=Sex.MALE, birth_year=1970)
        counts = attendance_counts(s, d)
    assert counts == Disaggregation(
        total=2, female=1, male=1, youth=1, indigenous=1, disability=1, community=2
    )


def test_youth_is_reckoned_at_the_dialogue_date(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s, date(2024, 1, 1))
        attendee(s, d, birth_year=2009)  # 15: youth
        attendee(s, d, birth_year=1994)  # 30: youth
        attendee(s, d, birth_year=1993)  # 31: not youth
        attendee(s, d, birth_year=2010)  # 14: not youth
        attendee(s, d, age_band=AgeBand.FROM_15_TO_24)  # youth by band
        attendee(s, d, age_band=AgeBand.FROM_25_TO_30)  # youth by band
        attendee(s, d, age_band=AgeBand.FROM_31_TO_45)
        attendee(s, d, birth_year=1980, age_band=AgeBand.FROM_15_TO_24)  # the birth year wins
        attendee(s, d)  # nothing known
        assert attendance_counts(s, d).youth == 4
        later = dialogue(s, date(2026, 6, 1))
        attendee(s, later, birth_year=1994)  # 32 by then
        assert attendance_counts(s, later).youth == 0
        assert attendance_counts(s, d, youth_ages=(15, 24)).youth == 2


def test_disability_is_a_lot_of_difficulty_or_cannot_in_any_domain(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        attendee(s, d, wg_seeing=Difficulty.SOME, wg_hearing=Difficulty.SOME)
        attendee(s, d, wg_communicating=Difficulty.CANNOT)
        attendee(s, d, wg_self_care=Difficulty.A_LOT)
        attendee(s, d, wg_remembering=Difficulty.NONE)
        assert attendance_counts(s, d).disability == 2


def test_group_follows_the_organisation_represented_that_day(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        ministry = organisation(s, OrganisationKind.NATIONAL_INSTITUTION)
        ngo = organisation(s, OrganisationKind.CSO)
        cbo = organisation(s, OrganisationKind.COMMUNITY_BASED)
        donor = organisation(s, OrganisationKind.DEVELOPMENT_PARTNER)
        attendee(s, d, organisation_id=ngo)  # CSO
        attendee(s, d, org_that_day=ministry, organisation_id=ngo)  # government that day
        attendee(s, d, organisation_id=cbo)  # community
        attendee(s, d)  # no organisation: community
        attendee(s, d, org_that_day=donor)  # other
        counts = attendance_counts(s, d)
    assert (counts.government, counts.cso, counts.community, counts.other_group) == (1, 1, 2, 1)


def test_deleted_attendance_and_deleted_people_never_count(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        attendee(s, d, sex=Sex.FEMALE)
        _, removed_attendance = attendee(s, d, sex=Sex.FEMALE)
        removed_person, _ = attendee(s, d, sex=Sex.MALE)
        s.get(Attendance, removed_attendance).deleted = True  # type: ignore[union-attr]
        s.get(Participant, removed_person).deleted = True  # type: ignore[union-attr]
        other_dialogue = dialogue(s)
        attendee(s, other_dialogue, sex=Sex.MALE)
        counts = attendance_counts(s, d)
    assert (counts.total, counts.female, counts.male) == (1, 1, 0)


def test_a_person_registered_twice_by_two_laptops_counts_once(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(s)
        pid, _ = attendee(s, d, sex=Sex.FEMALE)
        s.add(Attendance(dialogue_id=d, participant_id=pid))  # arrived through sync from another laptop
        s.flush()
        assert attendance_counts(s, d).female == 1


def test_counts_only_dialogue_returns_its_tally(store: Store) -> None:
    with store.unit_of_work() as s:
        d = dialogue(
            s,
            tally_only=True,
            tally_female=12,
            tally_male=9,
            tally_other=1,
            tally_youth=5,
            tally_indigenous=3,
            tally_disability=2,
            tally_government=6,
            tally_cso=7,
            tally_community=8,
        )
        attendee(s, d, sex=Sex.FEMALE)  # names recorded before switching are not added to the tally
        counts = attendance_counts(s, d)
    assert counts == Disaggregation(
        total=22,
        female=12,
        male=9,
        other_sex=1,
        youth=5,
        indigenous=3,
        disability=2,
        government=6,
        cso=7,
        community=8,
        other_group=1,
    )


def test_sql_counts_agree_with_the_domain_rules(store: Store) -> None:
    """Random registries: the SQL aggregation gives what the Python rules give person by person."""
    rng = random.Random(20240305)
    kinds: list[OrganisationKind | None] = [*OrganisationKind, None]
    with store.unit_of_work() as s:
        d = dialogue(s, date(2023, 11, 20))
        group = IndigenousGroup(name_en="Brao")
        s.add(group)
        s.flush()
        orgs = {kind: organisation(s, kind) if kind else None for kind in kinds}
        expected = dict.fromkeys(asdict(Disaggregation()), 0)
        for _ in range(80):
            answers = {c: rng.choice([None, *Difficulty]) for c, _ in WG_DOMAINS}
            birth_year = rng.choice([None, *range(1950, 2015)])
            band = rng.choice([None, *AgeBand])
            sex = rng.choice(list(Sex))
            own, that_day = rng.choice(kinds), rng.choice([None, None, *kinds])
            indigenous = rng.random() < 0.3
            attendee(
                s,
                d,
                org_that_day=orgs[that_day],
                sex=sex,
                birth_year=birth_year,
                age_band=band,
                organisation_id=orgs[own],
                indigenous_group_id=group.id if indigenous else None,
                **answers,
            )
            expected["total"] += 1
            expected[
                {"female": "female", "male": "male", "other": "other_sex", "not_stated": "not_stated"}[sex]
            ] += 1
            expected["youth"] += is_youth(birth_year, band, date(2023, 11, 20))
            expected["indigenous"] += indigenous
            expected["disability"] += has_disability(answers)
            group_key = {
                Group.GOVERNMENT: "government",
                Group.CSO: "cso",
                Group.COMMUNITY: "community",
                Group.OTHER: "other_group",
            }[group_of(that_day if that_day is not None else own)]
            expected[group_key] += 1
        counts = attendance_counts(s, d)
    assert asdict(counts) == expected
    assert counts.female + counts.male + counts.other_sex + counts.not_stated == counts.total
    assert counts.government + counts.cso + counts.community + counts.other_group == counts.total


def test_the_badges_count_live_dialogues_and_overdue_open_actions(store: Store) -> None:
    with store.unit_of_work() as s:
        held = dialogue(s)
        dialogue(s)
        s.get(Dialogue, dialogue(s)).deleted = True  # type: ignore[union-attr]
        s.add_all(
            [
                Action(dialogue_id=held, text_en="Repair the well", deadline=date(2024, 4, 1)),  # overdue
                Action(
                    dialogue_id=held,
                    text_en="Report back",
                    deadline=date(2024, 4, 1),
                    status=ActionStatus.DONE,
                ),
                Action(dialogue_id=held, text_en="Plant trees", deadline=date.today() + timedelta(days=30)),
            ]
        )
    with store.unit_of_work() as s:
        assert badge_counts(s) == {"dialogues": 2, "overdue": 1}
