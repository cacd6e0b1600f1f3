"""Reports: the programme's dashboard (dialogues held, attendance by group, voice, agreed actions), the
indicator table, the records behind any number (`report_trace.py`), the exports (`report_exports.py`) and
the exports made (`report_export_list.py`).

Everything is computed by `core.reports` on the database worker; the page keeps the last `Indicators`
(plain frozen dataclasses with labels in both languages) and redraws them after a language change without
asking the database again. Numbers are drawn with the current language's digits, also on the charts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.i18n import N_, _, format_date, format_number
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.places import PROGRAMME_PROVINCES, place_name, provinces
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.latest import Newest
from dialogue_desktop.gui.models.report_figures import (
    BREAKDOWNS,
    Figure,
    actions_chart,
    attendance_chart,
    dialogues_chart,
    voice_chart,
)
from dialogue_desktop.gui.models.report_table import IndicatorTableModel, TracedRecord
from dialogue_desktop.gui.operations import reports as reports_ops
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.pages.report_export_list import ExportList
from dialogue_desktop.gui.pages.report_exports import ExportBar
from dialogue_desktop.gui.pages.report_filters import PERIODS, period_dates
from dialogue_desktop.gui.pages.report_trace import TracePanel
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.chart_bars import ChartCard
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, member_of
from dialogue_desktop.gui.widgets.table import make_table, stretch


class ReportsPage(Page):
    """The dashboard: filters, four charts, the indicator table, the records behind a number, exports."""

    key = "reports"
    #: Emitted with a dialogue id when the person asks to open a dialogue listed behind a number.
    open_dialogue_requested = Signal(str)
    #: Emitted after new indicators are drawn (tests wait on it).
    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.indicators: Indicators | None = None
        self._newest = Newest()  # indicators for the newest filter only
        self._province_chosen = False  # once the person picks a province, the device's no longer applies
        self._today = date.today()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)  # several filter changes in a row: compute once
        self._timer.timeout.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        layout.addWidget(self.heading)
        layout.addLayout(self._build_filters())
        self.status = QLabel()
        self.status.setObjectName("quiet")
        layout.addWidget(self.status)
        #: Why the figures or the records behind one could not be read (a user error; a bug: the error dialog).
        self.message = ErrorLabel()
        layout.addWidget(self.message)

        self.cards = {name: ChartCard() for name in ("dialogues", "actions", "attendance", "voice")}
        self.charts = {name: card.view for name, card in self.cards.items()}
        charts_page = QWidget()
        grid = QGridLayout(charts_page)
        grid.setContentsMargins(0, 4, 8, 0)
        grid.setVerticalSpacing(12)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
            card.view.clicked.connect(self.show_figure)
        grid.setRowStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(charts_page)
        self.table_model = IndicatorTableModel(self)
        self.table = make_table(self)
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.clicked.connect(self._cell_clicked)
        self.table.activated.connect(self._cell_clicked)
        self.export_list = ExportList(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.export_list, "")
        self.trace_panel = TracePanel()
        self.trace_panel.open_dialogue.connect(self.open_dialogue_requested)
        self.trace_panel.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.trace_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self.exports = ExportBar(ctx, lambda: self.indicators, self._today)
        layout.addWidget(self.exports)

        self.retranslate_ui()

    # --- building --------------------------------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.period = QComboBox()
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.hide()  # only for "between two dates"
            edit.dateChanged.connect(lambda _d: self._filters_changed())
        year_start = QDate(self._today.year, 1, 1)
        self.date_from.setDate(year_start)
        self.date_to.setDate(QDate(self._today.year, self._today.month, self._today.day))
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.to_label = QLabel()
        self.to_label.hide()
        self.province = QComboBox()
        self.province.currentIndexChanged.connect(lambda _i: self._province_changed())
        self.kind = EnumCombo(DialogueKind, empty=N_("Every kind of dialogue"))
        self.kind.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.breakdown = QComboBox()
        self.breakdown.currentIndexChanged.connect(lambda _i: self._breakdown_changed())
        row.addWidget(self.period)
        row.addWidget(self.date_from)
        row.addWidget(self.to_label)
        row.addWidget(self.date_to)
        row.addWidget(self.province)
        row.addWidget(self.kind)
        row.addStretch(1)
        row.addWidget(self.breakdown)
        return row

    # --- Page hooks ---------------------------------------------------------------------------------------

    def title(self) -> str:
        return _("Reports")

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset(
            {Topic.DIALOGUES, Topic.DETAILS, Topic.ATTENDANCE, Topic.VOICES, Topic.ACTIONS,
             Topic.PARTICIPANTS, Topic.ORGANISATIONS, Topic.SETTINGS}
        )  # fmt: skip

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Reports"))
        self.tabs.setTabText(0, _("Charts"))
        self.tabs.setTabText(1, _("Table of indicators"))
        self.tabs.setTabText(2, _("Exports made"))
        self._fill_combo(self.period, [(key, _(label)) for key, label in PERIODS])
        self.to_label.setText(_("to"))
        provinces_items: list[tuple[str | None, str]] = [(None, _("Every province"))]
        provinces_items += [(p.code, p.name()) for p in provinces()]
        self._fill_combo(self.province, provinces_items)
        self.kind.retranslate_ui()
        self._fill_combo(self.breakdown, [(key, _(label)) for key, label in BREAKDOWNS])
        self.exports.retranslate_ui()
        self.export_list.retranslate_ui()
        self.trace_panel.retranslate_ui()
        self._draw()
        figure = self.trace_panel.figure
        if figure is not None and self.trace_panel.isVisible():
            self.show_figure(self._current(figure))  # caption and record labels in the new language

    def _current(self, figure: Figure) -> Figure:
        """The same figure as drawn now (its caption in the current language)."""
        drawn = [
            f
            for card in self.cards.values()
            if card.view.data
            for s in card.view.data.sets
            for f in s.figures
        ]
        drawn += [self.table_model.figure(self.table_model.index(r, c))
                  for r in range(self.table_model.rowCount()) for c in range(1, self.table_model.columnCount())]  # fmt: skip
        return next(
            (f for f in drawn if f is not None and (f.indicator, f.cell) == (figure.indicator, figure.cell)),
            figure,
        )

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[Any, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for data, text in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    # --- filters ------------------------------------------------------------------------------------------

    def _period_changed(self) -> None:
        period = self.period.currentData() or "all"
        custom = period == "custom"
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(custom)
        start, end = period_dates(period, self._today)
        for edit, value in ((self.date_from, start), (self.date_to, end)):
            if value is not None:
                edit.blockSignals(True)
                edit.setDate(QDate(value.year, value.month, value.day))
                edit.blockSignals(False)
        self._filters_changed()

    def _province_changed(self) -> None:
        self._province_chosen = True
        self._filters_changed()

    def _filters_changed(self) -> None:
        self._timer.start()

    def _breakdown_changed(self) -> None:
        self._draw()

    def set_province(self, code: str | None) -> None:
        """Choose a province (None: every province) and recompute."""
        self.province.setCurrentIndex(max(self.province.findData(code), 0))

    def report_filter(self) -> ReportFilter:
        """The filter the controls describe."""
        period = self.period.currentData() or "all"
        start: date | None
        end: date | None
        if period == "custom":
            start = self.date_from.date().toPython()  # type: ignore[assignment]
            end = self.date_to.date().toPython()  # type: ignore[assignment]
        else:
            start, end = period_dates(period, self._today)
        kind = self.kind.value()
        return ReportFilter(
            date_from=start,
            date_to=end,
            province_code=self.province.currentData(),
            kind=member_of(DialogueKind, kind) if kind else None,
        )

    def _apply_device_province(self) -> None:
        """On a field laptop, start with its own province (when it is one of the programme's)."""
        code = self.ctx.device.province_code
        if self._province_chosen or not code or code not in PROGRAMME_PROVINCES:
            return
        self.province.blockSignals(True)
        self.province.setCurrentIndex(max(self.province.findData(code), 0))
        self.province.blockSignals(False)

    # --- computing ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.exports.freshness.shown()  # the minimum count, if it changed meanwhile
        self._timer.stop()
        self._apply_device_province()
        ticket = self._newest.ask()
        report = self.report_filter()
        self.status.setText(_("Computing…"))
        reports_ops.compute(report, self._today).success(
            lambda result: self._computed(ticket, result)
        ).failure(lambda error: self._failed(ticket, error)).run(self.ctx.worker)

    def _computed(self, ticket: object, indicators: Indicators) -> None:
        if not self._newest.counts(ticket):
            return  # a newer filter is being computed
        self.indicators = indicators
        self.message.show_text("")
        self._draw()
        if indicators.unique_breakdowns:
            self.refreshed.emit()
            return
        # The headline is shown; the unique participants of each row follow (they take longer).
        reports_ops.complete(indicators).success(lambda result: self._computed(ticket, result)).failure(
            lambda error: self._failed(ticket, error)
        ).run(self.ctx.worker)

    def _failed(self, ticket: object, error: BaseException) -> None:
        if self._newest.counts(ticket):
            self.status.setText("")
            self.ctx.worker.show_failure(error, self.message)
        elif not isinstance(error, UserError):  # a refusal about a filter no longer chosen is moot, a bug not
            self.ctx.worker.default_failure(error)

    def _draw(self) -> None:
        """Charts, table and summary from the last indicators, in the current language."""
        indicators = self.indicators
        if indicators is None:
            return
        dimension = self.breakdown.currentData() or "province"
        self.cards["dialogues"].show_data(dialogues_chart(indicators, dimension))
        self.cards["attendance"].show_data(attendance_chart(indicators))
        self.cards["voice"].show_data(voice_chart(indicators))
        self.cards["actions"].show_data(actions_chart(indicators))
        self.table_model.set_indicators(indicators, dimension)
        stretch(self.table, 0)
        self.status.setText(self._summary(indicators))
        self.exports.update_buttons()

    def _summary(self, indicators: Indicators) -> str:
        report = indicators.filter
        where = place_name(report.province_code) if report.province_code else _("every province")
        if report.date_from and report.date_to:
            period = _("{start} to {end}").format(
                start=format_date(report.date_from, style="short"),
                end=format_date(report.date_to, style="short"),
            )
        else:
            period = _("all dates")
        held = indicators.dialogues.total.dialogues
        if not held:
            return _("No dialogue held in {where}, {period}.").format(where=where, period=period)
        return _(
            "{n} dialogues held in {where}, {period}. Click a bar or a number to see the records."
        ).format(n=format_number(held), where=where, period=period)

    # --- tracing -----------------------------------------------------------------------------------------

    def _cell_clicked(self, index: QModelIndex) -> None:
        figure = self.table_model.figure(index)
        if figure is not None:
            self.show_figure(figure)

    def show_figure(self, figure: Figure) -> None:
        """List the records behind `figure` in the side panel (looked up on the worker)."""
        indicators = self.indicators
        if indicators is None:
            return
        self.trace_panel.show_loading(figure)
        if not self.trace_panel.isVisible():
            self.trace_panel.show()
            width = max(self.splitter.width(), 600)
            self.splitter.setSizes([width * 2 // 3, width - width * 2 // 3])

        def failed(error: BaseException) -> None:
            self.trace_panel.count.setText("")
            self.ctx.worker.show_failure(error, self.message)

        reports_ops.trace_records(figure, indicators).success(
            lambda records: self._traced(figure, records)
        ).failure(failed).run(self.ctx.worker)

    def _traced(self, figure: Figure, records: list[TracedRecord]) -> None:
        if self.trace_panel.figure == figure:
            self.trace_panel.show_records(figure, records)
