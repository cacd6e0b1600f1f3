"""The participant registry: validation, Khmer-aware search, duplicates, merge, history, indigenous groups."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from dialogue_desktop.core.domain.enums import (
    AttendanceRole,
    DialogueKind,
    DialogueStatus,
    OrganisationKind,
    Sex,
)
from dialogue_desktop.core.domain.models import (
    Attendance,
    Dialogue,
    Intervention,
    Need,
    Organisation,
    Participant,
)
from dialogue_desktop.core.services.errors import NotFoundError, UserError, ValidationError
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    attendance_history,
    create_indigenous_group,
    create_participant,
    delete_indigenous_group,
    delete_participant,
    list_indigenous_groups,
    merge_participants,
    possible_duplicates,
    rename_indigenous_group,
    search_participants,
    update_participant,
)
from dialogue_desktop.core.store.store import Store

# ATTHACAN (ccc 230) typed before COENG (ccc 9): canonical order puts COENG first.
KHMER_NOT_NFC = "ស\u17dd\u17d2តី ចន្ថា"
LATIN_DECOMPOSED = "Sokha\u0301 Lim"  # á as a + combining acute


def person(session, name_km: str = "", name_latin: str = "", **kw: object) -> str:
    return create_participant(session, ParticipantInput(name_km=name_km, name_latin=name_latin, **kw))  # type: ignore[arg-type]


def dialogue(session, day: date = date(2024, 3, 5), status: DialogueStatus = DialogueStatus.HELD) -> str:
    d = Dialogue(
        kind=DialogueKind.PROVINCIAL, title_en="Dialogue", title_km="កិច្ចសន្ទនា", date=day, status=status
    )
    session.add(d)
    session.flush()
    return d.id


def organisation(
    session, name_en: str, kind: OrganisationKind = OrganisationKind.CSO, name_km: str = ""
) -> str:
    org = Organisation(name_en=name_en, name_km=name_km, kind=kind)
    session.add(org)
    session.flush()
    return org.id


def attend(
    session, dialogue_id: str, participant_id: str, signed: bool = False, org: str | None = None
) -> str:
    a = Attendance(dialogue_id=dialogue_id, participant_id=participant_id, signed=signed, organisation_id=org)
    session.add(a)
    session.flush()
    return a.id


def names(hits) -> list[str]:
    return [h.name_km or h.name_latin for h in hits]


# --- validation ------------------------------------------------------------------------------------------


def test_names_are_stored_nfc_and_trimmed(store: Store) -> None:
    with store.unit_of_work() as s:
        pid = person(s, f"  {KHMER_NOT_NFC} ", LATIN_DECOMPOSED)
    with store.unit_of_work() as s:
        p = s.get(Participant, pid)
        assert p is not None
        assert p.name_km == unicodedata.normalize("NFC", KHMER_NOT_NFC)
        assert p.name_km != KHMER_NOT_NFC
        assert p.name_latin == "Sokhá Lim"


def test_a_name_in_either_script_is_required(store: Store) -> None:
    with store.unit_of_work() as s, pytest.raises(ValidationError) as caught:
        person(s, " ", "\u200b")
    assert caught.value.for_field("name_km")
    with store.unit_of_work() as s:
        person(s, "", "Dara")  # Latin alone is enough
        person(s, "ដារ៉ា", "")  # Khmer alone is enough


def test_each_wrong_field_is_named(store: Store) -> None:
    future = date.today().year + 1
    with store.unit_of_work() as s, pytest.raises(ValidationError) as caught:
        person(s, "សុខា", birth_year=future, phone="call me", sex="woman", wg_seeing="9", province_code="ABC")
    fields = {e.field for e in caught.value.errors}
    assert fields == {"birth_year", "phone", "sex", "wg_seeing", "province_code"}
    with store.unit_of_work() as s, pytest.raises(ValidationError) as caught:
        person(s, "សុខា", birth_year=1899)
    assert caught.value.for_field("birth_year")


def test_khmer_digits_and_enum_values_are_accepted(store: Store) -> None:
    with store.unit_of_work() as s:
        pid = person(
            s, "សុខា", birth_year="១៩៩៥", sex="female", wg_walking="3", phone="០១២ ៣៤៥ ៦៧៨", consent_data=True
        )
        p = s.get(Participant, pid)
        assert p is not None
        assert (p.birth_year, p.sex, p.phone) == (1995, Sex.FEMALE, "012 345 678")


def test_unknown_organisation_is_a_field_problem(store: Store) -> None:
    with store.unit_of_work() as s, pytest.raises(ValidationError) as caught:
        person(s, "សុខា", organisation_id="no-such-id")
    assert caught.value.for_field("organisation_id")


def test_update_and_delete(store: Store) -> None:
    with store.unit_of_work() as s:
        pid = person(s, "សុខា", "Sokha")
    with store.unit_of_work() as s:
        update_participant(s, pid, ParticipantInput(name_km="សុខា", name_latin="Sokha Chan", sex=Sex.FEMALE))
    with store.unit_of_work() as s:
        assert names(search_participants(s, "chan")) == ["សុខា"]
        delete_participant(s, pid)
    with store.unit_of_work() as s:
        assert search_participants(s, "sokha") == []
        p = s.get(Participant, pid)
        assert p is not None and p.deleted
        with pytest.raises(NotFoundError):
            update_participant(s, pid, ParticipantInput(name_latin="Again"))


def test_delete_refused_for_someone_in_approved_minutes(store: Store) -> None:
    with store.unit_of_work() as s:
        pid = person(s, "សុខា")
        attend(s, dialogue(s, status=DialogueStatus.MINUTES_APPROVED), pid)
    with store.unit_of_work() as s, pytest.raises(UserError) as caught:
        delete_participant(s, pid)
    assert "approved" in caught.value.text()


# --- search ----------------------------------------------------------------------------------------------


@pytest.fixture
def registry(store: Store) -> Store:
    with store.unit_of_work() as s:
        person(s, "ស្រី សុខា", "Srey Sokha")
        person(s, "សុខ វាសនា", "Sok Veasna")
        person(s, "ស្រី\u200bសុខា", "SREY Sokha")  # typed with a zero-width space
        person(s, "ចាន់ ដារ៉ា", "Chan Dara")
        person(s, KHMER_NOT_NFC, "")
    return store


def test_khmer_substring_in_the_middle_of_a_name(registry: Store) -> None:
    with registry.unit_of_work() as s:
        assert sorted(names(search_participants(s, "សុខ"))) == sorted(["ស្រី សុខា", "សុខ វាសនា", "ស្រី\u200bសុខា"])
        assert names(search_participants(s, "វាស")) == ["សុខ វាសនា"]


def test_latin_search_ignores_case(registry: Store) -> None:
    with registry.unit_of_work() as s:
        assert len(search_participants(s, "SOKHA")) == 2
        assert names(search_participants(s, "dArA")) == ["ចាន់ ដារ៉ា"]


def test_zero_width_spaces_and_khmer_spaces_do_not_matter(registry: Store) -> None:
    with registry.unit_of_work() as s:
        both = {"ស្រី សុខា", "ស្រី\u200bសុខា"}
        assert set(names(search_participants(s, "ស្រីសុខា"))) == both
        assert set(names(search_participants(s, "ស្រី សុខា"))) == both
        assert set(names(search_participants(s, "ស្រី\u200bសុខា"))) == both


def test_normalisation_differences_do_not_matter(registry: Store) -> None:
    nfc = unicodedata.normalize("NFC", KHMER_NOT_NFC)
    with registry.unit_of_work() as s:
        assert names(search_participants(s, KHMER_NOT_NFC[:4])) == [nfc]
        assert names(search_participants(s, nfc[:4])) == [nfc]


def test_exact_then_prefix_then_word_then_middle(store: Store) -> None:
    with store.unit_of_work() as s:
        for name in ("Kandara Sok", "Sok Dara", "Dara Sok", "Dara"):
            person(s, "", name)
        ranked = [h.name_latin for h in search_participants(s, "dara")]
    assert ranked == ["Dara", "Dara Sok", "Sok Dara", "Kandara Sok"]


def test_wildcards_typed_by_the_user_are_literal(store: Store) -> None:
    with store.unit_of_work() as s:
        person(s, "", "Ly_Na")
        person(s, "", "Lyxna")
        person(s, "", "100% Dara")
        assert names(search_participants(s, "y_n")) == ["Ly_Na"]
        assert names(search_participants(s, "0%")) == ["100% Dara"]
        assert search_participants(s, "y%") == []  # as a wildcard it would match both Ly-names
        assert search_participants(s, "") == []
        assert search_participants(s, "|") == []


def test_search_limit_and_deleted_left_out(store: Store) -> None:
    with store.unit_of_work() as s:
        ids = [person(s, "", f"Sophal {i}") for i in range(30)]
        delete_participant(s, ids[0])
        hits = search_participants(s, "sophal", limit=50)
        assert len(hits) == 29 and ids[0] not in {h.id for h in hits}
        assert len(search_participants(s, "sophal")) == 20


def test_deleted_entries_ranked_first_do_not_hide_live_ones(store: Store) -> None:
    with store.unit_of_work() as s:
        for i in range(45):
            delete_participant(s, person(s, "", f"Dara {i:02}"))  # exact-prefix matches, all deleted
        live = person(s, "", "Sok Dara")
        assert [h.id for h in search_participants(s, "dara")] == [live]


def test_a_single_letter_matches_the_start_of_names_and_words(store: Store) -> None:
    with store.unit_of_work() as s:
        person(s, "", "Dara Sok")
        person(s, "", "Kim Dara")
        person(s, "", "Chanda")
        person(s, "ដារ៉ា", "")
        assert sorted(h.name_latin for h in search_participants(s, "D")) == ["Dara Sok", "Kim Dara"]
        assert names(search_participants(s, "ដ")) == ["ដារ៉ា"]


def test_hit_shows_organisation_and_last_attendance(store: Store) -> None:
    with store.unit_of_work() as s:
        org = organisation(s, "CHRAC", name_km="ចំណងក្រុម")
        pid = person(s, "សុខា", organisation_id=org)
        attend(s, dialogue(s, date(2023, 1, 10)), pid)
        attend(s, dialogue(s, date(2024, 6, 1)), pid)
        removed = dialogue(s, date(2025, 1, 1))
        attend(s, removed, pid)
        s.get(Dialogue, removed).deleted = True  # type: ignore[union-attr]
    with store.unit_of_work() as s:
        (hit,) = search_participants(s, "សុខា")
    assert (hit.organisation_name_en, hit.organisation_name_km) == ("CHRAC", "ចំណងក្រុម")
    assert hit.last_attended == date(2024, 6, 1)


# --- duplicates ------------------------------------------------------------------------------------------


def test_possible_duplicates(store: Store) -> None:
    with store.unit_of_work() as s:
        by_phone = person(s, "ផល្លា", "Phalla", phone="+855 12 345 678", consent_data=True)
        by_km = person(s, "ស្រី\u200bសុខា", "Srey Sokha A")
        by_latin = person(s, "សុខ", "VEASNA  Sok")
        person(s, "ផ្សេង", "Someone Else", phone="012 999 888", consent_data=True)
        gone = person(s, "ស្រី សុខា", "")
        delete_participant(s, gone)
        found = possible_duplicates(
            s, ParticipantInput(name_km="ស្រី សុខា", name_latin="veasna sok", phone="012-345-678")
        )
        assert {h.id for h in found} == {by_phone, by_km, by_latin}
        # From an existing entry: never itself.
        assert [h.id for h in possible_duplicates(s, by_km)] == []
        assert possible_duplicates(s, ParticipantInput(name_latin="Nobody")) == []


# --- merge -----------------------------------------------------------------------------------------------


def test_merge_moves_history_and_fills_empty_fields(store: Store) -> None:
    with store.unit_of_work() as s:
        org = organisation(s, "Youth Network")
        keep = person(s, "ស្រី សុខា", "", sex=Sex.FEMALE, consent_data=True)
        remove = person(
            s,
            "ស្រី​សុខា",
            "Srey Sokha",
            birth_year=1996,
            phone="012345678",
            organisation_id=org,
            consent_data=True,
            consent_photo=True,
        )
        d1, d2, d3 = (
            dialogue(s, date(2023, 1, 1)),
            dialogue(s, date(2023, 6, 1)),
            dialogue(s, date(2024, 1, 1)),
        )
        attend(s, d1, keep)
        kept_unsigned = attend(s, d2, keep, signed=False)
        removed_signed = attend(s, d2, remove, signed=True)
        attend(s, d3, remove)
        speech = Intervention(dialogue_id=d3, participant_id=remove)
        need = Need(dialogue_id=d3, text_en="Road", raised_by_participant_id=remove)
        s.add_all([speech, need])
        s.flush()
        speech_id, need_id = speech.id, need.id
    with store.unit_of_work() as s:
        merge_participants(s, keep, remove)
    with store.unit_of_work() as s:
        live = s.scalars(select(Attendance).where(Attendance.deleted.is_(False))).all()
        assert sorted((a.dialogue_id, a.participant_id) for a in live) == sorted(
            [(d1, keep), (d2, keep), (d3, keep)]
        )
        in_d2 = next(a for a in live if a.dialogue_id == d2)
        assert in_d2.id == removed_signed and in_d2.signed  # the signed attendance is the one kept
        assert s.get(Attendance, kept_unsigned).deleted  # type: ignore[union-attr]
        assert s.get(Intervention, speech_id).participant_id == keep  # type: ignore[union-attr]
        assert s.get(Need, need_id).raised_by_participant_id == keep  # type: ignore[union-attr]
        kept = s.get(Participant, keep)
        gone = s.get(Participant, remove)
        assert kept is not None and gone is not None
        assert (kept.name_km, kept.name_latin, kept.sex) == ("ស្រី សុខា", "Srey Sokha", Sex.FEMALE)
        assert (kept.birth_year, kept.phone, kept.organisation_id) == (1996, "012345678", org)
        assert kept.consent_photo is False  # consent is never copied from another entry
        assert gone.deleted and gone.merged_into_id == keep
        assert [h.dialogue_id for h in attendance_history(s, keep)] == [d3, d2, d1]


def test_merge_refuses_the_same_person_twice(store: Store) -> None:
    with store.unit_of_work() as s:
        pid = person(s, "សុខា")
        with pytest.raises(UserError):
            merge_participants(s, pid, pid)


# --- history ---------------------------------------------------------------------------------------------


def test_attendance_history_latest_first_with_organisation_of_the_day(store: Store) -> None:
    with store.unit_of_work() as s:
        own = organisation(s, "Own CSO")
        that_day = organisation(s, "Provincial Department of Health", OrganisationKind.PROVINCIAL_DEPARTMENT)
        pid = person(s, "សុខា", organisation_id=own)
        old, new = dialogue(s, date(2022, 5, 1)), dialogue(s, date(2024, 5, 1))
        attend(s, old, pid)
        removed = attend(s, dialogue(s, date(2023, 5, 1)), pid)
        attend(s, new, pid, org=that_day)
        s.get(Attendance, removed).deleted = True  # type: ignore[union-attr]
    with store.unit_of_work() as s:
        history = attendance_history(s, pid)
    assert [(h.dialogue_id, h.organisation_name_en) for h in history] == [
        (new, "Provincial Department of Health"),
        (old, "Own CSO"),
    ]
    assert history[0].date == date(2024, 5, 1) and history[0].role == AttendanceRole.PARTICIPANT


# --- indigenous groups -----------------------------------------------------------------------------------


def test_indigenous_groups_list_rename_and_delete(store: Store) -> None:
    with store.unit_of_work() as s:
        tampuan = create_indigenous_group(s, "ទំពួន", "Tampuan")
        jarai = create_indigenous_group(s, "ចារ៉ាយ", "Jarai")
        with pytest.raises(ValidationError) as caught:
            create_indigenous_group(s, "", "  jarai ")
        assert caught.value.for_field("name_en")
        rename_indigenous_group(s, jarai, "ចារាយ", "Jarai (Charay)")
        assert [(g.id, g.name_en) for g in list_indigenous_groups(s)] == [
            (jarai, "Jarai (Charay)"),
            (tampuan, "Tampuan"),
        ]
        person(s, "ស៊ីវ", indigenous_group_id=tampuan)
    with store.unit_of_work() as s, pytest.raises(UserError) as refused:
        delete_indigenous_group(s, tampuan)
    assert "Change their group first" in refused.value.text()
    with store.unit_of_work() as s:
        delete_indigenous_group(s, jarai)
        assert [g.id for g in list_indigenous_groups(s)] == [tampuan]
        assert s.scalar(select(func.count()).select_from(Participant)) == 1
