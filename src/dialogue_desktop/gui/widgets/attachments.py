"""A dialogue's attached files: the photo of the signed sign-in sheet, a scanned letter, a picture.

Files are kept by the store (by content, beside the database) and travel with sync; this box lists them,
attaches new ones, opens one with the computer's own viewer and removes one after asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.services.attachments import AttachmentRow
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import attachments as attachment_ops
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.fields import ErrorLabel


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(round(size / (1024 * 1024), 1)))
    return _("{n} kB").format(n=format_number(max(1, round(size / 1024))))


class AttachmentsBox(QGroupBox):
    """The files attached to one dialogue."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialogue_id: str | None = None
        self.rows: list[AttachmentRow] = []
        layout = QVBoxLayout(self)
        self.files = QListWidget()
        self.files.setMaximumHeight(self.fontMetrics().height() * 6)
        self.files.itemActivated.connect(lambda _item: self.open_selected())
        layout.addWidget(self.files)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.attach)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        #: Why a file was refused (too large, gone) or could not be opened or removed: a user error of the box.
        self.message = ErrorLabel()
        layout.addWidget(self.message)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Attached files (e.g. a photo of the signed sheet)"))
        self.add_button.setText(_("Attach…"))
        self.open_button.setText(_("Open"))
        self.remove_button.setText(_("Remove"))
        self._show(self.rows)

    def set_dialogue(self, dialogue_id: str | None, editable: bool = True) -> None:
        """Show this dialogue's files; approved minutes' files cannot be added or removed."""
        if dialogue_id != self.dialogue_id:
            self.message.show_text("")  # a refusal about another dialogue's files
        self.dialogue_id = dialogue_id
        self.add_button.setEnabled(dialogue_id is not None and editable)
        self.remove_button.setEnabled(dialogue_id is not None and editable)
        self.reload()

    def reload(self) -> None:
        if self.dialogue_id is None:
            self._show([])
            return
        dialogue_id = self.dialogue_id
        attachment_ops.list_files(dialogue_id).success(
            lambda rows: self._show(rows) if dialogue_id == self.dialogue_id else None
        ).run(self.ctx.worker)

    def _show(self, rows: list[AttachmentRow]) -> None:
        self.rows = rows
        self.files.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.filename}  ·  {_size(row.size)}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.files.addItem(item)
        if not rows:
            empty = QListWidgetItem(_("No file attached yet"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.files.addItem(empty)
        self.open_button.setEnabled(bool(rows))

    def _selected(self) -> AttachmentRow | None:
        item = self.files.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((row for row in self.rows if row.id == chosen), None)

    def attach(self) -> None:
        """Choose files (photos, scans, PDFs) and attach them to the dialogue."""
        if self.dialogue_id is None:
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose the files to attach"), "",
            _("Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf);;All files (*)"),
        )  # fmt: skip
        if not paths:
            return
        attachment_ops.attach(self.dialogue_id, paths).success(self._done).shown_on(self.message).run(
            self.ctx.worker
        )

    def _done(self, _result: object) -> None:
        self.message.show_text("")
        self.reload()

    def open_selected(self) -> None:
        """Open the chosen file with the computer's own viewer."""
        row = self._selected()
        if row is None:
            return

        def opened(path: Path) -> None:
            self.message.show_text("")
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        attachment_ops.copy_to_open(row).success(opened).shown_on(self.message).run(self.ctx.worker)

    def remove_selected(self) -> None:
        """Remove the chosen file from the dialogue, after asking."""
        row = self._selected()
        if row is None or not dialogs.confirm(
            self, _("Remove a file"), _("Remove “{item}” from this dialogue?").format(item=row.filename)
        ):
            return
        attachment_ops.remove(row.id).success(self._done).shown_on(self.message).run(self.ctx.worker)
