"""Reports: the programme's dashboard (dialogues held, attendance by group, voice, agreed actions), the
indicator table, the records behind any number, and the exports (workbook, CSV, PDF).

Everything is computed by `core.reports` on the database worker; the page keeps the last `Indicators`
(plain frozen dataclasses with labels in both languages) and redraws them after a language change without
asking the database again. Numbers are drawn with the current language's digits, also on the charts.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.i18n import N_, _, current_language, format_date, format_number
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators
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
from dialogue_desktop.gui.models.report_table import IndicatorTableModel, TracedRecord, TraceModel
from dialogue_desktop.gui.operations import reports as reports_ops
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.chart_bars import ChartCard
from dialogue_desktop.gui.widgets.fields import EnumCombo, member_of
from dialogue_desktop.gui.widgets.table import make_table, stretch

#: Periods offered: (key, msgid). "custom" enables the two dates.
PERIODS: tuple[tuple[str, str], ...] = (
    ("all", N_("All time")),
    ("this_year", N_("This year")),
    ("last_year", N_("Last year")),
    ("last_12_months", N_("Last 12 months")),
    ("this_quarter", N_("This quarter")),
    ("custom", N_("Between two dates")),
)

#: Exports: (key, button msgid, file-dialog filter msgid, suffix).
EXPORTS: tuple[tuple[str, str, str, str], ...] = (
    ("xlsx", N_("Workbook (XLSX)"), N_("Excel workbook (*.xlsx)"), ".xlsx"),
    ("csv", N_("CSV files (zip)"), N_("Zip of CSV files (*.zip)"), ".zip"),
    ("pdf", N_("PDF report"), N_("PDF document (*.pdf)"), ".pdf"),
)


def period_dates(period: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day of a preset period ("custom" and "all": no bounds)."""
    if period == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if period == "last_12_months":
        return today - timedelta(days=365), today
    if period == "this_quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        end = date(today.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
        return start, end - timedelta(days=1)
    return None, None


# --- widgets ----------------------------------------------------------------------------------------------


class TracePanel(QFrame):
    """The records behind the last clicked number; a dialogue can be opened from here."""

    open_dialogue = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.figure: Figure | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self._close)
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.count = QLabel()
        self.count.setObjectName("quiet")
        layout.addWidget(self.count)
        self.model = TraceModel(self)
        self.table = make_table(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setVisible(False)
        stretch(self.table, 0, fit_others=False)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.table.activated.connect(lambda _index: self._open())
        layout.addWidget(self.table, 1)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        self.open_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        layout.addWidget(self.open_button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.close_button.setText(_("Close"))
        self.open_button.setText(_("Open the dialogue"))
        self._show_texts()

    def _show_texts(self) -> None:
        if self.figure is None:
            self.title.setText(_("Click a bar or a number to see the records behind it."))
            self.count.setText("")
            return
        self.title.setText(self.figure.caption)
        people = sum(r.count for r in self.model.records)
        records = len(self.model.records)
        text = _("{n} records").format(n=format_number(records))
        if people != records:
            text = _("{n} records ({people} people, counted ones included)").format(
                n=format_number(records), people=format_number(people)
            )
        self.count.setText(text)

    def show_loading(self, figure: Figure) -> None:
        self.figure = figure
        self.model.set_records([])
        self.title.setText(figure.caption)
        self.count.setText(_("Looking up the records…"))

    def show_records(self, figure: Figure, records: list[TracedRecord]) -> None:
        self.figure = figure
        self.model.set_records(records)
        self._show_texts()
        self._selection_changed()

    def selected(self) -> TracedRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.records[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        record = self.selected()
        self.open_button.setEnabled(record is not None and record.dialogue_id is not None)

    def _open(self) -> None:
        record = self.selected()
        if record is not None and record.dialogue_id:
            self.open_dialogue.emit(record.dialogue_id)

    def _close(self) -> None:
        self.hide()
        self.closed.emit()


class ReportsPage(Page):
    """The dashboard: filters, four charts, the indicator table, the records behind a number, exports."""

    key = "reports"
    #: Emitted with a dialogue id when the person asks to open a dialogue listed behind a number.
    open_dialogue_requested = Signal(str)
    #: Emitted after new indicators are drawn (tests wait on it).
    refreshed = Signal()
    #: Emitted with the written path after an export.
    exported = Signal(str)

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
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.table, "")
        self.trace_panel = TracePanel()
        self.trace_panel.open_dialogue.connect(self.open_dialogue_requested)
        self.trace_panel.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.trace_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_exports())

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

    def _build_exports(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.export_label = QLabel()
        self.export_label.setObjectName("subheading")
        row.addWidget(self.export_label)
        self.export_buttons: dict[str, QPushButton] = {}
        for key, *_rest in EXPORTS:
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, key=key: self.export(key))
            self.export_buttons[key] = button
            row.addWidget(button)
        self.personal = QCheckBox()
        row.addWidget(self.personal)
        row.addStretch(1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the exporter gives no progress
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("quiet")
        row.addWidget(self.busy_label)
        row.addWidget(self.busy)
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
        self._fill_combo(self.period, [(key, _(label)) for key, label in PERIODS])
        self.to_label.setText(_("to"))
        provinces_items: list[tuple[str | None, str]] = [(None, _("Every province"))]
        provinces_items += [(p.code, p.name()) for p in provinces()]
        self._fill_combo(self.province, provinces_items)
        self.kind.retranslate_ui()
        self._fill_combo(self.breakdown, [(key, _(label)) for key, label in BREAKDOWNS])
        self.export_label.setText(_("Export:"))
        for key, button_text, *_rest in EXPORTS:
            self.export_buttons[key].setText(_(button_text))
        self.personal.setToolTip(_("The PDF report holds figures only, never names."))
        self.personal.setText(_("Include names and phone numbers (only people who consented)"))
        self.trace_panel.retranslate_ui()
        self._update_export_buttons()
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
        self._update_export_buttons()

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
            self.ctx.worker.default_failure(error)

        reports_ops.trace_records(figure, indicators).success(
            lambda records: self._traced(figure, records)
        ).failure(failed).run(self.ctx.worker)

    def _traced(self, figure: Figure, records: list[TracedRecord]) -> None:
        if self.trace_panel.figure == figure:
            self.trace_panel.show_records(figure, records)

    # --- exports -----------------------------------------------------------------------------------------

    def _update_export_buttons(self, busy: bool = False) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(not busy and self.indicators is not None)

    def _default_path(self, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
            Path.home()
        )
        report = self.indicators.filter if self.indicators else ReportFilter()
        place = (
            place_name(report.province_code, "en").replace(" ", "-").lower()
            if report.province_code
            else "all"
        )
        return str(Path(folder) / f"dialogue-report-{place}-{self._today.isoformat()}{suffix}")

    def export(self, key: str) -> None:
        """Ask where to save, then write the report on the worker with a busy indicator."""
        indicators = self.indicators
        if indicators is None:
            return
        _key, _button, file_filter, suffix = next(e for e in EXPORTS if e[0] == key)
        path_text, _chosen = QFileDialog.getSaveFileName(self, _("Save the report"), self._default_path(suffix),
                                                         _(file_filter))  # fmt: skip
        if not path_text:
            return
        path = Path(path_text)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._update_export_buttons(busy=True)
        self.busy.show()
        self.busy_label.setText(_("Writing the report…"))

        def done(written: Path) -> None:
            self._export_finished(_("Saved: {path}").format(path=str(written)))
            self.exported.emit(str(written))

        def failed(error: BaseException) -> None:
            self._export_finished("")
            self.ctx.worker.default_failure(error)

        reports_ops.export(key, indicators, path, current_language(), self.personal.isChecked()).success(
            done
        ).failure(failed).run(self.ctx.worker)

    def _export_finished(self, text: str) -> None:
        self.busy.hide()
        self.busy_label.setText(text)
        self._update_export_buttons()
