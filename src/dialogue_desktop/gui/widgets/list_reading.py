"""Reading and checking a list on the database worker, with a progress bar and a Stop button.

Only the newest read counts: starting another, or Stop, cancels the one under way (the worker stops at
its next check between rows) and drops its answer. Reading writes nothing, so a cancelled read leaves no
trace.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.services.list_files import Cancelled, Progress
from dialogue_desktop.gui.worker import DbWorker, Op

#: Builds the operation to run from the progress callback and the cancellation check it must use.
Build = Callable[[Progress, Cancelled], Op]


class _Progress(QObject):
    """Carries progress from the worker thread to the bar (a queued signal)."""

    moved = Signal(int, int)


class ReadingBar(QWidget):
    """The progress of the read under way and its Stop button; hidden while nothing is read."""

    #: The facilitator pressed Stop (or a read was cancelled): nothing is under way any more.
    stopped = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self._token: threading.Event | None = None  # set = the read it belongs to was cancelled
        self._progress = _Progress(self)
        self._progress.moved.connect(self._show_progress)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop_button)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        """Every text in the current language."""
        self.stop_button.setText(_("Stop"))

    @property
    def running(self) -> bool:
        """True while a read is under way."""
        return self._token is not None

    def start(
        self, build: Build, then: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        """Run `build(progress, cancelled)` on the worker, replacing any read under way; then `then(result)`
        or `failed(error)` on the GUI thread, unless it was replaced or stopped meanwhile."""
        self._cancel()
        token = threading.Event()
        self._token = token
        self.bar.setRange(0, 0)
        self.bar.setFormat(_("Reading…"))
        self.show()

        def progress(done: int, total: int) -> None:  # worker thread: only a queued signal
            if not token.is_set():
                self._progress.moved.emit(done, total)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            if self._token is token:  # else replaced or stopped: its answer is dropped
                self._token = None
                self.hide()
                callback(value)

        operation = build(progress, token.is_set)
        operation.success(lambda result: finish(then, result))
        operation.failure(lambda error: finish(failed, error))
        operation.run(self.worker)

    def stop(self) -> None:
        """Cancel the read under way, if any (nothing was written by it)."""
        if self._cancel():
            self.stopped.emit()

    def _cancel(self) -> bool:
        if self._token is None:
            return False
        self._token.set()
        self._token = None
        self.hide()
        return True

    def _show_progress(self, done: int, total: int) -> None:
        if self._token is None:
            return
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(
                _("Checking row {done} of {total}…").format(
                    done=format_number(done), total=format_number(total)
                )
            )
        else:
            self.bar.setRange(0, 0)
            self.bar.setFormat(_("Reading row {done}…").format(done=format_number(done)))
