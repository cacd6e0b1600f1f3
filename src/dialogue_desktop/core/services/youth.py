"""The youth age range of this store (15–30 by default), used wherever youth is counted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.rules import DEFAULT_YOUTH_AGES
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.validation import Checker
from dialogue_desktop.core.store.store import get_setting, set_setting

YOUTH_MIN, YOUTH_MAX = "youth_min_age", "youth_max_age"


def youth_ages(session: Session) -> tuple[int, int]:
    """The configured (lowest, highest) age counted as youth, inclusive."""
    low, high = get_setting(session, YOUTH_MIN), get_setting(session, YOUTH_MAX)
    if low is None or high is None:
        return DEFAULT_YOUTH_AGES
    return int(low), int(high)


def resolve_youth_ages(session: Session, given: tuple[int, int] | None) -> tuple[int, int]:
    """`given`, or the configured range when None."""
    return given if given is not None else youth_ages(session)


def set_youth_ages(session: Session, low: object, high: object) -> tuple[int, int]:
    """Change the youth age range (e.g. 15–35 for a programme that counts youth that way)."""
    checker = Checker()
    lowest = checker.integer("youth_min_age", N_("Youth from age"), low, low=10, high=40, required=True)
    highest = checker.integer("youth_max_age", N_("Youth up to age"), high, low=10, high=40, required=True)
    if lowest is not None and highest is not None and highest < lowest:
        checker.add(
            "youth_max_age",
            N_("Youth up to age"),
            N_("Enter a number from {low} to {high}."),
            low=lowest,
            high=40,
        )
    checker.done()
    assert lowest is not None and highest is not None
    set_setting(session, YOUTH_MIN, str(lowest))
    set_setting(session, YOUTH_MAX, str(highest))
    return lowest, highest
