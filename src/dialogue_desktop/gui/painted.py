"""Run something once a widget has been painted for the first time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)  # after this paint and the rest of the window's
            self.deleteLater()
        return False


def after_painted(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` on the GUI thread once `widget` (and the children painted with it) has been painted;
    at once if it is not visible."""
    if not widget.isVisible():
        callback()
        return
    _FirstPaint(widget, callback)
