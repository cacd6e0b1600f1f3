"""What the main window reads for itself: this laptop's status line and the badges beside the pages' names;
the daily backup, and the pages' modules loaded ahead of their first visit."""

from __future__ import annotations

from typing import Any

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
    from dialogue_desktop.core.sync.status import unconfirmed_changes as count

    return op(count, with_store=True)


def backup_if_due() -> Op:
    """The daily automatic backup, when one is due."""
    return op(lambda store: store.backup_if_due(), with_store=True)


def load_modules(names: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """Import these modules and read Babel's locale data of these languages (on the worker thread: loading
    only defines classes, no widget is made off the GUI thread)."""
    import importlib

    from dialogue_desktop.core.i18n import format_number

    for name in names:
        importlib.import_module(name)
    for language in languages:
        format_number(1, language)  # Babel reads its locale data once


def _load_modules(_store: Any, names: tuple[str, ...], languages: tuple[str, ...]) -> None:
    load_modules(names, languages)


def preload(names: tuple[str, ...], languages: tuple[str, ...]) -> Op:
    """Load these modules and languages on the worker ahead of their first use (no transaction: it reads
    no data)."""
    return op(_load_modules, names, languages, with_store=True)
