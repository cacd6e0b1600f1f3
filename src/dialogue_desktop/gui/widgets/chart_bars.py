"""A horizontal bar chart (QtCharts) that speaks the current language: category names, value-axis ticks and
the number at each bar are drawn from our own texts, so Khmer mode shows Khmer digits (Qt's own axis and
label formats only know Latin digits). A click on a bar emits the figure behind it.

Bars are horizontal so that category names (long in Khmer: "ជនជាតិដើមភាគតិច") sit at the left in full
instead of being cut under narrow columns. Qt draws the first category at the bottom; the chart reverses
them so the list reads from the top, as the table does.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QLabel, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import format_number, format_percent
from dialogue_desktop.gui.models.report_figures import PERCENT, ChartData, Figure

TICKS = 4  # about this many steps on the value axis
BAR_HEIGHT = 22  # pixels per bar: room for its number in Khmer digits
MIN_CATEGORY_HEIGHT = 34
CHART_FRAME_HEIGHT = 100  # title and value axis


def nice_ticks(largest: float, kind: str) -> list[float]:
    """Round tick values from 0 to at least `largest` (whole numbers for counts, tenths for shares)."""
    if kind == PERCENT:
        top = max(largest, 0.1)
        step = 0.1 if top <= 0.5 else 0.2 if top <= 1.0 else 0.5
    else:
        top = max(largest, 1.0)
        raw = top / TICKS
        magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
        step = max(1.0, float(math.ceil(step)))
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 6) for i in range(count + 1)]


def chart_font(scale: float = 1.0, bold: bool = False) -> QFont:
    """The app font (Noto Sans Khmer first), scaled: QtCharts does not inherit the application font."""
    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


class BarChartView(QChartView):
    """Grouped bars with our own labels; `clicked(Figure)` when a bar is clicked."""

    clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.data: ChartData | None = None
        self.series: QHorizontalBarSeries | None = None
        self.sets: list[QBarSet] = []
        self._labels: list[tuple[QGraphicsSimpleTextItem, int, int]] = []  # item, set, category
        self._new_chart()

    def _new_chart(self) -> QChart:
        """An empty chart in place of the one shown, which is deleted with its axes and labels: axes removed
        from a chart are still drawn (a language switch drew English labels over the Khmer ones)."""
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.series = None
        self._labels = []
        chart.plotAreaChanged.connect(lambda _rect: self._place_labels())
        return chart

    def show_data(self, data: ChartData) -> None:
        """Draw `data` (replacing what was drawn)."""
        self.data = data
        chart = self._new_chart()
        chart.setTitle(data.title)
        chart.setTitleFont(chart_font(1.05, bold=True))
        chart.legend().setVisible(False)  # the card shows the legend (in the app font, first set first)

        series = QHorizontalBarSeries()
        series.setBarWidth(0.8)
        self.sets = []
        for bar_set in data.sets:
            qset = QBarSet(bar_set.name)
            qset.append(list(reversed(bar_set.values)))
            qset.setColor(QColor(bar_set.color))
            qset.setBorderColor(QColor(bar_set.color))
            self.sets.append(qset)
        for qset in reversed(self.sets):  # Qt stacks sets from the bottom: the first set on top
            series.append(qset)
        per_category = max(MIN_CATEGORY_HEIGHT, BAR_HEIGHT * len(data.sets) / series.barWidth())
        self.setMinimumHeight(int(CHART_FRAME_HEIGHT + per_category * max(len(data.categories), 1)))
        series.clicked.connect(self._bar_clicked)
        series.hovered.connect(self._hovered)
        chart.addSeries(series)
        self.series = series

        categories = QBarCategoryAxis()
        categories.append(list(reversed(data.categories)))
        categories.setLabelsFont(chart_font(0.85))
        categories.setGridLineVisible(False)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)

        largest = max((v for s in data.sets for v in s.values), default=0.0)
        ticks = nice_ticks(largest * 1.18, data.kind)  # room above the tallest bar for its number
        values = QCategoryAxis()
        values.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        values.setStartValue(0)
        for tick in ticks:
            values.append(format_percent(tick) if data.kind == PERCENT else format_number(int(tick)), tick)
        values.setRange(0, ticks[-1])
        values.setLabelsFont(chart_font(0.8))
        values.setGridLineVisible(True)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)

        font = chart_font(0.8, bold=True)
        for s, bar_set in enumerate(data.sets):
            for c, text in enumerate(bar_set.texts):
                item = QGraphicsSimpleTextItem(text, chart)
                item.setFont(font)
                item.setBrush(QBrush(QColor("#111111")))
                item.setZValue(1000)  # above grid lines
                self._labels.append((item, s, c))
        self._place_labels()

    def legend_html(self) -> str:
        """The sets' colours and names as rich text (empty for a single set)."""
        if self.data is None or len(self.data.sets) < 2:
            return ""
        return " &nbsp; ".join(
            f'<span style="color:{bar_set.color}">■</span> {html.escape(bar_set.name)}'
            for bar_set in self.data.sets
        )

    def value_texts(self) -> list[list[str]]:
        """The numbers drawn on the bars, per set (what a person reads)."""
        texts: list[list[str]] = [[] for _ in self.sets]
        for item, s, _c in self._labels:
            texts[s].append(item.text())
        return texts

    def values(self, set_index: int) -> list[float]:
        """The values drawn by one set of bars, in the data's order."""
        qset = self.sets[set_index]
        return [qset.at(i) for i in reversed(range(qset.count()))]

    def category_labels(self) -> list[str]:
        """The category names on the axis, in the data's order (top to bottom)."""
        axes = self.chart().axes(Qt.Orientation.Vertical)
        return list(reversed(axes[0].categories())) if axes and isinstance(axes[0], QBarCategoryAxis) else []

    def value_axis_labels(self) -> list[str]:
        axes = self.chart().axes(Qt.Orientation.Horizontal)
        return list(axes[0].categoriesLabels()) if axes and isinstance(axes[0], QCategoryAxis) else []

    def _place_labels(self) -> None:
        if self.series is None or self.data is None:
            return
        chart = self.chart()
        count = max(len(self.sets), 1)
        width = self.series.barWidth()
        last = len(self.data.categories) - 1
        for item, s, c in self._labels:
            value = self.data.sets[s].values[c]
            y = (last - c) - width / 2 + width * (count - 1 - s + 0.5) / count
            point = chart.mapToPosition(QPointF(value, y), self.series)
            box = item.boundingRect()
            item.setPos(point.x() + 4, point.y() - box.height() / 2)

    def _bar_clicked(self, index: int, bar_set: QBarSet) -> None:
        if self.data is None or bar_set not in self.sets:
            return
        category = len(self.data.categories) - 1 - index  # Qt's index counts from the bottom
        figure: Figure | None = self.data.sets[self.sets.index(bar_set)].figures[category]
        if figure is not None:
            self.clicked.emit(figure)

    def click_bar(self, set_index: int, category: int) -> None:
        """Act as if the bar of `category` (data order) was clicked (keyboard users and tests)."""
        assert self.data is not None
        self._bar_clicked(len(self.data.categories) - 1 - category, self.sets[set_index])

    def _hovered(self, status: bool, _index: int, _bar_set: QBarSet) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor if status else Qt.CursorShape.ArrowCursor)


class ChartCard(QWidget):
    """A chart with its legend and a one-line note under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.view = BarChartView()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.note = QLabel()
        self.note.setObjectName("quiet")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.note)

    def show_data(self, data: ChartData) -> None:
        self.view.show_data(data)
        legend = self.view.legend_html()
        self.legend.setText(legend)
        self.legend.setVisible(bool(legend))
        self.note.setText(data.note)
