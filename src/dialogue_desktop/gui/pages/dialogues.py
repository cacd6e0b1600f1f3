"""Dialogues: the list (search, filters, sorting; fast on thousands) and, when one is opened, its workspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.dialogue_list import (
    DialogueFilters,
    DialogueRow,
    DialogueSort,
    DialogueSortKey,
)
from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus
from dialogue_desktop.core.i18n import N_, _, current_language, format_date, format_number, n_
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.places import provinces
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, IdListModel
from dialogue_desktop.gui.operations import dialogue_list as dialogue_ops
from dialogue_desktop.gui.pages.base import Page, first_focusable, heading
from dialogue_desktop.gui.text import split_by_script
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.dates import DateEdit
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, member_of
from dialogue_desktop.gui.widgets.table import make_table, stretch

# Periods of the filter: (msgid, function of today → (from, to)).
PERIODS: list[tuple[str, Callable[[date], tuple[date | None, date | None]]]] = [
    (N_("Any time"), lambda today: (None, None)),
    (N_("Coming"), lambda today: (today, None)),
    (N_("Last 30 days"), lambda today: (today - timedelta(days=30), today)),
    (N_("This year"), lambda today: (date(today.year, 1, 1), date(today.year, 12, 31))),
    (N_("Last year"), lambda today: (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
]

# Columns and the sort key each column header sorts by.
SORT_KEYS = [DialogueSortKey.DATE, DialogueSortKey.TITLE, None, DialogueSortKey.PROVINCE, DialogueSortKey.STATUS,
             DialogueSortKey.ATTENDANCE, None]  # fmt: skip


def dialogue_columns() -> list[Column[DialogueRow]]:
    return [
        Column(N_("Date"), lambda r: format_date(r.date, style="short")),
        Column(N_("Title"), lambda r: r.title()),
        Column(N_("Kind"), lambda r: _(r.kind.label)),
        Column(
            N_("Province"), lambda r: r.province_name_km if current_language() == "km" else r.province_name_en
        ),
        Column(N_("Status"), lambda r: _(r.status.label)),
        Column(N_("Attendance"), lambda r: format_number(r.attendance_count), align_right=True),
        Column(N_("Actions"), lambda r: format_number(r.actions_count), align_right=True),
    ]


class NewDialogueBar(QWidget):
    """Kind, title, date, province → Enter creates the dialogue and opens it."""

    created = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.kind = EnumCombo(DialogueKind)
        self.kind.set_value(DialogueKind.PROVINCIAL)
        self.title = QLineEdit()
        self.title.returnPressed.connect(self.submit)
        self.date = DateEdit(QDate.currentDate())
        self.province = QComboBox()
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.submit)
        row.addWidget(self.kind)
        row.addWidget(self.title, 2)
        row.addWidget(self.date)
        row.addWidget(self.province, 1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.kind.retranslate_ui()
        self.title.setPlaceholderText(_("Title of a new dialogue"))
        self.create_button.setText(_("Create"))
        current = self.province.currentData() or self.ctx.device.province_code
        self.province.clear()
        self.province.addItem(_("Province…"), None)
        for place in provinces():
            self.province.addItem(place.name(), place.code)
        self.province.setCurrentIndex(max(self.province.findData(current), 0))

    def show_device_province(self) -> None:
        """The laptop's province was read: new dialogues start there unless another was chosen."""
        if self.province.currentData() is None and self.ctx.device.province_code:
            self.province.setCurrentIndex(max(self.province.findData(self.ctx.device.province_code), 0))

    def submit(self) -> None:
        from dialogue_desktop.core.services.dialogues import DialogueInput  # loaded once the database is

        title_km, title_en = split_by_script(self.title.text())
        data = DialogueInput(
            kind=self.kind.value(),
            title_km=title_km,
            title_en=title_en,
            date=self.date.date().toPython(),  # type: ignore[arg-type]
            province_code=self.province.currentData(),  # none: the laptop's, read by the worker
        )

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.error.show_text(error.text())
            else:
                self.ctx.worker.show_failure(error, self.error)

        def done(new_id: str) -> None:
            self.title.clear()
            self.error.show_text("")
            self.created.emit(new_id)

        dialogue_ops.create_here(data).success(done).failure(failed).run(self.ctx.worker)


class DialogueList(QWidget):
    """The searchable, filterable, sortable list of dialogues."""

    opened = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sort = DialogueSort()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        layout.addWidget(self.heading)
        self.new_bar = NewDialogueBar(ctx)
        self.new_bar.created.connect(self.opened)
        layout.addWidget(self.new_bar)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.period = QComboBox()
        self.province = QComboBox()
        self.kind = EnumCombo(DialogueKind, empty=N_("Every kind"))
        self.status = EnumCombo(DialogueStatus, empty=N_("Every status"))
        for combo in (self.period, self.province, self.kind, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        filters.addWidget(self.search, 2)
        filters.addWidget(self.period)
        filters.addWidget(self.province)
        filters.addWidget(self.kind)
        filters.addWidget(self.status)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self._check_printed_copy)
        filters.addWidget(self.verify_button)
        layout.addLayout(filters)
        self.count = QLabel()
        self.count.setObjectName("quiet")
        layout.addWidget(self.count)
        self.model: IdListModel[DialogueRow] = IdListModel(
            ctx.worker, dialogue_columns(), dialogue_ops.rows, lambda r: r.id, self
        )
        self.table = make_table(self)
        self.table.setModel(self.model)
        stretch(self.table, 1, fit_others=False)
        for column, width in enumerate((9, 0, 14, 10, 11, 7, 7)):
            if width:
                self.table.setColumnWidth(column, self.fontMetrics().horizontalAdvance("0") * width + 24)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._header_clicked)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        self._retranslate_own()  # the new-dialogue bar translated itself

    def retranslate_ui(self) -> None:
        self.new_bar.retranslate_ui()
        self._retranslate_own()

    def _retranslate_own(self) -> None:
        self.heading.setText(_("Dialogues"))
        self.search.setPlaceholderText(_("Search titles and venues…"))
        self.verify_button.setText(_("Check a printed copy"))
        for combo, items in (
            (self.period, [(_(label), n) for n, (label, _f) in enumerate(PERIODS)]),
            (self.province, [(_("Every province"), None)] + [(p.name(), p.code) for p in provinces()]),
        ):
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(current, 0))
            combo.blockSignals(False)
        self.kind.retranslate_ui()
        self.status.retranslate_ui()
        self.model.retranslate()
        self._show_count()

    def filters(self) -> DialogueFilters:
        start, end = PERIODS[max(self.period.currentIndex(), 0)][1](date.today())
        kind, status = self.kind.value(), self.status.value()
        return DialogueFilters(
            text=self.search.text(),
            date_from=start,
            date_to=end,
            province_code=self.province.currentData(),
            kind=member_of(DialogueKind, kind) if kind else None,
            status=member_of(DialogueStatus, status) if status else None,
        )

    def reload(self, keep_cache: bool = True) -> None:
        """Ask for the ordered ids again; rows come as they are shown."""
        dialogue_ops.ids(self.filters(), self.sort).success(lambda ids: self._show_ids(ids, keep_cache)).run(
            self.ctx.worker
        )

    def show_kept(self, ids: list[str], rows: list[DialogueRow]) -> None:
        """The list kept at the last close, shown while the database opens (then read again quietly)."""
        self.model.remember_rows(rows)
        self._show_ids(ids, keep_cache=True)

    def _show_ids(self, ids: list[str], keep_cache: bool) -> None:
        selected = self.selected_id()
        self.model.set_ids(ids, keep_cache=keep_cache)
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        self._show_count()

    def _show_count(self) -> None:
        n = len(self.model.ids)
        self.count.setText(n_("{n} dialogue", "{n} dialogues", n).format(n=format_number(n)))

    def _header_clicked(self, section: int) -> None:
        key = SORT_KEYS[section] if section < len(SORT_KEYS) else None
        header = self.table.horizontalHeader()
        if key is None:
            header.setSortIndicator(SORT_KEYS.index(self.sort.key), self._order())
            return
        descending = (
            not self.sort.descending
            if key == self.sort.key
            else key in (DialogueSortKey.DATE, DialogueSortKey.ATTENDANCE)
        )
        self.sort = DialogueSort(key, descending)
        header.setSortIndicator(section, self._order())
        self.reload()

    def _order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self.sort.descending else Qt.SortOrder.AscendingOrder

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _check_printed_copy(self) -> None:
        if not self.ctx.is_open:  # the list kept from the last session shows while the database opens
            return
        from dialogue_desktop.gui.pages.verify_copy import open_verify_copy

        open_verify_copy(self.ctx, self)

    def _activated(self, index: QModelIndex) -> None:
        dialogue_id = self.model.id_at(index.row())
        if dialogue_id:
            self.opened.emit(dialogue_id)


class DialoguesPage(Page):
    """The list, or the workspace of the dialogue opened from it."""

    key = "dialogues"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        self.list = DialogueList(ctx)
        self.stack.addWidget(self.list)
        layout.addWidget(self.stack)
        self.list.opened.connect(self.open_dialogue)
        self._workspace: Any = None
        #: A dialogue was just opened: its tab's first field takes the focus once it is loaded.
        self._focus_when_loaded = False
        #: A dialogue chosen in the kept list while the database was still opening: opened once it is.
        self._open_when_ready: tuple[str, int | None] | None = None

    @property
    def workspace(self) -> Any:
        """The dialogue workspace, built when first needed (its tabs are many: a faster start)."""
        if self._workspace is None:
            from dialogue_desktop.gui.pages.workspace import DialogueWorkspace

            self._workspace = DialogueWorkspace(self.ctx)
            self.stack.addWidget(self._workspace)
            self._workspace.closed.connect(self.show_list)
            self._workspace.loaded.connect(self._loaded)
            self._workspace.tabs.currentChanged.connect(self._tab_changed)
        return self._workspace

    def first_field(self) -> QWidget | None:
        if self.stack.currentWidget() is self.list:
            return self.list.new_bar.title
        tab = self.workspace.tabs.currentWidget()
        chooser = getattr(tab, "first_field", None)  # the tabs that name theirs, else the first in Tab order
        return chooser() if callable(chooser) else first_focusable(tab)

    def device_changed(self) -> None:
        self.list.new_bar.show_device_province()

    def _loaded(self) -> None:
        if self._focus_when_loaded and self.isVisible():
            self._focus_when_loaded = False
            self.focus_first_field()

    def _tab_changed(self, _index: int) -> None:
        if self.isVisible() and not self.workspace.tabs.tabBar().hasFocus():  # arrowing through the tabs
            self.focus_first_field()

    def title(self) -> str:
        return _("Dialogues")

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.DIALOGUES, Topic.DETAILS, Topic.ATTENDANCE, Topic.ACTIONS})

    def retranslate_ui(self) -> None:
        self.list.retranslate_ui()
        if self._workspace is not None:
            self._workspace.retranslate_ui()

    def is_showing(self) -> bool:
        # The list is what reloads: while a dialogue is open it waits until the list is shown again.
        return self.isVisible() and self.stack.currentWidget() is self.list

    def reload(self) -> None:
        self.list.model.invalidate()
        self.list.reload()

    def show_kept(self, ids: list[str], rows: list[DialogueRow]) -> None:
        """Show the list kept at the last close while the database opens (see `database_opened`)."""
        self.list.show_kept(ids, rows)

    def database_opened(self) -> None:
        """The database the kept list came from is open: read the ids again, quietly (the rows shown are
        current: the kept list is used only when the database did not change since), and open the dialogue
        chosen meanwhile."""
        self.freshness.fresh()
        self.list.reload()
        if self._open_when_ready is not None:
            self.open_dialogue(*self._open_when_ready)
            self._open_when_ready = None

    def open_dialogue(self, dialogue_id: str, tab: int | None = None) -> None:
        """Show this dialogue's workspace (and remember it for the next start)."""
        if not self.ctx.is_open:
            self._open_when_ready = (dialogue_id, tab)
            return
        self._focus_when_loaded = True
        self.workspace.load(dialogue_id, tab)
        self.stack.setCurrentWidget(self.workspace)
        self.ctx.settings.update(dialogue_id=dialogue_id)

    def tab_index(self, name: str) -> int | None:
        """The index of a workspace tab by name ("actions", "attendance"...), None when there is none."""
        tab = getattr(self.workspace, {"actions": "actions_tab"}.get(name, name), None)
        return self.workspace.tab_widgets.index(tab) if tab in self.workspace.tab_widgets else None

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.freshness.shown()
        self.ctx.settings.update(dialogue_id="")
        self.list.table.setFocus()

    def restore_place(self) -> None:
        if self.ctx.settings.dialogue_id:
            self.open_dialogue(self.ctx.settings.dialogue_id, self.ctx.settings.dialogue_tab)

    def open_first_dialogue(self) -> bool:
        """Open the first dialogue of the list (smoke test, screenshots); False when there is none."""
        ids = dialogue_ops.first_ids(1).wait(self.ctx.worker)
        if not ids:
            return False
        self.open_dialogue(ids[0], 0)
        return True

    def visit_every_tab(self, wait: Callable[[], Any]) -> None:
        """Show each tab of the open workspace in turn (smoke test)."""
        for index in range(self.workspace.tabs.count()):
            self.workspace.tabs.setCurrentIndex(index)
            wait()

    def commit_edits(self) -> None:
        if self._workspace is not None:
            self._workspace.commit_edits()

    def dispose(self) -> None:
        if self._workspace is not None:
            self._workspace.dispose()
