"""The Reports page's "Exports made" tab: the latest exports from this database (when, what, who, outcome)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.reports.export_log import RECENT
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.report_exports import ExportLogModel
from dialogue_desktop.gui.operations import reports as reports_ops
from dialogue_desktop.gui.refresh import Freshness
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.table import make_table, stretch


class ExportList(QWidget):
    """The export log, newest first; read again after an export (once shown)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.note = QLabel()
        self.note.setObjectName("quiet")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = ExportLogModel(self)
        self.table = make_table(self)
        self.table.setModel(self.model)
        layout.addWidget(self.table, 1)
        self.freshness = Freshness(self.isVisible, lambda: frozenset({Topic.EXPORTS}),
                                   lambda _changed: self.reload(), stale=True)  # fmt: skip
        ctx.worker.changed.connect(self._on_changed)  # a method: disconnected with the widget
        self.retranslate_ui()

    def _on_changed(self, topics: frozenset[Topic]) -> None:
        self.freshness.notice(topics)

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self._show_note()

    def _show_note(self) -> None:
        if not self.model.entries:
            self.note.setText(_("No export has been made from this database yet."))
        else:
            self.note.setText(
                _(
                    "The latest {n} exports from this database, newest first (all of them: “list exports”)."
                ).format(n=format_number(RECENT))
            )

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # type: ignore[arg-type]
        self.freshness.shown()

    def reload(self) -> None:
        """Read the latest exports again."""
        self.freshness.fresh()
        reports_ops.export_state().success(self._read).run(self.ctx.worker)

    def _read(self, state: reports_ops.ExportState) -> None:
        self.model.set_entries(list(state.recent))
        stretch(self.table, 2)
        self._show_note()
