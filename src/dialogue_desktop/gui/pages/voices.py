"""Voices: who has the floor. Enter logs the named speaker; F, M, Y (with the name box empty) log an
unnamed woman, man or young person. The table compares each group's share of the floor with its share
of the room and marks who is under-heard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.i18n import N_, _, format_number, format_percent, format_time
from dialogue_desktop.core.services import participants as participant_service
from dialogue_desktop.core.services.interventions import InterventionRow, VoiceShare
from dialogue_desktop.core.services.participants import ParticipantHit
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.latest import LatestSearch
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import participants as participant_ops
from dialogue_desktop.gui.operations import voices as voice_ops
from dialogue_desktop.gui.operations.voices import VoicesState
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.text import both, pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.widgets.table import make_table, stretch

#: A group is under-heard (or over-heard) when its share of the floor differs by this much from the room's.
GAP = 0.10

UNNAMED_KEYS = {"f": (Sex.FEMALE, False), "m": (Sex.MALE, False), "y": (Sex.NOT_STATED, True)}


def gap_mark(share: VoiceShare, anyone_spoke: bool = True) -> str:
    """▼ under-heard, ▲ heard more than present, or nothing (also while nobody has spoken yet)."""
    if not anyone_spoke or (share.present == 0 and share.spoke == 0):
        return ""
    if share.spoke_share < share.present_share - GAP:
        return "▼ " + _("under-heard")
    if share.spoke_share > share.present_share + GAP:
        return "▲"
    return ""


def share_columns(anyone_spoke: Callable[[], bool]) -> list[Column[VoiceShare]]:
    return [
        Column(N_("Group"), lambda s: _(s.label)),
        Column(N_("Share of floor"), lambda s: format_percent(s.spoke_share), align_right=True),
        Column(N_("Share of room"), lambda s: format_percent(s.present_share), align_right=True),
        Column(N_("Spoke"), lambda s: format_number(s.spoke), align_right=True),
        Column("", lambda s: gap_mark(s, anyone_spoke())),
    ]


def log_columns() -> list[Column[InterventionRow]]:
    def who(row: InterventionRow) -> str:
        if row.participant_id:
            return both(row.name_km, row.name_latin)
        if row.youth and row.sex in (None, Sex.NOT_STATED):
            return _("A young person (unnamed)")
        if row.sex == Sex.FEMALE:
            return _("A young woman (unnamed)") if row.youth else _("A woman (unnamed)")
        if row.sex == Sex.MALE:
            return _("A young man (unnamed)") if row.youth else _("A man (unnamed)")
        return _("Someone (unnamed)")

    return [
        Column(N_("Time"), lambda r: format_time(r.spoken_at.astimezone())),
        Column(N_("Who"), who),
        Column(N_("Agenda item"), lambda r: pick(r.agenda_title_km, r.agenda_title_en)),
    ]


class VoicesTab(WorkspaceTab):
    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.VOICES, Topic.ATTENDANCE, Topic.AGENDA})

    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.hits: list[ParticipantHit] = []
        self.state: VoicesState | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.who_label = QLabel()
        self.who_label.setObjectName("subheading")
        self.search = QLineEdit()
        self.search.setObjectName("nameSearch")
        self.search.installEventFilter(self)
        self._searches = LatestSearch(ctx, participant_service.search_participants, self._show_hits, 6)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._enter)
        self.who_label.setBuddy(self.search)
        row.addWidget(self.who_label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        self.hint = QLabel()
        self.hint.setObjectName("quiet")
        layout.addWidget(self.hint)
        self.matches = QListWidget()
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setMaximumHeight(self.fontMetrics().height() * 6)
        self.matches.hide()
        layout.addWidget(self.matches)
        agenda_row = QHBoxLayout()
        self.agenda_label = QLabel()
        self.agenda = QComboBox()
        agenda_row.addWidget(self.agenda_label)
        agenda_row.addWidget(self.agenda, 1)
        layout.addLayout(agenda_row)
        self.message = ErrorLabel()
        layout.addWidget(self.message)
        tables = QHBoxLayout()
        self.anyone_spoke = False
        self.shares: ListModel[VoiceShare] = ListModel(share_columns(lambda: self.anyone_spoke), self)
        self.shares.highlight = lambda s: (
            QColor("#fde2e2") if gap_mark(s, self.anyone_spoke).startswith("▼") else None
        )
        self.share_table = make_table(self)
        self.share_table.setModel(self.shares)
        stretch(self.share_table, 0)
        self.log: ListModel[InterventionRow] = ListModel(log_columns(), self)
        self.log_table = make_table(self)
        self.log_table.setModel(self.log)
        stretch(self.log_table, 1)
        tables.addWidget(self.share_table, 3)
        tables.addWidget(self.log_table, 2)
        layout.addLayout(tables, 1)
        self.totals = QLabel()
        self.totals.setObjectName("quiet")
        layout.addWidget(self.totals)
        QShortcut(QKeySequence("Ctrl+Z"), self).activated.connect(self.undo_last)
        self.retranslate_ui()

    def tab_title(self) -> str:
        return _("Voices")

    def retranslate_ui(self) -> None:
        self.who_label.setText(_("Who has the floor?"))
        self.search.setPlaceholderText(_("Name of the speaker"))
        self.hint.setText(
            _(
                "Enter logs it · with the box empty, F, M or Y logs an unnamed woman, man or young person · Ctrl+Z removes the last"
            )
        )
        self.agenda_label.setText(_("Agenda item"))
        self.shares.retranslate()
        self.log.retranslate()
        if self.state is not None:
            self._show(self.state)  # numbers and labels in the new language

    def reload(self) -> None:
        if self.dialogue is not None:
            voice_ops.read(self.dialogue.id).success(self._show).run(self.ctx.worker)
            if self.isVisible():
                self._warm_search()

    def _warm_search(self) -> None:
        """Bring the search index up to date now (built on first use), not at the next keystroke."""
        participant_ops.warm_search().run(self.ctx.worker)

    def _show(self, state: VoicesState) -> None:
        self.state = state
        s = state.shares
        self.anyone_spoke = s.total_interventions > 0
        self.shares.set_rows(
            [s.women, s.men, s.youth, s.indigenous, s.disability, s.government, s.cso, s.community]
        )
        self.log.set_rows(list(reversed(state.log)))
        current = self.agenda.currentData()
        self.agenda.clear()
        self.agenda.addItem(_("No particular item"), None)
        for number, (item_id, km, en) in enumerate(state.agenda, start=1):
            self.agenda.addItem(f"{format_number(number)}. {pick(km, en)}", item_id)
        self.agenda.setCurrentIndex(max(self.agenda.findData(current), 0))
        self.totals.setText(
            _("{spoke} interventions · {present} people in the room").format(
                spoke=format_number(s.total_interventions), present=format_number(s.total_attendance)
            )
        )
        locked = self.dialogue is not None and self.dialogue.locked
        self.search.setEnabled(not locked)
        self.refreshed.emit()

    # --- typing --------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.text().lower()
            if (
                not self.search.text()
                and key in UNNAMED_KEYS
                and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            ):
                sex, youth = UNNAMED_KEYS[key]
                self.log_unnamed(sex, youth)
                return True
            if event.matches(QKeySequence.StandardKey.Undo) and not self.search.text():
                self.undo_last()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self.matches.setCurrentRow(
                    min(max(self.matches.currentRow() + step, 0), self.matches.count() - 1)
                )
                return True
        return super().eventFilter(watched, event)

    def _search_changed(self, text: str) -> None:
        if not text.strip():
            self._searches.cancel()
            self.hits = []
            self._show_matches()
            return
        self._searches.request(text)  # text typed while a search runs is searched once it ends

    def _show_hits(self, query: str, hits: list[ParticipantHit]) -> None:
        if query == self.search.text():
            self.hits = hits
            self._show_matches()

    def _show_matches(self) -> None:
        self.matches.clear()
        for hit in self.hits:
            item = QListWidgetItem(both(hit.name_km, hit.name_latin))
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)
        self.matches.setVisible(self.matches.count() > 0)

    def _enter(self) -> None:
        item = self.matches.currentItem()
        if item is None or self.dialogue is None:
            return
        voice_ops.log_named(
            self.dialogue.id, item.data(Qt.ItemDataRole.UserRole), self.agenda.currentData()
        ).success(self._logged).shown_on(self.message).run(self.ctx.worker)

    def log_unnamed(self, sex: Sex, youth: bool) -> None:
        if self.dialogue is None or self.dialogue.locked:
            return
        voice_ops.log_unnamed(self.dialogue.id, sex, youth, self.agenda.currentData()).success(
            self._logged
        ).shown_on(self.message).run(self.ctx.worker)

    def _logged(self, _intervention_id: str) -> None:
        self.message.show_text("")
        self.search.clear()
        self.search.setFocus()

    def undo_last(self) -> None:
        if not self.log.rows or self.dialogue is None or self.dialogue.locked:
            return
        voice_ops.remove(self.log.rows[0].id).shown_on(self.message).run(self.ctx.worker)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._warm_search()
        self.search.setFocus()
