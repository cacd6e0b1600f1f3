"""Where catalogs are loaded from: env override, compiled .mo, the repository's .po, nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from dialogue_desktop.core.i18n import catalog as loader
from dialogue_desktop.core.i18n import set_language, translate_in


def _write_catalog(path: Path, lang: str, entries: dict[str, str], *, mo: bool = False) -> Path:
    catalog = Catalog(locale=lang, fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        (write_mo if mo else write_po)(f, catalog)
    return path


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """An empty package locale folder and no env override, unless a test sets them."""
    monkeypatch.delenv(loader.ENV_TRANSLATIONS, raising=False)
    monkeypatch.setattr(loader, "locale_dir", lambda: tmp_path / "locale")
    loader.clear_cache()
    set_language("km")
    yield tmp_path
    loader.clear_cache()


def test_repository_translations_folder_is_found_from_the_package() -> None:
    folder = loader.translations_dir()
    assert (folder / "messages.pot").is_file()
    assert loader.po_path("km") == folder / "km" / "LC_MESSAGES" / "messages.po"
    assert loader.po_path("km").is_file()


def test_po_is_compiled_in_memory_when_no_mo(tmp_path: Path) -> None:
    assert not loader.mo_path("km").exists()
    assert translate_in("km", "Dialogue") == "កិច្ចសន្ទនា"


def test_env_var_overrides_the_translations_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _write_catalog(tmp_path / "tr" / "km" / "LC_MESSAGES" / "messages.po", "km", {"Dialogue": "សាកល្បង"})
    monkeypatch.setenv(loader.ENV_TRANSLATIONS, str(tmp_path / "tr"))
    assert loader.translations_dir() == tmp_path / "tr"
    assert translate_in("km", "Dialogue") == "សាកល្បង"


def test_compiled_mo_is_used_when_newer_than_the_po(tmp_path: Path) -> None:
    mo = _write_catalog(loader.mo_path("km"), "km", {"Dialogue": "ពីម៉ូ"}, mo=True)
    assert mo.stat().st_mtime >= loader.po_path("km").stat().st_mtime
    assert translate_in("km", "Dialogue") == "ពីម៉ូ"


def test_cache_is_per_language_and_can_be_cleared(tmp_path: Path) -> None:
    first = loader.get_translations("km")
    assert loader.get_translations("km") is first
    assert loader.get_translations("en") is not first
    _write_catalog(loader.mo_path("km"), "km", {"Dialogue": "ថ្មី"}, mo=True)
    assert translate_in("km", "Dialogue") == "កិច្ចសន្ទនា"  # still cached
    loader.clear_cache()
    assert translate_in("km", "Dialogue") == "ថ្មី"


def test_fuzzy_translations_are_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    catalog = Catalog(locale="km", fuzzy=False)
    catalog.add("Dialogue", "ខុស", flags=["fuzzy"])
    catalog.add("Forum", "វេទិកា")
    po = tmp_path / "tr" / "km" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setenv(loader.ENV_TRANSLATIONS, str(tmp_path / "tr"))
    assert translate_in("km", "Dialogue") == "Dialogue"
    assert translate_in("km", "Forum") == "វេទិកា"


def test_no_catalog_at_all_shows_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(loader, "translations_dir", lambda: tmp_path / "nowhere")
    assert translate_in("km", "Dialogue") == "Dialogue"


def test_a_po_without_mo_is_compiled_once_and_again_when_it_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A source checkout has no .mo: the compiled .po is kept in the cache folder, while the .po stays
    the same (a start then reads it instead of compiling for a tenth of a second)."""
    monkeypatch.setenv("DIALOGUE_DESKTOP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "translations_dir", lambda: tmp_path / "tr")
    po = _write_catalog(tmp_path / "tr" / "km" / "LC_MESSAGES" / "messages.po", "km", {"Dialogue": "មួយ"})
    assert translate_in("km", "Dialogue") == "មួយ"
    [kept] = (tmp_path / "cache" / "catalogs").glob("km-*.mo")
    kept.write_bytes(kept.read_bytes().replace("មួយ".encode(), "ពីរ".encode()))  # what was kept is what is read
    loader.clear_cache()
    assert translate_in("km", "Dialogue") == "ពីរ"

    _write_catalog(po, "km", {"Dialogue": "បី"})  # the translator changed the .po
    loader.clear_cache()
    assert translate_in("km", "Dialogue") == "បី"
    assert [p.name for p in (tmp_path / "cache" / "catalogs").iterdir()] != [kept.name]  # the old one gone
    [kept] = (tmp_path / "cache" / "catalogs").glob("km-*.mo")
    kept.write_bytes(b"damaged")
    loader.clear_cache()
    assert translate_in("km", "Dialogue") == "បី"  # compiled again
