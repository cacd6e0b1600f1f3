"""Participants: the registry with search, beside the selected person (`person_panel.py`: details
edited in place, consent, attendance history, possible duplicates); organisations and indigenous groups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import N_, _, format_number, localise_digits, n_
from dialogue_desktop.core.services.listing import ParticipantRow
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import participants as participant_ops
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.pages.organisations import IndigenousGroupsPanel, OrganisationsPanel
from dialogue_desktop.gui.pages.person_panel import PersonPanel
from dialogue_desktop.gui.text import pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.fit import vertical_scroll
from dialogue_desktop.gui.widgets.table import make_table, stretch

LIMIT = 500  # rows shown at once; searching narrows the list


def participant_columns() -> list[Column[ParticipantRow]]:
    return [
        Column(N_("Khmer name"), lambda r: r.name_km),
        Column(N_("Latin name"), lambda r: r.name_latin),
        Column(N_("Sex"), lambda r: _(r.sex.label)),
        Column(N_("Birth year"), lambda r: localise_digits(str(r.birth_year)) if r.birth_year else ""),
        Column(N_("Organisation"), lambda r: pick(r.organisation_name_km, r.organisation_name_en)),
        Column(N_("Dialogues"), lambda r: format_number(r.attendance_count), align_right=True),
    ]


class ParticipantsPage(Page):
    key = "participants"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.people = QWidget()
        people = QVBoxLayout(self.people)
        people.setContentsMargins(0, 4, 0, 0)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        self._wanted_person: str | None = None  # a person to choose once the list shows them
        people.addWidget(self.search)
        self.count = QLabel()
        self.count.setObjectName("quiet")
        people.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model: ListModel[ParticipantRow] = ListModel(participant_columns(), self)
        self.table = make_table(self)
        self.table.setModel(self.model)
        stretch(self.table, 4)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.table.activated.connect(lambda index: self._opened(index.row()))  # Enter or a double click
        self.person = PersonPanel(ctx)
        self.person.merged.connect(self.reload)
        splitter.addWidget(self.table)
        person_area = vertical_scroll(self.person)  # it fits 1366×728; a larger type size scrolls
        person_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the list to the form's first field
        splitter.addWidget(person_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 560])  # the person's two columns of fields need about 430 px
        people.addWidget(splitter, 1)
        self.tabs.addTab(self.people, "")
        self.organisations = OrganisationsPanel(ctx)
        self.tabs.addTab(self.organisations, "")
        self.groups = IndigenousGroupsPanel(ctx)
        self.tabs.addTab(self.groups, "")
        self.tabs.currentChanged.connect(lambda _i: self.reload())
        self.retranslate_ui()

    def title(self) -> str:
        return _("Participants")

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.PARTICIPANTS, Topic.ATTENDANCE, Topic.ORGANISATIONS})

    def first_field(self) -> QWidget | None:
        """The registry's search box (on the other tabs, their first field)."""
        return self.search if self.tabs.currentWidget() is self.people else super().first_field()

    def show_tab(self, widget: QWidget) -> None:
        """Make one of the tabs (people, organisations, groups) the visible one."""
        self.tabs.setCurrentWidget(widget)

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Participant registry"))
        self.tabs.setTabText(0, _("Participants"))
        self.tabs.setTabText(1, _("Organisations"))
        self.tabs.setTabText(2, _("Indigenous groups"))
        self.organisations.retranslate_ui()
        self.groups.retranslate_ui()
        self.search.setPlaceholderText(_("Search by name, in Khmer or Latin letters…"))
        self.model.retranslate()
        self.person.retranslate_ui()
        self._show_count()

    def reload(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.organisations:
            self.organisations.reload()
            return
        if current is self.groups:
            self.groups.reload()
            return
        query = self.search.text()

        def show(rows: list[ParticipantRow]) -> None:
            self._show(query, rows)

        participant_ops.list_people(query, LIMIT).success(show).run(self.ctx.worker)

    def open_person(self, person_id: str, name: str) -> None:
        """Show this person in the registry (from the search box): their name searched, their row chosen."""
        self.show_tab(self.people)
        self._wanted_person = person_id
        if self.search.text() == name:
            self.reload()
        else:
            self.search.setText(name)  # reloads

    def open_organisation(self, name: str) -> None:
        """Show the organisations tab, searched for this name (from the search box)."""
        self.show_tab(self.organisations)
        self.organisations.search.setText(name)

    def _show(self, query: str, rows: list[ParticipantRow]) -> None:
        if query != self.search.text():
            return
        wanted = self._wanted_person
        selected = wanted or (self.person.view.id if self.person.view else None)
        self._wanted_person = None
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
            if wanted is not None:  # opened from the search box: their details take the focus
                self.person.focus_first_field(wanted)
        self._show_count()

    def _show_count(self) -> None:
        n = len(self.model.rows)
        text = n_("{n} person shown", "{n} people shown", n).format(n=format_number(n))
        if n >= LIMIT:
            text += " — " + _("type a name to narrow the list")
        self.count.setText(text)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        chosen = self.model.rows[rows[0].row()].id if rows else None
        current = self.person.view.id if self.person.view is not None else None
        if chosen is None or chosen != current:  # the list reloading keeps the person (and what is typed)
            self.person.commit_edits()
            self.person.load(chosen)

    def _opened(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.person.focus_first_field(self.model.rows[row].id)

    def commit_edits(self) -> None:
        """Save the person's pending edits (the window calls this when it closes)."""
        self.person.commit_edits()
