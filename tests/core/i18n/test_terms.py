"""One Khmer form per concept: the term list translations/terms-km.md, read by the catalog test."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from dialogue_desktop.core.i18n.lint import Term, check_terms, other_forms, read_terms

REPO = Path(__file__).resolve().parents[3]
TERMS = REPO / "translations" / "terms-km.md"
KM_PO = REPO / "translations" / "km" / "LC_MESSAGES" / "messages.po"


def _terms() -> list[Term]:
    return read_terms(TERMS.read_text(encoding="utf-8"))


def _km() -> Catalog:
    with KM_PO.open("rb") as f:
        return read_po(f, locale="km")


def _term(concept_start: str) -> Term:
    return next(t for t in _terms() if t.concept.startswith(concept_start))


# --- the real catalog ---


def test_khmer_catalog_writes_every_listed_term_in_one_form() -> None:
    problems = check_terms(_km(), _terms())
    assert not problems, "Write these as translations/terms-km.md says:\n" + "\n".join(map(str, problems))


def test_the_term_list_holds_the_terms_of_issue_16() -> None:
    """The list is read as intended: a table the parser skipped would make the test above pass."""
    listed = {(form, other) for term in _terms() for form in term.forms for other in term.others}
    for pair in [
        ("កំណត់ហេតុកិច្ចប្រជុំ", "កំណត់ហេតុ"),
        ("កែសម្រួល", "កែប្រែ"),
        ("យកចេញ", "ដកចេញ"),
        ("ជ្រើស", "ជ្រើសរើស"),
        ("ការប៉ះទង្គិច", "ភាពមិនស៊ីគ្នា"),
        ("ចំណាំ", "កំណត់សម្គាល់"),
        ("អង្គភាពទទួលខុសត្រូវ", "ស្ថាប័នទទួលខុសត្រូវ"),
        ("ការចុះពិនិត្យ", "ទស្សនកិច្ច"),
        ("ម្ដង", "ម្តង"),
        ("ប្ដូរ", "ប្តូរ"),
        ("ផ្ដើម", "ផ្តើម"),
        ("សេចក្ដី", "សេចក្តី"),
        ("ឱ្យ", "ឲ្យ"),
        ("«", "“"),
        ("»", "”"),
    ]:
        assert pair in listed, pair


def test_the_glossary_forms_are_the_ones_we_write() -> None:
    """No listed "other form" is the glossary's own translation of a glossary term."""
    glossary = _km()
    others = {other for term in _terms() for other in term.others}
    for msgid in ("Minutes", "Decision", "Responsible", "Agreed actions"):
        message = glossary.get(msgid)
        assert message is not None and message.string not in others, msgid


# --- the checker itself ---


def _catalog(*translations: str) -> Catalog:
    catalog = Catalog(locale="km")
    for index, text in enumerate(translations):
        catalog.add(f"message {index}", text, locations=[("src/x.py", index)])
    return catalog


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("សូមបើកកំណត់ហេតុកិច្ចប្រជុំឡើងវិញ", []),
        ("សូមបើកកំណត់ហេតុឡើងវិញ", ["កំណត់ហេតុ"]),  # planted: the short form of "minutes"
        ("កំណត់ហេតុកិច្ចប្រជុំ និងកំណត់ហេតុ", ["កំណត់ហេតុ"]),  # mixed in one message
    ],
)
def test_a_longer_form_we_write_is_not_a_use_of_the_shorter_one(text: str, found: list[str]) -> None:
    assert other_forms(text, _term("Minutes")) == found


def test_a_shorter_form_we_write_does_not_hide_the_longer_other_form() -> None:
    choose = _term("Choose")
    assert other_forms("សូមជ្រើសឯកសារ", choose) == []
    assert other_forms("សូមជ្រើសរើសឯកសារ", choose) == ["ជ្រើសរើស"]


@pytest.mark.parametrize(
    ("planted", "concept"),
    [
        ("កែប្រែអង្គភាព", "Edit"),
        ("ភាពមិនស៊ីគ្នា ៣", "Conflict"),
        ("ចុះឈ្មោះម្តងទៀត", "once"),  # subscript ត instead of ដ
        ("មិនអាចទុកឲ្យទទេបានទេ។", "to let"),
        ("លុប “{item}” ឬ?", "quotation marks"),
        ("លុប «{item}” ឬ?", "quotation marks"),  # mixed marks
    ],
)
def test_checker_fails_on_a_planted_wrong_form(planted: str, concept: str) -> None:
    problems = check_terms(_catalog("កែសម្រួលអង្គភាព", planted), _terms())
    assert [(p.kind, p.msgid) for p in problems] == [("term", "message 1")]
    assert problems[0].detail.startswith(concept)
    assert "src/x.py" in str(problems[0])


def test_checker_fails_on_the_real_catalog_with_one_planted_wrong_form() -> None:
    km = _km()
    minutes = km.get("Minutes")
    assert minutes is not None
    minutes.string = "កំណត់ហេតុ"
    problems = check_terms(km, _terms())
    assert [p.msgid for p in problems] == ["Minutes"]


def test_plural_translations_are_checked() -> None:
    catalog = Catalog(locale="km")
    catalog.add(("{n} conflict", "{n} conflicts"), ("ភាពមិនស៊ីគ្នា {n}",))
    assert [p.kind for p in check_terms(catalog, _terms())] == ["term"]


def test_read_terms_takes_rows_with_forms_in_backticks_only() -> None:
    text = """
| Concept | We write | Not | Why |
|---|---|---|---|
| Edit | `កែសម្រួល` | `កែប្រែ` | peers |
| Quotes | `«` `»` | `“`, `”` | usage |
| A row without other forms | `ចំណាំ` | — | |
"""
    assert read_terms(text) == [
        Term("Edit", ("កែសម្រួល",), ("កែប្រែ",)),
        Term("Quotes", ("«", "»"), ("“", "”")),
    ]
