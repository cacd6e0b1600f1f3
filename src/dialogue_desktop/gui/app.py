"""Starting the facilitator's app: `run(db)` shows the main window, then opens the store.

The window comes first: only Qt and the window's own modules load before it is on screen. The database
is opened on the worker thread (SQLAlchemy, the models and the schema check take about a second), and
the page shown first is built when it is open (the others at their first visit); the dialogue list then
loads asynchronously.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogue_desktop.core.store.list_snapshot import FirstList
    from dialogue_desktop.core.store.store import Store
    from dialogue_desktop.gui.main_window import MainWindow
    from dialogue_desktop.gui.worker import DbWorker

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
    from dialogue_desktop.core.services.identity import read_device
    from dialogue_desktop.core.store.store import Store

    assert isinstance(store, Store)
    window = _window(store, _database_name(str(store.path or store.url)))
    ctx = window.ctx
    ctx.device = ctx.worker.call(read_device, store.facilitator_id)
    window.setProperty("first_run_needed", first_run and not store.facilitator_id)
    return window


def _window(
    store: Store | None, database_name: str, *, opening: Callable[[DbWorker], None] | None = None
) -> MainWindow:
    """A main window with its worker; `store` None: the worker is to open it (see `open_window`).

    `opening(worker)` is called as soon as the worker exists, before the window is built, so that the
    database starts opening meanwhile.
    """
    from dialogue_desktop.core.i18n import set_language
    from dialogue_desktop.gui.context import AppContext
    from dialogue_desktop.gui.main_window import MainWindow
    from dialogue_desktop.gui.qt_i18n import install_qt_translator
    from dialogue_desktop.gui.settings import GuiSettings
    from dialogue_desktop.gui.worker import DbWorker

    settings = GuiSettings.load()
    set_language(settings.language)
    install_qt_translator()
    worker = DbWorker(store)
    if opening is not None:
        opening(worker)
    return MainWindow(AppContext(worker, settings, database_name=database_name))


#: The module of the page usually shown first (and the services it uses), loaded on the worker while the
#: window already shows "Opening…". Loading only defines classes: no widget is made off the GUI thread.
_PRELOADED = ("dialogue_desktop.gui.pages.dialogues",)
#: The other pages' modules, loaded on the worker once the first page is shown, so that their first visit
#: only builds widgets (Sync and Reports load theirs when first shown).
_PRELOADED_LATER = (
    "dialogue_desktop.gui.pages.participants",
    "dialogue_desktop.gui.pages.actions",
    "dialogue_desktop.gui.pages.settings",
)
#: How long after the database opened the other pages' modules start loading (the first list is read by then).
PRELOAD_LATER_MS = 1000


def open_window(
    db: str,
    on_failure: Callable[[BaseException], None],
    *,
    passphrase: str | None = None,
    ask_passphrase: Callable[..., str | None] | None = None,
    kept: KeptListReading | None = None,
) -> MainWindow:
    """The main window, shown at once, with the database opening on its worker thread.

    Opening a database means unlocking it, loading SQLAlchemy and the models, checking the schema (and
    upgrading an older one): about a second, during which the window already answers. When the database
    is open the window builds its first page (`MainWindow.ready`); when it cannot be opened, `on_failure(error)`
    is called on the GUI thread. A locked database without `passphrase` (or with a wrong one) is unlocked
    with `ask_passphrase(window, new=..., wrong=...)` when given, until it is cancelled. The dialogue list
    kept at the last close is shown before the database is open, read by `kept` (made at the start of
    the process: `read_kept_list`), or read now.
    """
    from PySide6.QtCore import QTimer

    from dialogue_desktop.core.i18n import LANGUAGES, current_language
    from dialogue_desktop.gui.operations import window as window_ops
    from dialogue_desktop.gui.painted import after_painted

    def open_store(passphrase: str | None) -> Store:
        from dialogue_desktop.core.store.store import Store

        # The daily backup of a large database takes a while: the window runs it on its worker later.
        store = Store.open(db, daily_backup=False, passphrase=passphrase)
        window_ops.load_modules(_PRELOADED, (current_language(),))  # the first list's; the rest once shown
        return store

    def preload_later() -> None:
        if window.isVisible() and window.ctx.is_open:  # not after the window was closed
            others = tuple(code for code in LANGUAGES if code != current_language())
            window_ops.preload(_PRELOADED_LATER, others).run(window.ctx.worker)

    def opened() -> None:
        window.database_opened()
        QTimer.singleShot(PRELOAD_LATER_MS, window, preload_later)

    def failed(error: BaseException, new: bool) -> None:
        from dialogue_desktop.core.store.cipher import PassphraseNeeded, WrongPassphrase

        if ask_passphrase is not None and isinstance(error, PassphraseNeeded | WrongPassphrase):
            new = error.new if isinstance(error, PassphraseNeeded) else new
            given = ask_passphrase(window, new=new, wrong=isinstance(error, WrongPassphrase))
            if given is not None:
                start(window.ctx.worker, given, new)
                return
        on_failure(error)

    def start(worker: DbWorker, passphrase: str | None, new: bool = False) -> None:
        # Its callbacks run on the GUI thread once the window exists (they come through its event loop).
        worker.open_store(lambda: open_store(passphrase)).success(lambda _store: opened()).failure(
            lambda error: failed(error, new)
        ).run(worker)

    def first_start(worker: DbWorker) -> None:
        # First the list kept at the last close (unlocking the key once, for both), shown while it opens.
        reading = window_ops.KeptListStart(kept or read_kept_list(db, passphrase))

        def show(first: FirstList | None) -> None:
            shown = False
            try:
                shown = window.show_kept_list(first)
            finally:
                if not shown:
                    reading.shown.set()
            if shown:
                # The worker goes on once the list is painted: a paint asks the list's model a few hundred
                # times, and each call would wait for the interpreter while the database opens.
                after_painted(window, reading.shown.set)

        reading.read().success(show).failure(lambda _error: reading.shown.set()).run(worker)
        reading.pause().run(worker)
        start(worker, passphrase)

    window = _window(None, _database_name(db), opening=first_start)
    window.show()
    return window


class KeptListReading:
    """The dialogue list kept at the last close (core/store/list_snapshot.py), read on a thread of its own
    from the very start of the process: it needs neither Qt nor the database layer, and unlocking the key
    (scrypt, which opening the database then reuses) runs while Qt starts."""

    def __init__(self, db: str, passphrase: str | None = None) -> None:
        self._kept: FirstList | None = None
        self._done = threading.Event()
        threading.Thread(target=self._read, args=(db, passphrase), name="kept-list", daemon=True).start()

    def _read(self, db: str, passphrase: str | None) -> None:
        try:
            if "://" not in db:  # first the passphrase's scrypt, which lets Qt's start run meanwhile
                from dialogue_desktop.core.store.key_file import derive_ahead

                derive_ahead(Path(db), passphrase)
            from dialogue_desktop.core.store.list_snapshot import read_at_start

            self._kept = read_at_start(db, passphrase)
        except Exception:  # noqa: BLE001 - only the head start is lost; opening the database says what is wrong
            log.info("the kept dialogue list could not be read", exc_info=True)
        finally:
            self._done.set()

    def result(self) -> FirstList | None:
        """The kept list, or None (waits for the reading)."""
        self._done.wait()
        return self._kept


def read_kept_list(db: str, passphrase: str | None = None) -> KeptListReading:
    """Start reading the dialogue list kept at the last close (call it first thing, before Qt starts)."""
    return KeptListReading(db, passphrase)


def _database_name(db: str) -> str:
    """How the status bar names a database: its file name, or a server URL without the password."""
    if "://" in db:
        return db.split("@")[-1]
    return Path(db).name


def run(db: str | None, *, smoke_test: bool = False, passphrase: str | None = None) -> int:
    """Show the main window and open the store; with `smoke_test` visit every page headless and exit.

    A locked database is unlocked with `passphrase` (or the environment's), else the app asks for it.

    Returns the exit status: 0, or 1 when the database cannot be opened (message shown or printed).
    """
    from dialogue_desktop.core.paths import default_database

    db = str(db or default_database())
    kept = read_kept_list(db, passphrase)  # while Qt starts
    app = ensure_app(headless=smoke_test)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dialogue_desktop.core.i18n import _
    from dialogue_desktop.core.logs import setup_logging
    from dialogue_desktop.gui.errors import install_excepthook

    assert isinstance(app, QApplication)
    setup_logging()
    if not smoke_test:
        install_excepthook()
    failure: list[str] = []

    def cannot_open(error: BaseException) -> None:
        failure.append(_open_error_message(error))
        if smoke_test:
            sys.stderr.write(failure[0] + "\n")
        else:
            QMessageBox.critical(window, _("Dialogue Desktop"), failure[0])
        app.exit(1)

    def place() -> None:
        if not smoke_test:  # at once: the page's first read goes before the status bar's and the badges'
            window.restore_place()
        QTimer.singleShot(0, opened)

    def opened() -> None:
        if smoke_test:
            app.exit(smoke(window))
            return
        if not window.ctx.store.facilitator_id:
            from dialogue_desktop.gui.pages.first_run import FirstRunDialog

            FirstRunDialog(window.ctx, window).exec()
            window.refresh_device()

    from dialogue_desktop.gui.widgets import dialogs

    asking = None if smoke_test else dialogs.ask_passphrase
    window = open_window(db, cannot_open, passphrase=passphrase, ask_passphrase=asking, kept=kept)
    # After the worker's delivery has returned: the smoke test and the first-run dialog run event loops.
    window.ready.connect(place)
    status = app.exec()
    window.dispose()
    close(window, keep_list=not failure)
    return 1 if failure else int(status)


def close(window: MainWindow, *, keep_list: bool = True) -> None:
    """Stop the worker and close the store; with `keep_list`, keep the dialogue list sealed beside a
    SQLite database for the next start (core/store/list_snapshot.py)."""
    worker = window.ctx.worker
    kept = None
    if keep_list and window.ctx.is_open and window.ctx.store.path is not None:
        from dialogue_desktop.gui.operations import window as window_ops

        try:
            kept = window_ops.gather_kept_list().wait(worker)
        except Exception:  # noqa: BLE001 - only the next start's head start is lost
            log.warning("the dialogue list could not be read for the next start", exc_info=True)
    worker.stop()
    if window.ctx.is_open:
        store = window.ctx.store
        store.close()
        if kept is not None and store.path is not None and store.key is not None:
            from dialogue_desktop.core.store import list_snapshot

            list_snapshot.keep(store.path, store.key, kept)


def _open_error_message(error: BaseException) -> str:
    """What to tell the facilitator when the database cannot be opened (never a traceback)."""
    from dialogue_desktop.core.i18n import _
    from dialogue_desktop.core.services.errors import UserError
    from dialogue_desktop.core.store.schema import SchemaError

    if isinstance(error, UserError):
        return error.text()
    if isinstance(error, SchemaError):
        return _schema_message(error)
    log.error("could not open the database", exc_info=error)
    return _(
        "This file cannot be opened as a Dialogue Desktop database. Choose another file, or ask for a backup."
    )


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
    return (
        _(message)
        if message in known
        else _("This database cannot be opened: {reason}").format(reason=message)
    )


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
    worker = window.ctx.worker
    # A failed operation would show a message box and wait for a click that never comes: record it instead.
    worker.default_failure = lambda error: failures.append(f"operation failed: {error!r}")
    try:
        window.show()
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
        window.close()  # run() disposes of it and stops the worker, after keeping the list
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
