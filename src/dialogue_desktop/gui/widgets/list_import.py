"""Importing an invitation or attendance list into a dialogue, from its Attendance tab.

Choose or drop a CSV or XLSX file: it is read and every row checked on the database worker (with progress;
Cancel stops it and nothing is left behind), then a preview shows each row with what the import would do
(new person, found in the registry, already registered, or what to correct, by line). Columns are
recognised from their Khmer or English names; any column can be chosen by hand for sheets with other
headers (KoboToolbox, Google Forms, Excel exports). Nothing is written until "Import" is pressed, and then
all rows or none. The reading, checking and writing are the core's (`core.services.importing`), the same
as the `import-participants` command.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.services.importing import (
    COLUMN_LABELS,
    ImportCancelled,
    ImportPreview,
    ImportResult,
    RowStatus,
    Table,
    apply_import,
    preview_import,
    read_table,
)
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import user_message
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.widgets.table import make_table
from dialogue_desktop.gui.worker import op

#: Rows drawn in the preview table (all rows are checked; problems are all listed below it).
SHOWN_ROWS = 1000
_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_STATUS_COLOURS = {
    RowStatus.BAD: "#fde2e1",
    RowStatus.IN_REGISTRY: "#e3f0fb",
    RowStatus.REGISTERED: "#eeeeee",
    RowStatus.REPEATED: "#eeeeee",
}
_NOT_USED = ""


def ask_open_file(parent: QWidget | None) -> str:
    """The list file the facilitator picks ("" when cancelled)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a participant list"), "", _("Participant lists (*.csv *.xlsx *.xlsm *.txt)")
    )
    return path


def read_and_preview(
    session: Any, dialogue_id: str, path: str, progress: Any, cancelled: Any
) -> tuple[Table, ImportPreview]:
    """Read a file and check it against the registry (worker thread); nothing is written."""
    table = read_table(path, progress, cancelled)
    return table, preview_import(session, dialogue_id, table, None, progress, cancelled)


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    moved = Signal(int, int)


class ListImportDialog(QDialog):
    """Choose or drop a list, check the preview, map columns, then import (see the module docstring)."""

    #: Emitted on the GUI thread once a preview is shown (tests wait on it).
    previewed = Signal()
    #: Emitted after the list was imported, with the summary shown.
    imported = Signal(str)

    def __init__(self, ctx: AppContext, dialogue_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listImport")
        self.ctx = ctx
        self.dialogue_id = dialogue_id
        self.table: Table | None = None
        self.preview: ImportPreview | None = None
        self.outcome: ImportResult | None = None
        self._token: threading.Event | None = None  # set = the running read was cancelled
        self._progress = _Progress(self)
        self._progress.moved.connect(self._show_progress)
        self.setAcceptDrops(True)
        self.setSizeGripEnabled(True)

        layout = QVBoxLayout(self)
        file_row = QHBoxLayout()
        self.file_label = QLabel()
        self.file_label.setObjectName("subheading")
        self.file_name = QLabel()
        self.file_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.file_label)
        file_row.addWidget(self.file_name, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)
        self.hint = QLabel()
        self.hint.setObjectName("quiet")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        busy = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_reading)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.stop_button)
        self.busy = QWidget()
        self.busy.setLayout(busy)
        busy.setContentsMargins(0, 0, 0, 0)
        self.busy.hide()
        layout.addWidget(self.busy)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = ErrorLabel()
        layout.addWidget(self.error)

        self.columns_label = QLabel()
        self.columns_label.setObjectName("subheading")
        layout.addWidget(self.columns_label)
        self.mapping_box = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_grid.setContentsMargins(0, 0, 0, 0)
        self.mapping_grid.setRowStretch(2, 1)  # spare height below the combos, never squeezing them
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setWidget(self.mapping_box)
        self.mapping_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mapping_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.mapping_area)
        self.combos: list[QComboBox] = []
        self.header_labels: list[QLabel] = []

        split = QSplitter(Qt.Orientation.Vertical)
        self.rows = QTableWidget()
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.verticalHeader().setVisible(False)
        self.rows.setWordWrap(False)
        template = make_table()  # the app's row height for tables
        self.rows.verticalHeader().setDefaultSectionSize(template.verticalHeader().defaultSectionSize())
        template.deleteLater()
        split.addWidget(self.rows)
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("subheading")
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        problems_layout.addWidget(self.problems_label)
        problems_layout.addWidget(self.problems, 1)
        split.addWidget(problems_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.import_button = QPushButton()
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.confirm)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)
        self.resize(1100, 640)
        self.retranslate_ui()
        self._show_preview()

    # --- texts ---------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Every text in the current language."""
        self.setWindowTitle(_("Import a participant list"))
        self.file_label.setText(_("File"))
        self.choose_button.setText(_("Choose a file…"))
        self.hint.setText(
            _(
                "A CSV or Excel file, one person per row, the first row naming the columns (in Khmer or English). "
                "You can also drop the file here. Nothing is saved until you press Import."
            )
        )
        self.stop_button.setText(_("Stop"))
        self.columns_label.setText(_("What each column holds"))
        self.problems_label.setText(_("Rows to correct"))
        self.cancel_button.setText(_("Cancel"))
        if self.table is None:
            self.file_name.setText(_("No file chosen"))
        self._show_preview()

    def _status_text(self) -> str:
        preview = self.preview
        if preview is None:
            return ""
        lines = [preview.reading_text()]
        if not preview.has_name_column:
            lines.append(
                _("No column holds the names: choose below which column holds the Khmer or Latin name.")
            )
        else:
            lines.append(
                _(
                    "{rows} rows: {new} new people, {known} found in the registry, {already} already registered, "
                    "{bad} to correct."
                ).format(
                    rows=format_number(len(preview.rows)),
                    new=format_number(preview.count(RowStatus.NEW)),
                    known=format_number(preview.count(RowStatus.IN_REGISTRY)),
                    already=format_number(
                        preview.count(RowStatus.REGISTERED) + preview.count(RowStatus.REPEATED)
                    ),
                    bad=format_number(preview.count(RowStatus.BAD)),
                )
            )
        if preview.problems:
            lines.append(
                _(
                    "Correct the rows listed below in the file and choose it again: nothing will be imported "
                    "until every row is right."
                )
            )
        if preview.new_organisations:
            lines.append(_("New organisations: {names}").format(names=", ".join(preview.new_organisations)))
        if len(preview.rows) > SHOWN_ROWS:
            lines.append(
                _("The table shows the first {count} rows; all rows are checked.").format(
                    count=format_number(SHOWN_ROWS)
                )
            )
        return "\n".join(lines)

    # --- choosing a file -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a file and read it."""
        path = ask_open_file(self)
        if path:
            self.open_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().casefold().endswith(_SUFFIXES):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_file(urls[0].toLocalFile())

    def open_file(self, path: str | Path) -> None:
        """Read `path` and check every row on the worker; the preview follows."""
        self.table = None
        self.preview = None
        self.file_name.setText(str(path))
        self._run(read_and_preview, (self.dialogue_id, str(path)), self._read)

    def _read(self, result: tuple[Table, ImportPreview]) -> None:
        self.table, preview = result
        self._set_preview(preview, rebuild_columns=True)

    # --- work on the worker thread ---------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...], then: Callable[[Any], None]) -> None:
        """Run `fn(session, *args, progress, cancelled)` on the worker, then `then(result)`; a newer run
        replaces it (its result is dropped)."""
        self.stop_reading()
        token = threading.Event()
        self._token = token
        self.error.show_text("")
        self.progress.setRange(0, 0)
        self.progress.setFormat(_("Reading…"))
        self.busy.show()
        self.import_button.setEnabled(False)

        def progress(done: int, total: int) -> None:  # worker thread: only a queued signal
            if not token.is_set():
                self._progress.moved.emit(done, total)

        def done(result: Any) -> None:
            if self._token is token:
                self._token = None
                self.busy.hide()
                then(result)

        def failed(error: BaseException) -> None:
            if self._token is not token:
                return  # replaced or cancelled: nothing to say
            self._token = None
            self.busy.hide()
            if not isinstance(error, ImportCancelled):
                self.error.show_text(user_message(error))
            self._show_preview()

        op(fn, *args, progress, token.is_set).success(done).failure(failed).run(self.ctx.worker)

    def _show_progress(self, done: int, total: int) -> None:
        if self._token is None:
            return
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(
                _("Checking row {done} of {total}…").format(
                    done=format_number(done), total=format_number(total)
                )
            )
        else:
            self.progress.setRange(0, 0)
            self.progress.setFormat(_("Reading row {done}…").format(done=format_number(done)))

    def stop_reading(self) -> None:
        """Cancel the read or check under way (nothing was written by it)."""
        if self._token is not None:
            self._token.set()
            self._token = None
            self.busy.hide()
            self._show_preview()

    # --- columns -------------------------------------------------------------------------------------

    def _build_columns(self, headers: tuple[str, ...]) -> None:
        for widget in self.combos + self.header_labels:
            self.mapping_grid.removeWidget(widget)
            widget.deleteLater()
        self.combos, self.header_labels = [], []
        for index, header in enumerate(headers):
            label = QLabel(header or _("Column {n}").format(n=format_number(index + 1)))
            label.setObjectName("quiet")
            combo = QComboBox()
            combo.addItem(_("(not used)"), _NOT_USED)
            for column, text in COLUMN_LABELS.items():
                combo.addItem(_(text), column)
            combo.activated.connect(lambda _i, index=index: self._column_chosen(index))
            self.mapping_grid.addWidget(label, 0, index)
            self.mapping_grid.addWidget(combo, 1, index)
            self.header_labels.append(label)
            self.combos.append(combo)
        # Tall enough for a label and a combo as the style sheet draws them (Khmer lines are taller), and the
        # scroll bar: sizes are only right once the widgets are polished.
        for widget in self.combos + self.header_labels:
            widget.ensurePolished()
        self.mapping_grid.invalidate()
        self.mapping_grid.activate()
        scroll = self.mapping_area.horizontalScrollBar().sizeHint().height()
        self.mapping_area.setFixedHeight(self.mapping_box.sizeHint().height() + scroll + 8)

    def _set_combos(self, columns: dict[str, int]) -> None:
        by_index = {index: column for column, index in columns.items()}
        for index, combo in enumerate(self.combos):
            combo.setCurrentIndex(max(combo.findData(by_index.get(index, _NOT_USED)), 0))

    def chosen_columns(self) -> dict[str, int]:
        """Column name (``name_km``...) → index in the file, as the combos say."""
        return {combo.currentData(): index for index, combo in enumerate(self.combos) if combo.currentData()}

    def choose_column(self, index: int, column: str) -> None:
        """Say that the file's column `index` holds `column` (``""``: not used), then check again."""
        combo = self.combos[index]
        combo.setCurrentIndex(max(combo.findData(column), 0))
        self._column_chosen(index)

    def _column_chosen(self, index: int) -> None:
        chosen = self.combos[index].currentData()
        for other, combo in enumerate(self.combos):
            if other != index and chosen and combo.currentData() == chosen:
                combo.setCurrentIndex(0)  # one file column per kind of content
        if self.table is not None:
            self._run(
                preview_import,
                (self.dialogue_id, self.table, self.chosen_columns()),
                lambda preview: self._set_preview(preview, rebuild_columns=False),
            )

    # --- the preview ---------------------------------------------------------------------------------

    def _set_preview(self, preview: ImportPreview, rebuild_columns: bool) -> None:
        self.preview = preview
        if rebuild_columns:
            self._build_columns(preview.headers)
        self._set_combos(preview.columns)
        self._show_preview()
        self.previewed.emit()

    def _show_preview(self) -> None:
        preview = self.preview
        self.summary.setText(self._status_text())
        self.summary.setVisible(preview is not None)
        has_columns = bool(self.combos)
        self.columns_label.setVisible(has_columns)
        self.mapping_area.setVisible(has_columns)
        count = preview.count(RowStatus.NEW) + preview.count(RowStatus.IN_REGISTRY) if preview else 0
        self.import_button.setText(
            _("Import {count} people").format(count=format_number(count))
            if preview and preview.can_import
            else _("Import")
        )
        self.import_button.setEnabled(preview is not None and preview.can_import and self._token is None)
        self.rows.clear()
        self.problems.clear()
        if preview is None:
            self.rows.setRowCount(0)
            self.rows.setColumnCount(0)
            self.problems_label.hide()
            self.problems.hide()
            return
        by_index = {index: column for column, index in preview.columns.items()}
        headers = [_("Line"), _("What happens")] + [
            f"{h} → {_(COLUMN_LABELS[by_index[i]])}" if i in by_index else h
            for i, h in enumerate(preview.headers)
        ]
        self.rows.setColumnCount(len(headers))
        self.rows.setHorizontalHeaderLabels(headers)
        shown = preview.rows[:SHOWN_ROWS]
        self.rows.setRowCount(len(shown))
        for r, row in enumerate(shown):
            items = [row.line.label(), row.status_text(), *row.cells[: len(preview.headers)]]
            colour = _STATUS_COLOURS.get(row.status)
            for c, text in enumerate(items):
                item = QTableWidgetItem(text)
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                    item.setForeground(QBrush(QColor("#202020")))
                self.rows.setItem(r, c, item)
        self.rows.resizeColumnsToContents()
        for line, problem in preview.problems:
            self.problems.addItem(line.problem(problem.text()))
        self.problems_label.setVisible(bool(preview.problems))
        self.problems.setVisible(bool(preview.problems))

    # --- importing -----------------------------------------------------------------------------------

    def confirm(self) -> None:
        """Import the previewed list: every row checked again and written, all or nothing."""
        if self.table is None or self.preview is None or not self.preview.can_import:
            return
        self.import_button.setEnabled(False)

        def done(result: ImportResult) -> None:
            self.outcome = result
            self.imported.emit(result.summary())
            self.accept()

        def failed(error: BaseException) -> None:
            self.error.show_text(user_message(error))
            self.import_button.setEnabled(True)

        changes = {Topic.ATTENDANCE, Topic.PARTICIPANTS, Topic.ORGANISATIONS}
        op(apply_import, self.dialogue_id, self.table, self.chosen_columns(), changes=changes).success(
            done
        ).failure(failed).run(self.ctx.worker)

    def reject(self) -> None:
        """Cancel: stop any reading under way; nothing was written."""
        self.stop_reading()
        super().reject()


#: Marked for the catalog: the attendance tab's button and its shortcut.
IMPORT_BUTTON = N_("Import a list… (Ctrl+I)")
IMPORT_SHORTCUT = "Ctrl+I"
