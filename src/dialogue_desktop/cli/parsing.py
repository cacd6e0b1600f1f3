"""The command line in the chosen language: which language, and argparse's own words translated.

The language is chosen before the parser is built (its help texts are translated when they are added):
``--lang``, else the language the facilitator chose in the app, else the system's, else English.
argparse writes its own words ("usage:", "options", "the following arguments are required: …") with
the stdlib's ``gettext`` and, for those with a count ("expected %s arguments"), ``ngettext``;
:func:`argparse_in_current_language` sends both through the app's catalog while the parser is built and
used, the counted ones with the catalog's plural forms.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dialogue_desktop.core.i18n import N_, _, n_, system_language

__all__ = ["ARGPARSE_MESSAGES", "ARGPARSE_PLURALS", "argparse_in_current_language", "chosen_language"]

#: The messages of argparse (Python 3.11) that a user sees, marked so that the catalog translates them.
ARGPARSE_MESSAGES: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)

#: argparse's messages with a count, by their singular: each asks the catalog for the form of its count.
ARGPARSE_PLURALS: dict[str, Callable[[int], str]] = {
    "expected %s argument": lambda n: n_("expected %s argument", "expected %s arguments", n),
    "conflicting option string: %s": lambda n: n_(
        "conflicting option string: %s", "conflicting option strings: %s", n
    ),
}


def _ngettext(singular: str, plural: str, n: int) -> str:
    """argparse's ``ngettext``: its counted messages in the current language, others as argparse wrote them."""
    translated = ARGPARSE_PLURALS.get(singular)
    if translated is not None:
        return translated(n)
    return singular if n == 1 else plural


@contextmanager
def argparse_in_current_language() -> Iterator[None]:
    """While inside, argparse's own messages are translated into the current language."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def chosen_language(given: str | None) -> str:
    """``--lang`` if given, else the system's (Khmer or English). Not the language saved in the app:
    scripts at the central office read what a command prints, whoever last used the app there."""
    return given or system_language()
