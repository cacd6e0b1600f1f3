"""Why a person's phone box is empty: contact details are kept only with consent (core/services/consent.py).

`PhoneConsent` ties a form's phone box to its "Agrees to data being kept" tick: without the tick the box is
disabled and empty, and a quiet line beside it says why; in the registry, with it and a phone stored, the line
says before it happens that taking the tick away deletes the phone.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from dialogue_desktop.core.i18n import _


class PhoneConsent(QLabel):
    """The line beside a phone box that follows the consent tick (see the module docstring)."""

    def __init__(self, phone: QLineEdit, consent: QCheckBox, parent: QWidget, *, warns: bool = True) -> None:
        """`warns`: say that taking the tick away deletes a stored phone (not for a person not yet saved)."""
        super().__init__(parent)  # a parent from the start: shown or hidden, it is never a window of its own
        self.warns = warns
        self.setObjectName("quiet")
        self.setWordWrap(True)
        self.phone, self.consent = phone, consent
        self.active = True
        consent.toggled.connect(lambda _on: self.follow())
        phone.textChanged.connect(lambda _text: self.retranslate_ui())
        self.follow()

    def set_active(self, on: bool) -> None:
        """Say nothing while the form shows nobody (an empty registry form)."""
        self.active = on
        self.retranslate_ui()

    def follow(self) -> None:
        """Enable the phone box with consent; without it, empty it (nothing typed there is kept)."""
        agreed = self.consent.isChecked()
        if not agreed:
            self.phone.clear()
        self.phone.setEnabled(agreed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if not self.consent.isChecked():
            text = _("A phone is kept only if the person agrees to their data being kept.")
        elif self.warns and self.phone.text().strip():
            text = _("Taking away the agreement to data being kept deletes this phone number.")
        else:
            text = ""
        self.setText(text)
        self.setToolTip(text)
        self.setVisible(bool(text) and self.active)
