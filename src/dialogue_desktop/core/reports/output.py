"""Writing an export safely: into a temporary file beside the target, renamed into place when complete.

A cancelled or failed export leaves nothing behind: neither the file nor a part of it. The temporary name
is made here (never from the records), in the target's folder so the final rename stays on one disk and is
atomic. A :class:`CancelToken` is shared by the thread writing and the one that may cancel: once the file
is in place, cancelling is refused (too late), so "cancelled" always means "no file".
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

#: ``progress(done, total)``: units of work done out of `total` (table rows, PDF flowables).
Progress = Callable[[int, int], None]
TEMP_PREFIX = ".dialogue-export-"


class ExportCancelled(Exception):
    """The export was cancelled before its file was in place; nothing was written."""


class CancelToken:
    """Cancel an export from another thread; refused once its file is in place."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._committed = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> bool:
        """Stop the export; False when it is too late (the file is already written)."""
        with self._lock:
            if self._committed:
                return False
            self._cancelled = True
            return True

    def check(self) -> None:
        """Raise ExportCancelled if the export was cancelled."""
        if self._cancelled:
            raise ExportCancelled

    @contextlib.contextmanager
    def committing(self) -> Iterator[None]:
        """Put the file in place inside this block: a cancel waits for it, and one that came first wins."""
        with self._lock:
            self.check()
            yield
            self._committed = True


class Tracker:
    """Counts the work of one export, reports it and stops it when cancelled."""

    def __init__(
        self, progress: Progress | None = None, token: CancelToken | None = None, total: int = 0
    ) -> None:
        self.progress = progress
        self.token = token
        self.total = total
        self.done = 0

    def advance(self, units: int = 1) -> None:
        """`units` more done: report it, and raise ExportCancelled if the export was cancelled."""
        self.set(self.done + units)

    def set(self, done: int) -> None:
        """`done` units done so far (see `advance`)."""
        self.done = min(done, self.total) if self.total else done
        if self.token is not None:
            self.token.check()
        if self.progress is not None:
            self.progress(self.done, self.total)


@contextlib.contextmanager
def atomic_file(target: Path, token: CancelToken | None = None) -> Iterator[Path]:
    """A temporary path to write; renamed to `target` when the block ends well, removed otherwise."""
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".partial", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        with token.committing() if token is not None else contextlib.nullcontext():
            os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


@contextlib.contextmanager
def atomic_folder(target: Path, token: CancelToken | None = None) -> Iterator[Path]:
    """A temporary folder to fill; its files moved into `target` (created if needed) when the block ends
    well, the folder removed in any case. Each file is moved by a rename, so none is ever partial."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=".partial", dir=target.parent))
    try:
        yield temp
        with token.committing() if token is not None else contextlib.nullcontext():
            if not target.exists():
                os.replace(temp, target)
            else:
                for item in temp.iterdir():
                    os.replace(item, target / item.name)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
