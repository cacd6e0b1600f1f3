"""The one database worker thread and the operations the GUI runs on it (Anki's CollectionOp, simplified).

Every read or write of the store goes through :class:`Op`: the function runs on the worker thread, gets
its own unit of work (one transaction), and must return plain values or dataclasses, never ORM objects.
Its success or failure callback then runs on the GUI thread. A write names what it changed
(``changes={"attendance"}``) and the worker announces it with :attr:`DbWorker.changed`, so every open page
refreshes itself. Widgets are only ever touched on the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from dialogue_desktop.core.store.store import Store

log = logging.getLogger(__name__)

#: Topics announced after writes; pages listen for the ones they show.
DIALOGUES = "dialogues"
PARTICIPANTS = "participants"
ATTENDANCE = "attendance"
VOICES = "voices"
ACTIONS = "actions"
SETTINGS = "settings"
ORGANISATIONS = "organisations"
#: A dialogue's own fields changed (title, date, place...): lists and headers refresh, tabs keep their data.
DETAILS = "details"
EVERYTHING = frozenset({DIALOGUES, DETAILS, PARTICIPANTS, ATTENDANCE, VOICES, ACTIONS, SETTINGS, ORGANISATIONS})


@dataclass
class Op:
    """One unit of database work: ``Op(fn, *args).success(cb).failure(cb).run(worker)``.

    ``fn(session, *args)`` runs inside one unit of work on the worker thread; with ``with_store=True``
    it receives the store instead (for work that manages its own transactions).
    """

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    changes: frozenset[str] = frozenset()
    with_store: bool = False
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    def success(self, callback: Callable[[Any], None]) -> Op:
        """Call ``callback(result)`` on the GUI thread when the work succeeded."""
        self.on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        """Call ``callback(error)`` on the GUI thread when it failed (default: the error message box)."""
        self.on_failure = callback
        return self

    def run(self, worker: DbWorker) -> Op:
        """Queue the work on the worker thread."""
        worker.submit(self)
        return self


def op(fn: Callable[..., Any], *args: Any, changes: Iterable[str] = (), with_store: bool = False, **kwargs: Any) -> Op:
    """Build an operation; see :class:`Op`."""
    return Op(fn, args, frozenset(changes), with_store, kwargs=kwargs)


class DbWorker(QObject):
    """Runs operations one after another on a single thread; results come back as Qt signals."""

    #: Emitted on the GUI thread after a write, with the topics it changed.
    changed = Signal(object)
    #: Emitted on the GUI thread after every operation (tests wait on it).
    finished = Signal()
    #: Emitted when the queue becomes empty after work (status bar: "saved ✓").
    idle = Signal()
    # One tuple argument: PySide6 mis-counts references of None passed through queued `object` arguments.
    _result = Signal(object)

    def __init__(self, store: Store | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: None until `open_store` has run (the app opens its database on this thread, after showing the window).
        self.store: Store | None = store
        self._queue: queue.Queue[Op | None] = queue.Queue()
        self._pending = 0
        self._result.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name="db-worker", daemon=True)
        self._thread.start()
        #: Called with an error when an operation without failure callback fails (set by the app).
        self.default_failure: Callable[[BaseException], None] = lambda error: log.error("operation failed: %s", error)

    @property
    def busy(self) -> bool:
        """True while operations are queued or running."""
        return self._pending > 0

    def submit(self, operation: Op) -> None:
        """Queue an operation (GUI thread only)."""
        self._pending += 1
        self._queue.put(operation)

    def _loop(self) -> None:
        while True:
            operation = self._queue.get()
            if operation is None:
                return
            try:
                if operation.with_store:
                    result = operation.fn(self.store, *operation.args, **operation.kwargs)
                else:
                    if self.store is None:
                        raise RuntimeError("the database is not open")
                    with self.store.unit_of_work() as session:
                        result = operation.fn(session, *operation.args, **operation.kwargs)
            except BaseException as error:  # delivered to the GUI thread, never lost
                if not isinstance(error, Exception):
                    log.exception("operation aborted")
                self._result.emit((operation, False, error))
            else:
                self._result.emit((operation, True, result))

    def _deliver(self, message: tuple[Op, bool, Any]) -> None:
        operation, ok, value = message
        self._pending -= 1
        try:
            if ok:
                if operation.changes:
                    self.changed.emit(operation.changes)
                if operation.on_success is not None:
                    operation.on_success(value)
            else:
                log.info("operation %s failed: %r", getattr(operation.fn, "__name__", operation.fn), value)
                (operation.on_failure or self.default_failure)(value)
        finally:
            self.finished.emit()
            if self._pending == 0:
                self.idle.emit()

    def open_store(self, opener: Callable[[], Store]) -> Op:
        """An operation that opens the store on this thread (the app's first one): the slow imports and
        checks of opening a database happen here while the window is already on screen, and operations
        queued meanwhile run once it is open. Its result is the store."""

        def job(_no_store_yet: None) -> Store:
            self.store = opener()
            return self.store

        return op(job, with_store=True)

    def call(self, fn: Callable[..., Any], *args: Any, with_store: bool = False) -> Any:
        """Run ``fn`` on the worker thread and wait for its result (start-up and shutdown only)."""
        done = threading.Event()
        box: dict[str, Any] = {}

        def job(target: Any) -> None:
            try:
                box["value"] = fn(target, *args)
            except BaseException as error:
                box["error"] = error
            finally:
                done.set()

        operation = op(job, with_store=True) if with_store else op(lambda s: job(s))
        operation.on_success = lambda _value: None
        operation.on_failure = lambda _error: None
        self.submit(operation)
        done.wait()
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def stop(self) -> None:
        """Finish the queued work and stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)
