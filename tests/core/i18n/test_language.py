"""The current language, ``_``/``n_``/``p_``, subscribers and ``translate_in``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dialogue_desktop.core import i18n
from dialogue_desktop.core.i18n import (
    LANGUAGES,
    N_,
    _,
    current_language,
    n_,
    on_language_changed,
    p_,
    set_language,
    translate_in,
)

REPO_TRANSLATIONS = Path(__file__).resolve().parents[3] / "translations"


@pytest.fixture(autouse=True)
def khmer_from_repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Read the repository's .po files (not a possibly stale .mo) and start and end in Khmer."""
    monkeypatch.setenv("DIALOGUE_DESKTOP_TRANSLATIONS", str(REPO_TRANSLATIONS))
    i18n.clear_cache()
    set_language("km")
    yield
    set_language("km")
    i18n.clear_cache()


def test_default_language_is_khmer_and_languages_have_native_names() -> None:
    assert i18n.DEFAULT_LANGUAGE == "km"
    assert current_language() == "km"
    assert LANGUAGES == {"km": "ភាសាខ្មែរ", "en": "English"}


def test_switching_language_changes_translations() -> None:
    assert _("Dialogue") == "កិច្ចសន្ទនា"
    assert _("Minutes") == "កំណត់ហេតុកិច្ចប្រជុំ"
    set_language("en")
    assert current_language() == "en"
    assert _("Dialogue") == "Dialogue"
    set_language("km")
    assert _("Sign-in sheet") == "បញ្ជីវត្តមាន"


def test_unknown_language_is_refused_and_changes_nothing() -> None:
    with pytest.raises(ValueError):
        set_language("fr")
    with pytest.raises(ValueError):
        set_language("km_KH")
    with pytest.raises(ValueError):
        translate_in("th", "Dialogue")
    assert current_language() == "km"


def test_untranslated_and_empty_messages() -> None:
    assert _("A message nobody translated") == "A message nobody translated"
    assert _("") == ""  # not the catalog header


def test_n_and_p_fall_back_to_english_forms() -> None:
    set_language("en")
    assert n_("{n} participant", "{n} participants", 1) == "{n} participant"
    assert n_("{n} participant", "{n} participants", 2) == "{n} participants"
    set_language("km")
    # Khmer has a single plural form; without a translation gettext falls back to English.
    assert n_("{n} participant", "{n} participants", 5) == "{n} participants"
    assert p_("menu", "Print") == "Print"  # no translation in that context


def test_n_marks_without_translating() -> None:
    label = N_("Provincial dialogue")
    assert label == "Provincial dialogue"
    assert _(label) == "កិច្ចសន្ទនាថ្នាក់ខេត្ត"


def test_subscribers_are_called_on_change_only_and_can_unsubscribe() -> None:
    seen: list[tuple[str, str]] = []
    unsubscribe = on_language_changed(lambda code: seen.append((code, _("Save"))))
    set_language("en")
    set_language("en")  # no change, no call
    set_language("km")
    assert seen == [("en", "Save"), ("km", "រក្សាទុក")]
    unsubscribe()
    unsubscribe()  # harmless
    set_language("en")
    assert len(seen) == 2


def test_a_failing_subscriber_does_not_starve_the_others() -> None:
    seen: list[str] = []

    def broken(code: str) -> None:
        raise RuntimeError("widget already deleted")

    unsubscribe_broken = on_language_changed(broken)
    unsubscribe_ok = on_language_changed(seen.append)
    try:
        with pytest.raises(RuntimeError):
            set_language("en")
        assert seen == ["en"]
        assert current_language() == "en"
    finally:
        unsubscribe_broken()
        unsubscribe_ok()


def test_translate_in_does_not_change_the_current_language() -> None:
    calls: list[str] = []
    unsubscribe = on_language_changed(calls.append)
    try:
        set_language("en")
        assert translate_in("km", "Signature") == "ហត្ថលេខា"
        assert translate_in("en", "Signature") == "Signature"
        assert current_language() == "en"
        assert _("Signature") == "Signature"
        set_language("km")
        assert translate_in("en", "Thumbprint") == "Thumbprint"
        assert _("Thumbprint") == "ស្នាមមេដៃ"
        assert calls == ["en", "km"]
    finally:
        unsubscribe()


def test_core_i18n_never_imports_qt() -> None:
    package = Path(i18n.__file__).parent
    for source in package.glob("*.py"):
        assert "PySide6" not in source.read_text(encoding="utf-8"), source


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "km_KH.UTF-8"}, "km"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANGUAGE": "km:en", "LANG": "en_US.UTF-8"}, "km"),  # the first variable set wins, as in gettext
        ({"LC_ALL": "C.UTF-8", "LANG": "km_KH.UTF-8"}, "en"),
    ],
)
def test_system_language(environ: dict[str, str], expected: str) -> None:
    assert i18n.system_language(environ) == expected
