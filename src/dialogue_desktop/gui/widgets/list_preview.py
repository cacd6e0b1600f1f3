"""The import dialog's preview: each row with what the import would do, and the rows to correct.

Rows of every sheet read are shown laid out as the first sheet's columns; when more than one sheet is read,
each row's line names its sheet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.services.importing import COLUMN_LABELS, ImportPreview, RowStatus
from dialogue_desktop.gui.widgets.table import make_table

#: Rows drawn in the preview table (all rows are checked; problems are all listed below it).
SHOWN_ROWS = 1000
_STATUS_COLOURS = {
    RowStatus.BAD: "#fde2e1",
    RowStatus.IN_REGISTRY: "#e3f0fb",
    RowStatus.REGISTERED: "#eeeeee",
    RowStatus.REPEATED: "#eeeeee",
}


def summary_text(preview: ImportPreview) -> str:
    """How the file was read and what importing it would do, in the current language."""
    lines = [preview.reading_text()]
    if not preview.has_name_column:
        lines.append(_("No column holds the names: choose below which column holds the Khmer or Latin name."))
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


class PreviewView(QSplitter):
    """The rows table above, the rows to correct below (hidden when there are none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.rows = QTableWidget()
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.verticalHeader().setVisible(False)
        self.rows.setWordWrap(False)
        template = make_table()  # the app's row height for tables
        self.rows.verticalHeader().setDefaultSectionSize(template.verticalHeader().defaultSectionSize())
        template.deleteLater()
        self.addWidget(self.rows)
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("subheading")
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        problems_layout.addWidget(self.problems_label)
        problems_layout.addWidget(self.problems, 1)
        self.addWidget(problems_box)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)

    def show_preview(self, preview: ImportPreview | None) -> None:
        """Fill the table and the problems from `preview` (empty for None), in the current language."""
        self.problems_label.setText(_("Rows to correct"))
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
