"""The base of every error a facilitator may see: an English msgid and its parameters, translated on display."""

from __future__ import annotations

from typing import Any

from dialogue_desktop.core.i18n import _, format_number


class Msgid(str):
    """A message parameter that is itself a message (marked with N_): translated when the message is shown,
    so that it follows the language chosen after the error was raised."""


def localised(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters as shown: whole numbers in the current language's digits, msgids translated."""
    return {k: _shown(v) for k, v in params.items()}


def _shown(value: Any) -> Any:
    if isinstance(value, Msgid):
        return _(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return value


class UserError(Exception):
    """An error to show the user: an English msgid (marked with N_) and its parameters."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def text(self) -> str:
        """The message in the current language."""
        return _(self.message).format(**localised(self.params))
