"""Date and time boxes speak the current language's digits: ១៤/០៣/២០២៥ in Khmer, 14/03/2025 in English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QToolButton

from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.gui.qt_i18n import install_qt_translator
from dialogue_desktop.gui.widgets.dates import DateEdit, TimeEdit


@pytest.fixture
def khmer() -> Iterator[None]:
    set_language("km")
    yield
    set_language("en")
    install_qt_translator()


def test_a_date_shows_khmer_digits_and_reads_them_back(qtbot: Any, khmer: None) -> None:
    edit = DateEdit(QDate(2025, 3, 14))
    qtbot.addWidget(edit)
    assert edit.text() == "១៤/០៣/២០២៥"
    edit.lineEdit().setText("២៥/១២/២០២៤")  # what a Khmer keyboard types
    edit.interpretText()
    assert edit.date() == QDate(2024, 12, 25)
    edit.lineEdit().setText("01/02/2023")  # Latin digits are understood too
    edit.interpretText()
    assert edit.date() == QDate(2023, 2, 1)
    assert edit.text() == "០១/០២/២០២៣"


def test_the_calendar_popup_names_the_month_and_year_in_khmer(qtbot: Any, khmer: None) -> None:
    edit = DateEdit(QDate(2025, 3, 14))
    qtbot.addWidget(edit)
    calendar = edit.calendarWidget()
    calendar.show()
    year = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    assert year is not None and year.text() == "២០២៥"
    calendar.setCurrentPage(2024, 12)
    assert year.text() == "២០២៤"
    assert calendar.locale().language() == QLocale.Language.Khmer  # month and weekday names


def test_the_calendar_the_arrow_opens_is_ours(qtbot: Any, khmer: None) -> None:
    # Made at the first opening, not with the box (the start need not wait for it): never Qt's own one.
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QCalendarWidget

    from dialogue_desktop.gui.widgets.dates import Calendar

    edit = DateEdit(QDate(2025, 3, 14))
    qtbot.addWidget(edit)
    edit.resize(200, 40)
    edit.show()
    assert edit.findChild(QCalendarWidget) is None
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    qtbot.waitUntil(lambda: edit.calendarWidget().isVisible())
    calendar = edit.calendarWidget()
    assert isinstance(calendar, Calendar) and edit.findChildren(QCalendarWidget) == [calendar]
    assert calendar.selectedDate() == QDate(2025, 3, 14)
    assert calendar.locale().language() == QLocale.Language.Khmer
    calendar.window().close()


def test_arrow_keys_step_a_khmer_date(qtbot: Any, khmer: None) -> None:
    edit = DateEdit(QDate(2025, 3, 14))
    qtbot.addWidget(edit)
    edit.setCurrentSection(DateEdit.Section.DaySection)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.date() == QDate(2025, 3, 15)
    assert edit.text() == "១៥/០៣/២០២៥"


def test_a_time_in_khmer_then_in_english(qtbot: Any, khmer: None) -> None:
    edit = TimeEdit()
    qtbot.addWidget(edit)
    edit.setTime(QTime(8, 30))
    assert edit.text() == "០៨:៣០"
    set_language("en")
    install_qt_translator()  # sends LanguageChange to every widget, as the language switch does
    qtbot.waitUntil(lambda: edit.text() == "08:30")
