"""Check a printed copy of minutes: type or scan the code under its QR code, and see whether it still
matches the record.

A USB QR scanner types like a keyboard and usually ends with Enter, so the entry checks on Enter and
selects its text afterwards: the next scan replaces it. The check runs on the database worker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _, format_date
from dialogue_desktop.core.printing.fingerprint import Verdict
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import show_error
from dialogue_desktop.gui.operations import minutes as minutes_ops
from dialogue_desktop.gui.operations.minutes import CopyCheck
from dialogue_desktop.gui.text import is_khmer, pick

#: What a result looks like: (text colour, background).
COLOURS = {
    "matches": ("#1b6e2a", "#e3f4e6"),
    "changed": ("#8a1c1c", "#fde2e2"),
    "unknown": ("#7a4b00", "#fff1d6"),
    "invalid": ("#333333", "#eef2f7"),
}


class VerifyCopyPanel(QWidget):
    """The entry, the Check button and the answer; usable in a dialog or on a page."""

    #: Emitted after each answer is shown (tests wait on it).
    checked = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._request = 0
        self.result: CopyCheck | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.entry = QLineEdit()
        self.entry.setMinimumWidth(420)
        self.entry.setStyleSheet("font-size: 130%; padding: 8px; font-family: monospace;")
        self.entry.returnPressed.connect(self.check)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self.check)
        self.check_button.setAutoDefault(False)
        self.intro.setBuddy(self.entry)
        row.addWidget(self.entry, 1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.answer = QFrame()
        self.answer.setObjectName("answer")
        answer_layout = QVBoxLayout(self.answer)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.headline.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer_layout.addWidget(self.headline)
        answer_layout.addWidget(self.detail)
        layout.addWidget(self.answer)
        layout.addStretch(1)
        self.answer.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _("&Type or scan the code printed under the QR code at the foot of any page of the minutes.")
        )
        self.entry.setPlaceholderText("DD1:…")
        self.check_button.setText(_("Check"))
        if self.result is not None:
            self._show(self.result)

    def check(self) -> None:
        """Check the code in the entry on the worker; the answer replaces the previous one."""
        text = self.entry.text()
        if not text.strip():
            self._say("invalid", _("Type or scan the code first."), "")
            return
        if is_khmer(text):
            # A scanner types through the keyboard layout: with the Khmer layout on, it types Khmer letters.
            self._say(
                "invalid",
                _("The code came in Khmer letters."),
                _("Switch the keyboard to English (Latin letters), then type or scan the code again."),
            )
            self.entry.selectAll()
            return
        self._request += 1
        request = self._request

        def done(result: CopyCheck) -> None:
            if request == self._request:
                self._show(result)

        minutes_ops.verify_copy(text).success(done).failure(lambda e: show_error(e, self)).run(
            self.ctx.worker
        )

    def _show(self, result: CopyCheck) -> None:
        self.result = result
        title = pick(result.title_km, result.title_en)
        when = format_date(result.date) if result.date is not None else ""
        which = _("Dialogue: {title}, {date}").format(title=title, date=when) if title else ""
        if result.verdict == Verdict.MATCHES:
            self._say(
                "matches",
                _("This copy matches the record: the minutes have not changed since it was printed."),
                which,
            )
        elif result.verdict == Verdict.CHANGED:
            todo = _(
                "Do not rely on this copy. Print the minutes again from the dialogue's Minutes tab and, if "
                "this copy was signed, have the new one signed."
            )
            now = _("Fingerprint of the minutes now: {fingerprint}").format(
                fingerprint=result.current_fingerprint
            )
            self._say(
                "changed",
                _("The minutes have changed since this copy was printed."),
                "\n\n".join(t for t in (which, todo, now) if t),
            )
        elif result.verdict == Verdict.UNKNOWN:
            self._say(
                "unknown",
                _("Unknown dialogue: {id} is not in this database.").format(id=result.dialogue_id),
                _(
                    "It may have been recorded on a laptop whose work has not reached this office yet. "
                    "Import that laptop's bundle, then check again."
                ),
            )
        else:
            self._say(
                "invalid",
                _("This is not a minutes code. It looks like DD1:<dialogue id>:<fingerprint>."),
                _("Type the whole line printed under the QR code, or scan the QR code."),
            )
        self.entry.selectAll()  # the next scan replaces this code

    def _say(self, kind: str, headline: str, detail: str) -> None:
        colour, background = COLOURS[kind]
        self.answer.setProperty("verdict", kind)
        self.answer.setStyleSheet(
            f"QFrame#answer {{ background: {background}; border: 2px solid {colour}; border-radius: 4px; }}"
            f" QLabel {{ color: {colour}; background: transparent; }}"
        )
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.answer.show()
        self.checked.emit()

    def verdict(self) -> str:
        """What the answer shown says: matches, changed, unknown, invalid, or "" before any check."""
        return str(self.answer.property("verdict") or "") if self.answer.isVisibleTo(self) else ""


class VerifyCopyDialog(QDialog):
    """The central office's "Check a printed copy" window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = VerifyCopyPanel(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        # Enter belongs to the entry (a scanner ends each code with it): no button may take it and close.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        layout.addWidget(self.buttons)
        self.resize(640, 380)
        self.retranslate_ui()
        self.panel.entry.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Check a printed copy"))
        self.close_button.setText(_("Close"))
        self.panel.retranslate_ui()


def open_verify_copy(ctx: AppContext, parent: QWidget | None = None) -> VerifyCopyDialog:
    """Show the "Check a printed copy" window (not modal: it can stay open beside the work)."""
    dialog = VerifyCopyDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
