"""The Reports page's periods: the presets offered and the dates each one covers."""

from __future__ import annotations

from datetime import date, timedelta

from dialogue_desktop.core.i18n import N_

#: Periods offered: (key, msgid). "custom" enables the two dates.
PERIODS: tuple[tuple[str, str], ...] = (
    ("all", N_("All time")),
    ("this_year", N_("This year")),
    ("last_year", N_("Last year")),
    ("last_12_months", N_("Last 12 months")),
    ("this_quarter", N_("This quarter")),
    ("custom", N_("Between two dates")),
)


def period_dates(period: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day of a preset period ("custom" and "all": no bounds)."""
    if period == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if period == "last_12_months":
        return today - timedelta(days=365), today
    if period == "this_quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        end = date(today.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
        return start, end - timedelta(days=1)
    return None, None
