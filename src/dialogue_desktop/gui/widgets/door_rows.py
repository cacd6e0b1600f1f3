"""How the door shows people: a match while a name is typed, and an arrival in the list of arrivals."""

from __future__ import annotations

from datetime import date

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.i18n import N_, _, format_date, format_number, format_time
from dialogue_desktop.core.services.attendance import AttendanceRow
from dialogue_desktop.core.services.participants import ParticipantHit
from dialogue_desktop.gui.models.id_list import Column
from dialogue_desktop.gui.text import both, pick

SEX_SHORT = {Sex.FEMALE: N_("F"), Sex.MALE: N_("M"), Sex.OTHER: N_("O"), Sex.NOT_STATED: "–"}


def hit_text(hit: ParticipantHit, today: date) -> str:
    """One match as the door shows it: names, sex, age, organisation, last seen."""
    parts = [_(SEX_SHORT[hit.sex]) if hit.sex != Sex.NOT_STATED else "–"]
    if hit.birth_year:
        parts.append(format_number(today.year - hit.birth_year))
    organisation = pick(hit.organisation_name_km, hit.organisation_name_en)
    if organisation:
        parts.append(organisation)
    text = f"{both(hit.name_km, hit.name_latin)}    {' · '.join(parts)}"
    if hit.last_attended:
        text += "    " + _("last seen {date}").format(date=format_date(hit.last_attended, style="medium"))
    return text


def arrival_columns() -> list[Column[AttendanceRow]]:
    """The columns of the door's list of arrivals."""
    return [
        Column(N_("Arrived"), lambda r: format_time(r.arrived_at.astimezone()) if r.arrived_at else ""),
        Column(N_("Name"), lambda r: both(r.name_km, r.name_latin)),
        Column(N_("Sex"), lambda r: _(r.sex.label)),
        Column(N_("Organisation"), lambda r: pick(r.organisation_name_km, r.organisation_name_en)),
        Column(N_("Group"), lambda r: _(r.group.label)),
    ]
