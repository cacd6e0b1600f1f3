"""Numbers, percentages, dates and times for the current (or a given) language, with Babel (no Qt).

In Khmer every digit is Khmer (០–៩): Babel's ``km`` locale keeps Western digits, so we translate them
ourselves (defect 6 in khmer-printing.md). Khmer numbers use the separators CLDR gives for Khmer
digits (``១.២៣៤,៥``). Dates use the formal pattern of government letters, e.g.
``ថ្ងៃសុក្រ ទី១៤ ខែមីនា ឆ្នាំ២០២៥``; times are 24-hour (``០៨:៣០`` / ``08:30``), never AM/PM.

``lang=None`` everywhere means the current language. Values are rounded half up, as people expect
(0.485 → 49%). Date-times are formatted as given: no time-zone conversion.

Babel is loaded at the first format that needs it: whole numbers and short dates, all that the
dialogue list shows at start, are written here directly (the same text as Babel's; tests compare them),
so that the app's first screen costs no Babel import nor locale data (about 25 ms).
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Literal

from .language import N_, current_language, translate_in

__all__ = [
    "DateStyle",
    "format_date",
    "format_datetime",
    "format_number",
    "format_page_of",
    "format_percent",
    "format_time",
    "localise_digits",
    "to_khmer_digits",
    "to_latin_digits",
]

DateStyle = Literal["long", "medium", "short"]

_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
_LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")

# Babel locales, and the numbering system whose separators go with the digits we print.
_LOCALES = {"km": "km", "en": "en_GB"}
_NUMBERING = {"km": "khmr", "en": "latn"}
#: The grouping separator of each language's numbering system (CLDR; what Babel writes).
_GROUP = {"km": ".", "en": ","}

_DATE_PATTERNS: dict[str, dict[str, str]] = {
    "km": {
        "long": "'ថ្ងៃ'EEEE 'ទី'd 'ខែ'MMMM 'ឆ្នាំ'y",  # ថ្ងៃសុក្រ ទី១៤ ខែមីនា ឆ្នាំ២០២៥
        "medium": "'ថ្ងៃ'EEEE d MMMM y",  # ថ្ងៃសុក្រ ១៤ មីនា ២០២៥
        "short": "dd/MM/y",  # ១៤/០៣/២០២៥
    },
    "en": {
        "long": "EEEE d MMMM y",  # Friday 14 March 2025
        "medium": "EEE d MMM y",  # Fri 14 Mar 2025
        "short": "dd/MM/y",  # 14/03/2025
    },
}
_TIME_PATTERN = "HH:mm"
_TIME_PATTERN_SECONDS = "HH:mm:ss"

Number = int | float | Decimal


def _lang(lang: str | None) -> str:
    code = current_language() if lang is None else lang
    if code not in _LOCALES:
        raise ValueError(f"Unsupported language {code!r}; expected one of {sorted(_LOCALES)}")
    return code


def to_khmer_digits(text: str) -> str:
    """Replace every Western digit 0–9 in ``text`` by the Khmer digit ០–៩; nothing else changes."""
    return text.translate(_KHMER_DIGITS)


def to_latin_digits(text: str) -> str:
    """Replace every Khmer digit ០–៩ in ``text`` by the Western digit 0–9 (what parsers read)."""
    return text.translate(_LATIN_DIGITS)


def localise_digits(text: str, lang: str | None = None) -> str:
    """Khmer digits in Khmer, the text unchanged in English."""
    return to_khmer_digits(text) if _lang(lang) == "km" else text


def format_number(n: Number, lang: str | None = None, decimals: int | None = None) -> str:
    """A number with grouping: ``1,234.5`` / ``១.២៣៤,៥``.

    ``decimals`` fixes the number of fraction digits; by default up to three are shown, as needed.
    """
    code = _lang(lang)
    if decimals is None and type(n) is int:  # a count: grouped thousands, as Babel writes them
        return localise_digits(f"{n:,}".replace(",", _GROUP[code]), code)
    from babel import numbers

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        text = numbers.format_decimal(n, pattern, locale=_LOCALES[code], numbering_system=_NUMBERING[code])
    return localise_digits(text, code)


def format_percent(x: Number, lang: str | None = None, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.48 → ``48%`` / ``៤៨%``."""
    code = _lang(lang)
    from babel import numbers

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        text = numbers.format_percent(x, pattern, locale=_LOCALES[code], numbering_system=_NUMBERING[code])
    return localise_digits(text, code)


def format_date(d: dt.date, lang: str | None = None, style: DateStyle = "long") -> str:
    """A date: long ``ថ្ងៃសុក្រ ទី១៤ ខែមីនា ឆ្នាំ២០២៥`` / ``Friday 14 March 2025``,
    medium ``ថ្ងៃសុក្រ ១៤ មីនា ២០២៥`` / ``Fri 14 Mar 2025``, short ``១៤/០៣/២០២៥`` / ``14/03/2025``.

    A ``datetime`` is formatted by its own date, without time-zone conversion.
    """
    code = _lang(lang)
    if style not in _DATE_PATTERNS[code]:
        raise ValueError(f"Unknown date style {style!r}; expected long, medium or short")
    day = d.date() if isinstance(d, dt.datetime) else d
    if style == "short":  # dd/MM/y, the same in both languages
        return localise_digits(f"{day.day:02d}/{day.month:02d}/{day.year}", code)
    from babel import dates

    return localise_digits(dates.format_date(day, _DATE_PATTERNS[code][style], locale=_LOCALES[code]), code)


def format_time(t: dt.time | dt.datetime, lang: str | None = None, seconds: bool = False) -> str:
    """A 24-hour time: ``08:30`` / ``០៨:៣០`` (with ``:ss`` if ``seconds``); no time-zone conversion."""
    code = _lang(lang)
    clock = t.time() if isinstance(t, dt.datetime) else t.replace(tzinfo=None)
    pattern = _TIME_PATTERN_SECONDS if seconds else _TIME_PATTERN
    from babel import dates

    return localise_digits(dates.format_time(clock, pattern, locale=_LOCALES[code]), code)


def format_datetime(moment: dt.datetime, lang: str | None = None) -> str:
    """A date and time as the UI shows them: ``ថ្ងៃសុក្រ ទី១៤ ខែមីនា ឆ្នាំ២០២៥ ម៉ោង ០៨:៣០`` /
    ``Fri 14 Mar 2025, 08:30`` (long date in Khmer, medium date in English)."""
    code = _lang(lang)
    if code == "km":
        return f"{format_date(moment, code, 'long')} ម៉ោង {format_time(moment, code)}"
    return f"{format_date(moment, code, 'medium')}, {format_time(moment, code)}"


def format_page_of(page: int, total: int, lang: str | None = None) -> str:
    """Page numbering for printed documents: ``Page 1 of 3`` / ``ទំព័រ ១ នៃ ៣``."""
    code = _lang(lang)
    # TRANSLATORS: page numbering at the foot of printed minutes and reports, e.g. "Page 1 of 3".
    template = translate_in(code, N_("Page {page} of {total}"))
    return template.format(page=format_number(page, code), total=format_number(total, code))
