"""Showing a PDF made in memory, saving it and printing it (minutes, sign-in sheets, the action tracker).

`PdfPreview` shows PDF bytes in a `QPdfView`; the document being shown stays visible until a new one is
ready, and a busy line says when a newer one is being made. `save_pdf_as` asks for a file name;
`print_pdf` prints through the system's print dialog by drawing each page as an image at the printer's
resolution (QtPdf renders pages, it does not hand PDFs to printers), and offers to save a PDF instead
when the laptop has no printer installed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _


class PdfPreview(QWidget):
    """A live preview of PDF bytes: whole pages, scrolled, with a busy line while a new one is made."""

    #: Emitted on the GUI thread when new bytes are shown (tests wait on it).
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("quiet")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no known end: a moving bar
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.view = QPdfView()
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Up/Down scroll the pages
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("quiet")
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self._bytes = b""
        self.set_busy(False)
        self._show_view(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.busy_label.setText(_("Updating the preview…"))
        self.empty.setText(_("Nothing to preview yet."))

    def data(self) -> bytes:
        """The PDF being shown (empty when none)."""
        return self._bytes

    def page_count(self) -> int:
        return self.document.pageCount()

    def set_busy(self, busy: bool) -> None:
        """Say that a newer document is being made; what is shown stays until it arrives."""
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def set_pdf(self, data: bytes) -> None:
        """Show these PDF bytes, keeping the reader's page when the new document has it."""
        page = self.view.pageNavigator().currentPage() if self._bytes else 0
        document = QPdfDocument(self)
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)  # in-memory data: loaded at once
        old_document, old_buffer = self.document, self._buffer
        self.document, self._buffer, self._bytes = document, buffer, data
        self.view.setDocument(document)
        old_document.deleteLater()
        old_buffer.deleteLater()
        ready = document.status() == QPdfDocument.Status.Ready and document.pageCount() > 0
        self._show_view(ready)
        if ready and 0 < page < document.pageCount():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self.shown.emit()

    def clear(self) -> None:
        """Show nothing (no dialogue)."""
        self._bytes = b""
        old_document, old_buffer = self.document, self._buffer
        self.document, self._buffer = QPdfDocument(self), QBuffer(self)
        self.view.setDocument(self.document)
        old_document.deleteLater()
        old_buffer.deleteLater()
        self._show_view(False)

    def _show_view(self, visible: bool) -> None:
        self.view.setVisible(visible)
        self.empty.setVisible(not visible)


def save_pdf_as(parent: QWidget | None, suggested_name: str) -> str | None:
    """Ask where to save a PDF; the chosen path (ending in .pdf), or None when cancelled."""
    start = str(Path.home() / _safe_file_name(suggested_name))
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), start, _("PDF documents (*.pdf)"))
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def _safe_file_name(name: str) -> str:
    """A file name from a title: no characters that Windows refuses, not too long."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")
    stem = cleaned[:80] or "document"
    return stem if stem.lower().endswith(".pdf") else stem + ".pdf"


def has_printer() -> bool:
    """True when the system knows at least one printer."""
    return bool(QPrinterInfo.availablePrinterNames())


def print_pdf(parent: QWidget | None, data: bytes, title: str) -> bool:
    """Print PDF bytes through the print dialog; True when pages were sent to the printer.

    Each page is drawn as an image at the printer's resolution, fitted to the printable area.
    """
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    pages = document.pageCount()
    if pages == 0:
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFromTo(1, pages)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    dialog.setMinMax(1, pages)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return render_to_printer(document, printer)


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> bool:
    """Draw the pages chosen in the printer's range (all by default) on `printer`; False if it failed."""
    pages = document.pageCount()
    first = max(printer.fromPage(), 1) if printer.fromPage() else 1
    last = min(printer.toPage(), pages) if printer.toPage() else pages
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        dpi = printer.resolution()
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        target_area = QRect(0, 0, area.width(), area.height())
        for index, page in enumerate(range(first - 1, last)):
            if index and not printer.newPage():
                return False
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(page, size)
            fitted = image.size().scaled(target_area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (target_area.width() - fitted.width()) // 2
            painter.drawImage(QRect(x, 0, fitted.width(), fitted.height()), image)
    finally:
        painter.end()
    return True


def ask_save_instead(parent: QWidget | None) -> bool:
    """No printer is installed: offer to save a PDF to print from another computer. True for yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question, _("Print"), _("No printer is installed on this laptop."), parent=parent
    )
    box.setInformativeText(
        _("Save the document as a PDF instead? You can print it later from another computer.")
    )
    save = box.addButton(_("Save as PDF…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    return box.clickedButton() is save
