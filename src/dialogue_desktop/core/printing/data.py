"""Everything a printed document shows, gathered from the services in one unit of work.

The documents (`minutes`, `signin`, `action_report`) are drawn from these plain, frozen dataclasses only:
generating a PDF needs no database, so it can run in a worker thread after the session is closed.
Texts are kept in both languages (`Bilingual`); labels of enums are kept as msgids, translated when drawn.

Consent (`consent_data`, see README "Consent"): the minutes data holds no phone at all, and its annex prints
the name only of people who consented; the sign-in data names everyone registered (they sign beside their
name) and holds a phone only for people who consented, which the store keeps for nobody else anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import AgeBand, Sex
from dialogue_desktop.core.domain.models import Action, Organisation, Participant
from dialogue_desktop.core.domain.rules import AGE_BAND_RANGES
from dialogue_desktop.core.services import actions as action_service
from dialogue_desktop.core.services import (
    agenda,
    attendance,
    counts,
    dialogues,
    interventions,
    listing,
    needs,
)
from dialogue_desktop.core.services.places import find_place


@dataclass(frozen=True)
class Bilingual:
    """A text in Khmer and in English; either may be empty."""

    km: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        """The text in `lang` ("km" or "en"), the other language's text when that one is empty."""
        first, second = (self.km, self.en) if lang == "km" else (self.en, self.km)
        return first or second

    def __bool__(self) -> bool:
        return bool(self.km or self.en)


@dataclass(frozen=True)
class AgendaLine:
    title: Bilingual
    presenter: str
    duration_minutes: int


@dataclass(frozen=True)
class NeedLine:
    text: Bilingual
    sector: str  # msgid
    raised_by: str


@dataclass(frozen=True)
class ActionLine:
    text: Bilingual
    responsible: Bilingual  # organisation name
    responsible_person: str
    supporting: tuple[Bilingual, ...]
    deadline: date | None
    indicator: str


@dataclass(frozen=True)
class VoiceLine:
    """One group: its share of the attendance next to its share of the interventions."""

    label: str  # msgid
    present: int
    present_share: float
    spoke: int
    spoke_share: float


@dataclass(frozen=True)
class AnnexLine:
    """A participant as the minutes' annex lists them (never a phone; the name only with consent)."""

    name_km: str
    name_latin: str
    sex: str  # msgid
    organisation: Bilingual
    signed: bool
    #: The name is printed (the person agrees to their data being kept). Outside the fingerprint: it is
    #: how the record is printed, like the annex itself, so consent given or withdrawn later leaves the
    #: approved minutes' code valid.
    named: bool = field(default=True, metadata={"fingerprint": False})


@dataclass(frozen=True)
class PlaceNames:
    province: Bilingual
    district: Bilingual
    commune: Bilingual
    venue: str


@dataclass(frozen=True)
class MinutesData:
    """The content of a dialogue's minutes: what the fingerprint covers, in either language."""

    dialogue_id: str
    title: Bilingual
    kind: str  # msgid
    date: date
    start_time: time | None
    end_time: time | None
    place: PlaceNames
    themes: str
    organisers: tuple[Bilingual, ...]
    facilitators: tuple[Bilingual, ...]
    attendance: counts.Disaggregation
    total_interventions: int
    voices: tuple[VoiceLine, ...]
    agenda: tuple[AgendaLine, ...]
    needs: tuple[NeedLine, ...]
    summary: str
    decisions: tuple[Bilingual, ...]
    actions: tuple[ActionLine, ...]
    participants: tuple[AnnexLine, ...]


@dataclass(frozen=True)
class SignInLine:
    name_km: str
    name_latin: str
    sex: Sex
    age_band: AgeBand | None
    organisation: Bilingual
    phone: str  # empty unless the person consented to their data being used


@dataclass(frozen=True)
class SignInData:
    dialogue_id: str
    title: Bilingual
    date: date
    start_time: time | None
    place: PlaceNames
    people: tuple[SignInLine, ...]


@dataclass(frozen=True)
class ActionReportData:
    """The action tracker: every live action with its latest follow-up, as of `today`."""

    today: date
    actions: tuple[listing.ActionRow, ...]
    provinces: dict[str, Bilingual]  # code -> names, for every province an action belongs to


def _place(code: str | None) -> Bilingual:
    place = find_place(code)
    return Bilingual(place.name_km, place.name_en) if place is not None else Bilingual()


def place_names(province: str | None, district: str | None, commune: str | None, venue: str) -> PlaceNames:
    """Names of a dialogue's places in both scripts, from the official list."""
    return PlaceNames(_place(province), _place(district), _place(commune), venue)


def _participants(session: Session, ids: Sequence[str]) -> dict[str, Participant]:
    found: dict[str, Participant] = {}
    for start in range(0, len(ids), 500):  # SQLite limits the number of bound parameters
        chunk = ids[start : start + 500]
        found.update((p.id, p) for p in session.scalars(select(Participant).where(Participant.id.in_(chunk))))
    return found


def _organisation_names(session: Session, ids: set[str]) -> dict[str, Bilingual]:
    if not ids:
        return {}
    rows = session.scalars(select(Organisation).where(Organisation.id.in_(sorted(ids))))
    return {o.id: Bilingual(o.name_km, o.name_en or o.acronym) for o in rows}


def gather_minutes(session: Session, dialogue_id: str) -> MinutesData:
    """The minutes of one live dialogue (NotFoundError if there is none)."""
    d = dialogues.get_dialogue(session, dialogue_id)
    shares = interventions.voice_shares(session, dialogue_id)
    action_rows = listing.list_actions(session, listing.ActionFilters(dialogue_id=dialogue_id), today=d.date)
    # In the order they were agreed (the listing sorts by deadline).
    agreed = {
        i: t
        for i, t in session.execute(select(Action.id, Action.created_at).where(Action.dialogue_id == d.id))
    }
    action_rows.sort(key=lambda a: (agreed[a.id], a.id))
    supporter_ids = {a.id: action_service.get_action(session, a.id).supporter_ids for a in action_rows}
    org_names = _organisation_names(session, {i for ids in supporter_ids.values() for i in ids})
    return MinutesData(
        dialogue_id=d.id,
        title=Bilingual(d.title_km, d.title_en),
        kind=d.kind.label,
        date=d.date,
        start_time=d.start_time,
        end_time=d.end_time,
        place=place_names(d.province_code, d.district_code, d.commune_code, d.venue),
        themes=d.themes,
        organisers=tuple(
            Bilingual(o.name_km, o.name_en or o.acronym) for o in dialogues.organisers(session, d.id)
        ),
        facilitators=tuple(Bilingual(f.name_km, f.name_latin) for f in dialogues.facilitators(session, d.id)),
        attendance=counts.attendance_counts(session, d.id),
        total_interventions=shares.total_interventions,
        voices=tuple(
            VoiceLine(v.label, v.present, v.present_share, v.spoke, v.spoke_share) for v in shares.rows()
        ),
        agenda=tuple(
            AgendaLine(Bilingual(i.title_km, i.title_en), i.presenter, i.duration_minutes)
            for i in agenda.agenda_items(session, d.id)
        ),
        needs=tuple(
            NeedLine(Bilingual(n.text_km, n.text_en), n.sector.label, n.raised_by)
            for n in needs.list_needs(session, d.id)
        ),
        summary=d.discussion_summary,
        decisions=tuple(Bilingual(x.text_km, x.text_en) for x in needs.list_decisions(session, d.id)),
        actions=tuple(
            ActionLine(
                text=Bilingual(a.text_km, a.text_en),
                responsible=Bilingual(a.responsible_name_km, a.responsible_name_en or a.responsible_acronym),
                responsible_person=a.responsible_person,
                supporting=tuple(
                    sorted(
                        (org_names[i] for i in supporter_ids[a.id] if i in org_names),
                        key=lambda b: (b.en, b.km),
                    )
                ),
                deadline=a.deadline,
                indicator=a.indicator,
            )
            for a in action_rows
        ),
        participants=tuple(
            AnnexLine(
                r.name_km,
                r.name_latin,
                r.sex.label,
                Bilingual(r.organisation_name_km, r.organisation_name_en),
                r.signed,
                named=r.consent_data,
            )
            for r in ([] if d.tally_only else attendance.list_attendance(session, d.id))
        ),
    )


def age_band_on(birth_year: int | None, band: AgeBand | None, on: date) -> AgeBand | None:
    """The age band of a person on a date: from the birth year when known, else the band they gave."""
    if birth_year is None:
        return band
    age = on.year - birth_year
    return next((b for b, (low, high) in AGE_BAND_RANGES.items() if low <= age <= high), band)


def gather_signin(session: Session, dialogue_id: str, blank: bool = False) -> SignInData:
    """A dialogue's sign-in sheet: pre-filled with the invited and registered people unless `blank`."""
    d = dialogues.get_dialogue(session, dialogue_id)
    people: list[SignInLine] = []
    if not blank and not d.tally_only:
        rows = attendance.list_attendance(session, d.id)
        persons = _participants(session, [r.participant_id for r in rows])
        for r in rows:
            p = persons[r.participant_id]
            people.append(
                SignInLine(
                    name_km=r.name_km,
                    name_latin=r.name_latin,
                    sex=r.sex,
                    age_band=age_band_on(p.birth_year, p.age_band, d.date),
                    organisation=Bilingual(r.organisation_name_km, r.organisation_name_en),
                    phone=p.phone if p.consent_data else "",
                )
            )
    return SignInData(
        dialogue_id=d.id,
        title=Bilingual(d.title_km, d.title_en),
        date=d.date,
        start_time=d.start_time,
        place=place_names(d.province_code, d.district_code, d.commune_code, d.venue),
        people=tuple(people),
    )


def gather_action_report(
    session: Session, filters: listing.ActionFilters | None = None, today: date | None = None
) -> ActionReportData:
    """The action tracker's content: actions matching `filters` with their latest follow-up."""
    today = today or date.today()
    rows = listing.list_actions(session, filters or listing.ActionFilters(), today=today)
    return ActionReportData(
        today=today,
        actions=tuple(rows),
        provinces={code: _place(code) for code in sorted({r.province_code for r in rows if r.province_code})},
    )
