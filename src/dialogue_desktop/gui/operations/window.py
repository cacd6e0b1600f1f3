"""What the main window reads for itself: this laptop's status line and the badges beside the pages' names."""

from __future__ import annotations

from dialogue_desktop.gui.worker import Op, op


def read_device(facilitator_id: str | None) -> Op:
    """This device and the facilitator (a :class:`~dialogue_desktop.core.services.device.DeviceInfo`)."""
    # Imported when called: the core's ORM loads once the database is open, not when the window shows.
    from dialogue_desktop.core.services.identity import read_device as read

    return op(read, facilitator_id)


def badge_counts() -> Op:
    """The navigation's numbers: ``{"dialogues": live dialogues, "overdue": overdue actions}``."""
    from dialogue_desktop.core.services.counts import badge_counts as count

    return op(count)
