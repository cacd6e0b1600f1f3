"""The current language and the gettext functions ``_``, ``N_``, ``n_``, ``p_`` (no Qt).

The language is process-wide and starts as Khmer. The GUI subscribes with
:func:`on_language_changed` and re-translates its widgets when the facilitator switches language.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from .catalog import get_translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "current_language",
    "n_",
    "ntranslate_in",
    "on_language_changed",
    "p_",
    "set_language",
    "system_language",
    "translate_in",
]

LANGUAGES: dict[str, str] = {"km": "ភាសាខ្មែរ", "en": "English"}
"""Supported language codes and their names written in that language."""

DEFAULT_LANGUAGE = "km"

LanguageCallback = Callable[[str], object]

_current = DEFAULT_LANGUAGE
_subscribers: list[LanguageCallback] = []


def _check(code: str) -> str:
    if code not in LANGUAGES:
        raise ValueError(f"Unsupported language {code!r}; expected one of {sorted(LANGUAGES)}")
    return code


def current_language() -> str:
    """The code of the current language, ``"km"`` or ``"en"``."""
    return _current


def set_language(code: str) -> None:
    """Make ``code`` (``"km"`` or ``"en"``) the current language and notify the subscribers.

    Raises ValueError for any other code. Subscribers are called (in the order they subscribed) only
    when the language actually changes; if one raises, the others are still called and the first
    error is raised afterwards.
    """
    global _current
    if _check(code) == _current:
        return
    _current = code
    errors: list[Exception] = []
    for callback in list(_subscribers):
        try:
            callback(code)
        except Exception as exc:  # one broken subscriber must not starve the others
            errors.append(exc)
    if errors:
        raise errors[0]


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """``"km"`` when the system's locale is Khmer (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``,
    the first one set, as gettext reads them), otherwise ``"en"``."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "km" if value.split(":")[0].lower().startswith("km") else "en"
    return "en"


def on_language_changed(callback: LanguageCallback) -> Callable[[], None]:
    """Call ``callback(new_code)`` after each language change; returns a function that unsubscribes.

    The subscription holds a strong reference: a widget that subscribes must unsubscribe when it is
    destroyed. Unsubscribing twice is harmless.
    """
    _subscribers.append(callback)

    def unsubscribe() -> None:
        if callback in _subscribers:
            _subscribers.remove(callback)

    return unsubscribe


def _(message: str) -> str:
    """Translate ``message`` into the current language (the English text if there is no translation)."""
    if not message:
        return message  # gettext("") would return the catalog header
    return get_translations(_current).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now; translate later with ``_(value)``."""
    return message


def n_(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count ``n`` (Khmer has one form for every ``n``).

    Substitute the number yourself, formatted for the language:
    ``n_("{n} participant", "{n} participants", n).format(n=format_number(n))``.
    """
    return get_translations(_current).ngettext(singular, plural, n)


def p_(context: str, message: str) -> str:
    """Translate ``message`` in a ``context``, for the same English word with different meanings."""
    return get_translations(_current).pgettext(context, message)


def translate_in(lang: str, message: str) -> str:
    """Translate ``message`` into ``lang`` without changing the current language (bilingual printing).

    Raises ValueError for an unsupported language code.
    """
    if not message:
        return message
    return get_translations(_check(lang)).gettext(message)


def ntranslate_in(lang: str, singular: str, plural: str, n: int) -> str:
    """Like :func:`n_`, in ``lang`` without changing the current language."""
    return get_translations(_check(lang)).ngettext(singular, plural, n)
