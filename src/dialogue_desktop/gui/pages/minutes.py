"""The minutes tab of the dialogue workspace: choose how to print, see the pages, save, print, sign-in sheet.

The preview is made on the database worker (read the record, write the PDF in memory) a moment after the
options or the dialogue's data change, and only while the tab is on screen; the pages shown stay until the
newer ones arrive, and answers to older requests are dropped. The fingerprint and the code printed under
the QR code are shown so the facilitator can read them out. Approving the minutes stays in the
workspace's status menu: this tab only says whether they are approved. The options column is
gui/pages/minutes_options.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from shiboken6 import isValid

from dialogue_desktop.core.file_errors import cannot_save
from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.printing.minutes import MinutesOptions
from dialogue_desktop.core.services.dialogues import DialogueView
from dialogue_desktop.core.services.errors import NotFoundError
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.latest import Newest
from dialogue_desktop.gui.operations import minutes as minutes_ops
from dialogue_desktop.gui.operations.minutes import MinutesPdf
from dialogue_desktop.gui.pages.minutes_options import MinutesOptionsColumn
from dialogue_desktop.gui.pages.pdf_files import saved_text
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.render import PrintJob
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.pdf_preview import (
    PdfPreview,
    ask_save_instead,
    has_printer,
    print_pdf,
    save_pdf_as,
)

DEBOUNCE_MS = 300


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
        self.column = MinutesOptionsColumn(self.ctx)
        self.column.changed.connect(self._schedule)
        self.column.save_button.clicked.connect(self.save_minutes)
        self.column.print_button.clicked.connect(self.print_minutes)
        self.column.signin_save.clicked.connect(self.save_signin)
        self.column.signin_print.clicked.connect(self.print_signin)
        self.column.copy_button.clicked.connect(self.copy_code)
        splitter.addWidget(self.column)
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
        self.column.retranslate_ui()
        self.preview.retranslate_ui()
        self._show_status()
        if self._dialogue_id is not None:
            self._schedule()  # labels inside the PDF follow the app's translations

    def _show_status(self) -> None:
        made = self.current
        self.column.show_minutes(made)
        if made is None:
            self.pages_label.setText("")
            return
        self.pages_label.setText(
            n_("Preview: {pages} page", "Preview: {pages} pages", made.pages).format(
                pages=format_number(made.pages)
            )
        )

    # --- which dialogue, when to regenerate -----------------------------------------------------------

    def set_dialogue(self, dialogue: DialogueView | str | None) -> None:
        """Show the minutes of this dialogue (its view or its id); None shows nothing."""
        if isinstance(dialogue, DialogueView):
            self.dialogue = dialogue
            dialogue_id: str | None = dialogue.id
        else:
            dialogue_id = dialogue
        locked = isinstance(dialogue, DialogueView) and dialogue.locked
        self.column.attachments.set_dialogue(dialogue_id, editable=not locked)
        if dialogue_id != self._dialogue_id:
            self._dialogue_id = dialogue_id
            self._newest.drop()  # whatever was on its way is for another dialogue
            self._cancel_preview()
            self.current = None
            self.preview.clear()
            self.preview.set_busy(False)
            self._saved("")
            self._show_status()
        if dialogue_id is None:
            self._timer.stop()
            return
        self._schedule()

    def reload(self) -> None:
        """The dialogue's data changed: a new preview in a moment."""
        self._schedule()

    def options(self) -> MinutesOptions:
        """The options chosen on the left."""
        return self.column.options()

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
            if not isValid(self.preview) or not self._newest.counts(request):
                return
            self._job = None
            self.preview.set_busy(False)
            if isinstance(error, NotFoundError):
                self.current = None
                self.preview.clear()
                self._show_status()
            else:
                self._failed(error)

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
        if not isValid(self.preview):
            return  # the tab was closed (the window too) while the preview was drawn
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

    def _saved(self, text: str) -> None:
        self.column.problem.show_text("")
        self.column.saved_label.setText(text)

    def _failed(self, error: BaseException) -> None:
        """A file that could not be written (a user error) is said under the options; a bug goes to the error
        dialog."""
        self.column.saved_label.setText("")
        self.ctx.worker.show_failure(error, self.column.problem)

    def save_minutes(self) -> None:
        """Ask for a file and write the minutes there with the options chosen."""
        if self._dialogue_id is None:
            return
        path = save_pdf_as(self, self._file_title(_("Minutes")))
        if path is None:
            return

        minutes_ops.save_minutes(self._dialogue_id, self.options(), path).success(
            lambda pages: self._saved(saved_text(path, pages))
        ).failure(self._failed).run(self.ctx.worker)

    def print_minutes(self) -> None:
        """Print the minutes with the options chosen (or save them when there is no printer)."""
        if self._dialogue_id is None:
            return
        title = self._file_title(_("Minutes"))
        minutes_ops.minutes_pdf(self._dialogue_id, self.options()).success(
            lambda made: self._print(made.data, title)
        ).failure(self._failed).run(self.ctx.worker)

    def save_signin(self) -> None:
        """Ask for a file and write the sign-in sheet there."""
        if self._dialogue_id is None:
            return
        path = save_pdf_as(self, self._file_title(_("Sign-in sheet")))
        if path is None:
            return
        minutes_ops.save_signin(self._dialogue_id, self.column.blank_check.isChecked(), path).success(
            lambda _size: self._saved(_("Saved {file}").format(file=path))
        ).failure(self._failed).run(self.ctx.worker)

    def print_signin(self) -> None:
        """Print the sign-in sheet (or save it when there is no printer)."""
        if self._dialogue_id is None:
            return
        title = self._file_title(_("Sign-in sheet"))
        minutes_ops.signin_pdf(self._dialogue_id, self.column.blank_check.isChecked()).success(
            lambda data: self._print(data, title)
        ).failure(self._failed).run(self.ctx.worker)

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
            self.column.saved_label.setText("")
            self.column.problem.show_text(cannot_save(path, error).text())
            return
        self._saved(_("Saved {file}").format(file=path))

    def copy_code(self) -> None:
        """Put the verification code on the clipboard."""
        clipboard = QApplication.clipboard()
        if clipboard is not None and self.current is not None:
            clipboard.setText(self.current.code)
