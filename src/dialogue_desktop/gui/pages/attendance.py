"""Attendance at the door: type a few letters, Enter registers; Ctrl+N adds a new person inline.

Everything stays on the keyboard and nothing is modal: ↑↓ pick among the matches, Enter registers,
Ctrl+N opens the short form for a new person (Tab between fields, Enter saves and returns to the name),
Escape closes it, Ctrl+Z removes the last arrival. Counts update as people arrive. A possible duplicate
shows as a quiet line under the form. Counts-only dialogues show spin boxes instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import WG_DOMAINS, Difficulty, OrganisationKind, Sex
from dialogue_desktop.core.i18n import (
    N_,
    _,
    format_date,
    format_number,
    format_percent,
    format_time,
    localise_digits,
)
from dialogue_desktop.core.services import participants as participant_service
from dialogue_desktop.core.services.attendance import TALLY_FIELDS, AttendanceRow
from dialogue_desktop.core.services.counts import Disaggregation
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.participants import ParticipantHit, ParticipantInput
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.latest import LatestSearch
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import attendance as attendance_ops
from dialogue_desktop.gui.operations import participants as participant_ops
from dialogue_desktop.gui.operations.attendance import DoorState
from dialogue_desktop.gui.pages.base import first_focusable
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.text import both, is_khmer, pick
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import list_import
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, show_validation
from dialogue_desktop.gui.widgets.table import make_table, stretch

SEX_KEYS = {"f": Sex.FEMALE, "m": Sex.MALE, "o": Sex.OTHER, "-": Sex.NOT_STATED}
SEX_SHORT = {Sex.FEMALE: N_("F"), Sex.MALE: N_("M"), Sex.OTHER: N_("O"), Sex.NOT_STATED: "–"}

NEW_PERSON = "__new__"


def hit_text(hit: ParticipantHit, today: date) -> str:
    """One match as the door shows it: names, sex, age, organisation, last seen."""
    parts = [_(SEX_SHORT[hit.sex]) if hit.sex != Sex.NOT_STATED else "–"]
    if hit.birth_year:
        parts.append(format_number(today.year - hit.birth_year))
    organisation = pick(hit.organisation_name_km, hit.organisation_name_en)
    if organisation:
        parts.append(organisation)
    text = f"{both(hit.name_km, hit.name_latin)}    {' · '.join(parts)}"
    if hit.last_attended:
        text += "    " + _("last seen {date}").format(date=format_date(hit.last_attended, style="medium"))
    return text


class NewPersonForm(QWidget):
    """The short inline form for a person not in the registry."""

    saved = Signal()
    cancelled = Signal()
    duplicate_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPersonForm")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.name_km = QLineEdit()
        self.name_latin = QLineEdit()
        self.sex = QComboBox()
        self.birth_year = QLineEdit()
        self.birth_year.setMaxLength(4)
        self.birth_year.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000") * 3)
        self.organisation = QComboBox()
        self.organisation.setMinimumContentsLength(16)
        # Editable: typing filters the list; a name that is not in it becomes a new organisation on save.
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.organisation.model(), self.organisation)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.organisation.setCompleter(completer)
        self.organisation.editTextChanged.connect(lambda _t: self._show_new_organisation())
        self.new_organisation = QLabel()
        self.new_organisation.setObjectName("quiet")
        self.new_organisation.setWordWrap(True)
        self.new_organisation.hide()
        # The kind of a new organisation decides whether its people count as government, CSO or community.
        self.new_organisation_kind = EnumCombo(OrganisationKind)
        self.new_organisation_kind.hide()
        self.group = QComboBox()
        self.phone = QLineEdit()
        self.consent_data = QCheckBox()
        self.consent_photo = QCheckBox()
        self.more = QToolButton()
        self.more.setCheckable(True)
        self.more.toggled.connect(self._toggle_wg)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.saved)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancelled)
        self.labels = {
            key: QLabel()
            for key in ("name_km", "name_latin", "sex", "birth_year", "organisation", "group", "phone")
        }
        buddies: tuple[tuple[str, QWidget], ...] = (("name_km", self.name_km), ("name_latin", self.name_latin), ("sex", self.sex),
                            ("birth_year", self.birth_year), ("organisation", self.organisation),
                            ("group", self.group), ("phone", self.phone))  # fmt: skip
        for key, widget in buddies:
            self.labels[key].setBuddy(widget)
        self.errors = {
            key: ErrorLabel()
            for key in ("name_km", "name_latin", "sex", "birth_year", "phone", "organisation_id")
        }
        grid.addWidget(self.title, 0, 0, 1, 8)
        row = 1
        for column, (key, widget) in enumerate(
            (
                ("name_km", self.name_km),
                ("name_latin", self.name_latin),
                ("sex", self.sex),
                ("birth_year", self.birth_year),
            )
        ):
            grid.addWidget(self.labels[key], row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.addWidget(self.errors["name_km"], row + 1, 1, 1, 3)
        grid.addWidget(self.errors["birth_year"], row + 1, 5, 1, 3)
        row += 2
        grid.addWidget(self.labels["organisation"], row, 0)
        grid.addWidget(self.organisation, row, 1, 1, 3)
        grid.addWidget(self.labels["group"], row, 4)
        grid.addWidget(self.group, row, 5)
        grid.addWidget(self.labels["phone"], row, 6)
        grid.addWidget(self.phone, row, 7)
        grid.addWidget(self.errors["phone"], row + 1, 7)
        organisation_notes = QVBoxLayout()
        organisation_notes.addWidget(self.new_organisation)
        organisation_notes.addWidget(self.new_organisation_kind, 0, Qt.AlignmentFlag.AlignLeft)
        organisation_notes.addWidget(self.errors["organisation_id"])
        grid.addLayout(organisation_notes, row + 1, 1, 1, 3)
        row += 2
        consent = QHBoxLayout()
        consent.addWidget(self.consent_data)
        consent.addWidget(self.consent_photo)
        consent.addWidget(self.more)
        consent.addStretch(1)
        consent.addWidget(self.cancel_button)
        consent.addWidget(self.save_button)
        grid.addLayout(consent, row, 0, 1, 8)
        row += 1
        self.wg_box = QWidget()
        wg = QGridLayout(self.wg_box)
        wg.setContentsMargins(0, 0, 0, 0)
        self.wg_labels: list[QLabel] = []
        self.wg: dict[str, QComboBox] = {}
        for index, (column_name, _label) in enumerate(WG_DOMAINS):
            label = QLabel()
            combo = QComboBox()
            self.wg_labels.append(label)
            self.wg[column_name] = combo
            wg.addWidget(label, index // 3, (index % 3) * 2)
            wg.addWidget(combo, index // 3, (index % 3) * 2 + 1)
        self.wg_box.hide()
        grid.addWidget(self.wg_box, row, 0, 1, 8)
        row += 1
        self.duplicate = QLabel()
        self.duplicate.setObjectName("duplicate")
        self.duplicate.setWordWrap(True)
        self.duplicate.hide()
        self.use_duplicate = QPushButton()
        self.use_duplicate.hide()
        self.use_duplicate.clicked.connect(
            lambda: self.duplicate_chosen.emit(self.use_duplicate.property("participant_id"))
        )
        dup_row = QHBoxLayout()
        dup_row.addWidget(self.duplicate, 1)
        dup_row.addWidget(self.use_duplicate)
        grid.addLayout(dup_row, row, 0, 1, 8)
        self.general_error = ErrorLabel()
        grid.addWidget(self.general_error, row + 1, 0, 1, 8)
        for line in (self.name_km, self.name_latin, self.birth_year, self.phone):
            line.returnPressed.connect(self.saved)
        for widget in (
            self.name_km, self.name_latin, self.sex, self.birth_year, self.organisation, self.new_organisation_kind,
            self.group, self.phone,
        ):  # fmt: skip
            widget.installEventFilter(self)
        organisation_line = self.organisation.lineEdit()
        assert organisation_line is not None  # the combo is editable
        organisation_line.installEventFilter(self)  # keys typed in the organisation go to its line
        self._choices: dict[str, list[tuple[str, str, str]]] = {"organisations": [], "groups": []}
        self.retranslate_ui()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.cancelled.emit()
                return True
            typing_organisation = watched is self.organisation.lineEdit()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                isinstance(watched, QComboBox) or typing_organisation
            ):
                self.saved.emit()
                return True
            if watched is self.sex and event.text().lower() in SEX_KEYS:
                self.sex.setCurrentIndex(self.sex.findData(SEX_KEYS[event.text().lower()].value))
                self.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    def _toggle_wg(self, on: bool) -> None:
        self.wg_box.setVisible(on)
        self.more.setText(("▾ " if on else "▸ ") + _("Disability questions (optional)"))

    def retranslate_ui(self) -> None:
        self.title.setText(_("New person"))
        texts = {"name_km": _("Khmer name"), "name_latin": _("Latin name"), "sex": _("Sex (F/M/O/–)"),
                 "birth_year": _("Birth year"), "organisation": _("Organisation"),
                 "group": _("Indigenous group"), "phone": _("Phone")}  # fmt: skip
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.consent_data.setText(_("Agrees to data being kept"))
        self.consent_photo.setText(_("Agrees to photos"))
        self._toggle_wg(self.more.isChecked())
        self.save_button.setText(_("Save and register (Enter)"))
        self.cancel_button.setText(_("Cancel (Esc)"))
        self.use_duplicate.setText(_("Register this person instead"))
        current = self.sex.currentData()
        self.sex.clear()
        for sex in (Sex.FEMALE, Sex.MALE, Sex.OTHER, Sex.NOT_STATED):
            self.sex.addItem(_(sex.label), sex.value)
        self.sex.setCurrentIndex(max(self.sex.findData(current or Sex.NOT_STATED.value), 0))
        for label, (column_name, text) in zip(self.wg_labels, WG_DOMAINS, strict=True):
            label.setText(_(text))
            combo = self.wg[column_name]
            chosen = combo.currentData()
            combo.clear()
            combo.addItem("–", None)
            for answer in Difficulty:
                combo.addItem(_(answer.label), answer.value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        self.new_organisation_kind.retranslate_ui()
        self.set_choices(self._choices, self.organisation_id())

    def organisation_choice(self) -> tuple[str | None, str]:
        """(id of the organisation chosen, "") or (None, the name of a new one typed), or (None, "")."""
        text = self.organisation.currentText().strip()
        if not text or text == "–":
            return None, ""
        index = self.organisation.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.organisation.itemData(index), ""
        return None, text

    def organisation_id(self) -> str | None:
        """The organisation chosen in the list (None when none, or when a new name was typed)."""
        return self.organisation_choice()[0]

    def _show_new_organisation(self) -> None:
        _id, name = self.organisation_choice()
        self.new_organisation.setText(
            _("+ New organisation “{name}” — added when you save, as:").format(name=name) if name else ""
        )
        self.new_organisation.setVisible(bool(name))
        self.new_organisation_kind.setVisible(bool(name))

    def set_choices(
        self, choices: dict[str, list[tuple[str, str, str]]], organisation_id: str | None
    ) -> None:
        self._choices = choices
        for combo, key, current in (
            (self.organisation, "organisations", organisation_id),
            (self.group, "groups", self.group.currentData()),
        ):
            combo.clear()
            combo.addItem("–", None)
            for item_id, km, other in choices[key]:
                combo.addItem(both(km, other), item_id)
            combo.setCurrentIndex(max(combo.findData(current), 0))

    def start(self, typed: str, organisation_id: str | None) -> None:
        """Open the form with the typed name in the field of its script."""
        self.name_km.setText(typed if is_khmer(typed) else "")
        self.name_latin.setText("" if is_khmer(typed) else typed)
        self.sex.setCurrentIndex(self.sex.findData(Sex.NOT_STATED.value))
        for line in (self.birth_year, self.phone):
            line.clear()
        self.group.setCurrentIndex(0)
        index = max(self.organisation.findData(organisation_id), 0)
        self.organisation.setCurrentIndex(index)
        self.organisation.setEditText(self.organisation.itemText(index))  # forget a name typed last time
        self.new_organisation_kind.set_value(OrganisationKind.OTHER.value)
        self.consent_data.setChecked(False)
        self.consent_photo.setChecked(False)
        for combo in self.wg.values():
            combo.setCurrentIndex(0)
        self.more.setChecked(False)
        for error in self.errors.values():
            error.show_text("")
        self.general_error.show_text("")
        self.show_duplicate(None)
        self.show()
        target = self.name_latin if typed and not is_khmer(typed) else self.name_km
        target.setFocus()
        target.end(False)

    def data(self) -> ParticipantInput:
        return ParticipantInput(
            name_km=self.name_km.text(),
            name_latin=self.name_latin.text(),
            sex=self.sex.currentData() or Sex.NOT_STATED,
            birth_year=self.birth_year.text() or None,
            indigenous_group_id=self.group.currentData(),
            organisation_id=self.organisation_id(),
            phone=self.phone.text(),
            consent_data=self.consent_data.isChecked(),
            consent_photo=self.consent_photo.isChecked(),
            **{column: combo.currentData() for column, combo in self.wg.items()},
        )

    def show_errors(self, error: ValidationError) -> None:
        show_validation(error, self.errors, self.general_error)

    def show_duplicate(self, hit: ParticipantHit | None) -> None:
        if hit is None:
            self.duplicate.hide()
            self.use_duplicate.hide()
            return
        registered = hit.last_attended.year if hit.last_attended else None
        name = both(hit.name_km, hit.name_latin)
        text = (
            _("Looks like {name}, last seen {year}. Same person?").format(
                name=name, year=localise_digits(str(registered))
            )
            if registered
            else _("Looks like {name}, already in the registry. Same person?").format(name=name)
        )
        self.duplicate.setText(text)
        self.duplicate.show()
        self.use_duplicate.setProperty("participant_id", hit.id)
        self.use_duplicate.show()


class Counts(QWidget):
    """The live counts: total, women, men, youth, indigenous, disability, government, CSO, community."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.total = QLabel()
        self.total.setObjectName("bigCount")
        self.detail = QLabel()
        self.detail.setObjectName("count")
        self.detail.setWordWrap(True)
        layout.addWidget(self.total)
        layout.addWidget(self.detail, 1)
        self.counts = Disaggregation()

    def show_counts(self, counts: Disaggregation) -> None:
        self.counts = counts
        c = counts
        share = format_percent(c.female / c.total) if c.total else format_percent(0)
        self.total.setText(_("Arrived: {n}").format(n=format_number(c.total)))
        parts = [
            _("Women {n} ({share})").format(n=format_number(c.female), share=share),
            _("Men {n}").format(n=format_number(c.male)),
            _("Youth {n}").format(n=format_number(c.youth)),
            _("Indigenous {n}").format(n=format_number(c.indigenous)),
            _("Disability {n}").format(n=format_number(c.disability)),
            _("Government {n}").format(n=format_number(c.government)),
            _("CSO {n}").format(n=format_number(c.cso)),
            _("Community {n}").format(n=format_number(c.community)),
        ]
        # A group's name and its number stay together when the line wraps (Khmer names are long).
        self.detail.setText(" · ".join(part.replace(" ", "\u00a0") for part in parts))


class TallyForm(QWidget):
    """Counts typed by hand for a counts-only dialogue; each saved when left."""

    def __init__(self, tab: AttendanceTab) -> None:
        super().__init__(tab)
        self.tab = tab
        grid = QGridLayout(self)
        self.spins: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        for index, key in enumerate(TALLY_FIELDS):
            label = QLabel()
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setMinimumWidth(120)
            spin.editingFinished.connect(lambda key=key: self.tab.save_tally(key))
            self.labels[key] = label
            self.spins[key] = spin
            label.setBuddy(spin)
            grid.addWidget(label, index // 3, (index % 3) * 2)
            grid.addWidget(spin, index // 3, (index % 3) * 2 + 1)
        self.errors = {key: ErrorLabel() for key in TALLY_FIELDS}
        self.error = ErrorLabel()
        grid.addWidget(self.error, 3, 0, 1, 6)
        grid.setRowStretch(4, 1)

    def retranslate_ui(self) -> None:
        for key, label in self.labels.items():
            label.setText(_(TALLY_FIELDS[key][1]))

    def show_counts(self, counts: Disaggregation) -> None:
        values = {"female": counts.female, "male": counts.male, "other": counts.other_sex, "youth": counts.youth,
                  "indigenous": counts.indigenous, "disability": counts.disability,
                  "government": counts.government, "cso": counts.cso, "community": counts.community}  # fmt: skip
        for key, spin in self.spins.items():
            if not spin.hasFocus():
                spin.blockSignals(True)
                spin.setValue(values[key])
                spin.blockSignals(False)


def arrival_columns() -> list[Column[AttendanceRow]]:
    return [
        Column(N_("Arrived"), lambda r: format_time(r.arrived_at.astimezone()) if r.arrived_at else ""),
        Column(N_("Name"), lambda r: both(r.name_km, r.name_latin)),
        Column(N_("Sex"), lambda r: _(r.sex.label)),
        Column(N_("Organisation"), lambda r: pick(r.organisation_name_km, r.organisation_name_en)),
        Column(N_("Group"), lambda r: _(r.group.label)),
    ]


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
        ).run(self.ctx.worker)

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
