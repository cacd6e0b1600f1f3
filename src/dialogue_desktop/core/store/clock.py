"""A hybrid logical clock: revisions that order changes without trusting the laptop's clock.

A revision is the text ``"<milliseconds:13>.<counter:5>.<device id>"``. Revisions compare as strings in
the same order as (time, counter, device). The clock never goes backwards, even when the wall clock does,
and after `observe` it is ahead of every revision seen from other devices (Kulkarni et al., 2014).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_COUNTER_LIMIT = 99_999


def format_revision(millis: int, counter: int, device_id: str) -> str:
    """The text form of a revision; fixed widths keep string order equal to clock order."""
    return f"{millis:013d}.{counter:05d}.{device_id}"


def parse_revision(revision: str) -> tuple[int, int, str]:
    """(milliseconds, counter, device id) of a revision; ValueError if it is not one."""
    millis, counter, device_id = revision.split(".", 2)
    if len(millis) != 13 or len(counter) != 5 or not device_id:
        raise ValueError(f"not a revision: {revision!r}")
    return int(millis), int(counter), device_id


class HybridClock:
    """Issues strictly increasing revisions for one device."""

    def __init__(self, device_id: str, last: str = "", wall_millis: Callable[[], int] | None = None) -> None:
        self.device_id = device_id
        self._wall = wall_millis or (lambda: time.time_ns() // 1_000_000)
        self._millis, self._counter = 0, 0
        self._lock = threading.Lock()
        if last:
            self.observe(last)

    def wall_millis(self) -> int:
        """The computer's clock now, in milliseconds (what `tick` starts from)."""
        return self._wall()

    def tick(self) -> str:
        """A new revision, later than every revision issued or observed before."""
        with self._lock:
            now = self._wall()
            if now > self._millis:
                self._millis, self._counter = now, 0
            else:
                self._advance_counter()
            return format_revision(self._millis, self._counter, self.device_id)

    def observe(self, revision: str) -> None:
        """Move the clock past a revision seen elsewhere (from a bundle or a receipt)."""
        millis, counter, _ = parse_revision(revision)
        with self._lock:
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter

    def _advance_counter(self) -> None:
        if self._counter >= _COUNTER_LIMIT:  # more than 100,000 changes in one millisecond: borrow one
            self._millis, self._counter = self._millis + 1, 0
        else:
            self._counter += 1
