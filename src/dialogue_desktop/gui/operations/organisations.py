"""The shared lists people are linked to: organisations, and indigenous or minority groups (read, saved,
deleted). A group is part of a person's record, so its changes are announced as people's."""

from __future__ import annotations

from typing import Any

from dialogue_desktop.core.services import organisations as organisation_service
from dialogue_desktop.core.services import participants as participant_service
from dialogue_desktop.core.services.organisations import OrganisationInput
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

ORGANISATIONS = frozenset({Topic.ORGANISATIONS})
GROUPS = frozenset({Topic.PARTICIPANTS})


def list_organisations() -> Op:
    """Every organisation, as rows."""
    return op(organisation_service.list_organisations)


def _save_organisation(session: Any, organisation_id: str | None, data: OrganisationInput) -> str:
    if organisation_id is None:
        return organisation_service.create_organisation(session, data)
    organisation_service.update_organisation(session, organisation_id, data)
    return organisation_id


def save_organisation(organisation_id: str | None, data: OrganisationInput) -> Op:
    """Create (no id) or update an organisation; its id."""
    return op(_save_organisation, organisation_id, data, changes=ORGANISATIONS)


def delete_organisation(organisation_id: str) -> Op:
    """Delete an organisation nobody is linked to."""
    return op(organisation_service.delete_organisation, organisation_id, changes=ORGANISATIONS)


def list_groups() -> Op:
    """Every indigenous or minority group, as rows."""
    return op(participant_service.list_indigenous_groups)


def _save_group(session: Any, group_id: str | None, name_km: str, name_en: str) -> str:
    if group_id is None:
        return participant_service.create_indigenous_group(session, name_km, name_en)
    participant_service.rename_indigenous_group(session, group_id, name_km, name_en)
    return group_id


def save_group(group_id: str | None, name_km: str, name_en: str) -> Op:
    """Create (no id) or rename an indigenous group; its id."""
    return op(_save_group, group_id, name_km, name_en, changes=GROUPS)


def delete_group(group_id: str) -> Op:
    """Delete a group nobody belongs to."""
    return op(participant_service.delete_indigenous_group, group_id, changes=GROUPS)
