"""No traceback ever reaches the facilitator: a rotating log in the data folder, and a friendly message.

`install_excepthook()` replaces ``sys.excepthook``; unexpected errors are logged with their traceback and
shown as a translated message with a "Copy details" button. Errors meant for the user (`UserError`) are
shown as their own translated message. Details name where an error happened, never the values it concerned
(see `core.logs.safe_traceback`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.logs import safe_traceback
from dialogue_desktop.core.services.errors import UserError

log = logging.getLogger("dialogue_desktop")

#: Replaced in tests: called with (title, text, details) instead of showing a modal box.
show_box: Callable[[QWidget | None, str, str, str], None]


def _show_box(parent: QWidget | None, title: str, text: str, details: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    close = box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole) if details else None
    box.setDefaultButton(close)
    box.exec()
    if copy is not None and box.clickedButton() is copy:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(details)


show_box = _show_box


def user_message(error: BaseException) -> str:
    """What to tell the facilitator about an error, in the current language."""
    if isinstance(error, UserError):
        return error.text()
    return _(
        "Something went wrong. Your earlier work is saved. If this happens again, copy the details "
        "and send them to the central office."
    )


def show_error(error: BaseException, parent: QWidget | None = None) -> None:
    """Show an error from an operation: a user error as its message, anything else with details."""
    if isinstance(error, UserError):
        show_box(parent, _("Dialogue Desktop"), error.text(), "")
        return
    details = safe_traceback(error)  # what is copied may be emailed: no values, only where it happened
    log.error("unexpected error:\n%s", details)
    show_box(parent, _("Dialogue Desktop"), user_message(error), details)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    details = safe_traceback(error.with_traceback(tb))
    log.error("uncaught error:\n%s", details)
    if QApplication.instance() is None:
        sys.stderr.write(user_message(error) + "\n")
        return
    try:
        show_box(QApplication.activeWindow(), _("Dialogue Desktop"), user_message(error), details)
    except Exception:  # showing the error must never raise again
        log.exception("could not show the error message")


def install_excepthook() -> None:
    """Route uncaught errors to the log and a friendly message."""
    sys.excepthook = _excepthook
