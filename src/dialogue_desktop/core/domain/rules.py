"""Value rules of the domain: who counts as youth, as a person with disability, how names are searched."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from dialogue_desktop.core.domain.enums import WG_DOMAINS, AgeBand, Difficulty

DEFAULT_YOUTH_AGES = (15, 30)

# Age bands as (lowest age, highest age) to compare with the youth range.
AGE_BAND_RANGES: dict[AgeBand, tuple[int, int]] = {
    AgeBand.UNDER_15: (0, 14),
    AgeBand.FROM_15_TO_24: (15, 24),
    AgeBand.FROM_25_TO_30: (25, 30),
    AgeBand.FROM_31_TO_45: (31, 45),
    AgeBand.FROM_46_TO_60: (46, 60),
    AgeBand.OVER_60: (61, 150),
}

# Zero-width characters Khmer typists use as invisible word separators; they never matter for matching.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")


def age_on(birth_year: int, on: date) -> int:
    """Age reached during the year of `on` (birth dates are rarely known, only years)."""
    return on.year - birth_year


def is_youth(
    birth_year: int | None,
    age_band: AgeBand | None,
    on: date,
    youth_ages: tuple[int, int] = DEFAULT_YOUTH_AGES,
) -> bool:
    """Youth at the date of a dialogue: by birth year if known, else when the age band lies in the range."""
    low, high = youth_ages
    if birth_year is not None:
        return low <= age_on(birth_year, on) <= high
    if age_band is not None:
        band_low, band_high = AGE_BAND_RANGES[age_band]
        return low <= band_low and band_high <= high
    return False


def has_disability(answers: dict[str, Difficulty | None]) -> bool:
    """Washington Group Short Set: a disability when any domain is 'a lot of difficulty' or 'cannot do'."""
    return any(answers.get(column) in (Difficulty.A_LOT, Difficulty.CANNOT) for column, _ in WG_DOMAINS)


def clean_text(text: str | None) -> str:
    """Text as stored: NFC, trimmed. Khmer typed on different keyboards differs in normalisation."""
    return unicodedata.normalize("NFC", text or "").strip()


def fold_for_search(text: str) -> str:
    """Fold text for matching: NFC, no zero-width characters, case-folded, single spaces."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text.casefold()).strip()


def is_khmer(text: str) -> bool:
    """True when the text contains Khmer script (the Khmer block or the Khmer symbols)."""
    return _KHMER.search(text) is not None


def split_by_script(text: str) -> tuple[str, str]:
    """One typed text as (Khmer, Latin), trimmed: it goes to the field of its script."""
    text = text.strip()
    return (text, "") if is_khmer(text) else ("", text)


def participant_search_key(name_km: str, name_latin: str) -> str:
    """The folded names of a participant, as one column searched by substring."""
    return f"{fold_for_search(name_km)}|{fold_for_search(name_latin)}"
