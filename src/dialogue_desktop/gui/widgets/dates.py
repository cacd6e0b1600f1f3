"""Date and time boxes that show and accept Khmer digits in Khmer (Qt's Khmer locale writes Latin ones).

The text goes through `localise_digits` on its way to the screen and back to Latin digits on its way to
Qt's parser, so a facilitator can type ២៥/១២/២០២៥ or 25/12/2025 alike.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QRect, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QTimeEdit, QToolButton, QWidget

from dialogue_desktop.core.i18n import current_language, localise_digits, to_latin_digits

DATE_FORMAT = "dd/MM/yyyy"
TIME_FORMAT = "HH:mm"


class Calendar(QCalendarWidget):
    """The month to pick a day from, its day numbers and year in Khmer digits in Khmer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)  # no week numbers
        self.currentPageChanged.connect(lambda _year, _month: self._localise_year())
        self._apply_language()

    def _apply_language(self) -> None:
        """Month and weekday names in the current language."""
        if current_language() == "km":
            self.setLocale(QLocale(QLocale.Language.Khmer, QLocale.Country.Cambodia))
        else:
            self.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self._localise_year()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._apply_language()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._localise_year()

    def _localise_year(self) -> None:
        # The year in the navigation bar is a tool button Qt names and fills from the locale.
        button = self.findChild(QToolButton, "qt_calendar_yearbutton")
        if button is not None:
            button.setText(localise_digits(str(self.yearShown())))

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:  # noqa: N802 - Qt's name
        if current_language() != "km":
            super().paintCell(painter, rect, date)
            return
        palette = self.palette()
        selected = date == self.selectedDate()
        painter.save()
        painter.fillRect(
            rect, palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        )
        if selected:
            colour = palette.color(QPalette.ColorRole.HighlightedText)
        elif date.month() != self.monthShown():
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        else:
            colour = self.dateTextFormat(date).foreground().color()
            if colour.alpha() == 0 or self.dateTextFormat(date).foreground().style() == Qt.BrushStyle.NoBrush:
                colour = self.weekdayTextFormat(Qt.DayOfWeek(date.dayOfWeek())).foreground().color()
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, localise_digits(str(date.day())))
        painter.restore()


class _InLanguageDigits:
    """Mixed into a Qt date/time box (before it): the text in the current language's digits on screen,
    in Latin digits for Qt's parser; refreshed when the language changes."""

    def textFromDateTime(self, value: QDateTime) -> str:  # noqa: N802 - Qt's name
        return localise_digits(super().textFromDateTime(value))  # type: ignore[misc]

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt's name
        return super().dateTimeFromText(to_latin_digits(text))  # type: ignore[misc]

    def validate(self, text: str, position: int) -> Any:
        state, fixed, position = super().validate(to_latin_digits(text), position)  # type: ignore[misc]
        return state, localise_digits(fixed), position

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() == QEvent.Type.LanguageChange:
            box: Any = self
            box.lineEdit().setText(self.textFromDateTime(box.dateTime()))


class DateEdit(_InLanguageDigits, QDateEdit):
    """A day (dd/mm/yyyy) with a calendar to pick from, in the current language's digits.

    The calendar is made when it is first opened (a click on the arrow): the first one costs
    about 13 ms, which the app's first screen, with its new-dialogue date, need not wait for.
    """

    def __init__(self, date: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self._calendar: Calendar | None = None
        self.setDisplayFormat(DATE_FORMAT)
        if date is not None:
            self.setDate(date)

    def calendarWidget(self) -> QCalendarWidget:  # noqa: N802 - Qt's name
        """Our calendar (made now if it was not yet)."""
        if self._calendar is None:
            self._calendar = Calendar(self)
            self.setCalendarWidget(self._calendar)
        return self._calendar

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.calendarWidget()  # before Qt opens a calendar of its own
        super().mousePressEvent(event)


class TimeEdit(_InLanguageDigits, QTimeEdit):
    """A time of day (hh:mm, 24 hours), in the current language's digits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(TIME_FORMAT)
