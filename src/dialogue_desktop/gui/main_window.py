"""The main window: navigation with badges, the pages, the search box, the language switch and the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import (
    LANGUAGES,
    _,
    current_language,
    format_number,
    on_language_changed,
    set_language,
)
from dialogue_desktop.gui.context import AppContext, DeviceInfo
from dialogue_desktop.gui.errors import show_error
from dialogue_desktop.gui.operations import window as window_ops
from dialogue_desktop.gui.page_factories import PAGE_TITLES, page_factories
from dialogue_desktop.gui.page_set import PageSet
from dialogue_desktop.gui.pages.base import Page
from dialogue_desktop.gui.qt_i18n import install_qt_translator
from dialogue_desktop.gui.status_line import StatusLine
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.top_search import TopSearch
from dialogue_desktop.gui.topics import Topic

if TYPE_CHECKING:
    from dialogue_desktop.core.services.global_search import Found
    from dialogue_desktop.core.store.list_snapshot import FirstList

log = logging.getLogger(__name__)

BACKUP_CHECK_MS = 60 * 60 * 1000  # the daily backup is checked every hour while the app is open
BACKUP_FIRST_CHECK_MS = 3000  # and once just after the start, when the window is already usable


class MainWindow(QMainWindow):
    """Navigation on the left, the current page on the right, the status bar below.

    The window can be shown before its database is open (the app's start): it then shows the navigation
    and "Opening the database…"; once the worker has opened it, `database_opened` builds the page to be
    shown first, and every other page is built when it is first visited.
    """

    #: Emitted after the language changed and every label was re-translated.
    retranslated = Signal()
    #: Emitted once the pages are built over the open database.
    ready = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.resize(1280, 800)
        ctx.worker.default_failure = lambda error: show_error(error, self)
        self._unsubscribe: Callable[[], None] = on_language_changed(self._language_changed)
        #: Every page by key once the database is open; each is built when first shown (a faster start).
        self.pages = PageSet(self._page_built)
        self._counts: dict[str, int] = {}
        self._wanted_page = ""  # a page chosen while the database was still opening
        #: The dialogue list built from the list kept at the last close, before the database was open.
        self._kept_page: Page | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_topbar())
        body = QHBoxLayout()
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(250)
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stack = QStackedWidget()
        body.addWidget(self.nav)
        page_box = QVBoxLayout()
        page_box.setContentsMargins(16, 12, 16, 8)
        page_box.addWidget(self.stack)
        body.addLayout(page_box, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.status_line = StatusLine(self.statusBar(), ctx)
        self.opening: QLabel | None = QLabel()  # shown until the database is open
        self.opening.setObjectName("opening")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)
        for key in PAGE_TITLES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)
        for row in range(len(PAGE_TITLES)):
            shortcut = QShortcut(QKeySequence(f"Alt+{row + 1}"), self)
            shortcut.activated.connect(lambda row=row: self._go_to(row))
        if ctx.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromHex(ctx.settings.window_geometry.encode()))
        self.retranslate_ui()
        if ctx.is_open:
            self.database_opened()

    def database_opened(self) -> None:
        """Build the first page over the now open database and start the status bar's and badges' updates."""
        factories = page_factories(
            self.ctx, on_unconfirmed=self._set_unconfirmed, open_dialogue=self.open_dialogue
        )
        kept = self._kept_page
        if kept is not None:
            factories[kept.key] = lambda: kept
        self.pages.offer(factories)
        self.pages[self._first_page()]  # the others are built when first visited
        if kept is not None:
            kept.database_opened()  # type: ignore[attr-defined]
        if self.opening is not None:
            self.stack.removeWidget(self.opening)
            self.opening.deleteLater()
            self.opening = None
        self.ctx.worker.changed.connect(self._data_changed)
        self.ctx.worker.finished.connect(self._update_saved)
        self.search.start(self.ctx)
        self.about_button.setEnabled(True)  # it names the database and its folders
        self.retranslate_ui()
        # Ready first: the page shown then queues its read before the status bar's and the badges'.
        self.ready.emit()
        self.refresh_device()
        self.refresh_badges()
        self.refresh_sync_count()
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.start()
        QTimer.singleShot(BACKUP_FIRST_CHECK_MS, self.backup_if_due)

    # --- building ------------------------------------------------------------------------------------

    def _build_topbar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("topbar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(8, 6, 8, 6)
        self.app_title = QLabel()
        self.app_title.setObjectName("appTitle")
        layout.addWidget(self.app_title)
        layout.addStretch(1)
        self.search = TopSearch()
        self.search.picked.connect(self._open_found)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.search.focus_and_select)
        layout.addWidget(self.search, 2)
        layout.addStretch(1)
        self.about_button = QPushButton()
        self.about_button.setObjectName("langButton")
        # Never focused: Space or Enter meant for a field must not open a dialog or switch the language.
        self.about_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.about_button.clicked.connect(self.show_about)
        self.about_button.setEnabled(False)  # until the database is open
        layout.addWidget(self.about_button)
        self.language_buttons = QButtonGroup(self)
        for code in LANGUAGES:
            button = QPushButton(LANGUAGES[code] if code == "km" else "EN")
            button.setObjectName("langButton")
            button.setCheckable(True)
            button.setProperty("language", code)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, code=code: self.switch_language(code))
            self.language_buttons.addButton(button)
            layout.addWidget(button)
        return bar

    def show_kept_list(self, first: FirstList | None) -> bool:
        """The dialogue list kept at the last close, shown at once while the database opens, when the
        start shows the list (not another page, nor a dialogue reopened). True when it was shown."""
        if first is None or self.pages or self._first_page() != "dialogues" or self.ctx.settings.dialogue_id:
            return False
        from dialogue_desktop.gui.pages.dialogues import DialoguesPage

        page = DialoguesPage(self.ctx, self.stack)  # built in place: no second pass over its widgets
        page.show_kept(first.ids, first.rows)
        self._kept_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.nav.setCurrentRow(list(PAGE_TITLES).index(page.key))  # noted as the page wanted first
        page.focus_first_field()
        return True

    def _first_page(self) -> str:
        """The key of the page shown first: chosen while the database was opening, else the last one."""
        wanted = self._wanted_page or self.ctx.settings.page
        return wanted if wanted in PAGE_TITLES else next(iter(PAGE_TITLES))

    def _page_built(self, page: Page) -> None:
        """A page was just built (at the start or at its first visit): into the stack, up to date."""
        if self.stack.indexOf(page) < 0:  # the kept dialogue list is in it already
            self.stack.addWidget(page)
        if self.ctx.device.name or self.ctx.device.province_code:  # read already: it missed the notice
            page.device_changed()

    # --- navigation ----------------------------------------------------------------------------------

    def show_page(self, key: str) -> Page:
        """Make the page with this key the visible one (the database must be open)."""
        keys = list(PAGE_TITLES)
        row = keys.index(key) if key in keys else 0
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._nav_changed(row)
        return self.pages[keys[row]]

    def _go_to(self, row: int) -> None:
        """Alt+1…6: show that page with the focus on its first field."""
        self.nav.setCurrentRow(row)
        if self.pages:
            self.current_page().focus_first_field()

    def current_page(self) -> Page:
        """The visible page."""
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        if not self.pages:  # still opening: that page is shown once the database is open
            self._wanted_page = list(PAGE_TITLES)[row]
            return
        page = self.pages[list(PAGE_TITLES)[row]]  # built now at its first visit
        self.stack.setCurrentWidget(page)
        page.page_shown()
        if not self.nav.hasFocus():  # arrowing through the navigation keeps the focus there
            page.focus_first_field()
        if self.ctx.settings.page != page.key:
            self.ctx.settings.update(page=page.key)

    def show_about(self) -> None:
        """Version, data folder, database and licence notices."""
        from dialogue_desktop.gui.about import AboutDialog

        AboutDialog(self.ctx.store, self).exec()

    def open_dialogue(self, dialogue_id: str, tab: str | None = None) -> None:
        """Show a dialogue's workspace (from a report's records, the search box...), on the named tab."""
        from dialogue_desktop.gui.pages.dialogues import DialoguesPage

        page = self.show_page("dialogues")
        assert isinstance(page, DialoguesPage)
        page.open_dialogue(dialogue_id, page.tab_index(tab) if tab else None)

    def _open_found(self, hit: Found) -> None:
        """A hit picked in the search box: its dialogue (on the Actions tab for an action), person or
        organisation."""
        if hit.kind == "dialogue":
            self.open_dialogue(hit.id)
        elif hit.kind == "action" and hit.dialogue_id:
            self.open_dialogue(hit.dialogue_id, tab="actions")
        elif hit.kind in ("participant", "organisation"):
            from dialogue_desktop.gui.pages.participants import ParticipantsPage

            page = self.show_page("participants")
            assert isinstance(page, ParticipantsPage)
            if hit.kind == "participant":
                page.open_person(hit.id, pick(hit.name_km, hit.name_en))
            else:
                page.open_organisation(pick(hit.name_en, hit.name_km))

    def restore_place(self) -> None:
        """Reopen the page (and dialogue) the facilitator had open last time (unless another page was
        chosen while the database was opening)."""
        page = self.show_page(self._wanted_page or self.ctx.settings.page)
        restore = getattr(page, "restore_place", None)
        if restore is not None:
            restore()
        page.focus_first_field()

    # --- language ------------------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Switch the language at run time and remember it."""
        if code != current_language():
            set_language(code)  # notifies _language_changed
        self.ctx.settings.update(language=code)

    def _language_changed(self, _code: str) -> None:
        install_qt_translator()  # Qt's own texts: standard buttons re-translate on LanguageChange
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every visible label again, in the current language."""
        self.setWindowTitle(_("Dialogue Desktop"))
        self.app_title.setText(_("Dialogue Desktop"))
        self.about_button.setText(_("About"))
        self.search.retranslate_ui()
        for button in self.language_buttons.buttons():
            button.setChecked(button.property("language") == current_language())
        if self.opening is not None:
            self.opening.setText(_("Opening the database…"))
        for page in self.pages.built():  # a page built later is built in the current language
            page.retranslate_ui()
        self._update_nav_texts()
        self._update_status_texts()
        self.retranslated.emit()

    def _update_nav_texts(self) -> None:
        for row, key in enumerate(PAGE_TITLES):
            title = self.pages[key].title() if self.pages.is_built(key) else _(PAGE_TITLES[key])
            badge = self.badge(key)
            self.nav.item(row).setText(f"{title}   {badge}" if badge else title)

    # --- status bar and badges -----------------------------------------------------------------------

    def refresh_device(self) -> None:
        """Read this device's name and province again (after first run or settings)."""

        def done(info: DeviceInfo) -> None:
            self.ctx.device = info
            self._update_status_texts()
            for page in self.pages.built():  # one built later reads ctx.device then
                page.device_changed()

        window_ops.read_device(self.ctx.store.facilitator_id).success(done).run(self.ctx.worker)

    def _update_status_texts(self) -> None:
        self.status_line.update_texts(pages_built=bool(self.pages))

    def refresh_sync_count(self) -> None:
        """Count the changes the central office has not confirmed yet (status bar and Sync badge)."""
        window_ops.unconfirmed_changes().success(self._set_unconfirmed).run(self.ctx.worker)

    def _set_unconfirmed(self, count: int | None) -> None:
        self.status_line.unconfirmed = count
        self._update_status_texts()
        self._update_nav_texts()

    def backup_if_due(self) -> None:
        """The daily automatic backup while the app stays open (checked every hour, on the worker)."""
        window_ops.backup_if_due().run(self.ctx.worker)

    def _update_saved(self) -> None:
        self.status_line.update_saved(pages_built=bool(self.pages))

    def _data_changed(self, changed: frozenset[Topic]) -> None:
        self.refresh_sync_count()  # every write is a change not yet confirmed
        if changed & {Topic.ACTIONS, Topic.DIALOGUES}:
            self.refresh_badges()
        if Topic.SETTINGS in changed:
            self.refresh_device()

    def refresh_badges(self) -> None:
        """Count what needs attention: dialogues, overdue actions."""
        window_ops.badge_counts().success(self._set_badges).run(self.ctx.worker)

    def _set_badges(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self._update_nav_texts()

    def badge(self, key: str) -> str:
        """The badge shown beside a page's name ("" when none), in the current language's digits."""
        if key == "dialogues" and self._counts.get("dialogues"):
            return format_number(self._counts["dialogues"])
        if key == "actions" and self._counts.get("overdue"):
            return f"{format_number(self._counts['overdue'])} ⚠"
        unconfirmed = self.status_line.unconfirmed
        if key == "sync" and unconfirmed and unconfirmed > 0:
            return f"{format_number(unconfirmed)} ↑"
        return ""

    # --- closing -------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        for page in self.pages.built():
            leave = getattr(page, "commit_edits", None)
            if leave is not None:
                leave()
        self.ctx.settings.update(window_geometry=bytes(self.saveGeometry().toHex().data()).decode())
        self._unsubscribe()
        super().closeEvent(event)

    def dispose(self) -> None:
        """Stop listening to language changes (tests make many windows)."""
        self._unsubscribe()
        for page in self.pages.built():
            dispose = getattr(page, "dispose", None)
            if dispose is not None:
                dispose()
