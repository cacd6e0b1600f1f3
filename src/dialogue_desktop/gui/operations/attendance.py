"""The door: reading a dialogue's arrivals and counts, registering and removing arrivals, counts only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue_desktop.core.domain.enums import OrganisationKind
from dialogue_desktop.core.services import attendance as attendance_service
from dialogue_desktop.core.services import participants as participant_service
from dialogue_desktop.core.services.attendance import AttendanceRow
from dialogue_desktop.core.services.counts import Disaggregation, door_counts
from dialogue_desktop.core.services.organisations import (
    OrganisationInput,
    create_organisation,
    list_organisations,
)
from dialogue_desktop.core.services.participants import ParticipantInput
from dialogue_desktop.gui.text import split_by_script
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

#: What a registration changes: the arrivals and counts (people and organisations when added at the door).
ARRIVALS = frozenset({Topic.ATTENDANCE})


@dataclass(frozen=True)
class DoorState:
    """What the door shows, read in one go on the worker thread."""

    tally_only: bool
    counts: Disaggregation
    arrivals: list[AttendanceRow]


Choices = dict[str, list[tuple[str, str, str]]]


def _read_door(session: Any, dialogue_id: str) -> DoorState:
    tally_only, counts = door_counts(session, dialogue_id)
    rows = [] if tally_only else attendance_service.list_attendance(session, dialogue_id)
    return DoorState(tally_only, counts, rows)


def read_door(dialogue_id: str) -> Op:
    """The door's state: counts-only or not, the counts, the arrivals (a :class:`DoorState`)."""
    return op(_read_door, dialogue_id)


def _read_form_choices(session: Any) -> Choices:
    return {
        "organisations": [(o.id, o.name_km, o.name_en) for o in list_organisations(session)],
        "groups": [(g.id, g.name_km, g.name_en) for g in participant_service.list_indigenous_groups(session)],
    }


def read_form_choices() -> Op:
    """The organisations and indigenous groups the new-person form offers, as (id, Khmer, English)."""
    return op(_read_form_choices)


def register(dialogue_id: str, participant_id: str) -> Op:
    """Register a person of the registry as arrived; the attendance id."""
    return op(attendance_service.register, dialogue_id, participant_id, changes=ARRIVALS)


def register_new_person(dialogue_id: str, data: ParticipantInput) -> Op:
    """Add a person to the registry and register them; the attendance id."""
    return op(attendance_service.register_new, dialogue_id, data, changes=ARRIVALS | {Topic.PARTICIPANTS})


def _register_with_new_organisation(
    session: Any, dialogue_id: str, data: ParticipantInput, name: str, kind: str
) -> str:
    name_km, name_en = split_by_script(name)
    organisation_id = create_organisation(
        session, OrganisationInput(name_km=name_km, name_en=name_en, kind=kind)
    )
    data.organisation_id = organisation_id
    attendance_service.register_new(session, dialogue_id, data)
    return organisation_id


def register_with_new_organisation(
    dialogue_id: str, data: ParticipantInput, name: str, kind: str = OrganisationKind.OTHER.value
) -> Op:
    """Add the organisation typed at the door (of the kind chosen, the name in the field of its script) and
    register the new person as one of its members, in one transaction; the new organisation's id."""
    changes = ARRIVALS | {Topic.PARTICIPANTS, Topic.ORGANISATIONS}
    return op(_register_with_new_organisation, dialogue_id, data, name, kind, changes=changes)


def unregister(attendance_id: str) -> Op:
    """Remove an arrival registered by mistake."""
    return op(attendance_service.unregister, attendance_id, changes=ARRIVALS)


def set_tally_only(dialogue_id: str, on: bool) -> Op:
    """Switch the dialogue to counts only (no names) or back."""
    return op(attendance_service.set_tally_only, dialogue_id, on, changes=ARRIVALS)


def _set_tally_value(session: Any, dialogue_id: str, key: str, value: int) -> None:
    attendance_service.set_tally(session, dialogue_id, **{key: value})


def set_tally_value(dialogue_id: str, key: str, value: int) -> Op:
    """One count of a counts-only dialogue (e.g. ``women``)."""
    return op(_set_tally_value, dialogue_id, key, value, changes=ARRIVALS)


def possible_duplicates(data: ParticipantInput) -> Op:
    """People of the registry the new person may already be (read only)."""
    return op(participant_service.possible_duplicates, data)
