"""Small form helpers: validation messages shown next to their field, place and enum combo boxes."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from dialogue_desktop.core.i18n import _, current_language
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.places import communes, districts, provinces


class ErrorLabel(QLabel):
    """A red line under a field, empty (hidden) while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def show_validation(
    error: ValidationError, labels: Mapping[str, ErrorLabel], fallback: ErrorLabel | None = None
) -> None:
    """Show each field problem next to its field, in the current language; the rest in `fallback`."""
    unplaced: list[str] = []
    for label in labels.values():
        label.show_text("")
    for field, label in labels.items():
        problems = error.for_field(field)
        if problems:
            label.show_text("\n".join(p.text() for p in problems))
    for problem in error.errors:
        if problem.field not in labels:
            unplaced.append(problem.text())
    if fallback is not None:
        fallback.show_text("\n".join(unplaced))


E = TypeVar("E", bound=Enum)


def member_of(enum_cls: type[E], value: object) -> E:
    """The member of `enum_cls` whose value is `value` (KeyError if none)."""
    for member in enum_cls:
        if member.value == value:
            return member
    raise KeyError(value)


class EnumCombo(QComboBox):
    """A combo box of a LabelledEnum's members (labels translated), optionally with an empty choice."""

    def __init__(
        self, enum_cls: type[Enum], *, empty: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.enum_cls = enum_cls
        self.empty = empty
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.empty is not None:
            self.addItem(_(self.empty), None)
        for member in self.enum_cls:
            self.addItem(_(getattr(member, "label", str(member.value))), member.value)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_value(self, value: object) -> None:
        index = self.findData(str(value) if value is not None else None)
        self.setCurrentIndex(max(index, 0))


def _place_label(name_km: str, name_en: str) -> str:
    """Both scripts: the current language's first."""
    return f"{name_km} — {name_en}" if current_language() == "km" else f"{name_en} — {name_km}"


class PlacePicker(QWidget):
    """Province → district → commune, each listing names in both scripts."""

    changed = Signal()

    def __init__(
        self, *, with_district: bool = True, with_commune: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.province = QComboBox()
        self.district = QComboBox()
        self.commune = QComboBox()
        for combo in (self.province, self.district, self.commune):
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        layout.addWidget(self.province, 1)
        layout.addWidget(self.district, 1)
        layout.addWidget(self.commune, 1)
        self.district.setVisible(with_district)
        self.commune.setVisible(with_commune)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.district.currentIndexChanged.connect(self._district_changed)
        self.commune.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        codes = self.codes()
        self._fill(
            self.province, [(p.code, _place_label(p.name_km, p.name_en)) for p in provinces()], _("Province…")
        )
        self.set_codes(*codes)

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]], empty: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, None)
        for code, label in items:
            combo.addItem(label, code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _province_changed(self, _index: int = 0) -> None:
        code = self.province.currentData()
        items = [(d.code, _place_label(d.name_km, d.name_en)) for d in districts(code)] if code else []
        self._fill(self.district, items, _("District…"))
        self._district_changed()

    def _district_changed(self, _index: int = 0) -> None:
        province, district = self.province.currentData(), self.district.currentData()
        items = (
            [(c.code, _place_label(c.name_km, c.name_en)) for c in communes(province, district)]
            if province and district
            else []
        )
        self._fill(self.commune, items, _("Commune…"))
        self.changed.emit()

    def codes(self) -> tuple[str | None, str | None, str | None]:
        return self.province.currentData(), self.district.currentData(), self.commune.currentData()

    def set_codes(
        self, province: str | None, district: str | None = None, commune: str | None = None
    ) -> None:
        """Select the places (signals blocked: this is loading, not editing)."""
        self.blockSignals(True)
        self.province.blockSignals(True)
        self.province.setCurrentIndex(max(self.province.findData(province), 0))
        self.province.blockSignals(False)
        self._province_changed()
        self.district.blockSignals(True)
        self.district.setCurrentIndex(max(self.district.findData(district), 0))
        self.district.blockSignals(False)
        self._district_changed()
        self.commune.blockSignals(True)
        self.commune.setCurrentIndex(max(self.commune.findData(commune), 0))
        self.commune.blockSignals(False)
        self.blockSignals(False)
