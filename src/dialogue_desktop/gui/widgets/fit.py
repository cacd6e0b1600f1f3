"""Helpers that keep the window within a 1366×768 laptop screen (1366×728 with a taskbar): tall panels scroll
instead of setting the window's minimum height."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def vertical_scroll(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless area that scrolls up and down only: as wide as its viewport, as tall as it
    needs, never making its window taller (Khmer labels are tall)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # As wide as the widget needs (the vertical bar beside it), since it never scrolls sideways.
    area.setMinimumWidth(widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area
