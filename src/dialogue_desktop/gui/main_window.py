"""The main window: navigation with badges, the pages, the language switch and the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
    N_,
    _,
    current_language,
    format_date,
    format_number,
    on_language_changed,
    set_language,
)
from dialogue_desktop.gui.context import AppContext, DeviceInfo
from dialogue_desktop.gui.errors import show_error
from dialogue_desktop.gui.latest import LatestSearch
from dialogue_desktop.gui.operations import window as window_ops
from dialogue_desktop.gui.page_set import PageSet
from dialogue_desktop.gui.pages.base import Page
from dialogue_desktop.gui.qt_i18n import install_qt_translator
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import op

if TYPE_CHECKING:
    from dialogue_desktop.core.services.global_search import Found

log = logging.getLogger(__name__)

BACKUP_CHECK_MS = 60 * 60 * 1000  # the daily backup is checked every hour while the app is open
BACKUP_FIRST_CHECK_MS = 3000  # and once just after the start, when the window is already usable

#: The pages in navigation order, with their names: shown while the database is still opening.
PAGE_TITLES: dict[str, str] = {
    "dialogues": N_("Dialogues"),
    "participants": N_("Participants"),
    "actions": N_("Actions"),
    "sync": N_("Sync"),
    "reports": N_("Reports"),
    "settings": N_("Settings"),
}


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
        self._unconfirmed: int | None = None  # None: not a field laptop enrolled for sync
        self._wanted_page = ""  # a page chosen while the database was still opening
        self._everything: LatestSearch | None = None  # the search box's searches, once the database is open

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
        self._build_status_bar()
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
        self.pages.offer(self._page_factories())
        self.pages[self._first_page()]  # the others are built when first visited
        if self.opening is not None:
            self.stack.removeWidget(self.opening)
            self.opening.deleteLater()
            self.opening = None
        self.ctx.worker.changed.connect(self._data_changed)
        self.ctx.worker.finished.connect(self._update_saved)
        from dialogue_desktop.core.services.global_search import search_everything

        self._everything = LatestSearch(self.ctx, search_everything, self._show_found)
        self.search.setEnabled(True)
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
        layout.addWidget(self._build_search(), 2)
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

    def _build_search(self) -> QLineEdit:
        """The search box: dialogues, people, actions and organisations at once (Ctrl+F)."""
        self.search = QLineEdit()
        self.search.setObjectName("globalSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setEnabled(False)  # until the database is open
        self.found_model = QStandardItemModel(self)
        self.found = QCompleter(self.found_model, self)
        self.found.setWidget(self.search)
        self.found.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.found.activated[QModelIndex].connect(self._open_found)  # type: ignore[index]
        self.search.textEdited.connect(self._search_everything)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.focus_search)
        return self.search

    def focus_search(self) -> None:
        """Ctrl+F, on every page: the search box at the top, its text selected to type over."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_everything(self, text: str) -> None:
        if self._everything is None:
            return
        if text.strip():
            self._everything.request(text)
        else:
            self._everything.cancel()
            self._hide_found()

    def _show_found(self, text: str, found: list[Found]) -> None:
        if text != self.search.text():
            return
        self.found_model.clear()
        labels = {  # by `FoundKind` value
            "dialogue": _("Dialogue"), "participant": _("Person"), "action": _("Action"),
            "organisation": _("Organisation"),
        }  # fmt: skip
        for hit in found:
            parts = [labels[hit.kind]]
            if hit.when is not None:
                parts.append(format_date(hit.when, style="medium"))
            parts.append(pick(hit.name_km, hit.name_en))
            if hit.detail_km or hit.detail_en:
                parts.append(pick(hit.detail_km, hit.detail_en))
            item = QStandardItem(" · ".join(parts))
            item.setData(hit, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.found_model.appendRow(item)
        if not found:
            item = QStandardItem(_("Nothing found for “{text}”").format(text=text.strip()))
            item.setEnabled(False)
            self.found_model.appendRow(item)
        # Wider than the box: titles are long, and Khmer ones longer.
        self.found.complete(QRect(0, 0, max(self.search.width(), 720), self.search.height()))

    def _open_found(self, index: QModelIndex) -> None:
        hit = index.data(Qt.ItemDataRole.UserRole)
        if hit is None:
            return
        self._hide_found()
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

    def _hide_found(self) -> None:
        popup = self.found.popup()
        if popup is not None:
            popup.hide()

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.db_label = QLabel()
        self.db_label.setObjectName("quiet")
        self.device_label = QLabel()
        self.device_label.setObjectName("quiet")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("quiet")
        status.addWidget(self.db_label, 1)
        status.addWidget(self.device_label)
        status.addWidget(self.sync_label)
        status.addPermanentWidget(self.saved_label)

    def _first_page(self) -> str:
        """The key of the page shown first: chosen while the database was opening, else the last one."""
        wanted = self._wanted_page or self.ctx.settings.page
        return wanted if wanted in PAGE_TITLES else next(iter(PAGE_TITLES))

    def _page_built(self, page: Page) -> None:
        """A page was just built (at the start or at its first visit): into the stack, up to date."""
        self.stack.addWidget(page)
        if self.ctx.device.name or self.ctx.device.province_code:  # read already: it missed the notice
            page.device_changed()

    def _page_factories(self) -> dict[str, Callable[[], Page]]:
        """What builds each page, in navigation order (a page's module is imported when it is built)."""

        def dialogues() -> Page:
            from dialogue_desktop.gui.pages.dialogues import DialoguesPage

            return DialoguesPage(self.ctx)

        def participants() -> Page:
            from dialogue_desktop.gui.pages.participants import ParticipantsPage

            return ParticipantsPage(self.ctx)

        def actions() -> Page:
            from dialogue_desktop.gui.pages.actions import ActionsPage

            return ActionsPage(self.ctx)

        def settings() -> Page:
            from dialogue_desktop.gui.pages.settings import SettingsPage

            return SettingsPage(self.ctx)

        factories = {"dialogues": dialogues, "participants": participants, "actions": actions,
                     **self._sync_and_reports(), "settings": settings}  # fmt: skip
        assert list(factories) == list(PAGE_TITLES), "the navigation lists the pages in this order"
        return factories

    def _sync_and_reports(self) -> dict[str, Callable[[], Page]]:
        """The Sync and Reports pages: their wrappers build them when first shown (charts and crypto load
        slowest), so a visit to the window's page set alone does not build them."""
        from dialogue_desktop.gui.pages.base import LazyPage

        def sync_page(ctx: AppContext) -> Page:
            from dialogue_desktop.gui.pages.sync import SyncPage

            page = SyncPage(ctx)
            page.unconfirmed_changed.connect(self._set_unconfirmed)
            return page

        def reports_page(ctx: AppContext) -> Page:
            from dialogue_desktop.gui.pages.reports import ReportsPage

            page = ReportsPage(ctx)
            page.open_dialogue_requested.connect(self.open_dialogue)
            return page

        return {
            "sync": lambda: LazyPage(self.ctx, "sync", lambda: _("Sync"), sync_page),
            "reports": lambda: LazyPage(self.ctx, "reports", lambda: _("Reports"), reports_page),
        }

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
        self.search.setPlaceholderText(_("Search dialogues, people, actions… (Ctrl+F)"))
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
        if self.ctx.is_open:
            self.db_label.setToolTip(str(self.ctx.store.path or ""))
        self.db_label.setText(_("Database: {name}").format(name=self.ctx.database_name))
        device = self.ctx.device
        parts = [device.name]
        if device.province_code:
            from dialogue_desktop.core.services.places import place_name  # known once the database is open

            parts.append(place_name(device.province_code))
        if device.facilitator_name:
            parts.append(device.facilitator_name)
        self.device_label.setText(" · ".join(p for p in parts if p))
        self.sync_label.setText(self._unconfirmed_text())
        self._update_saved()

    def _unconfirmed_text(self) -> str:
        if self._unconfirmed is None or self._unconfirmed < 0:
            return ""
        from dialogue_desktop.gui.sync_status import unconfirmed_text

        return unconfirmed_text(self._unconfirmed)

    def refresh_sync_count(self) -> None:
        """Count the changes the central office has not confirmed yet (status bar and Sync badge)."""
        from dialogue_desktop.gui.sync_status import unconfirmed_changes

        op(unconfirmed_changes, with_store=True).success(self._set_unconfirmed).run(self.ctx.worker)

    def _set_unconfirmed(self, count: int | None) -> None:
        self._unconfirmed = count
        self._update_status_texts()
        self._update_nav_texts()

    def backup_if_due(self) -> None:
        """The daily automatic backup while the app stays open (checked every hour, on the worker)."""
        op(lambda store: store.backup_if_due(), with_store=True).run(self.ctx.worker)

    def _update_saved(self) -> None:
        if not self.pages:
            self.saved_label.setText("")
        elif self.ctx.worker.busy:
            self.saved_label.setText(_("saving…"))
        else:
            self.saved_label.setText(_("saved ✓"))

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
        if key == "sync" and self._unconfirmed and self._unconfirmed > 0:
            return f"{format_number(self._unconfirmed)} ↑"
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
