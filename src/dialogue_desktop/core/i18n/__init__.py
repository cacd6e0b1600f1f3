"""Internationalisation: gettext messages, the current language, and Khmer/English formatting.

No Qt here: the GUI subscribes to :func:`on_language_changed` and re-translates itself.

Usage::

    from dialogue_desktop.core.i18n import N_, _, format_number, n_

    title = _("Agreed actions")
    label = n_("{n} participant", "{n} participants", n).format(n=format_number(n))
    KIND = N_("Provincial dialogue")  # marked now, translated where shown: _(KIND)

After adding or changing messages run ``python scripts/translations.py``, then translate what
``python scripts/translations.py --missing`` lists in translations/km/LC_MESSAGES/messages.po.
Never build a message from pieces; pass numbers through the ``format_*`` functions so that Khmer
shows Khmer digits.
"""

from .catalog import clear_cache, get_translations
from .formatting import (
    DateStyle,
    format_date,
    format_datetime,
    format_number,
    format_page_of,
    format_percent,
    format_time,
    localise_digits,
    to_khmer_digits,
    to_latin_digits,
)
from .language import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    _,
    current_language,
    n_,
    ntranslate_in,
    on_language_changed,
    p_,
    set_language,
    system_language,
    translate_in,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "DateStyle",
    "N_",
    "_",
    "clear_cache",
    "current_language",
    "format_date",
    "format_datetime",
    "format_number",
    "format_page_of",
    "format_percent",
    "format_time",
    "get_translations",
    "localise_digits",
    "n_",
    "ntranslate_in",
    "on_language_changed",
    "p_",
    "set_language",
    "system_language",
    "to_khmer_digits",
    "to_latin_digits",
    "translate_in",
]
