"""What every part of the Sync page shares: the busy bar, the message lines, and running sync work.

The parts (laptop.py, office.py, imports.py) subclass :class:`SyncPageBase`; the page (page.py) combines
them. Only the page's ``__init__`` runs: the parts add builders, actions and texts, never state of their own
at construction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from dialogue_desktop.core.sync.status import SyncState
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.pages.base import Page
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.worker import Op

log = logging.getLogger(__name__)


def tip(text: str = "") -> QLabel:
    """A quiet explanatory line above an action."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("quiet")
    return label


def value_label(text: str = "") -> QLabel:
    """A value a person may copy (a fingerprint, a path)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SyncPageBase(Page):
    """The Sync page's shared machinery: work runs on the worker with a busy bar; results and problems are
    shown in the page's message lines, in the facilitator's language, never as a traceback."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        #: What the last reload read; None until then.
        self.state: SyncState | None = None
        self._busy = 0

    def _build_messages(self, outer: QVBoxLayout) -> None:
        """The busy bar and the error and result lines, under the heading."""
        busy_row = QHBoxLayout()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: the work has no steps to count
        self.busy_bar.setMaximumWidth(220)
        self.busy_bar.setTextVisible(False)
        self.busy_label = QLabel()
        busy_row.addWidget(self.busy_bar)
        busy_row.addWidget(self.busy_label, 1)
        outer.addLayout(busy_row)
        self.busy_bar.hide()
        self.busy_label.hide()
        self.error = ErrorLabel()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = ErrorLabel()
        self.result.setObjectName("saved")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.error)
        outer.addWidget(self.result)

    @property
    def busy(self) -> bool:
        """True while work started from the page (not a quiet read) runs."""
        return self._busy > 0

    def _update_buttons(self) -> None:
        """Enable what can be done now (the page decides, knowing every part)."""
        raise NotImplementedError

    def show_error(self, error: BaseException) -> None:
        """A failure by the app's one rule: a user error in the page's message line, anything else in the
        error dialog (logged, with "Copy details")."""
        self.result.show_text("")
        self.ctx.worker.show_failure(error, self.error)

    def show_result(self, text: str) -> None:
        """What the work did, in the result line."""
        self.error.show_text("")
        self.result.show_text(text)

    def _run(
        self, operation: Op, done: Callable[[Any], None], *, quiet: bool = False,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:  # fmt: skip
        """Run a sync operation on the worker; a busy bar while it runs unless `quiet` (quick reads).

        A failure goes to `failed`, or is shown in the page's message line."""
        if not quiet:
            self._busy += 1
            self.busy_bar.show()
            self.busy_label.show()
            self._update_buttons()

        def finish() -> None:
            if not quiet:
                self._busy -= 1
                if self._busy == 0:
                    self.busy_bar.hide()
                    self.busy_label.hide()
                self._update_buttons()

        def ok(value: Any) -> None:
            finish()
            done(value)

        def failure(error: BaseException) -> None:
            finish()
            (failed or self.show_error)(error)

        operation.success(ok).failure(failure).run(self.ctx.worker)
