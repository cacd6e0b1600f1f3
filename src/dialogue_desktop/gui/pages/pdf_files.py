"""Saying where a PDF went, and the action tracker's report: what the Minutes tab and the tracker share."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMainWindow, QWidget

from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.services.listing import ActionFilters
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import minutes as minutes_ops
from dialogue_desktop.gui.render import PrintJob
from dialogue_desktop.gui.widgets.pdf_preview import save_pdf_as
from dialogue_desktop.gui.worker import MessageLine


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
    ctx: AppContext,
    parent: QWidget | None,
    filters: ActionFilters | None = None,
    mode: str = "both",
    line: MessageLine | None = None,
) -> PrintJob | None:
    """Ask for a file and write the action tracker report there on the worker; the operation, or None.

    `filters` are the tracker's current filters (all actions when None); `mode` is km, en or both. A file
    that cannot be written is said in `line` (the page's message line); a bug goes to the error dialog.
    """
    name = f"{_('Action tracker')} {date.today().isoformat()}"
    path = save_pdf_as(parent, name)
    if path is None:
        return None

    def saved(pages: int) -> None:
        if line is not None:
            line.show_text("")
        tell(parent, saved_text(path, pages))

    return (
        minutes_ops.save_action_report(path, filters, mode)
        .success(lambda pages: saved(pages))
        .failure(lambda e: ctx.worker.show_failure(e, line))
        .run(ctx.worker)
    )
