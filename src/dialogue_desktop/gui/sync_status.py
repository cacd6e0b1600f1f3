"""The status bar's count of changes the central office has not confirmed yet.

Kept apart from the Sync page so that the window shows the count without loading the sync machinery
(cryptography) at start.
"""

from __future__ import annotations

from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import state


def unconfirmed_changes(store: Store) -> int | None:
    """For the status bar: this laptop's changes not yet confirmed, or None when it is not a laptop."""
    with store.unit_of_work() as session:
        if state.role(session) != state.FIELD:
            return None
    return state.unconfirmed_count(store)


def unconfirmed_text(count: int) -> str:
    """The status bar's words for the unconfirmed count."""
    if count == 0:
        return _("every change confirmed by the central office")
    return n_(
        "{n} change not yet confirmed by the central office", "{n} changes not yet confirmed by the central office", count
    ).format(n=format_number(count))
