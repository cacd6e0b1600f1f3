"""The minutes tab of the dialogue workspace: choose how to print, see the pages, save, print, sign-in sheet.

The preview is made on the database worker (read the record, write the PDF in memory) a moment after the
options or the dialogue's data change, and only while the tab is on screen; the pages shown stay until the
newer ones arrive, and answers to older requests are dropped. The fingerprint and the code printed under
the QR code are shown so the facilitator can read them out. Approving the minutes stays in the
workspace's status menu: this tab only says whether they are approved.

`export_action_report` is the action tracker's "Action report (PDF)" button.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.printing.minutes import MinutesOptions
from dialogue_desktop.core.services.dialogues import DialogueView
from dialogue_desktop.core.services.errors import NotFoundError
from dialogue_desktop.core.services.listing import ActionFilters
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import show_error
from dialogue_desktop.gui.latest import Newest
from dialogue_desktop.gui.operations import minutes as minutes_ops
from dialogue_desktop.gui.operations.minutes import MinutesPdf
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.render import PrintJob
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.attachments import AttachmentsBox
from dialogue_desktop.gui.widgets.fit import vertical_scroll
from dialogue_desktop.gui.widgets.pdf_preview import (
    PdfPreview,
    ask_save_instead,
    has_printer,
    print_pdf,
    save_pdf_as,
)

DEBOUNCE_MS = 300
#: Language choices: (key, document mode, Khmer and English side by side).
LANGUAGES: tuple[tuple[str, str, bool], ...] = (
    ("km", "km", False),
    ("en", "en", False),
    ("both", "both", False),
    ("side", "both", True),
)

# --- helpers for the GUI thread -----------------------------------------------------------------------


def tell(parent: QWidget | None, text: str) -> None:
    """A short note in the main window's status bar (no box to close)."""
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow) and window.statusBar() is not None:
        window.statusBar().showMessage(text, 10000)


def saved_text(path: str, pages: int) -> str:
    """What to say once a PDF is written."""
    return n_("Saved {file} ({pages} page)", "Saved {file} ({pages} pages)", pages).format(
        file=path, pages=format_number(pages)
    )


def export_action_report(
    ctx: AppContext, parent: QWidget | None, filters: ActionFilters | None = None, mode: str = "both"
) -> Any:
    """Ask for a file and write the action tracker report there on the worker; the operation, or None.

    `filters` are the tracker's current filters (all actions when None); `mode` is km, en or both.
    """
    name = f"{_('Action tracker')} {date.today().isoformat()}"
    path = save_pdf_as(parent, name)
    if path is None:
        return None

    return (
        minutes_ops.save_action_report(path, filters, mode)
        .success(lambda pages: tell(parent, saved_text(path, pages)))
        .failure(lambda e: show_error(e, parent))
        .run(ctx.worker)
    )


def monospace(size_factor: float = 1.0) -> QFont:
    """The system's fixed-width font (fingerprints are read character by character)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    base = QApplication.font().pointSizeF()
    if base > 0:
        font.setPointSizeF(base * size_factor)
    return font


# --- the tab --------------------------------------------------------------------------------------------


class MinutesTab(WorkspaceTab):
    """Options on the left, the live preview on the right."""

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset(
            {
                Topic.DIALOGUES, Topic.DETAILS, Topic.PARTICIPANTS, Topic.ATTENDANCE, Topic.VOICES,
                Topic.ACTIONS, Topic.ORGANISATIONS, Topic.AGENDA, Topic.NEEDS, Topic.DECISIONS,
            }
        )  # fmt: skip

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dialogue_id: str | None = None
        self._newest = Newest()  # the latest preview asked for; older answers are dropped
        #: The preview being gathered or drawn: cancelled when a newer one is asked for.
        self._job: PrintJob | None = None
        self.current: MinutesPdf | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._generate)
        self._build()
        self.retranslate_ui()

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        splitter = QSplitter()
        outer.addWidget(splitter)
        side = QWidget()
        column = QVBoxLayout(side)

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
        column.addWidget(self.language_box)

        self.header_check = QCheckBox()
        self.annex_check = QCheckBox()
        for check in (self.header_check, self.annex_check):
            check.toggled.connect(lambda _on: self._schedule())
            column.addWidget(check)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)

        self.fingerprint_box = QGroupBox()
        prints = QVBoxLayout(self.fingerprint_box)
        self.fingerprint_caption = QLabel()
        self.fingerprint_caption.setWordWrap(True)
        self.fingerprint_label = QLabel("—")
        self.fingerprint_label.setFont(monospace(1.6))
        self.fingerprint_label.setTextInteractionFlags(
            self.fingerprint_label.textInteractionFlags() | _selectable()
        )
        self.code_caption = QLabel()
        self.code_caption.setWordWrap(True)
        self.code_field = QLineEdit()
        self.code_field.setReadOnly(True)
        self.code_field.setFont(monospace(0.9))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_code)
        self.fingerprint_caption.setBuddy(self.fingerprint_label)
        self.code_caption.setBuddy(self.code_field)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_field, 1)
        code_row.addWidget(self.copy_button)
        prints.addWidget(self.fingerprint_caption)
        prints.addWidget(self.fingerprint_label)
        prints.addWidget(self.code_caption)
        prints.addLayout(code_row)
        column.addWidget(self.fingerprint_box)

        self.save_button = QPushButton()
        self.print_button = QPushButton()
        self.save_button.clicked.connect(self.save_minutes)
        self.print_button.clicked.connect(self.print_minutes)
        for main_button in (self.save_button, self.print_button):
            main_button.setStyleSheet("font-weight: bold; padding: 8px 14px;")

        self.signin_box = QGroupBox()
        signin = QVBoxLayout(self.signin_box)
        self.blank_check = QCheckBox()
        self.signin_save = QPushButton()
        self.signin_print = QPushButton()
        self.signin_save.clicked.connect(self.save_signin)
        self.signin_print.clicked.connect(self.print_signin)
        signin.addWidget(self.blank_check)
        signin_buttons = QHBoxLayout()
        signin_buttons.addWidget(self.signin_save)
        signin_buttons.addWidget(self.signin_print)
        signin.addLayout(signin_buttons)
        column.addWidget(self.signin_box)
        self.attachments = AttachmentsBox(self.ctx)
        column.addWidget(self.attachments)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("quiet")
        self.saved_label.setWordWrap(True)
        column.addWidget(self.saved_label)
        column.addStretch(1)

        self.side = side
        self.side_scroll = vertical_scroll(
            side
        )  # Khmer labels are tall: the options scroll rather than squeeze
        # Save and Print stay in sight under the options, whatever the screen's height.
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        side_column = QWidget()
        side_layout = QVBoxLayout(side_column)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.side_scroll, 1)
        side_layout.addLayout(buttons)
        splitter.addWidget(side_column)
        splitter.setCollapsible(0, False)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("subheading")
        right_column.addWidget(self.pages_label)
        self.preview = PdfPreview()
        right_column.addWidget(self.preview, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 700])

        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_minutes)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_minutes)

    # --- what is shown ---------------------------------------------------------------------------------

    def tab_title(self) -> str:
        return _("Minutes")

    def retranslate_ui(self) -> None:
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
        self.save_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Save).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.print_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Print).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.signin_box.setTitle(_("Sign-in sheet"))
        self.attachments.retranslate_ui()
        self.blank_check.setText(_("&Blank (no names printed)"))
        self.signin_save.setText(_("Save as PDF…"))
        self.signin_print.setText(_("Print…"))
        self.signin_save.setToolTip(_("Save the sign-in sheet as PDF"))
        self.signin_print.setToolTip(_("Print the sign-in sheet"))
        self.preview.retranslate_ui()
        self._fit_side()
        self._show_status()
        if self._dialogue_id is not None:
            self._schedule()  # labels inside the PDF follow the app's translations

    def _fit_side(self) -> None:
        """The options column as wide as its longest label (Khmer or English), never cut on the right."""
        self.side.adjustSize()
        bar = self.side_scroll.verticalScrollBar().sizeHint().width()
        self.side_scroll.setMinimumWidth(self.side.minimumSizeHint().width() + bar + 4)

    def _show_status(self) -> None:
        made = self.current
        if made is None:
            self.status_label.setText("")
            self.pages_label.setText("")
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
        self.pages_label.setText(
            n_("Preview: {pages} page", "Preview: {pages} pages", made.pages).format(
                pages=format_number(made.pages)
            )
        )
        self.fingerprint_label.setText(made.fingerprint)
        self.code_field.setText(made.code)
        self.code_field.setCursorPosition(0)

    # --- which dialogue, when to regenerate -----------------------------------------------------------

    def set_dialogue(self, dialogue: DialogueView | str | None) -> None:
        """Show the minutes of this dialogue (its view or its id); None shows nothing."""
        if isinstance(dialogue, DialogueView):
            self.dialogue = dialogue
            dialogue_id: str | None = dialogue.id
        else:
            dialogue_id = dialogue
        locked = isinstance(dialogue, DialogueView) and dialogue.locked
        self.attachments.set_dialogue(dialogue_id, editable=not locked)
        if dialogue_id != self._dialogue_id:
            self._dialogue_id = dialogue_id
            self._newest.drop()  # whatever was on its way is for another dialogue
            self._cancel_preview()
            self.current = None
            self.preview.clear()
            self.preview.set_busy(False)
            self.saved_label.setText("")
            self._show_status()
        if dialogue_id is None:
            self._timer.stop()
            return
        self._schedule()

    def _language_toggled(self, _id: int, checked: bool) -> None:
        if checked:  # the button turned off says nothing new
            self._schedule()

    def reload(self) -> None:
        """The dialogue's data changed: a new preview in a moment."""
        self._schedule()

    def options(self) -> MinutesOptions:
        """The options chosen on the left."""
        key = LANGUAGES[max(self.language_group.checkedId(), 0)]
        return MinutesOptions(
            mode=key[1],  # type: ignore[arg-type]
            annex=self.annex_check.isChecked(),
            side_by_side=key[2],
            official_header=self.header_check.isChecked(),
        )

    def _schedule(self) -> None:
        if self._dialogue_id is None:
            return
        if not self.isVisible():
            self.freshness.mark_stale()  # made when the tab is shown, not for every change behind it
            return
        self.preview.set_busy(True)
        self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # the refresh rule: a new preview if something changed while hidden
        if self.current is None and self._dialogue_id is not None and not self._timer.isActive():
            self._schedule()

    def _generate(self) -> None:
        if self._dialogue_id is None:
            return
        request = self._newest.ask()
        self._cancel_preview()  # an older preview still waiting to be drawn is not drawn at all
        self.preview.set_busy(True)

        def failed(error: BaseException) -> None:
            if not self._newest.counts(request):
                return
            self._job = None
            self.preview.set_busy(False)
            if isinstance(error, NotFoundError):
                self.current = None
                self.preview.clear()
                self._show_status()
            else:
                show_error(error, self)

        self._job = (
            minutes_ops.minutes_pdf(self._dialogue_id, self.options())
            .success(lambda made: self._generated(request, made))
            .failure(failed)
            .run(self.ctx.worker)
        )

    def _cancel_preview(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _generated(self, request: object, made: MinutesPdf) -> None:
        if not self._newest.counts(request):
            return  # a newer preview was asked for meanwhile
        self._job = None
        self.current = made
        self.preview.set_pdf(made.data)
        self.preview.set_busy(self._timer.isActive())
        self._show_status()

    def is_busy(self) -> bool:
        """True while a preview is waiting to be made or being made."""
        return (
            self._timer.isActive() or self.preview.busy_bar.isVisibleTo(self.preview) or self._job is not None
        )

    # --- saving and printing ----------------------------------------------------------------------------

    def _file_title(self, document: str) -> str:
        made = self.current
        if made is None:
            return document
        title = pick(made.title_km, made.title_en)
        return f"{document} {made.date.isoformat()} {title}"

    def save_minutes(self) -> None:
        """Ask for a file and write the minutes there with the options chosen."""
        if self._dialogue_id is None:
            return
        path = save_pdf_as(self, self._file_title(_("Minutes")))
        if path is None:
            return

        minutes_ops.save_minutes(self._dialogue_id, self.options(), path).success(
            lambda pages: self.saved_label.setText(saved_text(path, pages))
        ).failure(lambda e: show_error(e, self)).run(self.ctx.worker)

    def print_minutes(self) -> None:
        """Print the minutes with the options chosen (or save them when there is no printer)."""
        if self._dialogue_id is None:
            return
        title = self._file_title(_("Minutes"))
        minutes_ops.minutes_pdf(self._dialogue_id, self.options()).success(
            lambda made: self._print(made.data, title)
        ).failure(lambda e: show_error(e, self)).run(self.ctx.worker)

    def save_signin(self) -> None:
        """Ask for a file and write the sign-in sheet there."""
        if self._dialogue_id is None:
            return
        path = save_pdf_as(self, self._file_title(_("Sign-in sheet")))
        if path is None:
            return
        minutes_ops.save_signin(self._dialogue_id, self.blank_check.isChecked(), path).success(
            lambda _size: self.saved_label.setText(_("Saved {file}").format(file=path))
        ).failure(lambda e: show_error(e, self)).run(self.ctx.worker)

    def print_signin(self) -> None:
        """Print the sign-in sheet (or save it when there is no printer)."""
        if self._dialogue_id is None:
            return
        title = self._file_title(_("Sign-in sheet"))
        minutes_ops.signin_pdf(self._dialogue_id, self.blank_check.isChecked()).success(
            lambda data: self._print(data, title)
        ).failure(lambda e: show_error(e, self)).run(self.ctx.worker)

    def _print(self, data: bytes, title: str) -> None:
        if has_printer():
            print_pdf(self, data, title)
            return
        if not ask_save_instead(self):
            return
        path = save_pdf_as(self, title)
        if path is None:
            return
        try:
            Path(path).write_bytes(data)
        except OSError as error:
            self.saved_label.setText(
                _("Could not save {file}: {reason}").format(file=path, reason=error.strerror or error)
            )
            return
        self.saved_label.setText(_("Saved {file}").format(file=path))

    def copy_code(self) -> None:
        """Put the verification code on the clipboard."""
        clipboard = QApplication.clipboard()
        if clipboard is not None and self.current is not None:
            clipboard.setText(self.current.code)


def _selectable() -> Any:
    return Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
