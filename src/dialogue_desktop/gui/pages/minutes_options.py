"""The Minutes tab's left column: how to print (language, header, annex), whether the minutes are approved,
their fingerprint and code, the sign-in sheet, the attachments, and the Save/Print buttons.

The options scroll (Khmer labels are tall) and the Save/Print buttons stay under them, always in sight, so
the column fits a 1366×768 laptop screen in both languages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.printing.minutes import MinutesOptions
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations.minutes import MinutesPdf
from dialogue_desktop.gui.widgets.attachments import AttachmentsBox
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.widgets.fit import vertical_scroll

#: Language choices: (key, document mode, Khmer and English side by side).
LANGUAGES: tuple[tuple[str, str, bool], ...] = (
    ("km", "km", False),
    ("en", "en", False),
    ("both", "both", False),
    ("side", "both", True),
)
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def monospace(size_factor: float = 1.0) -> QFont:
    """The system's fixed-width font (fingerprints are read character by character)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    base = QApplication.font().pointSizeF()
    if base > 0:
        font.setPointSizeF(base * size_factor)
    return font


def shortcut_text(key: QKeySequence.StandardKey) -> str:
    """A standard shortcut as the platform writes it."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class MinutesOptionsColumn(QWidget):
    """The options and buttons of the Minutes tab; the tab connects the buttons and reads `options()`."""

    #: An option that changes the minutes printed was changed (a new preview is due).
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = QWidget()
        column = QVBoxLayout(self.side)
        column.addWidget(self._build_languages())
        self.header_check = QCheckBox()
        self.annex_check = QCheckBox()
        for check in (self.header_check, self.annex_check):
            check.toggled.connect(lambda _on: self.changed.emit())
            column.addWidget(check)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)
        column.addWidget(self._build_fingerprint())
        column.addWidget(self._build_signin())
        self.attachments = AttachmentsBox(ctx)
        column.addWidget(self.attachments)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("quiet")
        self.saved_label.setWordWrap(True)
        column.addWidget(self.saved_label)
        column.addStretch(1)
        self.side_scroll = vertical_scroll(self.side)  # Khmer labels are tall: the options scroll
        self.save_button = QPushButton()
        self.print_button = QPushButton()
        buttons = QHBoxLayout()
        for main_button in (self.save_button, self.print_button):
            main_button.setStyleSheet("font-weight: bold; padding: 8px 14px;")
            buttons.addWidget(main_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.side_scroll, 1)
        #: Why a file could not be written (a user error; a bug goes to the error dialog), over the buttons.
        self.problem = ErrorLabel()
        layout.addWidget(self.problem)
        layout.addLayout(buttons)  # under the scrolled options: in sight whatever the screen's height

    def _build_languages(self) -> QGroupBox:
        self.language_box = QGroupBox()
        languages = QVBoxLayout(self.language_box)
        self.language_group = QButtonGroup(self)
        self.language_buttons: dict[str, QRadioButton] = {}
        for index, (key, _mode, _side) in enumerate(LANGUAGES):
            button = QRadioButton()
            button.setProperty("language", key)
            self.language_group.addButton(button, index)
            self.language_buttons[key] = button
            languages.addWidget(button)
        self.language_buttons["both"].setChecked(True)
        self.language_group.idToggled.connect(self._language_toggled)
        return self.language_box

    def _build_fingerprint(self) -> QGroupBox:
        self.fingerprint_box = QGroupBox()
        prints = QVBoxLayout(self.fingerprint_box)
        self.fingerprint_caption = QLabel()
        self.fingerprint_caption.setWordWrap(True)
        self.fingerprint_label = QLabel("—")
        self.fingerprint_label.setFont(monospace(1.6))
        self.fingerprint_label.setTextInteractionFlags(
            self.fingerprint_label.textInteractionFlags() | SELECTABLE
        )
        self.code_caption = QLabel()
        self.code_caption.setWordWrap(True)
        self.code_field = QLineEdit()
        self.code_field.setReadOnly(True)
        self.code_field.setFont(monospace(0.9))
        self.copy_button = QPushButton()
        self.fingerprint_caption.setBuddy(self.fingerprint_label)
        self.code_caption.setBuddy(self.code_field)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_field, 1)
        code_row.addWidget(self.copy_button)
        prints.addWidget(self.fingerprint_caption)
        prints.addWidget(self.fingerprint_label)
        prints.addWidget(self.code_caption)
        prints.addLayout(code_row)
        return self.fingerprint_box

    def _build_signin(self) -> QGroupBox:
        self.signin_box = QGroupBox()
        signin = QVBoxLayout(self.signin_box)
        self.blank_check = QCheckBox()
        self.signin_save = QPushButton()
        self.signin_print = QPushButton()
        signin.addWidget(self.blank_check)
        signin_buttons = QHBoxLayout()
        signin_buttons.addWidget(self.signin_save)
        signin_buttons.addWidget(self.signin_print)
        signin.addLayout(signin_buttons)
        return self.signin_box

    def _language_toggled(self, _id: int, checked: bool) -> None:
        if checked:  # the button turned off says nothing new
            self.changed.emit()

    def options(self) -> MinutesOptions:
        """The options chosen."""
        key = LANGUAGES[max(self.language_group.checkedId(), 0)]
        return MinutesOptions(
            mode=key[1],  # type: ignore[arg-type]
            annex=self.annex_check.isChecked(),
            side_by_side=key[2],
            official_header=self.header_check.isChecked(),
        )

    def retranslate_ui(self) -> None:
        """Labels again in the current language (the column's width follows the longest)."""
        self.language_box.setTitle(_("Language of the minutes"))
        self.language_buttons["km"].setText("ភាសាខ្មែរ")  # each language named in itself
        self.language_buttons["en"].setText("English")
        self.language_buttons["both"].setText(_("Khmer and English, one after the other"))
        self.language_buttons["side"].setText(_("Khmer and English, side by side"))
        self.header_check.setText(_("&Official header (Kingdom of Cambodia)"))
        self.annex_check.setText(_("&Annex: list of participants"))
        self.fingerprint_box.setTitle(_("Fingerprint of these minutes"))
        self.fingerprint_caption.setText(_("Fingerprint (printed at the foot of every page):"))
        self.code_caption.setText(_("Code under the QR code (to check a printed copy):"))
        self.copy_button.setText(_("Copy the code"))
        self.save_button.setText(_("&Save as PDF…"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setToolTip(shortcut_text(QKeySequence.StandardKey.Save))
        self.print_button.setToolTip(shortcut_text(QKeySequence.StandardKey.Print))
        self.signin_box.setTitle(_("Sign-in sheet"))
        self.attachments.retranslate_ui()
        self.blank_check.setText(_("&Blank (no names printed)"))
        self.signin_save.setText(_("Save as PDF…"))
        self.signin_print.setText(_("Print…"))
        self.signin_save.setToolTip(_("Save the sign-in sheet as PDF"))
        self.signin_print.setToolTip(_("Print the sign-in sheet"))
        self._fit_width()

    def _fit_width(self) -> None:
        """As wide as the longest label (Khmer or English), never cut on the right."""
        self.side.adjustSize()
        bar = self.side_scroll.verticalScrollBar().sizeHint().width()
        self.side_scroll.setMinimumWidth(self.side.minimumSizeHint().width() + bar + 4)

    def show_minutes(self, made: MinutesPdf | None) -> None:
        """Whether these minutes are approved, their fingerprint and code (nothing while none are made)."""
        if made is None:
            self.status_label.setText("")
            self.fingerprint_label.setText("—")
            self.code_field.setText("")
            return
        if made.locked:
            self.status_label.setText(_("Approved minutes: locked"))
            self.status_label.setStyleSheet("color: #1b6e2a; font-weight: bold;")
        else:
            self.status_label.setText(
                _(
                    "Draft: the minutes follow every change to the record until they are approved (status menu above)."
                )
            )
            self.status_label.setStyleSheet("color: #555555;")
        self.fingerprint_label.setText(made.fingerprint)
        self.code_field.setText(made.code)
        self.code_field.setCursorPosition(0)
