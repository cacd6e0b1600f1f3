"""The first-run screen: language, facilitator's name, this laptop's name and province."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import LANGUAGES, _, current_language, on_language_changed, set_language
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.places import provinces
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.identity import IdentityInput
from dialogue_desktop.gui.operations import settings as settings_ops
from dialogue_desktop.gui.pages.base import heading
from dialogue_desktop.gui.qt_i18n import install_qt_translator
from dialogue_desktop.gui.widgets.fields import ErrorLabel, show_validation


class FirstRunDialog(QDialog):
    """Shown when no facilitator is set; Enter saves."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.heading = heading()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language.currentIndexChanged.connect(self._language_picked)
        self.name = QLineEdit()
        self.name_error = ErrorLabel()
        self.device_name = QLineEdit(ctx.device.name)
        self.device_error = ErrorLabel()
        self.province = QComboBox()
        self.province_error = ErrorLabel()
        self.labels = [QLabel() for _ in range(4)]
        form.addRow(self.labels[0], self.language)
        form.addRow(self.labels[1], self.name)
        form.addRow("", self.name_error)
        form.addRow(self.labels[2], self.device_name)
        form.addRow("", self.device_error)
        form.addRow(self.labels[3], self.province)
        form.addRow("", self.province_error)
        layout.addLayout(form)
        self.general_error = ErrorLabel()
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        layout.addWidget(self.buttons)
        self._unsubscribe: Callable[[], None] = on_language_changed(lambda _code: self.retranslate_ui())
        self.finished.connect(lambda _result: self._unsubscribe())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Welcome to Dialogue Desktop"))
        self.heading.setText(_("Welcome to Dialogue Desktop"))
        self.intro.setText(_("Tell us who works on this laptop. You can change this later in Settings."))
        for label, text in zip(
            self.labels,
            (_("Language"), _("Your name"), _("Name of this laptop"), _("Province")),
            strict=True,
        ):
            label.setText(text)
        current = self.province.currentData()
        self.province.clear()
        self.province.addItem(_("Province…"), None)
        for place in provinces():
            self.province.addItem(place.name(), place.code)
        self.province.setCurrentIndex(max(self.province.findData(current), 0))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setText(_("Start"))

    def _language_picked(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != current_language():
            set_language(code)
            install_qt_translator()
            self.ctx.settings.update(language=code)

    def save(self) -> None:
        data = IdentityInput(self.name.text(), self.device_name.text(), self.province.currentData())
        errors = {
            "name_km": self.name_error,
            "device_name": self.device_error,
            "province_code": self.province_error,
        }

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                show_validation(error, errors, self.general_error)
            else:
                self.ctx.worker.show_failure(error, self.general_error)  # a bug: the dialog with details

        settings_ops.save_identity(data).success(lambda _id: self.accept()).failure(failed).run(
            self.ctx.worker
        )
