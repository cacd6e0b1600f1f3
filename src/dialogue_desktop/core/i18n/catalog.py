"""Finding and loading the gettext catalogs (no Qt).

Where a language's messages come from, in order:

1. ``$DIALOGUE_DESKTOP_TRANSLATIONS/<lang>/LC_MESSAGES/messages.po`` when that variable is set
   (a translator previewing their work, or a test);
2. the compiled ``dialogue_desktop/locale/<lang>/LC_MESSAGES/messages.mo`` shipped in the package
   (built by ``python scripts/translations.py``), unless the repository's ``.po`` is newer than it;
3. the repository's ``translations/<lang>/LC_MESSAGES/messages.po``, compiled with Babel (and the result
   kept in the cache folder until the ``.po`` changes);
4. nothing: the English message ids are shown (and a warning is logged).

Loaded catalogs are cached per language; :func:`clear_cache` forgets them.
"""

from __future__ import annotations

import gettext
import logging
import os
import threading
from io import BytesIO
from pathlib import Path

__all__ = [
    "DOMAIN",
    "ENV_TRANSLATIONS",
    "clear_cache",
    "compile_po",
    "get_translations",
    "locale_dir",
    "mo_path",
    "po_path",
    "translations_dir",
]

log = logging.getLogger(__name__)

DOMAIN = "messages"
ENV_TRANSLATIONS = "DIALOGUE_DESKTOP_TRANSLATIONS"

_PACKAGE_DIR = Path(__file__).resolve().parents[2]  # .../dialogue_desktop
_cache: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def translations_dir() -> Path:
    """The folder holding ``<lang>/LC_MESSAGES/messages.po``: the env override or the repository's."""
    override = os.environ.get(ENV_TRANSLATIONS)
    if override:
        return Path(override)
    return _PACKAGE_DIR.parents[1] / "translations"  # src layout: <repo>/src/dialogue_desktop


def locale_dir() -> Path:
    """The folder of compiled catalogs inside the package: ``dialogue_desktop/locale``."""
    return _PACKAGE_DIR / "locale"


def po_path(lang: str) -> Path:
    """Path of the ``.po`` source for ``lang`` (it may not exist, e.g. in an installed build)."""
    return translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    """Path of the compiled ``.mo`` for ``lang`` inside the package (it may not exist yet)."""
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def compile_po(po_file: Path, lang: str) -> gettext.GNUTranslations:
    """Read a ``.po`` file and compile it in memory; fuzzy translations are left out, as in a build."""
    return gettext.GNUTranslations(BytesIO(_mo_bytes(po_file, lang)))


def _mo_bytes(po_file: Path, lang: str) -> bytes:
    # Imported here: Babel's catalog modules cost ~40 ms, and a start reads a compiled catalog.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _load(lang: str) -> gettext.NullTranslations:
    po = po_path(lang)
    mo = mo_path(lang)
    po_exists = po.is_file()
    if os.environ.get(ENV_TRANSLATIONS) and po_exists:
        return compile_po(po, lang)
    if mo.is_file() and (not po_exists or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    if po_exists:
        return _compiled_once(po, lang)
    log.warning("No translations found for %r (looked for %s and %s)", lang, mo, po)
    return gettext.NullTranslations()


def _compiled_once(po: Path, lang: str) -> gettext.NullTranslations:
    """The repository's ``.po`` compiled, kept in the cache folder while the ``.po`` is unchanged: a source
    checkout has no ``.mo``, and compiling one costs a tenth of a second at every start."""
    from dialogue_desktop.core.paths import cache_dir

    found = po.stat()
    cached = cache_dir() / "catalogs" / f"{lang}-{found.st_size}-{found.st_mtime_ns}.mo"
    try:
        with cached.open("rb") as f:
            return gettext.GNUTranslations(f)
    except (OSError, ValueError):  # none yet, or damaged: compiled again below
        pass
    compiled = _mo_bytes(po, lang)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_bytes(compiled)
        os.replace(partial, cached)  # whole or absent, whoever else compiles it at the same time
        for older in cached.parent.glob(f"{lang}-*.mo"):
            if older != cached:
                older.unlink(missing_ok=True)
    except OSError as error:
        log.info("the compiled catalog could not be cached: %s", error.strerror)
    return gettext.GNUTranslations(BytesIO(compiled))


def get_translations(lang: str) -> gettext.NullTranslations:
    """The (cached) gettext translations for ``lang``; never raises for a missing catalog."""
    with _lock:
        translations = _cache.get(lang)
        if translations is None:
            translations = _cache[lang] = _load(lang)
        return translations


def clear_cache() -> None:
    """Forget the loaded catalogs, so the next lookup reads them again (tests, translator preview)."""
    with _lock:
        _cache.clear()
