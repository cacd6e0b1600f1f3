"""Errors services raise, each with a message a facilitator understands, in the current language."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from dialogue_desktop.core.errors import UserError, localised
from dialogue_desktop.core.i18n import _

__all__ = ["FieldError", "LockedError", "NotFoundError", "UserError", "ValidationError", "localised"]


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. `label` and `message` are English msgids, translated when shown."""

    field: str
    label: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def text(self) -> str:
        """'Field: what is wrong', in the current language."""
        return _("{field}: {problem}").format(
            field=_(self.label), problem=_(self.message).format(**localised(self.params))
        )


class ValidationError(UserError):
    """Input that cannot be saved; `errors` names each field with what is wrong."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message.format(**e.params)}" for e in errors))
        self.errors = errors

    def text(self) -> str:
        return "\n".join(error.text() for error in self.errors)

    def for_field(self, name: str) -> list[FieldError]:
        """The problems with one field (the GUI shows them next to it)."""
        return [e for e in self.errors if e.field == name]


class NotFoundError(UserError):
    """A record that does not exist (or was deleted)."""


class LockedError(UserError):
    """A change to approved minutes, which are locked until reopened."""
