"""The status bar's count of changes the central office has not confirmed yet.

Kept apart from the Sync page so that the window shows the count without loading the sync machinery
(cryptography) at start.
"""

from __future__ import annotations

from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.sync.status import unconfirmed_changes

__all__ = ["unconfirmed_changes", "unconfirmed_text"]


def unconfirmed_text(count: int) -> str:
    """The status bar's words for the unconfirmed count."""
    if count == 0:
        return _("every change confirmed by the central office")
    return n_(
        "{n} change not yet confirmed by the central office",
        "{n} changes not yet confirmed by the central office",
        count,
    ).format(n=format_number(count))
