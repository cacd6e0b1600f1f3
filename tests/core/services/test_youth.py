"""Youth is counted with the store's configured age range (15–30 unless changed)."""

from datetime import date

import pytest

from dialogue_desktop.core.services.attendance import register_new
from dialogue_desktop.core.services.counts import attendance_counts
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.participants import ParticipantInput
from dialogue_desktop.core.services.youth import set_youth_ages, youth_ages
from dialogue_desktop.core.store.store import Store


def test_changing_the_youth_range_changes_who_counts_as_youth(store: Store) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(
            session,
            DialogueInput(
                kind="provincial", title_en="Kampot dialogue", date=date(2025, 3, 14), province_code="07"
            ),
        )
        register_new(
            session, dialogue_id, ParticipantInput(name_latin="Sok Dara", sex="male", birth_year=1992)
        )  # 33
        register_new(
            session, dialogue_id, ParticipantInput(name_latin="Ly Bopha", sex="female", birth_year=2000)
        )  # 25
        assert youth_ages(session) == (15, 30)
        assert attendance_counts(session, dialogue_id).youth == 1
    with store.unit_of_work() as session:
        set_youth_ages(session, "15", "35")
    with store.unit_of_work() as session:
        assert attendance_counts(session, dialogue_id).youth == 2


def test_a_youth_range_upside_down_is_refused_naming_the_field(store: Store) -> None:
    with pytest.raises(ValidationError) as raised, store.unit_of_work() as session:
        set_youth_ages(session, 30, 15)
    assert raised.value.for_field("youth_max_age")
