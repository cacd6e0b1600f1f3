"""Small text helpers for the GUI: which script was typed, names in the current language."""

from __future__ import annotations

from dialogue_desktop.core.i18n import current_language


def is_khmer(text: str) -> bool:
    """True when the text contains Khmer script."""
    return any("\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff" for ch in text)


def split_by_script(text: str) -> tuple[str, str]:
    """One typed text as (Khmer, Latin): it goes to the field of its script."""
    text = text.strip()
    return (text, "") if is_khmer(text) else ("", text)


def pick(km: str, other: str) -> str:
    """The current language's text, else the other one."""
    first, second = (km, other) if current_language() == "km" else (other, km)
    return first or second


def both(km: str, other: str) -> str:
    """Both texts, the current language's first: "ស្រី សុខា · Srey Sokha"."""
    first, second = (km, other) if current_language() == "km" else (other, km)
    return " · ".join(t for t in (first, second) if t)
