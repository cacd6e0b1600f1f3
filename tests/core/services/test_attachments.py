"""A photo of the signed sign-in sheet is kept by content hash and named by a record."""

from datetime import date
from pathlib import Path

import pytest

from dialogue_desktop.core.services.attachments import (
    add_attachment,
    content_path,
    delete_attachment,
    list_attachments,
)
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.store.store import Store


def make_dialogue(store: Store) -> str:
    with store.unit_of_work() as session:
        return create_dialogue(
            session,
            DialogueInput(
                kind="provincial", title_en="Kampot dialogue", date=date(2025, 3, 13), province_code="07"
            ),
        )


def test_a_file_is_stored_once_by_its_hash_and_listed(store: Store, tmp_path: Path) -> None:
    dialogue_id = make_dialogue(store)
    photo = tmp_path / "sign-in sheet.jpg"
    photo.write_bytes(b"\xff\xd8 signed sheet" * 1000)
    with store.unit_of_work() as session:
        first = add_attachment(session, store, photo, dialogue_id=dialogue_id, caption="ហត្ថលេខា page 1")
        add_attachment(session, store, photo, dialogue_id=dialogue_id)
    with store.unit_of_work() as session:
        rows = list_attachments(session, dialogue_id)
    assert [r.filename for r in rows] == ["sign-in sheet.jpg", "sign-in sheet.jpg"]
    assert rows[0].media_type == "image/jpeg" and rows[0].size == 15_000
    assert content_path(store, rows[0].sha256).read_bytes() == photo.read_bytes()
    assert list(store.attachments_dir.iterdir()) == [content_path(store, rows[0].sha256)]  # kept once
    with store.unit_of_work() as session:
        delete_attachment(session, first)
    with store.unit_of_work() as session:
        assert len(list_attachments(session, dialogue_id)) == 1


def test_a_missing_file_is_a_clear_message_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    dialogue_id = make_dialogue(store)
    with pytest.raises(UserError) as raised, store.unit_of_work() as session:
        add_attachment(session, store, tmp_path / "nowhere.jpg", dialogue_id=dialogue_id)
    assert "nowhere.jpg" in raised.value.text()
    with store.unit_of_work() as session:
        assert list_attachments(session, dialogue_id) == []
