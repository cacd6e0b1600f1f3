"""Starting the facilitator's app: `run(db)` opens the store and shows the main window.

Heavy modules (pages, services) are imported when the window is built, after the QApplication exists;
the dialogue list loads asynchronously, so the window is interactive at once.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)


def ensure_app(*, headless: bool = False) -> object:
    """The one QApplication (created if needed), with the Khmer font, style and Qt translations."""
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Dialogue Desktop")
        app.setOrganizationName("dialogue-desktop")
    assert isinstance(app, QApplication)
    from dialogue_desktop.gui.fonts import apply_app_font
    from dialogue_desktop.gui.qt_i18n import install_qt_translator
    from dialogue_desktop.gui.style import STYLESHEET

    apply_app_font(app)
    app.setStyleSheet(STYLESHEET)
    icon = app_icon_path()
    if icon is not None:
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    install_qt_translator()
    return app


def app_icon_path() -> Path | None:
    """The app icon (resources/icon.svg in a source checkout, or beside the package)."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "resources" / "icon.svg", here.parents[1] / "resources" / "icon.svg"):
        if candidate.is_file():
            return candidate
    return None


def build_window(store: object, *, first_run: bool = True) -> object:
    """The main window over an open store (tests call this with their own store)."""
    from dialogue_desktop.core.i18n import set_language
    from dialogue_desktop.core.store.store import Store
    from dialogue_desktop.gui.context import AppContext
    from dialogue_desktop.gui.main_window import MainWindow, read_device
    from dialogue_desktop.gui.qt_i18n import install_qt_translator
    from dialogue_desktop.gui.settings import GuiSettings
    from dialogue_desktop.gui.worker import DbWorker

    assert isinstance(store, Store)
    settings = GuiSettings.load()
    set_language(settings.language)
    install_qt_translator()
    worker = DbWorker(store)
    ctx = AppContext(store, worker, settings)
    ctx.device = worker.call(read_device, store.facilitator_id)
    window = MainWindow(ctx)
    window.setProperty("first_run_needed", first_run and not store.facilitator_id)
    return window


def run(db: str | None, *, smoke_test: bool = False) -> int:
    """Open the store and show the main window; with `smoke_test` visit every page headless and exit.

    Returns the exit status: 0, or 1 when the database cannot be opened (message shown or printed).
    """
    app = ensure_app(headless=smoke_test)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dialogue_desktop.core.i18n import _, set_language
    from dialogue_desktop.core.paths import default_database
    from dialogue_desktop.core.services.errors import UserError
    from dialogue_desktop.core.store.schema import SchemaError
    from dialogue_desktop.core.store.store import Store
    from dialogue_desktop.gui.errors import install_excepthook, setup_logging
    from dialogue_desktop.gui.settings import GuiSettings

    assert isinstance(app, QApplication)
    setup_logging()
    if not smoke_test:
        install_excepthook()
    set_language(GuiSettings.load().language)
    try:
        # The daily backup of a large database takes a while: the window runs it on its worker instead.
        store = Store.open(db or default_database(), daily_backup=False)
    except Exception as error:  # a damaged or foreign file: say so, never a traceback
        if isinstance(error, UserError):
            text = error.text()
        elif isinstance(error, SchemaError):
            text = _schema_message(error)
        else:
            log.exception("could not open %s", db)
            text = _("This file cannot be opened as a Dialogue Desktop database. Choose another file, or ask for a backup.")
        if smoke_test:
            sys.stderr.write(text + "\n")
        else:
            QMessageBox.critical(None, _("Dialogue Desktop"), text)
        return 1
    try:
        window = build_window(store, first_run=not smoke_test)
        from dialogue_desktop.gui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        if smoke_test:
            return smoke(window)
        window.show()
        window.restore_place()
        if window.property("first_run_needed"):
            from dialogue_desktop.gui.pages.first_run import FirstRunDialog

            FirstRunDialog(window.ctx, window).exec()
            window.refresh_device()
        status = app.exec()
        window.dispose()
        window.ctx.worker.stop()
        return int(status)
    finally:
        store.close()


def _schema_message(error: Exception) -> str:
    """The store's schema messages are English; these are their translations' message ids."""
    from dialogue_desktop.core.i18n import N_, _

    known = (
        N_("This file is not a Dialogue Desktop database."),
        N_(
            "This database was written by a newer version of Dialogue Desktop. "
            "Install the newer version to open it; nothing was changed."
        ),
    )
    message = str(error)
    return _(message) if message in known else _("This database cannot be opened: {reason}").format(reason=message)


def smoke(window: object) -> int:
    """Open every page and the first dialogue's workspace with each tab; 0 when all went well."""
    from PySide6.QtWidgets import QApplication

    from dialogue_desktop.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    failures: list[str] = []

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        import traceback

        failures.append("".join(traceback.format_exception(kind, error, tb)))

    old_hook = sys.excepthook
    sys.excepthook = hook
    try:
        window.show()
        worker = window.ctx.worker
        for key in list(window.pages):
            window.show_page(key)
            _wait_idle(worker)
        dialogues = window.pages["dialogues"]
        opened = getattr(dialogues, "open_first_dialogue", None)
        if opened is not None and opened():
            _wait_idle(worker)
            visit = getattr(dialogues, "visit_every_tab", None)
            if visit is not None:
                visit(lambda: _wait_idle(worker))
        QApplication.processEvents()
    except Exception:
        import traceback

        failures.append(traceback.format_exc())
    finally:
        sys.excepthook = old_hook
        window.dispose()
        window.close()
        window.ctx.worker.stop()
    for failure in failures:
        sys.stderr.write(failure)
    return 1 if failures else 0


def _wait_idle(worker: object, timeout_ms: int = 20000) -> None:
    """Process events until the worker has no more work (smoke test and screenshots)."""
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_ms / 1000
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    while getattr(worker, "busy", False) and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    QCoreApplication.processEvents()
