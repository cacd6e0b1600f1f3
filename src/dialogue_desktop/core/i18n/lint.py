"""Checks of a translated catalog: missing or fuzzy translations, and placeholders that do not match.

Used by ``scripts/translations.py --missing`` and by the tests. Like Frescobaldi's molint: a
translation must keep every placeholder of the English text — ``{name}`` for ``str.format`` and,
when the English uses them, ``%s`` / ``%(name)d`` for ``%`` formatting — and add none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

__all__ = ["Problem", "check_catalog", "message_text", "placeholders"]

_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_PERCENT = re.compile(r"%%|%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa]")


def placeholders(text: str, percent: bool = True) -> Counter[str]:
    """The placeholders in ``text`` as a multiset: ``{name}`` (format spec dropped), ``%(x)d``, ``%s``."""
    found: Counter[str] = Counter()
    for match in _BRACE.finditer(text):
        if match.group(1) is not None:
            field = re.split(r"[:!]", match.group(1), maxsplit=1)[0]
            found["{" + field + "}"] += 1
    if percent:
        found.update(m.group(0) for m in _PERCENT.finditer(text) if m.group(0) != "%%")
    return found


def message_text(message: Message) -> str:
    """The English text of a message (singular form) for reports."""
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a translation: ``kind`` is "missing", "fuzzy" or "placeholders"."""

    kind: str
    msgid: str
    context: str | None
    detail: str
    locations: tuple[tuple[str, int | None], ...]

    def __str__(self) -> str:
        where = ", ".join(sorted({path for path, _ in self.locations})) or "?"
        ctx = f" [{self.context}]" if self.context else ""
        return f"{self.kind}: {self.msgid!r}{ctx} ({where}){': ' + self.detail if self.detail else ''}"


def _placeholder_problem(message: Message, num_plurals: int) -> str:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = _strings(message)
    percent = any(_PERCENT.search(i.replace("%%", "")) for i in ids)
    for index, translated in enumerate(strings):
        if not translated:
            continue
        # With a single plural form (Khmer), the one translation serves every count: compare it with
        # the English plural.
        source = ids[-1] if num_plurals == 1 else ids[min(index, len(ids) - 1)]
        expected, got = placeholders(source, percent), placeholders(translated, percent)
        if expected != got:
            return f"expected {sorted(expected.elements())}, got {sorted(got.elements())} in {translated!r}"
    return ""


def check_catalog(catalog: Catalog, template: Catalog | None = None) -> list[Problem]:
    """Problems of ``catalog``: every message of ``template`` (default: the catalog itself) must have
    a complete, non-fuzzy translation whose placeholders match the English."""
    problems: list[Problem] = []
    reference = template if template is not None else catalog
    for ref in reference:
        if not ref.id:
            continue  # the header
        message = catalog.get(ref.id, ref.context)
        locations = tuple(ref.locations)
        text = message_text(ref)
        strings = _strings(message) if message is not None else []
        if message is None or not strings or not all(strings):
            problems.append(Problem("missing", text, ref.context, "", locations))
        elif message.fuzzy:
            problems.append(
                Problem("fuzzy", text, ref.context, "check, then remove the fuzzy flag", locations)
            )
        else:
            detail = _placeholder_problem(message, catalog.num_plurals)
            if detail:
                problems.append(Problem("placeholders", text, ref.context, detail, locations))
    return problems
