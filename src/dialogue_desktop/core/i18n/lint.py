"""Checks of a translated catalog: missing or fuzzy translations, and placeholders that do not match.

Used by ``scripts/translations.py --missing`` and by the tests. Like Frescobaldi's molint: a
translation must keep every placeholder of the English text — ``{name}`` for ``str.format`` and,
when the English uses them, ``%s`` / ``%(name)d`` for ``%`` formatting — and add none.

:func:`check_terms` keeps the wording consistent: one Khmer form per concept, as listed in
translations/terms-km.md (read with :func:`read_terms`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

__all__ = [
    "Problem",
    "Term",
    "check_catalog",
    "check_terms",
    "message_text",
    "other_forms",
    "placeholders",
    "read_terms",
]

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
    """One thing wrong with a translation: ``kind`` is "missing", "fuzzy", "placeholders" or "term"."""

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


# --- one form per concept ---

_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Term:
    """A concept of the term list: the ``forms`` the catalog writes and the ``others`` it must not."""

    concept: str
    forms: tuple[str, ...]
    others: tuple[str, ...]


def read_terms(text: str) -> list[Term]:
    """The terms of a Markdown term list (translations/terms-km.md): every table row whose second and
    third cells hold forms in backticks ("We write", "Not"); the first cell names the concept."""
    terms = []
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        forms, others = tuple(_CODE.findall(cells[1])), tuple(_CODE.findall(cells[2]))
        if forms and others:
            terms.append(Term(cells[0], forms, others))
    return terms


def other_forms(text: str, term: Term) -> list[str]:
    """The forms of ``term`` that ``text`` must not use and does, in the term's order.

    A form the term writes that contains another form does not count as a use of it
    (``កំណត់ហេតុកិច្ចប្រជុំ`` is not a use of ``កំណត់ហេតុ``).
    """
    found = []
    for other in term.others:
        masked = text
        for form in term.forms:
            if other in form:
                masked = masked.replace(form, "\0")
        if other in masked:
            found.append(other)
    return found


def check_terms(catalog: Catalog, terms: list[Term]) -> list[Problem]:
    """A problem for each translated message that writes a concept of ``terms`` in another form."""
    problems: list[Problem] = []
    for message in catalog:
        if not message.id:
            continue
        for term in terms:
            found = sorted(
                {o for s in _strings(message) for o in other_forms(s, term)}, key=term.others.index
            )
            if found:
                detail = f"{term.concept}: write {' '.join(term.forms)}, not {' '.join(found)}"
                problems.append(
                    Problem("term", message_text(message), message.context, detail, tuple(message.locations))
                )
    return problems
