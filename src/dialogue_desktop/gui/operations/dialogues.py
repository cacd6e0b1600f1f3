"""A dialogue's own record: creating, reading, saving its details or one field, its organisers and
facilitators, its lifecycle (status, approving and reopening the minutes) and deleting it."""

from __future__ import annotations

from typing import Any

from dialogue_desktop.core.domain.enums import DialogueStatus
from dialogue_desktop.core.services import dialogues as dialogue_service
from dialogue_desktop.core.services.dialogues import DialogueInput
from dialogue_desktop.core.services.facilitators import list_facilitators
from dialogue_desktop.core.services.organisations import list_organisations
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

#: The status and lock of a dialogue: every tab and list showing it reads it again.
LIFECYCLE = frozenset({Topic.DIALOGUES})
#: Its own fields (title, date, place, summary...): headers and lists refresh, tabs keep their data.
DETAILS = frozenset({Topic.DETAILS})

Links = dict[str, list[tuple[str, str, str]]]


def create(data: DialogueInput) -> Op:
    """A new planned dialogue; its id."""
    return op(dialogue_service.create_dialogue, data, changes={Topic.DIALOGUES})


def get(dialogue_id: str) -> Op:
    """The dialogue's own fields (a DialogueView); NotFoundError when it is gone."""
    return op(dialogue_service.get_dialogue, dialogue_id)


def save_details(dialogue_id: str, data: DialogueInput) -> Op:
    """Replace the dialogue's details with the whole form."""
    return op(dialogue_service.update_dialogue, dialogue_id, data, changes=DETAILS)


def save_field(dialogue_id: str, field: str, value: Any) -> Op:
    """Save one field of the dialogue (e.g. the summary of the discussion), the others kept."""
    return op(dialogue_service.update_dialogue_field, dialogue_id, field, value, changes=DETAILS)


def _read_links(session: Any, dialogue_id: str) -> Links:
    return {
        "organisers": [
            (o.id, o.name_km, o.name_en) for o in dialogue_service.organisers(session, dialogue_id)
        ],
        "facilitators": [
            (f.id, f.name_km, f.name_latin) for f in dialogue_service.facilitators(session, dialogue_id)
        ],
        "organisations": [(o.id, o.name_km, o.name_en) for o in list_organisations(session)],
        "all_facilitators": [(f.id, f.name_km, f.name_latin) for f in list_facilitators(session)],
    }


def read_links(dialogue_id: str) -> Op:
    """Organisers, facilitators and the choices for both, as (id, Khmer, other) triples."""
    return op(_read_links, dialogue_id)


def add_organiser(dialogue_id: str, organisation_id: str) -> Op:
    """Name an organisation among the dialogue's organisers."""
    return op(dialogue_service.add_organiser, dialogue_id, organisation_id, changes=DETAILS)


def remove_organiser(dialogue_id: str, organisation_id: str) -> Op:
    """Take an organisation off the dialogue's organisers."""
    return op(dialogue_service.remove_organiser, dialogue_id, organisation_id, changes=DETAILS)


def add_facilitator(dialogue_id: str, facilitator_id: str) -> Op:
    """Name a facilitator of the dialogue."""
    return op(dialogue_service.add_facilitator, dialogue_id, facilitator_id, changes=DETAILS)


def remove_facilitator(dialogue_id: str, facilitator_id: str) -> Op:
    """Take a facilitator off the dialogue."""
    return op(dialogue_service.remove_facilitator, dialogue_id, facilitator_id, changes=DETAILS)


def set_status(dialogue_id: str, status: DialogueStatus) -> Op:
    """One step forward or back in the lifecycle (planned, held, minutes drafted)."""
    return op(dialogue_service.set_status, dialogue_id, status, changes=LIFECYCLE)


def approve_minutes(dialogue_id: str) -> Op:
    """Approve the drafted minutes as they print now and lock the dialogue; the fingerprint approved."""
    # Imported when called: it loads the printing code, which the dialogue list at the start does not need.
    from dialogue_desktop.core.services import approval

    return op(approval.approve_minutes, dialogue_id, changes=LIFECYCLE)


def reopen_minutes(dialogue_id: str, reason: str) -> Op:
    """Unlock approved minutes to correct them (a reason is required)."""
    return op(dialogue_service.reopen_minutes, dialogue_id, reason, changes=LIFECYCLE)


def delete(dialogue_id: str) -> Op:
    """Delete the dialogue with its agenda, attendance, voices, needs, decisions and actions. The change is
    announced after the success callback, once the workspace has let go of the dialogue."""
    work = op(dialogue_service.delete_dialogue, dialogue_id, changes={Topic.DIALOGUES, Topic.ACTIONS})
    work.announce_after_success = True
    return work
