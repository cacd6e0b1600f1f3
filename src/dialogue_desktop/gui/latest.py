"""Only the newest answer counts: `Newest`, and searches as you type built on it.

A page asks the worker again before the last answer came back (a filter changed, another dialogue was
opened): `Newest` gives each request a ticket, and an answer to an older ticket is dropped. The Reports page,
the minutes preview and `LatestSearch` all follow this one rule.

A facilitator types faster than one search per keystroke can be answered. `LatestSearch` keeps at most one
search on the worker: text typed while it runs waits, and when it ends only the newest text is searched.
Texts superseded in between never run at all; an answer is shown only for the text still in the box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.worker import op

T = TypeVar("T")


class Newest:
    """The newest request's ticket: answers to older requests do not count."""

    def __init__(self) -> None:
        self._wanted: object = None  # the newest ticket; None: nothing is awaited

    def ask(self, ticket: object = None) -> object:
        """A new request; its ticket (`ticket` when given, e.g. the text searched, else a fresh one)."""
        self._wanted = object() if ticket is None else ticket
        return self._wanted

    def drop(self) -> None:
        """Nothing awaited any more: every answer on its way is dropped."""
        self._wanted = None

    @property
    def wanted(self) -> object:
        """The newest ticket, None when nothing is awaited."""
        return self._wanted

    def counts(self, ticket: object) -> bool:
        """True while `ticket` is the newest request's."""
        return ticket is not None and ticket == self._wanted

    def only(self, ticket: object, fn: Callable[[T], None]) -> Callable[[T], None]:
        """`fn`, called with the answer only while `ticket` is still the newest."""

        def answer(result: T) -> None:
            if self.counts(ticket):
                fn(result)

        return answer


class LatestSearch:
    """Runs ``fn(session, text, *args)`` on the worker for the newest text only; ``show(text, result)``."""

    def __init__(
        self, ctx: AppContext, fn: Callable[..., Any], show: Callable[[str, Any], None], *args: Any
    ) -> None:
        self.ctx = ctx
        self.fn = fn
        self.show = show
        self.args = args
        self._newest = Newest()  # the ticket is the text itself: the text still in the box counts
        self._running = False

    def request(self, text: str) -> None:
        """Search `text` now, or as soon as the search already running ends."""
        self._newest.ask(text)
        if not self._running:
            self._run()

    def cancel(self) -> None:
        """Nothing more to search (the box was emptied); a running search's answer is dropped."""
        self._newest.drop()

    def _run(self) -> None:
        text = self._newest.wanted
        if not isinstance(text, str):
            return
        self._running = True

        def done(result: Any) -> None:
            self._running = False
            if not self._newest.counts(text):
                self._run()  # typed on meanwhile: only the newest text runs
            else:
                self.show(text, result)

        def failed(error: BaseException) -> None:
            self._running = False
            if not self._newest.counts(text):
                self._run()
            else:
                self.ctx.worker.default_failure(error)

        op(self.fn, text, *self.args).success(done).failure(failed).run(self.ctx.worker)
