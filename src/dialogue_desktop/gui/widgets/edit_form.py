"""A form of one record's fields: labelled, each problem shown beside its field, `edited` on leaving one.

The same form serves to add a record (its Add button reads `values()`) and to correct the selected one
(`load()` fills it, `edited` says a field was left changed: the page saves the whole record again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.gui.widgets.dates import DateEdit
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, show_validation


class OptionalDate(QWidget):
    """A date that may be left out: a check box, then the date (disabled while unchecked)."""

    changed = Signal()

    def __init__(self, default: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.date = DateEdit(default)
        self.date.setEnabled(False)
        self.check.toggled.connect(self.date.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.date.editingFinished.connect(self.changed.emit)
        layout.addWidget(self.check)
        layout.addWidget(self.date, 1)
        self.setFocusProxy(self.check)

    def value(self) -> date | None:
        """The date, or None while unchecked."""
        return self.date.date().toPython() if self.check.isChecked() else None  # type: ignore[return-value]

    def set_value(self, value: date | None) -> None:
        """Show this date (checked), or none (unchecked, the date kept as the next default)."""
        if value is not None:
            self.date.setDate(QDate(value.year, value.month, value.day))
        self.check.setChecked(value is not None)


class CheckList(QListWidget):
    """Choices to tick (e.g. supporting organisations); Space ticks the current one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumHeight(self.fontMetrics().height() * 4)
        self.itemChanged.connect(lambda _item: None if self.signalsBlocked() else self.changed.emit())

    def set_choices(self, choices: Iterable[tuple[str, str]]) -> None:
        """Offer these (id, text) choices; what was ticked stays ticked."""
        ticked = set(self.value())
        self.blockSignals(True)
        self.clear()
        for choice_id, text in choices:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, choice_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice_id in ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def value(self) -> tuple[str, ...]:
        """The ids ticked, in the list's order."""
        return tuple(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_value(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)


def value_of(widget: QWidget) -> Any:
    """What a field holds, as the core's input dataclasses take it."""
    if isinstance(widget, (EnumCombo, OptionalDate, CheckList)):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(f"no value for {type(widget).__name__}")


def set_value_of(widget: QWidget, value: Any) -> None:
    """Show a saved value in a field."""
    if isinstance(widget, EnumCombo):
        widget.set_value(value.value if isinstance(value, Enum) else value)
    elif isinstance(widget, (OptionalDate, CheckList)):
        widget.set_value(value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(widget.findData(value), 0))
    elif isinstance(widget, QLineEdit):
        widget.setText(value or "")
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    else:
        raise TypeError(f"cannot show a value in {type(widget).__name__}")


class EditForm(QWidget):
    """Labelled fields on a grid (label above field, its problem under it)."""

    #: A field was left (or picked) with a value other than the one loaded; carries its key.
    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setVerticalSpacing(2)
        outer.addLayout(self.grid)
        self.general_error = ErrorLabel()
        outer.addWidget(self.general_error)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._labels: dict[str, tuple[QLabel, str]] = {}
        self._loaded: dict[str, Any] = {}
        self._loading = False

    def add_field(self, key: str, label: str, widget: QWidget, row: int, column: int, span: int = 1) -> None:
        """Place a field (its key is the input dataclass's field name); `label` is marked with N_()."""
        caption = QLabel()
        caption.setBuddy(widget)
        error = ErrorLabel()
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(caption)
        box.addWidget(widget)
        box.addWidget(error)
        box.addStretch(1)
        self.grid.addLayout(box, row, column, 1, span)
        self.fields[key] = widget
        self.errors[key] = error
        self._labels[key] = (caption, label)
        self._watch(key, widget)

    def _watch(self, key: str, widget: QWidget) -> None:
        def left() -> None:
            if not self._loading and key in self._loaded and value_of(widget) != self._loaded[key]:
                self.edited.emit(key)

        if isinstance(widget, (OptionalDate, CheckList)):
            widget.changed.connect(left)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i: left())
        elif isinstance(widget, (QLineEdit, QSpinBox)):
            widget.editingFinished.connect(left)

    def retranslate_ui(self) -> None:
        for caption, label in self._labels.values():
            caption.setText(_(label))
        for widget in self.fields.values():
            if isinstance(widget, EnumCombo):
                widget.retranslate_ui()

    def values(self) -> dict[str, Any]:
        """Every field's value, by key."""
        return {key: value_of(widget) for key, widget in self.fields.items()}

    def load(self, values: Mapping[str, Any], *, keep_focused: bool = True) -> None:
        """Show a record's saved values (the field being typed in is left alone when `keep_focused`)."""
        focus = QApplication.focusWidget() if keep_focused else None
        if focus is not None and not self.isAncestorOf(focus):
            focus = None
        self._loading = True
        try:
            for key, widget in self.fields.items():
                if key not in values:
                    continue
                if focus is not None and (widget is focus or widget.isAncestorOf(focus)):
                    # Being typed in: compared on leaving it with what was loaded before.
                    self._loaded.setdefault(key, value_of(widget))
                    continue
                set_value_of(widget, values[key])
                self._loaded[key] = value_of(widget)
        finally:
            self._loading = False
        self.clear_problems()

    def clear(self) -> None:
        """Empty the text fields (for the next record to add); choices stay as they are."""
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                widget.clear()

    def show_problems(self, error: ValidationError) -> None:
        """Each problem beside its field, the rest under the form."""
        show_validation(error, self.errors, self.general_error)

    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.show_text("")
        self.general_error.show_text("")

    def set_editable(self, editable: bool, *, except_keys: Iterable[str] = ()) -> None:
        """Enable or disable the fields (e.g. approved minutes), some kept enabled."""
        kept = set(except_keys)
        for key, widget in self.fields.items():
            widget.setEnabled(editable or key in kept)
