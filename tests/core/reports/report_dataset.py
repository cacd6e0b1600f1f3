"""A small fixed programme built through the services, with every case the indicators must get right.

Hand-computed expectations live in the tests; this module only builds the records (see the comments for
who is in which group). "Today" is TODAY.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import (
    ActionStatus,
    AgeBand,
    DialogueKind,
    DialogueStatus,
    Difficulty,
    OrganisationKind,
    Sector,
    Sex,
)
from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.services import actions, attendance, dialogues, interventions, needs, organisations
from dialogue_desktop.core.services import participants as people
from dialogue_desktop.core.services.places import KAMPONG_CHAM, SIEM_REAP
from dialogue_desktop.core.store.store import Store

TODAY = date(2024, 7, 1)


@dataclass
class Ids:
    dialogues: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    attendance: dict[str, str] = field(default_factory=dict)  # "d1:A" → id


def _dialogue(
    s: Session, name: str, kind: DialogueKind, day: date, province: str, status: DialogueStatus
) -> str:
    d = dialogues.create_dialogue(
        s, dialogues.DialogueInput(kind=kind, title_en=f"Dialogue {name}", title_km=f"កិច្ចសន្ទនា {name}", date=day,
                                   province_code=province)
    )  # fmt: skip
    return d


def _advance(s: Session, dialogue_id: str, status: DialogueStatus) -> None:
    for step in dialogues.LIFECYCLE[1 : dialogues.LIFECYCLE.index(status) + 1]:
        dialogues.set_status(s, dialogue_id, step)


def build(store: Store) -> Ids:
    ids = Ids()
    with store.unit_of_work() as s:
        org = ids.organisations
        for key, kind in (
            ("gov", OrganisationKind.PROVINCIAL_DEPARTMENT),
            ("cso", OrganisationKind.CSO),
            ("dp", OrganisationKind.DEVELOPMENT_PARTNER),
        ):
            org[key] = organisations.create_organisation(
                s, organisations.OrganisationInput(name_en=f"Org {key}", name_km=f"អង្គការ {key}", kind=kind)
            )
        kreung = people.create_indigenous_group(s, "គ្រឹង", "Kreung")

        def person(key: str, **values: object) -> str:
            data = people.ParticipantInput(name_latin=f"Person {key}", name_km=f"បុគ្គល {key}", **values)  # type: ignore[arg-type]
            ids.people[key] = people.create_participant(s, data)
            return ids.people[key]

        # A: young indigenous woman with a disability, CSO; consented.
        person("A", sex=Sex.FEMALE, birth_year=2000, indigenous_group_id=kreung, wg_walking=Difficulty.A_LOT,
               organisation_id=org["cso"], phone="012 345 678", consent_data=True)  # fmt: skip
        person(
            "B",
            sex=Sex.MALE,
            birth_year=1970,
            organisation_id=org["gov"],
            phone="011 111 111",
            consent_data=True,
        )
        # C: community woman who did NOT consent to her data being used.
        person("C", sex=Sex.FEMALE, birth_year=1980, phone="099 999 999", consent_data=False)
        person(
            "D", sex=Sex.MALE, age_band=AgeBand.FROM_15_TO_24, organisation_id=org["dp"], consent_data=True
        )
        person("E", sex=Sex.FEMALE, birth_year=1990, organisation_id=org["gov"], consent_data=True)
        person(
            "E2", sex=Sex.FEMALE, birth_year=1990, organisation_id=org["gov"], consent_data=True
        )  # E, twice
        person("F", sex=Sex.MALE, birth_year=1985, consent_data=True)  # deleted later

        d = ids.dialogues
        d["d1"] = _dialogue(
            s, "d1", DialogueKind.DISTRICT, date(2024, 2, 10), KAMPONG_CHAM, DialogueStatus.HELD
        )
        d["d2"] = _dialogue(
            s, "d2", DialogueKind.COMMUNE, date(2024, 5, 20), KAMPONG_CHAM, DialogueStatus.HELD
        )
        d["d3"] = _dialogue(
            s, "d3", DialogueKind.PROVINCIAL, date(2024, 3, 15), SIEM_REAP, DialogueStatus.HELD
        )
        d["d4"] = _dialogue(s, "d4", DialogueKind.DISTRICT, date(2024, 4, 2), SIEM_REAP, DialogueStatus.HELD)
        d["d5"] = _dialogue(
            s, "d5", DialogueKind.COMMUNE, date(2024, 6, 1), KAMPONG_CHAM, DialogueStatus.PLANNED
        )
        d["d6"] = _dialogue(
            s, "d6", DialogueKind.COMMUNE, date(2024, 6, 2), KAMPONG_CHAM, DialogueStatus.HELD
        )

        def arrive(dialogue: str, key: str, organisation: str | None = None) -> None:
            ids.attendance[f"{dialogue}:{key}"] = attendance.register(
                s, d[dialogue], ids.people[key], organisation_id=organisation
            )

        for key in ("A", "B", "C", "D", "F", "E"):
            arrive("d1", key)
        attendance.unregister(s, ids.attendance.pop("d1:E"))  # registered by mistake
        arrive("d2", "A", org["gov"])  # A spoke for the government that day
        for key in ("E", "E2", "B"):
            arrive("d2", key)
        attendance.set_tally_only(s, d["d3"], True)
        attendance.set_tally(s, d["d3"], female=10, male=8, other=0, youth=5, indigenous=2, disability=1,
                             government=6, cso=4, community=7)  # fmt: skip
        arrive("d4", "E2")
        arrive("d4", "C")
        arrive("d5", "A")  # planned: does not count
        arrive("d6", "B")  # deleted dialogue: does not count

        # Needs: d1 health + education, d2 health (+ a deleted land one), d4 health, d5 (planned) other.
        for dialogue, sector, text in (
            ("d1", Sector.HEALTH, "Clinic"), ("d1", Sector.EDUCATION, "School"), ("d2", Sector.HEALTH, "Water"),
            ("d4", Sector.HEALTH, "Nurse"), ("d5", Sector.OTHER, "Planned"),
        ):  # fmt: skip
            needs.add_need(s, d[dialogue], needs.NeedInput(text_en=text, sector=sector))
        needs.delete_need(s, needs.add_need(s, d["d2"], needs.NeedInput(text_en="Land", sector=Sector.LAND)))

        def action(key: str, dialogue: str, organisation: str | None, deadline: date) -> str:
            ids.actions[key] = actions.create_action(
                s, d[dialogue], actions.ActionInput(text_en=f"Action {key}", responsible_organisation_id=organisation,
                                                    deadline=deadline)
            )  # fmt: skip
            return ids.actions[key]

        def follow(key: str, day: date, status: ActionStatus) -> str:
            return actions.add_follow_up(
                s, ids.actions[key], actions.FollowUpInput(date=day, status=status, visit="Site visit")
            )

        action("a1", "d1", org["gov"], date(2024, 3, 31))
        follow("a1", date(2024, 3, 1), ActionStatus.IN_PROGRESS)
        follow("a1", date(2024, 4, 10), ActionStatus.DONE)  # done 60 days after the dialogue
        follow("a1", date(2024, 5, 1), ActionStatus.DONE)
        action("a2", "d1", org["gov"], date(2024, 5, 1))  # no follow-up: agreed and overdue
        action("a3", "d2", org["cso"], date(2024, 6, 30))
        follow("a3", date(2024, 6, 1), ActionStatus.DELAYED)  # delayed, overdue
        action("a4", "d2", None, date(2024, 12, 31))
        follow("a4", date(2024, 6, 10), ActionStatus.IN_PROGRESS)
        action("a5", "d4", org["cso"], date(2024, 5, 1))
        actions.delete_follow_up(s, follow("a5", date(2024, 4, 10), ActionStatus.DONE))  # a mistake, removed
        follow("a5", date(2024, 5, 2), ActionStatus.DONE)  # done 30 days after the dialogue
        action("a6", "d4", org["gov"], date(2024, 4, 30))
        follow("a6", date(2024, 4, 20), ActionStatus.DROPPED)  # past deadline but closed: not overdue
        actions.delete_action(s, action("a7", "d1", org["gov"], date(2024, 3, 1)))

        # Speaking turns: d1 A twice, B, an unnamed young woman, C (deleted); d2 A (for government), E2;
        # d4 C.
        interventions.log_named(s, d["d1"], ids.people["A"])
        interventions.log_named(s, d["d1"], ids.people["A"])
        interventions.log_named(s, d["d1"], ids.people["B"])
        interventions.log_unnamed(s, d["d1"], Sex.FEMALE, youth=True)
        interventions.delete_intervention(s, interventions.log_named(s, d["d1"], ids.people["C"]))
        interventions.log_named(s, d["d2"], ids.people["A"])
        interventions.log_named(s, d["d2"], ids.people["E2"])
        interventions.log_named(s, d["d4"], ids.people["C"])

        # E2 is E: merged (their d2 attendances become one, d4's moves to E).
        people.merge_participants(s, ids.people["E"], ids.people["E2"])
        s.get_one(Participant, ids.people["F"]).deleted = True  # F removed from the registry
        for key in ("d1", "d2", "d3", "d4", "d6"):
            _advance(s, d[key], DialogueStatus.HELD)
        dialogues.set_status(s, d["d2"], DialogueStatus.MINUTES_DRAFTED)
        dialogues.delete_dialogue(s, d["d6"])
        s.flush()
    return ids
