"""Horizontal bar charts for the PDF report: bars by ReportLab graphics, every label by the text layer.

ReportLab's chart labels are `String`s drawn without shaping, which breaks Khmer. Here the chart draws
only its bars and grid (`HorizontalBarChart` with its labels switched off); category names, values and the
legend are drawn on the canvas with `printing.text.draw_text_line`, so Khmer is shaped like everywhere
else in our PDFs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

from dialogue_desktop.core.printing.fonts import REGULAR
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line, measure

PALETTE = ("#1f6f8b", "#e07a2e", "#6a994e", "#b5485d", "#7b6d8d")
LABEL = TextStyle(size=8)
VALUE = TextStyle(size=7, colour="#333333")
ROW_HEIGHT = 16.0  # per category, all series together
LEGEND_HEIGHT = 16.0
GAP = 6.0


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    #: Text written instead of a value (a hidden small count: "<5", with no bar), by position.
    texts: tuple[str | None, ...] = ()


class BarChart(Flowable):
    """A horizontal bar chart: one row per category, one bar per series, labels shaped.

    `value_text` formats the number written at the end of each bar (e.g. a percentage in Khmer digits).
    """

    def __init__(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        value_text: Callable[[float], str],
        width: float = 440.0,
        maximum: float | None = None,
    ) -> None:
        super().__init__()
        self.categories = list(categories)
        self.series = list(series)
        self.value_text = value_text
        self.chart_width = width
        self.maximum = maximum
        self.label_width = min(
            width * 0.4, max((measure(c, LABEL) for c in self.categories), default=0) + GAP
        )
        self.plot_height = ROW_HEIGHT * max(1, len(self.categories)) * (1 if len(self.series) == 1 else 1.4)
        self.legend = len(self.series) > 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = min(self.chart_width, availWidth)
        self.height = self.plot_height + (LEGEND_HEIGHT if self.legend else 0) + GAP
        return self.width, self.height

    def _drawing(self, plot_width: float) -> tuple[Drawing, HorizontalBarChart]:
        drawing = Drawing(plot_width, self.plot_height)
        # The bars carry no text (labels are drawn with our fonts), but a drawing still selects a font first:
        # ours, not ReportLab's Helvetica, which the PDF would name without embedding it.
        drawing.initialFontName = REGULAR
        chart = HorizontalBarChart()
        chart.x, chart.y = 0, 0
        chart.width, chart.height = plot_width, self.plot_height
        # Categories run top to bottom like a table, and the first series is the top bar of a row: the chart
        # draws the first category and the first series at the bottom, so both are given reversed.
        chart.data = [list(reversed(s.values)) or [0] for s in reversed(self.series)]
        chart.categoryAxis.visibleLabels = 0
        chart.categoryAxis.visibleTicks = 0
        chart.categoryAxis.strokeColor = colors.HexColor("#999999")
        chart.valueAxis.visibleLabels = 0
        chart.valueAxis.visible = 0
        chart.valueAxis.valueMin = 0
        top = max((v for s in self.series for v in s.values), default=0)
        chart.valueAxis.valueMax = self.maximum if self.maximum is not None else (top * 1.15 or 1)
        chart.barSpacing = 1
        chart.groupSpacing = 4
        count = len(self.series)
        for i in range(count):
            chart.bars[i].fillColor = colors.HexColor(PALETTE[(count - 1 - i) % len(PALETTE)])
            chart.bars[i].strokeColor = None
        drawing.add(chart)
        return drawing, chart

    def draw(self) -> None:
        canvas = self.canv
        plot_x = self.label_width
        value_room = 40.0
        plot_width = max(50.0, self.width - plot_x - value_room)
        base_y = LEGEND_HEIGHT if self.legend else 0.0
        drawing, chart = self._drawing(plot_width)
        renderPDF.draw(drawing, canvas, plot_x, base_y)

        rows = max(1, len(self.categories))
        row_height = self.plot_height / rows
        scale = plot_width / chart.valueAxis.valueMax
        n_series = max(1, len(self.series))
        group = row_height - chart.groupSpacing
        bar = (group - chart.barSpacing * (n_series - 1)) / n_series
        for row, category in enumerate(self.categories):
            centre = base_y + self.plot_height - (row + 0.5) * row_height
            draw_text_line(
                canvas, plot_x - GAP, centre - LABEL.size * 0.35, category, TextStyle(size=8, align="right")
            )
            top = centre + group / 2
            for i, s in enumerate(self.series):
                value = s.values[row] if row < len(s.values) else 0.0
                text = s.texts[row] if row < len(s.texts) else None
                bar_centre = top - (i + 0.5) * bar - i * chart.barSpacing
                draw_text_line(
                    canvas,
                    plot_x + value * scale + 3,
                    bar_centre - VALUE.size * 0.35,
                    self.value_text(value) if text is None else text,
                    VALUE,
                )
        if self.legend:
            x = plot_x
            for i, s in enumerate(self.series):
                canvas.setFillColor(colors.HexColor(PALETTE[i % len(PALETTE)]))
                canvas.rect(x, 3, 8, 8, stroke=0, fill=1)
                x += 12 + draw_text_line(canvas, x + 12, 4, s.name, LABEL) + 14
