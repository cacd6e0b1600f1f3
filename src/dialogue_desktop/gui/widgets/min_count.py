"""The Settings row for small counts in exports: counts of people below this number are hidden (0: none).

Saved on leaving the field, like every field of the app; a wrong value (not a whole number from 0 to 100)
is explained under it and not saved. Khmer digits are accepted and shown in Khmer mode.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.reports.suppression import MIN_COUNT_LABEL
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import user_message
from dialogue_desktop.gui.operations import reports as reports_ops
from dialogue_desktop.gui.refresh import Freshness
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.fields import ErrorLabel, show_validation


class MinCountField(QWidget):
    """The minimum count of exports: a short field, what it means, and its error line. `label` goes in
    the form's label column."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.value: int | None = None
        self.label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(80)
        self.edit.editingFinished.connect(self._save)
        self.label.setBuddy(self.edit)
        self.note = QLabel()
        self.note.setObjectName("quiet")
        self.note.setWordWrap(True)
        row.addWidget(self.edit)
        row.addWidget(self.note, 1)
        layout.addLayout(row)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.freshness = Freshness(self.isVisible, lambda: frozenset({Topic.SETTINGS}),
                                   lambda _changed: self.reload(), stale=True)  # fmt: skip
        ctx.worker.changed.connect(self._on_changed)  # a method: disconnected with the widget
        self.retranslate_ui()

    def _on_changed(self, topics: frozenset[Topic]) -> None:
        self.freshness.notice(topics)

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # type: ignore[arg-type]
        self.freshness.shown()

    def retranslate_ui(self) -> None:
        self.label.setText(_(MIN_COUNT_LABEL))
        self.note.setText(_("in exports for donors, a smaller count reads “<N” (0: all shown)"))
        self._show_value()

    def _show_value(self) -> None:
        if self.value is not None:
            self.edit.setText(format_number(self.value))

    def reload(self) -> None:
        """Read the minimum count again."""
        self.freshness.fresh()
        reports_ops.min_count().success(self._read).run(self.ctx.worker)

    def _read(self, value: int) -> None:
        self.value = value
        self.error.show_text("")
        self._show_value()

    def _save(self) -> None:
        text = self.edit.text()
        if self.value is not None and text == format_number(self.value):
            return  # unchanged

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                show_validation(error, {"min_count": self.error})
            else:
                self.error.show_text(user_message(error))

        reports_ops.set_min_count(text).success(self._read).failure(failed).run(self.ctx.worker)
