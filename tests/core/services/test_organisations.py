"""Organisations and facilitators: validation names the field, edits and tombstones, search."""

from __future__ import annotations

import pytest

from dialogue_desktop.core.domain.enums import Group, OrganisationKind
from dialogue_desktop.core.domain.models import Organisation
from dialogue_desktop.core.services.errors import NotFoundError, ValidationError
from dialogue_desktop.core.services.facilitators import (
    FacilitatorInput,
    create_facilitator,
    delete_facilitator,
    list_facilitators,
    update_facilitator,
)
from dialogue_desktop.core.services.organisations import (
    OrganisationInput,
    create_organisation,
    delete_organisation,
    get_organisation,
    list_organisations,
    update_organisation,
)
from dialogue_desktop.core.store.store import Store


def test_an_organisation_needs_a_name_and_a_kind(store: Store) -> None:
    with store.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        create_organisation(session, OrganisationInput(name_km=" ", name_en="", kind="spaceship"))
    error = raised.value
    assert error.for_field("name_km")[0].label == "Name in Khmer"
    assert error.for_field("kind")
    assert "Kind of organisation" in error.text()


def test_an_unknown_province_is_refused(store: Store) -> None:
    with store.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        create_organisation(
            session, OrganisationInput(name_en="X", kind=OrganisationKind.CSO, province_code="99")
        )
    assert raised.value.for_field("province_code")


def test_create_update_delete(store: Store) -> None:
    with store.unit_of_work() as session:
        org_id = create_organisation(
            session,
            OrganisationInput(name_km="មន្ទីរសុខាភិបាល", kind="provincial_department", province_code="07"),
        )
        row = get_organisation(session, org_id)
        assert row.kind == OrganisationKind.PROVINCIAL_DEPARTMENT
        assert row.group == Group.GOVERNMENT
        update_organisation(
            session,
            org_id,
            OrganisationInput(name_en="  Health Department ", acronym="PHD", kind="provincial_department"),
        )
    with store.unit_of_work() as session:
        row = get_organisation(session, org_id)
        assert (row.name_en, row.name_km, row.acronym, row.province_code) == (
            "Health Department",
            "",
            "PHD",
            None,
        )
        delete_organisation(session, org_id)
    with store.unit_of_work() as session:
        record = session.get(Organisation, org_id)
        assert record is not None and record.deleted  # a tombstone, not a hard delete
        assert list_organisations(session) == []
        with pytest.raises(NotFoundError):
            get_organisation(session, org_id)


def test_search_ignores_case_and_zero_width_spaces(store: Store) -> None:
    with store.unit_of_work() as session:
        create_organisation(session, OrganisationInput(name_en="Women's Voice", acronym="WVD", kind="cso"))
        create_organisation(session, OrganisationInput(name_km="សហគមន៍\u200bនេសាទ", kind="community_based"))
        create_organisation(
            session, OrganisationInput(name_en="Kampot Youth", kind="cso", province_code="07")
        )
        assert [o.name_en for o in list_organisations(session, "women")] == ["Women's Voice"]
        assert [o.acronym for o in list_organisations(session, "wvd")] == ["WVD"]
        assert len(list_organisations(session, "សហគមន៍នេសាទ")) == 1
        assert [
            o.name_en for o in list_organisations(session, kind=OrganisationKind.CSO, province_code="17")
        ] == ["Women's Voice"]


def test_facilitators(store: Store) -> None:
    with store.unit_of_work() as session:
        with pytest.raises(ValidationError) as raised:
            create_facilitator(session, FacilitatorInput(phone="call me"))
        assert raised.value.for_field("phone")
        assert raised.value.for_field("name_km")
        first = create_facilitator(
            session, FacilitatorInput(name_latin="Sok Dara", phone="012 345 678", province_code="16")
        )
        second = create_facilitator(session, FacilitatorInput(name_km="ចាន់ សុភា", province_code="17"))
        update_facilitator(
            session, second, FacilitatorInput(name_km="ចាន់ សុភា", name_latin="Chan Sophea", province_code="17")
        )
        assert [f.name_latin for f in list_facilitators(session)] == ["Chan Sophea", "Sok Dara"]
        assert [f.id for f in list_facilitators(session, "16")] == [first]
        delete_facilitator(session, first)
        assert [f.id for f in list_facilitators(session)] == [second]
