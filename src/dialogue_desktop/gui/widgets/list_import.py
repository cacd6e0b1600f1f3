"""Importing an invitation or attendance list into a dialogue, from its Attendance tab.

Choose or drop a CSV or XLSX file: it is read and every row checked on the database worker (with progress;
Stop or Cancel ends it and nothing is left behind: `list_reading`), then a preview shows each row with what
the import would do (new person, found in the registry, already registered, or what to correct, by sheet
and line: `list_preview`). Columns are recognised from their Khmer or English names; any column can be
chosen by hand for sheets with other headers (KoboToolbox, Google Forms, Excel exports: `list_columns`).
Nothing is written until "Import" is pressed, and then all rows or none. The reading, checking and writing
are the core's (`core.services.importing`), the same as the `import-participants` command, run through
`gui.operations.list_import`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.services.importing import (
    ImportCancelled,
    ImportPreview,
    ImportResult,
    RowStatus,
    Table,
)
from dialogue_desktop.core.services.list_files import SUFFIXES
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import user_message
from dialogue_desktop.gui.operations import list_import as operations
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.widgets.list_columns import ColumnMapping
from dialogue_desktop.gui.widgets.list_preview import PreviewView, summary_text
from dialogue_desktop.gui.widgets.list_reading import Build, ReadingBar


def ask_open_file(parent: QWidget | None) -> str:
    """The list file the facilitator picks ("" when cancelled)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a participant list"), "", _("Participant lists (*.csv *.xlsx *.xlsm *.txt)")
    )
    return path


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
        self.busy = ReadingBar(ctx.worker)
        self.busy.stopped.connect(self._show_preview)
        layout.addWidget(self.busy)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.columns_label = QLabel()
        self.columns_label.setObjectName("subheading")
        layout.addWidget(self.columns_label)
        self.mapping = ColumnMapping()
        self.mapping.chosen.connect(self._columns_chosen)
        layout.addWidget(self.mapping)
        self.view = PreviewView()
        layout.addWidget(self.view, 1)
        # The names the tests know the parts by.
        self.rows, self.problems = self.view.rows, self.view.problems

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

    @property
    def combos(self) -> list[QComboBox]:
        """The column choices, one per column of the list's first sheet."""
        return self.mapping.combos

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
        self.busy.retranslate_ui()
        self.mapping.retranslate_ui()
        self.columns_label.setText(_("What each column holds"))
        self.cancel_button.setText(_("Cancel"))
        if self.table is None:
            self.file_name.setText(_("No file chosen"))
        self._show_preview()

    # --- choosing a file -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a file and read it."""
        path = ask_open_file(self)
        if path:
            self.open_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().casefold().endswith(SUFFIXES):
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
        self._start(
            lambda progress, cancelled: operations.read_and_preview(
                self.dialogue_id, str(path), progress, cancelled
            ),
            self._read,
        )

    def _read(self, result: tuple[Table, ImportPreview]) -> None:
        self.table, preview = result
        self._set_preview(preview, rebuild_columns=True)

    def stop_reading(self) -> None:
        """Cancel the read or check under way (nothing was written by it)."""
        self.busy.stop()

    def _start(self, build: Build, then: Callable[[Any], None]) -> None:
        self.error.show_text("")
        self.import_button.setEnabled(False)
        self.busy.start(build, then, self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ImportCancelled):
            self.error.show_text(user_message(error))
        self._show_preview()

    # --- columns -------------------------------------------------------------------------------------

    def chosen_columns(self) -> dict[str, int]:
        """Column name (``name_km``...) → index in the file, as the combos say."""
        return self.mapping.columns()

    def choose_column(self, index: int, column: str) -> None:
        """Say that the file's column `index` holds `column` (``""``: not used), then check again."""
        self.mapping.choose(index, column)

    def _columns_chosen(self) -> None:
        table, columns = self.table, self.chosen_columns()
        if table is not None:
            self._start(
                lambda progress, cancelled: operations.preview(
                    self.dialogue_id, table, columns, progress, cancelled
                ),
                lambda preview: self._set_preview(preview, rebuild_columns=False),
            )

    # --- the preview ---------------------------------------------------------------------------------

    def _set_preview(self, preview: ImportPreview, rebuild_columns: bool) -> None:
        self.preview = preview
        if rebuild_columns:
            self.mapping.build(preview.headers)
        self.mapping.set_columns(preview.columns)
        self._show_preview()
        self.previewed.emit()

    def _show_preview(self) -> None:
        preview = self.preview
        self.summary.setText(summary_text(preview) if preview is not None else "")
        self.summary.setVisible(preview is not None)
        has_columns = bool(self.mapping.combos)
        self.columns_label.setVisible(has_columns)
        self.mapping.setVisible(has_columns)
        count = preview.count(RowStatus.NEW) + preview.count(RowStatus.IN_REGISTRY) if preview else 0
        self.import_button.setText(
            _("Import {count} people").format(count=format_number(count))
            if preview and preview.can_import
            else _("Import")
        )
        self.import_button.setEnabled(preview is not None and preview.can_import and not self.busy.running)
        self.view.show_preview(preview)

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

        operation = operations.import_list(self.dialogue_id, self.table, self.chosen_columns())
        operation.success(done).failure(failed).run(self.ctx.worker)

    def reject(self) -> None:
        """Cancel: stop any reading under way; nothing was written."""
        self.busy.stop()
        super().reject()


#: Marked for the catalog: the attendance tab's button and its shortcut.
IMPORT_BUTTON = N_("Import a list… (Ctrl+I)")
IMPORT_SHORTCUT = "Ctrl+I"
