"""Collecting field problems before anything is written: each check adds a FieldError and returns a value."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import Synced
from dialogue_desktop.core.domain.rules import clean_text
from dialogue_desktop.core.i18n import N_, to_latin_digits
from dialogue_desktop.core.services.errors import FieldError, NotFoundError, ValidationError

E = TypeVar("E", bound=StrEnum)
M = TypeVar("M", bound=Synced)

_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")


class Checker:
    """Gathers every problem of one input, then raises them together with `done()`."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, label: str, message: str, **params: object) -> None:
        """Record a problem with a field (label and message are msgids marked with N_)."""
        self.errors.append(FieldError(field, label, message, dict(params)))

    def text(
        self, field: str, label: str, value: str | None, *, max_length: int, required: bool = False
    ) -> str:
        """Cleaned text (NFC, trimmed); checks presence and length."""
        cleaned = clean_text(value)
        if required and not cleaned:
            self.add(field, label, N_("This cannot be empty."))
        elif len(cleaned) > max_length:
            self.add(field, label, N_("Too long: at most {limit} characters."), limit=max_length)
        return cleaned

    def choice(
        self, field: str, label: str, value: str | E | None, enum_cls: type[E], *, required: bool = True
    ) -> E | None:
        """A member of `enum_cls` from its value."""
        if value is None or value == "":
            if required:
                self.add(field, label, N_("Choose a value."))
            return None
        try:
            return enum_cls(value)
        except ValueError:
            self.add(field, label, N_("“{value}” is not one of the choices."), value=str(value))
            return None

    def integer(
        self, field: str, label: str, value: object, *, low: int, high: int, required: bool = False
    ) -> int | None:
        """A whole number between `low` and `high` (Khmer digits accepted)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, label, N_("This cannot be empty."))
            return None
        try:
            number = int(to_latin_digits(str(value).strip()))
        except ValueError:
            self.add(field, label, N_("Enter a whole number."))
            return None
        if not low <= number <= high:
            self.add(field, label, N_("Enter a number from {low} to {high}."), low=low, high=high)
            return None
        return number

    def phone(self, field: str, label: str, value: str | None) -> str:
        """A phone number: digits, spaces, + ( ) -, 6 to 20 characters; empty is fine."""
        cleaned = to_latin_digits(clean_text(value))
        if cleaned and not _PHONE.match(cleaned):
            self.add(field, label, N_("This is not a phone number."))
        return cleaned

    def date_order(self, field: str, label: str, first: date | None, then: date | None) -> None:
        """`then` may not be before `first`."""
        if first is not None and then is not None and then < first:
            self.add(field, label, N_("This date is before {date}."), date=first.isoformat())

    def done(self) -> None:
        """Raise ValidationError when any problem was recorded."""
        if self.errors:
            raise ValidationError(self.errors)


def get_live(session: Session, model: type[M], record_id: str | None) -> M:
    """A record that exists and is not deleted, else NotFoundError."""
    record = session.get(model, record_id) if record_id else None
    if record is None or record.deleted:
        raise NotFoundError(N_("This record no longer exists; it may have been deleted."))
    return record
