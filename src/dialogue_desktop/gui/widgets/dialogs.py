"""The few questions the app asks, in one place so that tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question (No is the default); True for yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(_("Yes"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_("No"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """Ask for a short text; None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(_("OK"))
    dialog.setCancelButtonText(_("Cancel"))
    if dialog.exec():
        return dialog.textValue()
    return None


def ask_passphrase(parent: QWidget | None, *, new: bool, wrong: bool = False, text: str = "") -> str | None:
    """Ask for the database's passphrase (`new`: choose one, typed twice); None when cancelled.

    `text` replaces the explanation at the start (the database is locked, or there is no credential store).
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Dialogue Desktop"))
    layout = QVBoxLayout(dialog)
    if not text and new:
        text = _(
            "This computer has no credential store to keep the database's key. Choose a passphrase: it is "
            "asked at every start, and without it nobody can read the data, not even you."
        )
    elif not text:
        text = _("The database is locked. Type its passphrase.")
    intro = QLabel(text)
    intro.setWordWrap(True)
    layout.addWidget(intro)
    problem = QLabel(_("The passphrase is wrong. Try again.") if wrong else "")
    problem.setObjectName("fieldError")  # styled as the forms' error lines
    problem.setVisible(wrong)
    layout.addWidget(problem)
    form = QFormLayout()
    first = QLineEdit()
    first.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow(_("Passphrase"), first)
    again = QLineEdit()
    again.setEchoMode(QLineEdit.EchoMode.Password)
    if new:
        form.addRow(_("Passphrase again"), again)
    layout.addLayout(form)
    buttons = QDialogButtonBox()
    ok = buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    layout.addWidget(buttons)

    def check() -> None:
        if not first.text():
            problem.setText(_("Type a passphrase."))
        elif new and first.text() != again.text():
            problem.setText(_("The two passphrases differ."))
        else:
            dialog.accept()
            return
        problem.setVisible(True)

    ok.clicked.connect(check)
    buttons.rejected.connect(dialog.reject)
    first.setFocus()
    return first.text() if dialog.exec() else None
