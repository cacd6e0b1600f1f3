"""Searches as you type that never queue up behind each other on the database worker.

A facilitator types faster than one search per keystroke can be answered. `LatestSearch` keeps at most one
search on the worker: text typed while it runs waits, and when it ends only the newest text is searched.
Texts superseded in between never run at all; an answer is shown only for the text still in the box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.worker import op


class LatestSearch:
    """Runs ``fn(session, text, *args)`` on the worker for the newest text only; ``show(text, result)``."""

    def __init__(
        self, ctx: AppContext, fn: Callable[..., Any], show: Callable[[str, Any], None], *args: Any
    ) -> None:
        self.ctx = ctx
        self.fn = fn
        self.show = show
        self.args = args
        self._wanted: str | None = None  # the newest text asked for; None: nothing to search
        self._running = False

    def request(self, text: str) -> None:
        """Search `text` now, or as soon as the search already running ends."""
        self._wanted = text
        if not self._running:
            self._run()

    def cancel(self) -> None:
        """Nothing more to search (the box was emptied); a running search's answer is dropped."""
        self._wanted = None

    def _run(self) -> None:
        text = self._wanted
        if text is None:
            return
        self._running = True

        def done(result: Any) -> None:
            self._running = False
            if self._wanted != text:
                self._run()  # typed on meanwhile: only the newest text runs
            else:
                self.show(text, result)

        def failed(error: BaseException) -> None:
            self._running = False
            if self._wanted != text:
                self._run()
            else:
                self.ctx.worker.default_failure(error)

        op(self.fn, text, *self.args).success(done).failure(failed).run(self.ctx.worker)
