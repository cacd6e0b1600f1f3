"""Demo data: a realistic, bilingual programme of dialogues, deterministic for a seed.

Dialogues across the programme's provinces (a few national forums in Phnom Penh; provincial, district,
commune and preparatory dialogues in Kampong Cham, Siem Reap, Ratanakiri and Kampot) from 2020 to 2024,
with real districts and communes, organisations of every kind, a participant registry reused across
dialogues, attendance, interventions, agenda, needs, decisions, actions and their follow-ups.

Everything, ids included, comes from one `random.Random(seed)`, so the same seed gives the same content.
Rows go in through `store.bulk.bulk_insert` (with their change records) in one unit of work: 2,000
dialogues are about 100,000 attendance entries.
"""

from __future__ import annotations

import bisect
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import (
    WG_DOMAINS,
    ActionStatus,
    AgeBand,
    AttendanceRole,
    DialogueKind,
    DialogueStatus,
    Difficulty,
    OrganisationKind,
    Sector,
    Sex,
)
from dialogue_desktop.core.domain.models import (
    Action,
    ActionSupporter,
    AgendaItem,
    Attendance,
    Decision,
    Dialogue,
    DialogueFacilitator,
    DialogueOrganiser,
    Facilitator,
    FollowUp,
    IndigenousGroup,
    Intervention,
    Need,
    Organisation,
    Participant,
    Synced,
)
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services import demo_words as words
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.places import (
    KAMPONG_CHAM,
    KAMPOT,
    PHNOM_PENH,
    RATANAKIRI,
    SIEM_REAP,
    Place,
    communes,
    districts,
    find_place,
)
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.store import Store

Progress = Callable[[int, int], object]
Row = dict[str, Any]

FIELD_PROVINCES = (KAMPONG_CHAM, SIEM_REAP, RATANAKIRI, KAMPOT)
FIRST_DAY, LAST_DAY = date(2020, 3, 2), date(2024, 12, 20)
CAMBODIA = timedelta(hours=7)  # local time is UTC+7, all year
MEAN_ATTENDANCE = 50
VISITS_PER_PERSON = 4  # how often, on average, a person of the registry comes back
BATCH = 100  # dialogues per progress step


@dataclass(frozen=True)
class DemoSummary:
    dialogues: int
    participants: int
    organisations: int
    attendance: int
    actions: int
    follow_ups: int


@dataclass
class _Province:
    place: Place
    districts: list[Place]
    communes: dict[str, list[Place]]  # by district code
    departments: dict[Sector, str] = field(default_factory=dict)  # organisation ids
    administration: str = ""
    local: dict[str, str] = field(default_factory=dict)  # district/commune code -> authority id
    csos: list[str] = field(default_factory=list)
    cbos: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    facilitators: list[tuple[str, str]] = field(default_factory=list)  # (id, Latin name)
    pool: list[str] = field(default_factory=list)  # participant ids
    org_of: dict[str, str | None] = field(default_factory=dict)  # participant id -> organisation id


def _km_province(place: Place) -> str:
    return place.name_km if place.code == PHNOM_PENH else "ខេត្ត" + place.name_km


def _km_district(province: str, place: Place) -> str:
    return ("ខណ្ឌ" if province == PHNOM_PENH else "ស្រុក") + place.name_km


def _km_commune(province: str, place: Place) -> str:
    return ("សង្កាត់" if province == PHNOM_PENH else "ឃុំ") + place.name_km


class _Demo:
    def __init__(self, session: Session, seed: int) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.rows: dict[type[Synced], list[Row]] = {}
        self.national: list[tuple[str, OrganisationKind, str]] = []  # (id, kind, acronym)
        self.provinces: dict[str, _Province] = {}
        self.groups: list[tuple[str, int, int]] = []  # (id, Ratanakiri weight, elsewhere weight)
        self.counts: dict[type[Synced], int] = {}
        self.reporting: dict[str, tuple[list[date], list[Row]]] = {}  # dialogues by province, by date

    # --- helpers -------------------------------------------------------------------------------------------

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, model: type[Synced], **values: Any) -> str:
        values.setdefault("id", self.uid())
        self.rows.setdefault(model, []).append(values)
        return str(values["id"])

    def flush(self, *models: type[Synced]) -> None:
        """Write the collected rows of `models`, in that order (parents first)."""
        for model in models:
            rows = self.rows.pop(model, [])
            bulk_insert(self.session, model, rows)
            self.counts[model] = self.counts.get(model, 0) + len(rows)

    def pick(self, items: list[Any] | tuple[Any, ...]) -> Any:
        return items[self.rng.randrange(len(items))]

    def person_name(self, sex: Sex) -> tuple[str, str]:
        family_km, family_latin = self.pick(words.FAMILY_NAMES)
        given = words.FEMALE_NAMES if sex == Sex.FEMALE else words.MALE_NAMES
        if sex not in (Sex.FEMALE, Sex.MALE):
            given = self.pick((words.FEMALE_NAMES, words.MALE_NAMES))
        given_km, given_latin = self.pick(given)
        return f"{family_km} {given_km}", f"{family_latin} {given_latin}"

    def phone(self) -> str:
        return f"{self.pick(words.PHONE_PREFIXES)} {self.rng.randrange(100, 1000)} {self.rng.randrange(100, 1000)}"

    # --- the fixed cast: places, groups, organisations, facilitators ---------------------------------------

    def places(self) -> None:
        for code in (PHNOM_PENH, *FIELD_PROVINCES):
            place = find_place(code)
            assert place is not None
            chosen = self.rng.sample(list(districts(code)), min(4, len(districts(code))))
            chosen.sort(key=lambda d: d.code)
            communes_by_district = {}
            for district in chosen:
                available = list(communes(code, district.code))
                picked = self.rng.sample(available, min(3, len(available)))
                communes_by_district[district.code] = sorted(picked, key=lambda c: c.code)
            self.provinces[code] = _Province(place, chosen, communes_by_district)

    def indigenous_groups(self) -> None:
        existing = {
            name_en.casefold(): group_id
            for group_id, name_en in self.session.execute(
                select(IndigenousGroup.id, IndigenousGroup.name_en).where(IndigenousGroup.deleted.is_(False))
            )
        }
        for name_km, name_en, ratanakiri, elsewhere in words.INDIGENOUS_GROUPS:
            new_id = self.uid()  # drawn either way, so that the rest does not depend on what exists
            group_id = existing.get(name_en.casefold())
            if group_id is None:
                group_id = self.add(IndigenousGroup, id=new_id, name_km=name_km, name_en=name_en)
            self.groups.append((group_id, ratanakiri, elsewhere))
        self.flush(IndigenousGroup)

    def organisation(
        self, name_km: str, name_en: str, acronym: str, kind: OrganisationKind, province: str | None
    ) -> str:
        return self.add(
            Organisation, name_km=name_km, name_en=name_en, acronym=acronym, kind=kind, province_code=province
        )

    def organisations(self) -> None:
        for name_km, name_en, acronym, kind in words.NATIONAL_ORGANISATIONS:
            self.national.append((self.organisation(name_km, name_en, acronym, kind, None), kind, acronym))
        for code in FIELD_PROVINCES:
            province = self.provinces[code]
            p_km, p_en = _km_province(province.place), province.place.name_en
            province.administration = self.organisation(
                "រដ្ឋបាល" + p_km, f"{p_en} Provincial Administration", "PA",
                OrganisationKind.PROVINCIAL_DEPARTMENT, code,
            )  # fmt: skip
            for sector, (stem_km, stem_en, acronym) in words.DEPARTMENTS.items():
                province.departments[sector] = self.organisation(
                    stem_km + p_km,
                    f"{stem_en}, {p_en}",
                    acronym,
                    OrganisationKind.PROVINCIAL_DEPARTMENT,
                    code,
                )
            csos = list(words.PROVINCIAL_CSOS)
            for name_km, name_en, acronym in csos:
                province.csos.append(
                    self.organisation(
                        name_km.format(p=p_km), name_en.format(p=p_en), acronym, OrganisationKind.CSO, code
                    )
                )
            if code == RATANAKIRI:
                province.csos.append(self.organisation(*words.INDIGENOUS_CSO, OrganisationKind.CSO, code))
            province.others.append(
                self.organisation("សភាពាណិជ្ជកម្ម" + p_km, f"{p_en} Chamber of Commerce", "",
                                  OrganisationKind.PRIVATE_SECTOR, code)
            )  # fmt: skip
            for district in province.districts:
                province.local[district.code] = self.organisation(
                    "រដ្ឋបាល" + _km_district(code, district), f"{district.name_en} District Administration", "",
                    OrganisationKind.LOCAL_AUTHORITY, code,
                )  # fmt: skip
                for commune in province.communes[district.code]:
                    c_km = _km_commune(code, commune)
                    province.local[commune.code] = self.organisation(
                        "ក្រុមប្រឹក្សា" + c_km, f"{commune.name_en} Commune Council", "",
                        OrganisationKind.LOCAL_AUTHORITY, code,
                    )  # fmt: skip
                    templates = list(words.CBOS) + ([words.INDIGENOUS_CBO] if code == RATANAKIRI else [])
                    for cbo_km, cbo_en in self.rng.sample(templates, 2):
                        province.cbos.append(
                            self.organisation(cbo_km.format(c=c_km), cbo_en.format(c=commune.name_en), "",
                                              OrganisationKind.COMMUNITY_BASED, code)
                        )  # fmt: skip
        self.flush(Organisation)

    def facilitators(self) -> None:
        for code, province in self.provinces.items():
            for _ in range(2 if code != PHNOM_PENH else 3):
                sex = self.pick((Sex.FEMALE, Sex.MALE))
                name_km, name_latin = self.person_name(sex)
                facilitator_id = self.add(
                    Facilitator,
                    name_km=name_km,
                    name_latin=name_latin,
                    phone=self.phone(),
                    province_code=code,
                )
                province.facilitators.append((facilitator_id, name_latin))
        self.flush(Facilitator)

    # --- the participant registry -------------------------------------------------------------------------

    def organisation_for(self, province: _Province) -> str | None:
        roll = self.rng.random()
        if province.place.code == PHNOM_PENH or not province.departments:
            national = [org_id for org_id, _, _ in self.national]
            return self.pick(national) if roll < 0.9 else None
        if roll < 0.15:
            return self.pick(list(province.departments.values()))
        if roll < 0.30:
            return self.pick(list(province.local.values()))
        if roll < 0.50:
            return self.pick(province.csos)
        if roll < 0.75:
            return self.pick(province.cbos)
        if roll < 0.78:
            return self.pick(province.others)
        if roll < 0.80:
            return self.pick([org_id for org_id, _, _ in self.national])
        return None  # a villager speaking for themselves

    def participant(self, province: _Province) -> None:
        rng = self.rng
        roll = rng.random()
        sex = (
            Sex.FEMALE
            if roll < 0.53
            else Sex.MALE
            if roll < 0.985
            else Sex.OTHER
            if roll < 0.99
            else Sex.NOT_STATED
        )
        name_km, name_latin = self.person_name(sex)
        age = rng.randint(16, 30) if rng.random() < 0.35 else rng.randint(31, 70)
        birth_year: int | None = 2022 - age
        age_band: AgeBand | None = None
        if rng.random() < 0.05:  # some give an age band, not a year
            birth_year = None
            age_band = self.pick(
                (AgeBand.FROM_15_TO_24, AgeBand.FROM_25_TO_30, AgeBand.FROM_31_TO_45, AgeBand.FROM_46_TO_60)
            )
        code = province.place.code
        weights = [r if code == RATANAKIRI else e for _, r, e in self.groups]
        share = 0.45 if code == RATANAKIRI else 0.03
        group = (
            rng.choices(self.groups, weights=weights)[0][0] if rng.random() < share and any(weights) else None
        )
        answers: dict[str, Difficulty | None] = {column: None for column, _ in WG_DOMAINS}
        asked = rng.random()
        if asked < 0.7:
            answers = {column: Difficulty.NONE for column, _ in WG_DOMAINS}
            if rng.random() < 0.1:
                column = self.pick([c for c, _ in WG_DOMAINS])
                answers[column] = self.pick(
                    (Difficulty.SOME, Difficulty.SOME, Difficulty.A_LOT, Difficulty.CANNOT)
                )
        organisation_id = self.organisation_for(province)
        commune = None
        if province.communes and rng.random() < 0.6:
            commune = self.pick([c.code for cs in province.communes.values() for c in cs])
        position = self.pick(words.POSITIONS)
        phone = self.phone() if rng.random() < 0.8 else ""
        consent_data = rng.random() < 0.93
        participant_id = self.add(
            Participant, name_km=name_km, name_latin=name_latin, sex=sex, birth_year=birth_year, age_band=age_band,
            indigenous_group_id=group, organisation_id=organisation_id, position=position,
            phone=phone if consent_data else "",  # no contact details without consent (services/consent.py)
            province_code=code, commune_code=commune,
            consent_data=consent_data, consent_photo=rng.random() < 0.7, **answers,
        )  # fmt: skip
        province.pool.append(participant_id)
        province.org_of[participant_id] = organisation_id

    # --- dialogues ------------------------------------------------------------------------------------------

    def plan(self, total: int) -> list[Row]:
        """The dialogues' own rows, by date, with kind, place, title and status decided."""
        rng = self.rng
        forums = 0 if total < 3 else max(1, round(total * 0.02))
        plans: list[Row] = []
        span = (LAST_DAY - FIRST_DAY).days
        for index in range(total):
            if index < forums:
                code, kind = PHNOM_PENH, DialogueKind.NATIONAL_FORUM
            else:
                code = FIELD_PROVINCES[(index - forums) % len(FIELD_PROVINCES)]
                kind = rng.choices(
                    (
                        DialogueKind.PROVINCIAL,
                        DialogueKind.DISTRICT,
                        DialogueKind.COMMUNE,
                        DialogueKind.PREPARATORY,
                    ),
                    weights=(20, 30, 35, 15),
                )[0]
            day = FIRST_DAY + timedelta(days=rng.randrange(span))
            if day.weekday() == 6:  # no dialogues on Sundays
                day -= timedelta(days=1)
            plans.append(self.dialogue_row(code, kind, day))
        plans.sort(key=lambda row: (row["date"], row["id"]))
        planned = max(1, round(total * 0.04)) if total >= 5 else 0
        held, drafted = max(1, round(total * 0.03)), max(1, round(total * 0.07))
        for position, row in enumerate(reversed(plans)):
            if position < planned:
                row["status"] = DialogueStatus.PLANNED
            elif position < planned + held:
                row["status"] = DialogueStatus.HELD
            elif position < planned + held + drafted:
                row["status"] = DialogueStatus.MINUTES_DRAFTED
            else:
                row["status"] = DialogueStatus.MINUTES_APPROVED
                approved = datetime.combine(row["date"] + timedelta(days=rng.randint(7, 30)), time(9), UTC)
                row["approved_at"] = approved
        held_ones = [r for r in plans if r["status"] != DialogueStatus.PLANNED]
        small = [
            r for r in held_ones if r["kind"] in (DialogueKind.COMMUNE, DialogueKind.PREPARATORY)
        ] or held_ones
        for row in (
            rng.sample(small, min(len(small), max(1, round(len(held_ones) * 0.07)))) if held_ones else []
        ):
            self.tally(row)
        for row in held_ones:
            self.summary(row)
        return plans

    def tally(self, row: Row) -> None:
        """A dialogue recorded by counts only (no sign-in sheet was kept)."""
        rng = self.rng
        size = max(15, min(95, int(rng.gauss(MEAN_ATTENDANCE, 12))))
        female = rng.randint(size * 2 // 5, size * 3 // 5)
        government = rng.randint(size // 5, size // 3)
        cso = rng.randint(size // 5, size // 3)
        indigenous = (
            rng.randint(size // 3, size // 2) if row["province_code"] == RATANAKIRI else rng.randint(0, 2)
        )
        row.update(
            tally_only=True, tally_female=female, tally_male=size - female, tally_other=0,
            tally_youth=rng.randint(size // 8, size // 3), tally_indigenous=indigenous,
            tally_disability=rng.randint(0, 3), tally_government=government, tally_cso=cso,
            tally_community=size - government - cso,
        )  # fmt: skip

    def summary(self, row: Row) -> None:
        theme_km, theme_en = row["_theme"]
        sentences = self.rng.sample(words.SUMMARY[1:], 2)
        first_km, first_en = words.SUMMARY[0]
        row["discussion_summary"] = (
            first_km.format(t=theme_km) + "".join(km for km, _ in sentences)
            + "\n\n" + first_en.format(t=theme_en) + " " + " ".join(en for _, en in sentences)
        )  # fmt: skip

    def dialogue_row(self, code: str, kind: DialogueKind, day: date) -> Row:
        rng = self.rng
        province = self.provinces[code]
        theme_km, theme_en, sector = self.pick(words.THEMES)
        prefix_km, prefix_en = words.KIND_TITLES[kind]
        district = commune = None
        where_km, where_en = _km_province(province.place), province.place.name_en
        venue = f"សាលប្រជុំរដ្ឋបាល{where_km}" if rng.random() < 0.7 else f"{where_en} Provincial Hall"
        if kind == DialogueKind.NATIONAL_FORUM:
            venue = self.pick(("សាលប្រជុំក្រសួងមហាផ្ទៃ", "Ministry of Interior conference hall"))
            district = province.districts[0]
        elif kind == DialogueKind.DISTRICT:
            district = self.pick(province.districts)
            where_km, where_en = _km_district(code, district), f"{district.name_en} district"
            venue = f"សាលា{where_km}" if rng.random() < 0.7 else f"{district.name_en} district hall"
        elif kind in (DialogueKind.COMMUNE, DialogueKind.PREPARATORY):
            district = self.pick(province.districts)
            commune = self.pick(province.communes[district.code])
            where_km, where_en = _km_commune(code, commune), f"{commune.name_en} commune"
            venue = f"សាលា{where_km}" if rng.random() < 0.6 else self.pick(
                (f"{commune.name_en} commune hall", f"Pagoda of {commune.name_en}", f"{commune.name_en} primary school")
            )  # fmt: skip
        start = time(self.pick((8, 8, 8, 13)), self.pick((0, 30)))
        end = (datetime.combine(day, start) + timedelta(minutes=self.pick((180, 210, 240)))).time()
        second_km, second_en, _ = self.pick(words.THEMES)
        return {
            "id": self.uid(), "kind": kind, "date": day, "start_time": start, "end_time": end,
            "title_km": f"{prefix_km}{theme_km} {where_km}", "title_en": f"{prefix_en}{theme_en}, {where_en}",
            "province_code": code, "district_code": district.code if district else None,
            "commune_code": commune.code if commune else None, "venue": venue,
            "themes": f"{theme_km}; {second_km}\n{theme_en}; {second_en}", "tally_only": False,
            "_sector": sector, "_theme": (theme_km, theme_en),
        }  # fmt: skip

    def build_registry(self, plans: list[Row]) -> None:
        seats: dict[str, int] = {}
        for row in plans:
            seats[row["province_code"]] = seats.get(row["province_code"], 0) + MEAN_ATTENDANCE
        for code, province in self.provinces.items():
            size = max(80, seats.get(code, 0) // VISITS_PER_PERSON)
            for _ in range(size):
                self.participant(province)
        self.flush(Participant)

    def fill(self, row: Row) -> None:
        """Everything recorded for one dialogue: links, agenda, attendance, needs, decisions, actions."""
        rng = self.rng
        code: str = row["province_code"]
        province = self.provinces[code]
        status: DialogueStatus = row["status"]
        sector: Sector = row["_sector"]
        theme_km, theme_en = row["_theme"]
        dialogue_id = row["id"]
        day: date = row["date"]
        national = row["kind"] == DialogueKind.NATIONAL_FORUM
        chrac = self.national[[a for _, _, a in self.national].index("CHRAC")][0]
        undp = self.national[[a for _, _, a in self.national].index("UNDP")][0]
        organisers = [chrac, undp] if national else [province.administration, chrac]
        if not national and rng.random() < 0.5:
            organisers.append(self.pick(province.csos))
        for organisation_id in organisers:
            self.add(DialogueOrganiser, dialogue_id=dialogue_id, organisation_id=organisation_id)
        runners = rng.sample(province.facilitators, min(len(province.facilitators), rng.randint(1, 2)))
        for facilitator_id, _ in runners:
            self.add(DialogueFacilitator, dialogue_id=dialogue_id, facilitator_id=facilitator_id)

        agenda_ids: list[str] = []
        for position, (title_km, title_en, low, high) in enumerate(words.AGENDA):
            presenter = runners[0][1] if position in (3, 4) else ("CHRAC" if position == 6 else "")
            agenda_ids.append(
                self.add(
                    AgendaItem,
                    dialogue_id=dialogue_id,
                    position=position,
                    title_km=title_km.format(t=theme_km),
                    title_en=title_en.format(t=theme_en),
                    presenter=presenter,
                    duration_minutes=rng.randrange(low, high + 1, 5),
                )  # fmt: skip
            )

        attendees = self.attendance(row, province)
        if status == DialogueStatus.PLANNED:
            return
        if not row["tally_only"]:
            for _ in range(rng.randint(3, 12)):
                named = rng.random() < 0.8 and attendees
                spoken = (
                    datetime.combine(day, row["start_time"])
                    - CAMBODIA
                    + timedelta(minutes=rng.randint(20, 170))
                )
                self.add(
                    Intervention, dialogue_id=dialogue_id, participant_id=self.pick(attendees) if named else None,
                    agenda_item_id=self.pick(agenda_ids[3:6]), unnamed_sex=None if named else self.pick((Sex.FEMALE, Sex.MALE)),
                    unnamed_youth=False if named else rng.random() < 0.3, spoken_at=spoken.replace(tzinfo=UTC),
                )  # fmt: skip
        for decision_position, (text_km, text_en) in enumerate(
            rng.sample(words.DECISIONS, rng.randint(1, 3))
        ):
            self.add(
                Decision,
                dialogue_id=dialogue_id,
                position=decision_position,
                text_km=text_km,
                text_en=text_en,
            )
        sectors = [sector] + [s for s in rng.sample(list(words.NEEDS), 3) if s != sector][: rng.randint(1, 3)]
        for need_sector in sectors:
            text_km, text_en = self.pick(words.NEEDS[need_sector])
            need_id = self.add(
                Need, dialogue_id=dialogue_id, text_km=text_km, text_en=text_en, sector=need_sector,
                raised_by=self.pick(words.RAISED_BY),
                raised_by_participant_id=self.pick(attendees) if attendees and rng.random() < 0.3 else None,
            )  # fmt: skip
            if rng.random() < 0.8:
                self.action(row, province, need_id, need_sector)

    def attendance(self, row: Row, province: _Province) -> list[str]:
        """Attendance entries (invitations only, for a planned dialogue); the tally for tally-only ones."""
        rng = self.rng
        national = row["kind"] == DialogueKind.NATIONAL_FORUM
        size = rng.randint(110, 170) if national else max(15, min(95, int(rng.gauss(MEAN_ATTENDANCE, 12))))
        if row["tally_only"]:
            return []
        if national:
            pools = [(p, pid) for p in self.provinces.values() for pid in p.pool]
            chosen = rng.sample(pools, min(size, len(pools)))
        else:
            chosen = [(province, pid) for pid in rng.sample(province.pool, min(size, len(province.pool)))]
        planned = row["status"] == DialogueStatus.PLANNED
        if planned:
            chosen = chosen[: max(10, len(chosen) * 3 // 5)]
        start = datetime.combine(row["date"], row["start_time"]) - CAMBODIA
        for owner, participant_id in chosen:
            roll = rng.random()
            role = (
                AttendanceRole.PARTICIPANT if roll < 0.86 else AttendanceRole.SPEAKER if roll < 0.92
                else AttendanceRole.ORGANISER if roll < 0.96 else AttendanceRole.OBSERVER
            )  # fmt: skip
            self.add(
                Attendance, dialogue_id=row["id"], participant_id=participant_id, role=role,
                organisation_id=owner.org_of[participant_id], signed=not planned and rng.random() < 0.96,
                invited=planned or rng.random() < 0.6,
                arrived_at=None if planned else (start + timedelta(minutes=rng.randint(-40, 50))).replace(tzinfo=UTC),
            )  # fmt: skip
        return [pid for _, pid in chosen]

    def action(self, row: Row, province: _Province, need_id: str, sector: Sector) -> None:
        rng = self.rng
        text_km, text_en, indicator = words.ACTIONS[sector]
        department = province.departments.get(words.DEPARTMENT_OF.get(sector, sector))
        if department is None or rng.random() < 0.25:
            responsible = province.local.get(
                row["commune_code"] or row["district_code"] or "", province.administration
            )
        else:
            responsible = department
        if not responsible:  # national forum: a ministry answers
            responsible = self.pick([org_id for org_id, kind, _ in self.national
                                     if kind == OrganisationKind.NATIONAL_INSTITUTION])  # fmt: skip
        day: date = row["date"]
        deadline = day + timedelta(days=rng.randrange(60, 300, 15))
        action_id = self.add(
            Action, dialogue_id=row["id"], need_id=need_id, text_km=text_km, text_en=text_en,
            responsible_organisation_id=responsible, responsible_person=self.person_name(self.pick((Sex.FEMALE, Sex.MALE)))[1],
            deadline=deadline, indicator=indicator, status=ActionStatus.AGREED,
        )  # fmt: skip
        action = self.rows[Action][-1]
        helpers = province.csos + [
            org_id for org_id, kind, _ in self.national if kind == OrganisationKind.DEVELOPMENT_PARTNER
        ]
        for organisation_id in rng.sample(helpers, rng.randint(0, 2)):
            self.add(ActionSupporter, action_id=action_id, organisation_id=organisation_id)
        outcome = rng.choices(
            (
                ActionStatus.DONE,
                ActionStatus.DROPPED,
                ActionStatus.IN_PROGRESS,
                ActionStatus.DELAYED,
                ActionStatus.AGREED,
            ),
            weights=(45, 8, 20, 15, 12),
        )[0]
        if outcome == ActionStatus.AGREED:
            return
        steps = rng.randint(1, 3)
        statuses = [ActionStatus.IN_PROGRESS] * (steps - 1) + [outcome]
        progress = 0
        when = day
        dates, reporting = self.reporting[row["province_code"]]
        for number, status in enumerate(statuses):
            when = min(LAST_DAY, when + timedelta(days=rng.randint(30, 120)))
            progress = 100 if status == ActionStatus.DONE else min(95, progress + rng.randint(10, 40))
            index = bisect.bisect_left(dates, when)
            at_dialogue = index < len(reporting) and reporting[index]["status"] != DialogueStatus.PLANNED
            if at_dialogue and rng.random() < 0.6:
                reported_at, visit, when = reporting[index]["id"], "", max(when, reporting[index]["date"])
            else:
                reported_at, visit = None, self.pick(words.VISITS)
            note = self.pick(words.FOLLOW_UP_NOTES) if number == len(statuses) - 1 else ""
            self.add(
                FollowUp, action_id=action_id, date=when, status=status, progress_percent=progress, note=note,
                dialogue_id=reported_at, visit=visit,
            )  # fmt: skip
        action["status"] = outcome

    # --- the whole run --------------------------------------------------------------------------------------

    def run(self, total: int, progress: Progress | None) -> DemoSummary:
        self.places()
        self.indigenous_groups()
        self.organisations()
        self.facilitators()
        plans = self.plan(total)
        self.build_registry(plans)
        self.rows[Dialogue] = [{k: v for k, v in row.items() if not k.startswith("_")} for row in plans]
        self.flush(Dialogue)
        by_province: dict[str, list[Row]] = {}
        for row in plans:
            by_province.setdefault(row["province_code"], []).append(row)
        self.reporting = {code: ([r["date"] for r in rows], rows) for code, rows in by_province.items()}
        for start in range(0, len(plans), BATCH):
            for row in plans[start : start + BATCH]:
                self.fill(row)
            self.flush(DialogueOrganiser, DialogueFacilitator, AgendaItem, Need, Decision, Attendance, Intervention,
                       Action, ActionSupporter, FollowUp)  # fmt: skip
            if progress is not None:
                progress(min(start + BATCH, len(plans)), len(plans))
        return DemoSummary(
            dialogues=self.counts.get(Dialogue, 0),
            participants=self.counts.get(Participant, 0),
            organisations=self.counts.get(Organisation, 0),
            attendance=self.counts.get(Attendance, 0),
            actions=self.counts.get(Action, 0),
            follow_ups=self.counts.get(FollowUp, 0),
        )


def _holds_dialogues(session: Session) -> bool:
    return session.scalar(select(Dialogue.id).limit(1)) is not None  # one row answers; no count of them all


def is_empty(store: Store) -> bool:
    """True when the store holds no dialogue yet (the only kind of store demo data may go into)."""
    with store.unit_of_work() as session:
        return not _holds_dialogues(session)


def make_demo(
    store: Store, dialogues: int = 200, seed: int = 1, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty store with `dialogues` demo dialogues and everything around them; same seed, same data.

    `progress(done, total)` is called as dialogues are generated. Refused (UserError) when the store
    already holds dialogues: demo data is for trying the app out, never mixed with real records.
    """
    with store.unit_of_work() as session:
        if _holds_dialogues(session):
            raise UserError(N_("Demo data can only be added to an empty database."))
        return _Demo(session, seed).run(dialogues, progress)
