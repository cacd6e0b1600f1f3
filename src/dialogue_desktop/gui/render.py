"""The printing thread: PDFs are drawn here, never on the database worker.

Drawing a PDF takes 65–400 ms; on the one database thread the door's search and registrations would wait
behind every preview. So printing is two steps: the data is gathered on the database worker (one short
read, plain dataclasses), then drawn on this second thread while the worker serves the door.
:class:`PrintJob` chains both with the operations' API (``job.success(cb).failure(cb).run(worker)``) and can
be cancelled: a job cancelled before it is drawn is never drawn, and the answer of one cancelled while it
is drawn is dropped. One thread only: ReportLab's font registry is shared state.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from dialogue_desktop.gui.worker import DbWorker, Op

log = logging.getLogger(__name__)


class _Drawing:
    """One drawing queued on the printing thread."""

    def __init__(self, job: PrintJob, source: Any) -> None:
        self.job = job
        self.source = source


class Renderer(QObject):
    """The printing thread; results come back on the GUI thread."""

    #: Emitted on the GUI thread after every drawing, delivered or dropped (tests wait on it).
    finished = Signal()
    # One tuple argument, as in the database worker (PySide6 and None through queued `object` arguments).
    _result = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Drawing] = queue.Queue()
        self._pending = 0
        self._result.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name="pdf-render", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """True while drawings are queued or being drawn."""
        return self._pending > 0

    def submit(self, drawing: _Drawing) -> None:
        """Queue a drawing (GUI thread only)."""
        self._pending += 1
        self._queue.put(drawing)

    def _loop(self) -> None:
        while True:
            drawing = self._queue.get()
            job = drawing.job
            if job.cancelled:  # superseded while it waited: never drawn
                self._result.emit((drawing, False, None))
                continue
            try:
                result = job.draw(drawing.source, *job.args)
            except BaseException as error:  # delivered to the GUI thread, never lost
                self._result.emit((drawing, False, error))
            else:
                self._result.emit((drawing, True, result))

    def _deliver(self, message: tuple[_Drawing, bool, Any]) -> None:
        drawing, ok, value = message
        self._pending -= 1
        job = drawing.job
        try:
            if job.cancelled:
                return
            if ok:
                if job.on_success is not None:
                    job.on_success(value)
            elif value is not None:
                log.info("drawing %s failed: %r", getattr(job.draw, "__name__", job.draw), value)
                job.fail(value)
        finally:
            self.finished.emit()


_shared: Renderer | None = None


def renderer() -> Renderer:
    """The app's one printing thread (started at the first print, on the GUI thread)."""
    global _shared
    if _shared is None:
        _shared = Renderer()
    return _shared


def rendering() -> bool:
    """True while a PDF is queued or being drawn (False before anything was printed)."""
    return _shared is not None and _shared.busy


class PrintJob:
    """Gather on the database worker (`gather`, an operation), then ``draw(gathered, *args)`` on the
    printing thread; the callbacks run on the GUI thread with what `draw` returned."""

    def __init__(self, gather: Op, draw: Callable[..., Any], *args: Any) -> None:
        self.gather = gather
        self.draw = draw
        self.args = args
        self.on_success: Callable[[Any], None] | None = None
        self.on_failure: Callable[[BaseException], None] | None = None
        self.cancelled = False
        self._worker: DbWorker | None = None

    def success(self, callback: Callable[[Any], None]) -> PrintJob:
        """Call ``callback(drawn)`` on the GUI thread when the PDF is drawn."""
        self.on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> PrintJob:
        """Call ``callback(error)`` when gathering or drawing failed (default: the worker's default)."""
        self.on_failure = callback
        return self

    def cancel(self) -> None:
        """Nothing more is wanted: not drawn if it has not started, its answer dropped if it has."""
        self.cancelled = True

    def fail(self, error: BaseException) -> None:
        """Report a failure of either step."""
        if self.on_failure is not None:
            self.on_failure(error)
        elif self._worker is not None:
            self._worker.default_failure(error)

    def queue_drawing(self, source: Any) -> None:
        """Queue the drawing of `source` (the gathered data) on the printing thread, unless cancelled."""
        if not self.cancelled:
            renderer().submit(_Drawing(self, source))

    def run(self, worker: DbWorker) -> PrintJob:
        """Gather on the worker now; the drawing is queued once the data is there."""
        self._worker = worker

        def gathered(source: Any) -> None:
            self.queue_drawing(source)

        def failed(error: BaseException) -> None:
            if not self.cancelled:
                self.fail(error)

        self.gather.success(gathered).failure(failed).run(worker)
        return self
