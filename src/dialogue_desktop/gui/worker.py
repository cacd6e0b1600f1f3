"""The one database worker thread and the operations the GUI runs on it (Anki's CollectionOp, simplified).

Every read or write of the store goes through :class:`Op`: the function runs on the worker thread, gets
its own unit of work (one transaction), and must return plain values or dataclasses, never ORM objects
(checked when ``DIALOGUE_DESKTOP_CHECK_RESULTS`` is set, as the tests do). Its success or failure callback
then runs on the GUI thread. A failure follows one rule (:meth:`DbWorker.show_failure`): a user error
(`UserError`) goes to the page's message line in the user's language when the operation names one
(``.shown_on(line)``), anything unexpected to the one error dialog with "Copy details". A write names what it changed (``changes={Topic.ATTENDANCE}``) and the worker
announces it with :attr:`DbWorker.changed`, so every open page refreshes itself (gui/refresh.py). The
operations themselves are written once, per area, in :mod:`dialogue_desktop.gui.operations`. Widgets are
only ever touched on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.gui.topics import Topic, Topics

if TYPE_CHECKING:
    from dialogue_desktop.core.store.store import Store

log = logging.getLogger(__name__)

# The former names of the topics, kept while modules written meanwhile move to `Topic` (they are members).
DIALOGUES, DETAILS, PARTICIPANTS, ATTENDANCE = (
    Topic.DIALOGUES,
    Topic.DETAILS,
    Topic.PARTICIPANTS,
    Topic.ATTENDANCE,
)
VOICES, ACTIONS, SETTINGS, ORGANISATIONS = Topic.VOICES, Topic.ACTIONS, Topic.SETTINGS, Topic.ORGANISATIONS

#: Set (by the GUI tests) to refuse any result that holds an ORM object.
CHECK_RESULTS_ENV = "DIALOGUE_DESKTOP_CHECK_RESULTS"


class MessageLine(Protocol):
    """A page's message line (an `ErrorLabel`): where a user error of its operations is said."""

    def show_text(self, text: str) -> None: ...


class OrmResultError(TypeError):
    """A worker function returned a live ORM object, which must never reach the GUI thread."""


def refuse_orm_objects(value: Any, seen: set[int] | None = None) -> None:
    """Raise :class:`OrmResultError` if `value` is, or holds (in dataclasses, lists, tuples, sets and dicts),
    an ORM instance: SQLAlchemy objects are bound to the worker's session, expire on commit and are not
    thread-safe."""
    seen = set() if seen is None else seen
    if id(value) in seen or value is None or isinstance(value, (str, bytes, int, float, bool)):
        return
    seen.add(id(value))
    if hasattr(value, "_sa_instance_state"):
        raise OrmResultError(f"an ORM object left the database worker: {type(value).__name__}")
    if isinstance(value, dict):
        for key, item in value.items():
            refuse_orm_objects(key, seen)
            refuse_orm_objects(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            refuse_orm_objects(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            refuse_orm_objects(getattr(value, item.name), seen)


@dataclass
class Op:
    """One unit of database work: ``Op(fn, *args).success(cb).failure(cb).run(worker)``.

    ``fn(session, *args)`` runs inside one unit of work on the worker thread; with ``with_store=True``
    it receives the store instead (for work that manages its own transactions).
    """

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    changes: Topics = frozenset()
    with_store: bool = False
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: Announce the changes after the success callback (it lets go of what the write removed first).
    announce_after_success: bool = False
    #: The page's message line for a user error of this operation (see :meth:`DbWorker.show_failure`).
    line: MessageLine | None = None

    def success(self, callback: Callable[[Any], None]) -> Op:
        """Call ``callback(result)`` on the GUI thread when the work succeeded."""
        self.on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        """Call ``callback(error)`` on the GUI thread when it failed (default: the one failure rule)."""
        self.on_failure = callback
        return self

    def shown_on(self, line: MessageLine) -> Op:
        """A failure without a callback shows by the rule, a user error in `line` (the page's message line)."""
        self.line = line
        return self

    def run(self, worker: DbWorker) -> Op:
        """Queue the work on the worker thread."""
        worker.submit(self)
        return self

    def wait(self, worker: DbWorker) -> Any:
        """Run a read now and block until its result (start-up, the smoke test and screenshots only: the
        window does not answer meanwhile). A write is refused: its changes would not be announced."""
        if self.changes:
            raise TypeError("a write is run with run(), which announces what it changed")
        return worker.call(functools.partial(self.fn, **self.kwargs), *self.args, with_store=self.with_store)


def op(
    fn: Callable[..., Any], *args: Any, changes: Iterable[Topic] = (), with_store: bool = False, **kwargs: Any
) -> Op:
    """Build an operation; see :class:`Op`. `changes` are :class:`Topic` members (a string is refused)."""
    return Op(fn, args, checked_topics(changes), with_store, kwargs=kwargs)


def checked_topics(changes: Iterable[Topic]) -> Topics:
    """The topics as a set, each checked to be a :class:`Topic` (a string or a typo fails here, at once)."""
    result = frozenset(changes)
    wrong = [item for item in result if not isinstance(item, Topic)]
    if wrong:
        raise TypeError(f"not change topics: {wrong!r}")
    return result


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
        self.check_results = bool(os.environ.get(CHECK_RESULTS_ENV))
        self._thread = threading.Thread(target=self._loop, name="db-worker", daemon=True)
        self._thread.start()
        #: The error dialog, for what no message line can say (set by the main window: "Copy details").
        self.default_failure: Callable[[BaseException], None] = lambda error: log.error(
            "operation failed: %s", error
        )

    def show_failure(self, error: BaseException, line: MessageLine | None = None) -> None:
        """The one rule for a failed operation: a user error in the page's message `line`, in the user's
        language; anything unexpected (or a user error with no line to say it) in the error dialog."""
        if line is not None and isinstance(error, UserError):
            line.show_text(error.text())
        else:
            self.default_failure(error)

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
                if self.check_results:
                    refuse_orm_objects(result)
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
                if operation.changes and not operation.announce_after_success:
                    self.changed.emit(operation.changes)
                if operation.on_success is not None:
                    operation.on_success(value)
                if operation.changes and operation.announce_after_success:
                    self.changed.emit(operation.changes)
            else:
                log.info("operation %s failed: %r", getattr(operation.fn, "__name__", operation.fn), value)
                if operation.on_failure is not None:
                    operation.on_failure(value)
                else:
                    self.show_failure(value, operation.line)
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
        if not self._thread.is_alive():
            raise RuntimeError("the database worker has stopped")
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
