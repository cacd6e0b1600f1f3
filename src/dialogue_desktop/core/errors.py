"""The base of every error a facilitator may see: an English msgid and its parameters, translated on display."""

from __future__ import annotations

from typing import Any

from dialogue_desktop.core.i18n import _, format_number


def localised(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters as shown: whole numbers in the current language's digits."""
    return {
        k: format_number(v) if isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in params.items()
    }


class UserError(Exception):
    """An error to show the user: an English msgid (marked with N_) and its parameters."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def text(self) -> str:
        """The message in the current language."""
        return _(self.message).format(**localised(self.params))
