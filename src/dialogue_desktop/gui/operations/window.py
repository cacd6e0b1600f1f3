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


def unconfirmed_changes() -> Op:
    """How many changes the central office has not confirmed yet; None when not enrolled for sync."""
    from dialogue_desktop.gui.sync_status import unconfirmed_changes as count

    return op(count, with_store=True)


def backup_if_due() -> Op:
    """The daily automatic backup, when one is due."""
    return op(lambda store: store.backup_if_due(), with_store=True)
