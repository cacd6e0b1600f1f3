"""The shared lists (facilitators, organisations, indigenous groups) against an enrolled laptop that turns
against them: it may delete only the entries it added itself, may correct but not empty the names of the
others' entries, and only a few of them at a time. Each attack is refused whole with a reason naming the
list, never a name, and the office's store is unchanged; the laptop's own app refuses the same things first,
in the facilitator's language, so an honest laptop never sends a bundle the office would refuse."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import OrganisationKind
from dialogue_desktop.core.domain.models import Facilitator, IndigenousGroup, Organisation, Synced
from dialogue_desktop.core.services import shared_lists
from dialogue_desktop.core.services.errors import UserError, ValidationError
from dialogue_desktop.core.services.facilitators import (
    FacilitatorInput,
    delete_facilitator,
    list_facilitators,
    update_facilitator,
)
from dialogue_desktop.core.services.organisations import (
    OrganisationInput,
    create_organisation,
    delete_organisation,
    list_organisations,
    update_organisation,
)
from dialogue_desktop.core.services.participants import (
    delete_indigenous_group,
    list_indigenous_groups,
    rename_indigenous_group,
)
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import conflicts
from dialogue_desktop.core.sync.import_ import import_file

from .conftest import Office, add_dialogue, dump, export_to
from .test_bad_input import assert_refused, craft
from .test_insider import change, now_revision, table

TICKS = itertools.count()

#: Names the office typed; a refusal must never repeat them.
OFFICE_NAMES = ("ក្រសួងមហាផ្ទៃ", "Ministry of Interior", "Sok Dara", "012 345 678", "ព្នង", "Bunong")


@dataclass
class Lists:
    """Laptop A (the insider), laptop B, and the ids of the shared entries others made."""

    a: Store
    b: Store
    office_organisation: str
    office_facilitator: str
    office_group: str
    organisation_of_b: str
    organisation_of_a: str


@pytest.fixture
def lists(office: Office, laptop_factory: Callable[..., Store], tmp_path: Path) -> Lists:
    """The office's lists and B's organisation have reached A by a receipt; A's own organisation is known."""
    a, b = laptop_factory("Kampot laptop", "07"), laptop_factory("Siem Reap laptop", "17")
    with office.store.unit_of_work() as session:
        organisation = Organisation(
            name_km="ក្រសួងមហាផ្ទៃ", name_en="Ministry of Interior", kind=OrganisationKind.NATIONAL_INSTITUTION
        )
        facilitator = Facilitator(name_km="សុខ ដារា", name_latin="Sok Dara", phone="012 345 678")
        group = IndigenousGroup(name_km="ព្នង", name_en="Bunong")
        session.add_all([organisation, facilitator, group])
        session.flush()
        ids = organisation.id, facilitator.id, group.id
    add_dialogue(b, 1)
    assert office.import_(export_to(b, tmp_path))[0].status == "imported"
    add_dialogue(a, 1)
    assert office.import_(export_to(a, tmp_path))[0].status == "imported"
    assert import_file(a, office.receipt(a)).status == "imported"
    with b.unit_of_work() as session:
        of_b = session.scalars(select(Organisation.id)).one()
    with a.unit_of_work() as session:
        of_a = session.scalars(
            select(Organisation.id).where(Organisation.origin_device_id == a.device_id)
        ).one()
    return Lists(a, b, *ids, organisation_of_b=of_b, organisation_of_a=of_a)


def revision_at(store: Store, model: type[Synced], record_id: str) -> str:
    with store.unit_of_work() as session:
        record = session.get(model, record_id)
        assert record is not None
        return record.revision


def edits(office: Office, sender: Store, model: type[Synced], values: dict[str, Any], *ids: str) -> bytes:
    """One partial change per record, stamped honestly by `sender`, on the revision the office knows."""
    return table(
        partial=[
            change(
                i,
                values,
                sender.device_id,
                base=revision_at(office.store, model, i),
                revision=now_revision(sender.device_id, next(TICKS)),  # one each, even within a millisecond
            )
            for i in ids
        ]
    )


def assert_no_names(message: str) -> None:
    for text in OFFICE_NAMES:
        assert text not in message


# --- the office refuses ----------------------------------------------------------------------------------


def test_a_laptop_cannot_delete_the_shared_entries_others_made(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    a = lists.a
    attempts = [
        ("organisation", Organisation, lists.office_organisation),
        ("facilitator", Facilitator, lists.office_facilitator),
        ("indigenous_group", IndigenousGroup, lists.office_group),
        ("organisation", Organisation, lists.organisation_of_b),  # another laptop's
    ]
    for number, (name, model, record_id) in enumerate(attempts, start=2):
        members = {f"changes/{name}.json": edits(office, lists.a, model, {"deleted": True}, record_id)}
        path = craft(a, office, members, tmp_path / f"wipe-{number}.dlgbundle", sequence=number)
        message = assert_refused(office, path, "deletes", name, record_id, "only the entries it added")
        assert_no_names(message)
    with office.store.unit_of_work() as session:
        for _name, model, record_id in attempts:
            record = session.get(model, record_id)
            assert record is not None and not record.deleted


def test_one_bundle_wiping_every_shared_list_is_refused_whole(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    a = lists.a
    deleted = {"deleted": True}
    members = {
        "changes/organisation.json": edits(
            office,
            lists.a,
            Organisation,
            deleted,
            lists.organisation_of_a,  # its own: allowed alone, yet the file is refused whole
            lists.office_organisation,
            lists.organisation_of_b,
        ),
        "changes/facilitator.json": edits(office, lists.a, Facilitator, deleted, lists.office_facilitator),
        "changes/indigenous_group.json": edits(office, lists.a, IndigenousGroup, deleted, lists.office_group),
    }
    assert_refused(office, craft(a, office, members, tmp_path / "wipe.dlgbundle", sequence=2), "deletes")
    with office.store.unit_of_work() as session:
        assert len(list_organisations(session)) == 3


def test_restoring_an_entry_the_office_deleted_is_refused(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    with office.store.unit_of_work() as session:
        delete_organisation(session, lists.office_organisation)
    members = {
        "changes/organisation.json": edits(
            office, lists.a, Organisation, {"deleted": False}, lists.office_organisation
        )
    }
    assert_refused(
        office,
        craft(lists.a, office, members, tmp_path / "undo.dlgbundle", sequence=2),
        "deletes or restores",
    )


@pytest.mark.parametrize(
    ("name", "model", "field"),
    [
        ("organisation", Organisation, "name_km"),
        ("organisation", Organisation, "name_en"),
        ("facilitator", Facilitator, "name_latin"),
        ("indigenous_group", IndigenousGroup, "name_km"),
    ],
)
def test_emptying_a_name_others_gave_is_refused(
    office: Office, lists: Lists, tmp_path: Path, name: str, model: type[Synced], field: str
) -> None:
    record_id = {
        "organisation": lists.office_organisation,
        "facilitator": lists.office_facilitator,
        "indigenous_group": lists.office_group,
    }[name]
    members = {f"changes/{name}.json": edits(office, lists.a, model, {field: "  "}, record_id)}
    message = assert_refused(
        office,
        craft(lists.a, office, members, tmp_path / "blank.dlgbundle", sequence=2),
        "empties a name",
        name,
        record_id,
    )
    assert_no_names(message)


def test_renaming_more_than_a_handful_of_others_entries_is_refused(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    limit = shared_lists.MAX_EDITS_OF_OTHERS
    with office.store.unit_of_work() as session:  # the office's list holds many organisations
        many = [
            create_organisation(session, OrganisationInput(name_en=f"Office partner {n}", kind="cso"))
            for n in range(limit + 1)
        ]
    too_many = edits(office, lists.a, Organisation, {"name_en": "Renamed"}, *many)
    message = assert_refused(
        office,
        craft(lists.a, office, {"changes/organisation.json": too_many}, tmp_path / "r.dlgbundle", sequence=2),
        f"changes {limit + 1} entries",
        f"at most {limit}",
    )
    assert "Office partner" not in message and "Renamed" not in message
    # As many as the limit, on records of the office and of another laptop, pass.
    allowed = edits(office, lists.a, Organisation, {"name_en": "Corrected"}, *many[: limit - 1])
    allowed_b = edits(office, lists.a, Organisation, {"acronym": "CC"}, lists.organisation_of_b)
    both = _joined(allowed, allowed_b)
    path = craft(lists.a, office, {"changes/organisation.json": both}, tmp_path / "ok.dlgbundle", sequence=3)
    outcome = import_file(office.store, path)
    assert outcome.status == "imported", outcome.message
    with office.store.unit_of_work() as session:
        names = {row.id: row.name_en for row in list_organisations(session)}
    assert [names[i] for i in many[: limit - 1]] == ["Corrected"] * (limit - 1)
    assert [names[i] for i in many[limit - 1 :]] == [f"Office partner {n}" for n in (limit - 1, limit)]


def _joined(*contents: bytes) -> bytes:
    import msgspec

    partial = [c for content in contents for c in msgspec.json.decode(content)["partial"]]
    return table(partial=partial)


# --- the legitimate path ---------------------------------------------------------------------------------


def test_a_laptop_deletes_its_own_organisation_and_corrects_others_and_it_syncs(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    a = lists.a
    with a.unit_of_work() as session:
        delete_organisation(session, lists.organisation_of_a)
        update_organisation(
            session,
            lists.office_organisation,
            OrganisationInput(name_km="ក្រសួង​មហាផ្ទៃ", name_en="Ministry of Interior", acronym="MOI",
                              kind="national_institution"),
        )  # fmt: skip
        update_facilitator(
            session,
            lists.office_facilitator,
            FacilitatorInput(name_km="សុខ ដារា", name_latin="Sok Dara", phone="097 111 2222"),
        )
    assert office.import_(export_to(a, tmp_path))[0].status == "imported"
    with office.store.unit_of_work() as session:
        own = session.get(Organisation, lists.organisation_of_a)
        corrected = session.get(Organisation, lists.office_organisation)
        facilitator = session.get(Facilitator, lists.office_facilitator)
        assert own is not None and own.deleted
        assert corrected is not None and not corrected.deleted and corrected.acronym == "MOI"
        assert facilitator is not None and facilitator.phone == "097 111 2222"
    # A full export later sends those corrections again: already known, they count for nothing.
    assert import_file(a, office.receipt(a)).status == "imported"
    for n in range(shared_lists.MAX_EDITS_OF_OTHERS):
        with a.unit_of_work() as session:
            update_organisation(
                session,
                lists.organisation_of_b,
                OrganisationInput(name_en=f"Commune council {n}", kind="local_authority"),
            )
    assert office.import_(export_to(a, tmp_path, full=True))[0].status == "imported"


# --- the laptop's own app refuses first ------------------------------------------------------------------


def test_the_laptop_refuses_to_delete_entries_others_made_in_its_language(lists: Lists) -> None:
    a = lists.a
    attempts: list[tuple[Callable[..., None], str]] = [
        (delete_organisation, lists.office_organisation),
        (delete_organisation, lists.organisation_of_b),
        (delete_facilitator, lists.office_facilitator),
        (delete_indigenous_group, lists.office_group),
    ]
    for delete, record_id in attempts:
        with a.unit_of_work() as session, pytest.raises(UserError) as raised:
            delete(session, record_id)
        assert raised.value.message == shared_lists.NOT_YOURS_TO_DELETE
        assert "central office" in raised.value.text()
    with a.unit_of_work() as session:
        assert len(list_organisations(session)) == 3
        assert len(list_facilitators(session)) == 1
        assert len(list_indigenous_groups(session)) == 1
        rows = {row.id: row.deletable for row in list_organisations(session)}
        assert rows == {
            lists.organisation_of_a: True,
            lists.office_organisation: False,
            lists.organisation_of_b: False,
        }
        assert [g.deletable for g in list_indigenous_groups(session)] == [False]
        delete_organisation(session, lists.organisation_of_a)  # its own


def test_the_office_may_delete_any_entry(office: Office, lists: Lists) -> None:
    with office.store.unit_of_work() as session:
        assert all(row.deletable for row in list_organisations(session))
        delete_organisation(session, lists.organisation_of_b)
        delete_indigenous_group(session, lists.office_group)


def test_the_laptop_refuses_to_empty_a_name_others_gave(lists: Lists) -> None:
    a = lists.a
    with a.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        update_organisation(
            session,
            lists.office_organisation,
            OrganisationInput(name_km="ក្រសួងមហាផ្ទៃ", kind="national_institution"),
        )
    assert [e.field for e in raised.value.errors] == ["name_en"]
    with a.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        update_facilitator(session, lists.office_facilitator, FacilitatorInput(name_latin="Sok Dara"))
    assert [e.field for e in raised.value.errors] == ["name_km"]
    with a.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        rename_indigenous_group(session, lists.office_group, "ព្នង", "")
    assert [e.field for e in raised.value.errors] == ["name_en"]
    with a.unit_of_work() as session:  # its own organisation may lose its English name
        update_organisation(
            session, lists.organisation_of_a, OrganisationInput(name_km="ឃុំ", kind="local_authority")
        )


def test_the_laptop_stops_correcting_others_entries_until_the_office_confirms(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    a = lists.a
    limit = shared_lists.MAX_EDITS_OF_OTHERS
    with office.store.unit_of_work() as session:
        many = [
            create_organisation(session, OrganisationInput(name_en=f"Office partner {n}", kind="cso"))
            for n in range(limit + 1)
        ]
    assert import_file(a, office.receipt(a)).status == "imported"
    for record_id in many[:limit]:
        with a.unit_of_work() as session:
            update_organisation(session, record_id, OrganisationInput(name_en="Corrected", kind="cso"))
    with a.unit_of_work() as session:  # the same record again is still one record
        update_organisation(session, many[0], OrganisationInput(name_en="Corrected twice", kind="cso"))
    with a.unit_of_work() as session, pytest.raises(UserError) as raised:
        update_organisation(session, many[limit], OrganisationInput(name_en="One too many", kind="cso"))
    assert raised.value.message == shared_lists.TOO_MANY_EDITS_OF_OTHERS
    assert f"{limit}" in raised.value.text()
    # What the laptop let through, the office takes; after its receipt the laptop may go on.
    assert office.import_(export_to(a, tmp_path))[0].status == "imported"
    assert import_file(a, office.receipt(a)).status == "imported"
    with a.unit_of_work() as session:
        update_organisation(session, many[limit], OrganisationInput(name_en="Now it may", kind="cso"))
    assert office.import_(export_to(a, tmp_path))[0].status == "imported"


def test_the_laptop_leaves_conflicts_on_others_entries_to_the_office(
    office: Office, lists: Lists, tmp_path: Path
) -> None:
    a = lists.a
    with (
        a.unit_of_work() as session
    ):  # the laptop corrects the office's organisation while the office deletes it
        update_organisation(
            session,
            lists.office_organisation,
            OrganisationInput(
                name_km="ក្រសួងមហាផ្ទៃ", name_en="Ministry of the Interior", kind="national_institution"
            ),
        )
    with office.store.unit_of_work() as session:
        delete_organisation(session, lists.office_organisation)
    bundle = export_to(a, tmp_path)
    assert import_file(a, office.receipt(a)).status == "imported"
    [conflict] = conflicts.list_conflicts(a)
    assert conflict.record_id == lists.office_organisation
    before = dump(a)
    for choice in conflict.choices:
        with pytest.raises(UserError) as raised:
            conflicts.resolve_conflict(a, conflict.id, choice)
        assert raised.value.message == shared_lists.DECIDED_BY_THE_OFFICE
    assert dump(a) == before
    # The office, which has the same conflict, decides; its decision closes it on the laptop.
    assert office.import_(bundle)[0].status == "imported"
    [at_office] = conflicts.list_conflicts(office.store)
    conflicts.resolve_conflict(office.store, at_office.id, at_office.choices[0])
    assert import_file(a, office.receipt(a)).status == "imported"
    assert conflicts.list_conflicts(a) == []
    assert office.import_(export_to(a, tmp_path))[0].status == "imported"
