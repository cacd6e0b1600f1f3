"""'Copy details' under an error tells where it happened, never whose data it concerned."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError

from dialogue_desktop.gui import errors


def test_the_details_of_a_database_error_carry_no_name_or_phone(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_box", lambda _parent, _title, _text, details: shown.append(details))
    person = ("Srey Sokha", "012345678")
    statement = "INSERT INTO participant (name_latin, phone) VALUES (?, ?)"
    try:  # an error built as the driver and SQLAlchemy build it, with the row's values attached
        try:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: participant.phone")
        except sqlite3.IntegrityError as driver_error:
            raise IntegrityError(statement, person, driver_error) from driver_error
    except IntegrityError as error:
        errors.show_error(error)
    assert len(shown) == 1
    details = shown[0]
    assert statement in details and "UNIQUE constraint failed: participant.phone" in details
    assert "unexpected error" in caplog.text
    for text in (details, caplog.text):
        assert all(value not in text for value in person)
