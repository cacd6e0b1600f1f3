"""The registry of people: the list and a person's page (details, history, possible duplicates), saving
a person, merging two entries, and warming the name search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue_desktop.core.services import participants as participant_service
from dialogue_desktop.core.services.listing import list_participants
from dialogue_desktop.core.services.organisations import list_organisations
from dialogue_desktop.core.services.participants import AttendedDialogue, ParticipantHit, ParticipantInput
from dialogue_desktop.core.services.search_index import warm_search_index
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

#: A person's details changed: lists of people, the door and the voices show names.
PEOPLE = frozenset({Topic.PARTICIPANTS})
#: A merge moves attendance and voices to the kept entry.
MERGED = frozenset({Topic.PARTICIPANTS, Topic.ATTENDANCE, Topic.VOICES})


@dataclass(frozen=True)
class PersonView:
    """Everything the page shows about one person."""

    id: str
    data: ParticipantInput
    history: list[AttendedDialogue]
    duplicates: list[ParticipantHit]
    #: The organisations the form offers, as (id, Khmer, English).
    organisations: list[tuple[str, str, str]]


def _read_person(session: Any, participant_id: str) -> PersonView:
    return PersonView(
        participant_id,
        participant_service.participant_input(session, participant_id),
        participant_service.attendance_history(session, participant_id),
        participant_service.possible_duplicates(session, participant_id),
        [(o.id, o.name_km, o.name_en) for o in list_organisations(session)],
    )


def read_person(participant_id: str) -> Op:
    """One person's page (a :class:`PersonView`); NotFoundError when the person is gone."""
    return op(_read_person, participant_id)


def list_people(query: str, limit: int) -> Op:
    """The registry's rows matching `query` (at most `limit`)."""
    return op(list_participants, query, limit=limit)


def save(participant_id: str, data: ParticipantInput) -> Op:
    """Replace a person's details with the form."""
    return op(participant_service.update_participant, participant_id, data, changes=PEOPLE)


def merge(keep_id: str, remove_id: str) -> Op:
    """Merge a duplicate entry into the one kept: its attendance and interventions move over."""
    return op(participant_service.merge_participants, keep_id, remove_id, changes=MERGED)


def warm_search() -> Op:
    """Bring the name search's index up to date now (it is built on first use), not at the next keystroke;
    a failure here is not the facilitator's concern (the search itself reports)."""
    return op(warm_search_index).failure(lambda _error: None)
