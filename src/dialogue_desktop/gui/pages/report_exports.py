"""The Reports page's exports: the workbook, CSV and PDF buttons, names on request, progress and Cancel.

An export is an :class:`~dialogue_desktop.gui.operations.reports.ExportJob`: its data read on the database
worker, its file written on the printing thread, so the door never waits behind an export. While it is
written the bar shows its progress and a Cancel button; a cancelled export leaves no file. The minimum
count set in Settings is said under the buttons, and names cannot be asked for while it hides counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import N_, _, current_language, format_number, format_percent
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators
from dialogue_desktop.core.services.places import place_name
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import reports as reports_ops
from dialogue_desktop.gui.refresh import Freshness
from dialogue_desktop.gui.topics import Topic

#: Exports: (key, button msgid, file-dialog filter msgid, suffix).
EXPORTS: tuple[tuple[str, str, str, str], ...] = (
    ("xlsx", N_("Workbook (XLSX)"), N_("Excel workbook (*.xlsx)"), ".xlsx"),
    ("csv", N_("CSV files (zip)"), N_("Zip of CSV files (*.zip)"), ".zip"),
    ("pdf", N_("PDF report"), N_("PDF document (*.pdf)"), ".pdf"),
)


class ExportBar(QWidget):
    """The export buttons and what an export is doing; `indicators()` gives what to export (None: nothing)."""

    #: Emitted with the written path after an export.
    exported = Signal(str)
    #: Emitted when an export ends without a file (cancelled or failed; tests wait on it).
    stopped = Signal()

    def __init__(self, ctx: AppContext, indicators: Callable[[], Indicators | None], today: date,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx = ctx
        self._indicators = indicators
        self._today = today
        self.job: reports_ops.ExportJob | None = None
        self.min_count = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        self.label = QLabel()
        self.label.setObjectName("subheading")
        row.addWidget(self.label)
        self.buttons: dict[str, QPushButton] = {}
        for key, *_rest in EXPORTS:
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, key=key: self.export(key))
            self.buttons[key] = button
            row.addWidget(button)
        self.personal = QCheckBox()
        row.addWidget(self.personal)
        row.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        layout.addLayout(row)
        lines = QHBoxLayout()
        self.small_counts = QLabel()
        self.small_counts.setObjectName("quiet")
        self.status = QLabel()
        self.status.setObjectName("quiet")
        lines.addWidget(self.small_counts)
        lines.addStretch(1)
        lines.addWidget(self.status)
        lines.addWidget(self.progress)  # on this line: the buttons' row is full in Khmer
        lines.addWidget(self.cancel_button)
        layout.addLayout(lines)
        # The minimum count is a setting: read again after a change, once shown.
        self.freshness = Freshness(self.isVisible, lambda: frozenset({Topic.SETTINGS}),
                                   lambda _changed: self.reload(), stale=True)  # fmt: skip
        ctx.worker.changed.connect(self._on_changed)  # a method: disconnected with the widget
        self.retranslate_ui()

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _on_changed(self, topics: frozenset[Topic]) -> None:
        self.freshness.notice(topics)

    def retranslate_ui(self) -> None:
        self.label.setText(_("Export:"))
        for key, button_text, *_rest in EXPORTS:
            self.buttons[key].setText(_(button_text))
        self.personal.setText(_("Include names and phone numbers (only people who consented)"))
        self.cancel_button.setText(_("Cancel"))
        self._show_min_count()

    def reload(self) -> None:
        """Read the minimum count of exports again."""
        self.freshness.fresh()
        reports_ops.min_count().success(self._min_count_read).run(self.ctx.worker)

    def _min_count_read(self, value: int) -> None:
        self.min_count = value
        self._show_min_count()

    def _show_min_count(self) -> None:
        hiding = self.min_count > 0
        if hiding:
            self.small_counts.setText(
                _("Counts of people below {n} are hidden in exports (Settings).").format(
                    n=format_number(self.min_count)
                )
            )
            self.personal.setChecked(False)
            self.personal.setToolTip(_("Names are never exported while small counts are hidden (Settings)."))
        else:
            self.small_counts.setText(_("Every count is shown in exports (Settings: small counts)."))
            self.personal.setToolTip(_("The PDF report holds figures only, never names."))
        self.update_buttons()

    def update_buttons(self) -> None:
        """Buttons enabled when there is something to export and no export is being written."""
        ready = not self.busy and self._indicators() is not None
        for button in self.buttons.values():
            button.setEnabled(ready)
        self.personal.setEnabled(not self.busy and self.min_count == 0)

    def _default_path(self, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
            Path.home()
        )
        indicators = self._indicators()
        report = indicators.filter if indicators else ReportFilter()
        code = report.province_code
        place = place_name(code, "en").replace(" ", "-").lower() if code else "all"
        return str(Path(folder) / f"dialogue-report-{place}-{self._today.isoformat()}{suffix}")

    def export(self, key: str) -> None:
        """Ask where to save, then gather on the worker and write on the printing thread."""
        indicators = self._indicators()
        if indicators is None or self.busy:
            return
        _key, _button, file_filter, suffix = next(e for e in EXPORTS if e[0] == key)
        path_text, _chosen = QFileDialog.getSaveFileName(self, _("Save the report"), self._default_path(suffix),
                                                         _(file_filter))  # fmt: skip
        if not path_text:
            return
        path = Path(path_text)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        job = reports_ops.export(key, indicators, path, current_language(), self.personal.isChecked())
        self.job = job
        job.progress.changed.connect(self._progressed)
        self._progressed(0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.status.setText(_("Writing the report…"))
        self.update_buttons()

        def written(done: Path) -> None:
            self._finished(job, _("Saved: {path}").format(path=str(done)))
            self.exported.emit(str(done))

        def failed(error: BaseException) -> None:
            self._finished(job, "")
            self.ctx.worker.show_failure(error, self)
            self.stopped.emit()

        job.success(written).failure(failed).run(self.ctx.worker)

    def _progressed(self, percent: int) -> None:
        self.progress.setValue(percent)
        self.progress.setFormat(format_percent(percent / 100))  # the language's digits, not Qt's

    def show_text(self, text: str) -> None:
        """The bar's message line (a user error of an export shows here)."""
        self.status.setText(text)

    def cancel(self) -> None:
        """Stop the export being written: no file is left (unless it was already complete)."""
        job = self.job
        if job is None:
            return
        if job.try_cancel():
            self._finished(job, _("Export cancelled: no file was written."))
            self.stopped.emit()
        else:
            self.cancel_button.setEnabled(False)  # too late: it is being saved

    def _finished(self, job: reports_ops.ExportJob, text: str) -> None:
        if self.job is not job:
            return
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        self.status.setText(text)
        self.update_buttons()
