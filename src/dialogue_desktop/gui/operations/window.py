"""What the main window reads for itself: this laptop's status line and the badges beside the pages' names;
the daily backup, the pages' modules loaded ahead of their first visit, and the dialogue list kept from
one session to the next start."""

from __future__ import annotations

import threading
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


class KeptListStart:
    """A start that shows the dialogue list kept at the last close (core/store/list_snapshot.py) first.

    `reading` (gui/app.py's `KeptListReading`) has been reading it since the process started. `read()`
    is the worker's first job: the kept list or None. When there is one, `pause()` holds the worker until
    the window has shown and painted it (`shown`), at most `PAUSE_S`: opening the database meanwhile would only slow
    the list down (both need the interpreter), and the list is what the facilitator looks at first.
    """

    PAUSE_S = 1.0

    def __init__(self, reading: Any) -> None:
        self.reading = reading
        self.found = threading.Event()
        self.shown = threading.Event()

    def read(self) -> Op:
        """The kept list (a FirstList) or None."""
        return op(self._read, with_store=True)

    def pause(self) -> Op:
        """Wait for `shown` when a list was found."""
        return op(self._pause, with_store=True)

    def _read(self, _no_store_yet: None) -> Any:
        kept = self.reading.result()
        if kept is not None:
            self.found.set()
        return kept

    def _pause(self, _no_store_yet: None) -> None:
        if self.found.is_set():
            self.shown.wait(self.PAUSE_S)


def _gather_kept_list(session: Any) -> Any:
    from dialogue_desktop.core.services.listing import first_list

    return first_list(session)


def gather_kept_list() -> Op:
    """The dialogue list as the next start will show it first (a FirstList), read when the app closes."""
    return op(_gather_kept_list)


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
