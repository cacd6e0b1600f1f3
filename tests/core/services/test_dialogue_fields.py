"""Saving one field of a dialogue keeps every other, and is validated like the whole form."""

from __future__ import annotations

from datetime import date, time

import pytest

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.services.dialogues import (
    DialogueInput,
    create_dialogue,
    get_dialogue,
    update_dialogue_field,
)
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.store.store import Store


def test_one_field_is_saved_and_the_others_kept(store: Store) -> None:
    with store.unit_of_work() as s:
        d = create_dialogue(
            s, DialogueInput(kind=DialogueKind.DISTRICT, title_km="វេទិកា", title_en="Water forum",
                             date=date(2025, 3, 14), start_time=time(8, 30), province_code="07", venue="Hall"),
        )  # fmt: skip
        before = get_dialogue(s, d)
        update_dialogue_field(s, d, "discussion_summary", "Wells were discussed.")
        after = get_dialogue(s, d)
    assert after.discussion_summary == "Wells were discussed."
    assert (after.title_km, after.title_en, after.start_time, after.venue, after.kind) == (
        before.title_km, before.title_en, before.start_time, before.venue, before.kind
    )  # fmt: skip
    with store.unit_of_work() as s, pytest.raises(ValidationError):
        update_dialogue_field(s, d, "date", None)  # a dialogue has a date
    with store.unit_of_work() as s, pytest.raises(ValueError):
        update_dialogue_field(s, d, "status", "held")
