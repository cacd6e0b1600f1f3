"""Small text helpers for the GUI: which script was typed, names in the current language."""

from __future__ import annotations

from dialogue_desktop.core.domain.rules import is_khmer, split_by_script
from dialogue_desktop.core.i18n import current_language

__all__ = ["both", "is_khmer", "pick", "split_by_script"]  # the script rules live in core


def pick(km: str, other: str) -> str:
    """The current language's text, else the other one."""
    first, second = (km, other) if current_language() == "km" else (other, km)
    return first or second


def both(km: str, other: str) -> str:
    """Both texts, the current language's first: "ស្រី សុខា · Srey Sokha"."""
    first, second = (km, other) if current_language() == "km" else (other, km)
    return " · ".join(t for t in (first, second) if t)
