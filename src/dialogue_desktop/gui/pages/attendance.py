"""Attendance at the door: type a few letters, Enter registers; Ctrl+N adds a new person inline.

Everything stays on the keyboard and nothing is modal: ↑↓ pick among the matches, Enter registers,
Ctrl+N opens the short form for a new person (Tab between fields, Enter saves and returns to the name),
Escape closes it, Ctrl+Z removes the last arrival. Counts update as people arrive. A possible duplicate
shows as a quiet line under the form. Counts-only dialogues show spin boxes instead. The form is
`widgets/new_person_form.py`, the counts `widgets/door_counts.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import OrganisationKind
from dialogue_desktop.core.i18n import _, format_number
from dialogue_desktop.core.services import participants as participant_service
from dialogue_desktop.core.services.attendance import AttendanceRow
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.participants import ParticipantHit
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.latest import LatestSearch
from dialogue_desktop.gui.models.id_list import ListModel
from dialogue_desktop.gui.operations import attendance as attendance_ops
from dialogue_desktop.gui.operations import participants as participant_ops
from dialogue_desktop.gui.operations.attendance import DoorState
from dialogue_desktop.gui.pages.base import first_focusable
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.text import both
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import list_import
from dialogue_desktop.gui.widgets.door_counts import Counts, TallyForm
from dialogue_desktop.gui.widgets.door_rows import arrival_columns, hit_text
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.widgets.new_person_form import NewPersonForm
from dialogue_desktop.gui.widgets.table import make_table, stretch

NEW_PERSON = "__new__"


class AttendanceTab(WorkspaceTab):
    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.ATTENDANCE, Topic.PARTICIPANTS, Topic.ORGANISATIONS})

    #: Emitted after the door's counts and arrivals were shown (tests wait on it).
    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: DoorState | None = None
        self.hits: list[ParticipantHit] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.counts = Counts()
        self.tally_only = QCheckBox()
        self.tally_only.clicked.connect(self._tally_toggled)
        top.addWidget(self.counts, 1)
        top.addWidget(self.tally_only, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.modes = QStackedWidget()
        layout.addWidget(self.modes, 1)

        self.door = door = QWidget()
        door_layout = QVBoxLayout(door)
        door_layout.setContentsMargins(0, 0, 0, 0)
        name_row = QHBoxLayout()
        self.name_label = QLabel()
        self.name_label.setObjectName("subheading")
        self.search = QLineEdit()
        self.search.setObjectName("nameSearch")
        self._searches = LatestSearch(ctx, participant_service.search_participants, self._show_hits, 8)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)
        self.name_label.setBuddy(self.search)
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.search, 1)
        self.import_button = QPushButton()  # an invitation or attendance list, from a file
        self.import_button.clicked.connect(self.import_list)
        name_row.addWidget(self.import_button)
        door_layout.addLayout(name_row)
        self.matches = QListWidget()
        self.matches.setObjectName("matches")
        self.matches.setMaximumHeight(self.fontMetrics().height() * 9)
        self.matches.itemActivated.connect(lambda _item: self._enter())
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        door_layout.addWidget(self.matches)
        self.form = NewPersonForm()
        self.form.hide()
        self.form.saved.connect(self._save_new)
        self.form.cancelled.connect(self._close_form)
        self.form.duplicate_chosen.connect(self._register_duplicate)
        self.form.name_km.editingFinished.connect(self._check_duplicates)
        self.form.name_latin.editingFinished.connect(self._check_duplicates)
        self.form.phone.editingFinished.connect(self._check_duplicates)
        door_layout.addWidget(self.form)
        self.message = ErrorLabel()
        door_layout.addWidget(self.message)
        self.recent_label = QLabel()
        self.recent_label.setObjectName("quiet")
        door_layout.addWidget(self.recent_label)
        self.arrivals: ListModel[AttendanceRow] = ListModel(arrival_columns(), self)
        self.table = make_table(self)
        self.table.setModel(self.arrivals)
        stretch(self.table, 1)
        door_layout.addWidget(self.table, 1)
        self.modes.addWidget(door)
        self.tally = TallyForm(self)
        self.tally.count_left.connect(self.save_tally)
        self.modes.addWidget(self.tally)

        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.new_person)
        QShortcut(QKeySequence("Ctrl+Z"), self).activated.connect(self.undo_last_arrival)
        QShortcut(QKeySequence(list_import.IMPORT_SHORTCUT), self).activated.connect(self.import_list)
        self._choices_loaded = False
        self.retranslate_ui()

    def tab_title(self) -> str:
        total = self.counts.counts.total
        return _("Attendance {n}").format(n=format_number(total)) if total else _("Attendance")

    def retranslate_ui(self) -> None:
        self.name_label.setText(_("Name"))
        self.search.setPlaceholderText(_("Type a few letters of the name, in Khmer or Latin letters"))
        self.tally_only.setText(_("Counts only"))
        self.recent_label.setText(_("Recent arrivals, newest first — Ctrl+Z removes the last arrival"))
        self.import_button.setText(_(list_import.IMPORT_BUTTON))
        self.form.retranslate_ui()
        self.tally.retranslate_ui()
        self.arrivals.retranslate()
        self.counts.show_counts(self.counts.counts)
        self._show_matches()

    # --- loading -------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.dialogue is None:
            return
        attendance_ops.read_door(self.dialogue.id).success(self._show_state).run(self.ctx.worker)
        if self.isVisible():
            self._warm_search()
        if not self._choices_loaded or self.form.isHidden():
            attendance_ops.read_form_choices().success(self._show_choices).run(self.ctx.worker)

    def _show_choices(self, choices: dict[str, list[tuple[str, str, str]]]) -> None:
        self._choices_loaded = True
        self.form.set_choices(choices, self.form.organisation_id() or self.ctx.settings.last_organisation_id)

    def _show_state(self, state: DoorState) -> None:
        self.state = state
        locked = self.dialogue is not None and self.dialogue.locked
        self.tally_only.setChecked(state.tally_only)
        self.tally_only.setEnabled(not locked)
        self.search.setEnabled(not locked)
        self.modes.setCurrentWidget(self.tally if state.tally_only else self.door)
        self.counts.show_counts(state.counts)
        self.tally.show_counts(state.counts)
        self.tally.setEnabled(not locked)
        newest_first = sorted(
            state.arrivals, key=lambda r: (r.arrived_at is not None, r.arrived_at or 0), reverse=True
        )
        self.arrivals.set_rows(newest_first)
        self._update_tab_title()
        self.refreshed.emit()

    def _update_tab_title(self) -> None:
        tabs = self.parent()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parent()
        if isinstance(tabs, QTabWidget):
            index = tabs.indexOf(self)
            if index >= 0:
                tabs.setTabText(index, self.tab_title())

    # --- typing a name -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(self.matches.currentRow() + step, 0), self.matches.count() - 1)
                self.matches.setCurrentRow(row)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                return True
            if event.matches(QKeySequence.StandardKey.Undo) and not self.search.text():
                self.undo_last_arrival()  # the empty name box has nothing of its own to undo
                return True
        return super().eventFilter(watched, event)

    def _search_changed(self, text: str) -> None:
        self.message.show_text("")
        if not text.strip():
            self._searches.cancel()
            self.hits = []
            self._show_matches()
            return
        self._searches.request(text)  # text typed while a search runs is searched once it ends

    def _show_hits(self, query: str, hits: list[ParticipantHit]) -> None:
        if query != self.search.text():
            return  # an older answer: the facilitator typed on
        self.hits = hits
        self._show_matches()

    def _show_matches(self) -> None:
        self.matches.clear()
        text = self.search.text().strip()
        today = self.dialogue.date if self.dialogue is not None else date.today()
        for hit in self.hits:
            item = QListWidgetItem(hit_text(hit, today))
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.matches.addItem(item)
        if text:
            item = QListWidgetItem(_("+ New person “{name}” (Ctrl+N)").format(name=text))
            item.setData(Qt.ItemDataRole.UserRole, NEW_PERSON)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)
        self.matches.setVisible(self.matches.count() > 0)

    def _enter(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        participant_id = item.data(Qt.ItemDataRole.UserRole)
        if participant_id == NEW_PERSON:
            self.new_person()
        else:
            self.register(participant_id)

    # --- registering ---------------------------------------------------------------------------------

    def register(self, participant_id: str) -> None:
        """Register a person from the registry, then back to an empty name field."""
        if self.dialogue is None:
            return

        def done(_attendance_id: str) -> None:
            self.search.clear()
            self.search.setFocus()

        attendance_ops.register(self.dialogue.id, participant_id).success(done).shown_on(self.message).run(
            self.ctx.worker
        )

    def import_list(self) -> list_import.ListImportDialog | None:
        """Ctrl+I: the dialog that imports a CSV or XLSX list of people to register (None when locked)."""
        if self.dialogue is None or self.dialogue.locked:
            return None
        dialog = list_import.ListImportDialog(self.ctx, self.dialogue.id, self)
        dialog.imported.connect(self.message.show_text)
        dialog.open()
        return dialog

    def new_person(self) -> None:
        """Ctrl+N: the inline form, with what was typed as the name."""
        if (
            self.dialogue is None
            or (self.state is not None and self.state.tally_only)
            or self.dialogue.locked
        ):
            return
        self.form.start(self.search.text().strip(), self.ctx.settings.last_organisation_id or None)

    def _save_new(self) -> None:
        if self.dialogue is None:
            return
        data = self.form.data()
        organisation_id, new_organisation = self.form.organisation_choice()

        def done(_attendance_id: str) -> None:
            if (organisation_id or "") != self.ctx.settings.last_organisation_id:
                self.ctx.settings.update(last_organisation_id=organisation_id or "")
            self._close_form()

        def done_new(new_id: str) -> None:
            self.ctx.settings.update(last_organisation_id=new_id)
            self._close_form()
            attendance_ops.read_form_choices().success(self._show_choices).run(self.ctx.worker)

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.form.show_errors(error)
            else:
                self.ctx.worker.show_failure(error, self.message)

        if new_organisation:
            kind = self.form.new_organisation_kind.value() or OrganisationKind.OTHER.value
            attendance_ops.register_with_new_organisation(
                self.dialogue.id, data, new_organisation, kind
            ).success(done_new).failure(failed).run(self.ctx.worker)
            return
        attendance_ops.register_new_person(self.dialogue.id, data).success(done).failure(failed).run(
            self.ctx.worker
        )

    def _close_form(self) -> None:
        self.form.hide()
        self.search.clear()
        self.search.setFocus()

    def _check_duplicates(self) -> None:
        data = self.form.data()

        def show(hits: list[ParticipantHit]) -> None:
            if self.form.isVisible():
                self.form.show_duplicate(hits[0] if hits else None)

        attendance_ops.possible_duplicates(data).success(show).failure(lambda _e: None).run(self.ctx.worker)

    def _register_duplicate(self, participant_id: str) -> None:
        self.form.hide()
        self.register(participant_id)

    def undo_last_arrival(self) -> None:
        """Ctrl+Z: remove the newest arrival (registered by mistake)."""
        if not self.arrivals.rows or self.dialogue is None or self.dialogue.locked:
            return
        last = self.arrivals.rows[0]
        attendance_ops.unregister(last.attendance_id).success(
            lambda _r: self.message.show_text(
                _("Removed: {name}").format(name=both(last.name_km, last.name_latin))
            )
        ).shown_on(self.message).run(self.ctx.worker)  # e.g. approved on another laptop meanwhile

    # --- counts only ---------------------------------------------------------------------------------

    def _tally_toggled(self, on: bool) -> None:
        if self.dialogue is not None:
            attendance_ops.set_tally_only(self.dialogue.id, on).shown_on(self.message).run(self.ctx.worker)

    def save_tally(self, key: str) -> None:
        if self.dialogue is None or self.state is None or not self.state.tally_only:
            return
        value = self.tally.spins[key].value()

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.tally.error.show_text(error.text())
            else:
                self.ctx.worker.show_failure(error, self.message)

        attendance_ops.set_tally_value(self.dialogue.id, key, value).success(
            lambda _r: self.tally.error.show_text("")
        ).failure(failed).run(self.ctx.worker)

    def first_field(self) -> QWidget | None:
        """Where work continues at the door: the name box (in counts-only mode, the first count)."""
        return self.search if self.modes.currentWidget() is self.door else first_focusable(self.tally)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._warm_search()
        if self.form.isHidden():
            self.search.setFocus()

    def _warm_search(self) -> None:
        """Bring the search index up to date now (built on first use), not at the next keystroke."""
        participant_ops.warm_search().run(self.ctx.worker)
