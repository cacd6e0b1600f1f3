"""The enrolment verification code on the Sync page: shown large after enrolling, typed when joining.

The code travels separately from the enrolment file (read out by phone, handed on paper), so the office
shows it where it can be read aloud and copied, and the laptop's join form asks for it first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _, localise_digits


class CodeCard(QFrame):
    """The verification code of the enrolment file just written, with what to do with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setObjectName("subheading")
        self.code = QLabel()
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.code.setFont(font)
        self.tip = QLabel()
        self.tip.setWordWrap(True)
        for widget in (self.caption, self.code, self.tip):
            layout.addWidget(widget)
        self._code = ""
        self.retranslate_ui()
        self.hide()

    def show_code(self, code: str) -> None:
        """Show `code` (as the office reads it out: in Khmer digits in Khmer)."""
        self._code = code
        self.code.setText(localise_digits(code))
        self.setVisible(bool(code))

    def retranslate_ui(self) -> None:
        self.caption.setText(_("Verification code"))
        self.tip.setText(
            _(
                "Give this code to the laptop separately from the file: read it out by phone or hand it over on "
                "paper, never with the file. The laptop needs both to join."
            )
        )
        self.code.setText(localise_digits(self._code))


class CodeField(QWidget):
    """The join form's box for the verification code; Enter in it asks to join."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.edit = QLineEdit()
        self.edit.setMaxLength(40)
        self.edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 24)
        self.edit.returnPressed.connect(self.submitted)
        self.label.setBuddy(self.edit)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        self.retranslate_ui()

    def text(self) -> str:
        return self.edit.text().strip()

    def clear(self) -> None:
        self.edit.clear()

    def retranslate_ui(self) -> None:
        self.label.setText(_("&Verification code:"))
        self.edit.setPlaceholderText(_("e.g. 1234-5678-9012-3456"))
