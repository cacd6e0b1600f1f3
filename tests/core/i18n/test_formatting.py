"""Numbers, percentages, dates and times: Khmer digits in Khmer, the app's English formats."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from dialogue_desktop.core import i18n
from dialogue_desktop.core.i18n import (
    format_date,
    format_datetime,
    format_number,
    format_page_of,
    format_percent,
    format_time,
    localise_digits,
    set_language,
    to_khmer_digits,
)

REPO_TRANSLATIONS = Path(__file__).resolve().parents[3] / "translations"
WESTERN_DIGIT = re.compile(r"[0-9]")
FRIDAY = dt.date(2025, 3, 14)  # 14 March 2025 was a Friday
THURSDAY = dt.date(2025, 3, 13)


@pytest.fixture(autouse=True)
def khmer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DIALOGUE_DESKTOP_TRANSLATIONS", str(REPO_TRANSLATIONS))
    i18n.clear_cache()
    set_language("km")
    yield
    set_language("km")
    i18n.clear_cache()


def test_to_khmer_digits() -> None:
    assert to_khmer_digits("0123456789") == "០១២៣៤៥៦៧៨៩"
    assert to_khmer_digits("Room 12, 08:30 – ស្រី") == "Room ១២, ០៨:៣០ – ស្រី"
    assert localise_digits("12", "en") == "12"
    assert localise_digits("12") == "១២"


@pytest.mark.parametrize(
    ("value", "km", "en"),
    [
        (0, "០", "0"),
        (64, "៦៤", "64"),
        (1234567, "១.២៣៤.៥៦៧", "1,234,567"),
        (1234.5, "១.២៣៤,៥", "1,234.5"),
        (Decimal("-12.25"), "-១២,២៥", "-12.25"),
    ],
)
def test_format_number(value: int | float | Decimal, km: str, en: str) -> None:
    assert format_number(value, "km") == km
    assert format_number(value, "en") == en
    assert format_number(value) == km  # current language


def test_format_number_with_fixed_decimals_rounds_half_up() -> None:
    assert format_number(2.5, "en", decimals=0) == "3"
    assert format_number(1500000, "km", decimals=0) == "១.៥០០.០០០"
    assert format_number(3.14159, "en", decimals=2) == "3.14"
    assert format_number(3.14159, "km", decimals=2) == "៣,១៤"


def test_format_percent() -> None:
    assert format_percent(0.48, "en") == "48%"
    assert format_percent(0.48, "km") == "៤៨%"
    assert format_percent(0.485, "en") == "49%"  # half up, as people expect
    assert format_percent(1, "km") == "១០០%"
    assert format_percent(0.1234, "en", decimals=1) == "12.3%"
    assert format_percent(0.1234, "km", decimals=1) == "១២,៣%"
    set_language("en")
    assert format_percent(0.27) == "27%"


def test_long_dates() -> None:
    assert format_date(FRIDAY, "km") == "ថ្ងៃសុក្រ ទី១៤ ខែមីនា ឆ្នាំ២០២៥"
    assert format_date(THURSDAY, "km") == "ថ្ងៃព្រហស្បតិ៍ ទី១៣ ខែមីនា ឆ្នាំ២០២៥"
    assert format_date(FRIDAY, "en") == "Friday 14 March 2025"
    assert format_date(dt.date(2024, 1, 5), "km", "long") == "ថ្ងៃសុក្រ ទី៥ ខែមករា ឆ្នាំ២០២៤"


def test_medium_and_short_dates() -> None:
    assert format_date(FRIDAY, "en", "medium") == "Fri 14 Mar 2025"
    assert format_date(THURSDAY, "en", "medium") == "Thu 13 Mar 2025"
    assert format_date(FRIDAY, "km", "medium") == "ថ្ងៃសុក្រ ១៤ មីនា ២០២៥"
    assert format_date(dt.date(2025, 3, 4), "en", "short") == "04/03/2025"
    assert format_date(dt.date(2025, 3, 4), "km", "short") == "០៤/០៣/២០២៥"
    with pytest.raises(ValueError):
        format_date(FRIDAY, "km", "full")  # type: ignore[arg-type]


def test_times_are_24_hour_without_am_pm() -> None:
    assert format_time(dt.time(8, 30), "en") == "08:30"
    assert format_time(dt.time(8, 30), "km") == "០៨:៣០"
    assert format_time(dt.time(17, 5), "km") == "១៧:០៥"
    assert format_time(dt.time(17, 5, 9), "en", seconds=True) == "17:05:09"
    assert format_time(dt.datetime(2025, 3, 14, 8, 30), "km") == "០៨:៣០"


def test_datetimes_as_the_ui_shows_them() -> None:
    moment = dt.datetime(2025, 3, 14, 8, 30)
    assert format_datetime(moment, "km") == "ថ្ងៃសុក្រ ទី១៤ ខែមីនា ឆ្នាំ២០២៥ ម៉ោង ០៨:៣០"
    assert format_datetime(moment, "en") == "Fri 14 Mar 2025, 08:30"
    aware = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert format_datetime(aware, "en") == "Fri 14 Mar 2025, 08:30"  # no time-zone conversion


def test_page_of() -> None:
    assert format_page_of(1, 3, "en") == "Page 1 of 3"
    assert format_page_of(1, 3, "km") == "ទំព័រ ១ នៃ ៣"
    assert format_page_of(12, 140) == "ទំព័រ ១២ នៃ ១៤០"


def test_khmer_output_has_no_western_digit() -> None:
    outputs = [
        format_number(9876543.21, "km"),
        format_percent(0.0789, "km", decimals=2),
        format_date(dt.date(2030, 12, 31), "km"),
        format_date(dt.date(2030, 12, 31), "km", "medium"),
        format_date(dt.date(2030, 12, 31), "km", "short"),
        format_time(dt.time(23, 59, 58), "km", seconds=True),
        format_datetime(dt.datetime(2030, 12, 31, 23, 59), "km"),
        format_page_of(10, 20, "km"),
    ]
    for text in outputs:
        assert not WESTERN_DIGIT.search(text), text


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        format_number(1, "fr")


@pytest.mark.parametrize("lang", ["km", "en"])
def test_counts_and_short_dates_written_without_babel_read_as_babel_writes_them(lang: str) -> None:
    # The whole numbers and short dates of the first screen skip Babel: they must be Babel's very text.
    from babel import dates, numbers

    from dialogue_desktop.core.i18n.formatting import _LOCALES, _NUMBERING

    for n in [0, 1, -1, 9, 10, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -987_654_321, 10**15]:
        babel = numbers.format_decimal(n, locale=_LOCALES[lang], numbering_system=_NUMBERING[lang])
        assert format_number(n, lang) == localise_digits(babel, lang)
    for day in [dt.date(2025, 3, 14), dt.date(1999, 12, 1), dt.date(2030, 1, 31), dt.date(5, 7, 9)]:
        babel = dates.format_date(day, "dd/MM/y", locale=_LOCALES[lang])
        assert format_date(day, lang, "short") == localise_digits(babel, lang)


def test_the_first_screen_s_formats_load_no_babel() -> None:
    # Loading Babel and its locale data costs the app's start about 25 ms; counts and short dates need neither.
    import subprocess
    import sys

    code = (
        "import sys, datetime\n"
        "from dialogue_desktop.core.i18n import format_number, format_date, set_language\n"
        "for lang in ('km', 'en'):\n"
        "    set_language(lang); format_number(2000); format_date(datetime.date(2025, 3, 14), style='short')\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'babel'))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
