"""The registry's selected person: their details edited in place (saved on leaving a field, Enter or Save),
consent (without it no phone is kept, and the phone box says so), the dialogues they attended, and possible
duplicates that can be merged into them."""

from __future__ import annotations

import itertools
from dataclasses import asdict, fields, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.i18n import _, format_date
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.participants import ParticipantInput
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import participants as participant_ops
from dialogue_desktop.gui.operations.participants import PersonView
from dialogue_desktop.gui.pages.base import heading
from dialogue_desktop.gui.text import both, pick
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.consent_note import PhoneConsent
from dialogue_desktop.gui.widgets.fields import ErrorLabel, show_validation


class PersonPanel(QWidget):
    """The selected person: edit form and consent; history and duplicates on their own tabs."""

    merged = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: PersonView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.name = heading()
        layout.addWidget(self.name)
        # The details, the dialogues attended and possible duplicates each on a tab: the form and its Save
        # fit a 1366×728 window in Khmer without scrolling.
        self.tabs = QTabWidget()
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)  # with a larger type size, not scrolled
        self.tabs.setUsesScrollButtons(False)
        layout.addWidget(self.tabs, 1)
        self.form_box = QWidget()
        self.tabs.addTab(self.form_box, "")
        self.name_km = QLineEdit()
        self.name_latin = QLineEdit()
        self.sex = QComboBox()
        self.birth_year = QLineEdit()
        self.organisation = QComboBox()
        self.position = QLineEdit()
        self.phone = QLineEdit()
        self.consent_data = QCheckBox()
        self.consent_photo = QCheckBox()
        self.phone_note = PhoneConsent(self.phone, self.consent_data, self)  # before the tick can save
        self.fields: list[tuple[str, QWidget]] = [
            ("name_km", self.name_km), ("name_latin", self.name_latin), ("sex", self.sex),
            ("birth_year", self.birth_year), ("organisation_id", self.organisation), ("position", self.position),
            ("phone", self.phone),
        ]  # fmt: skip
        self.labels = [QLabel() for _ in self.fields]
        self.errors = {key: ErrorLabel() for key, _widget in self.fields}
        self._build_form(QGridLayout(self.form_box))
        self.history_box = QWidget()
        history_layout = QVBoxLayout(self.history_box)
        self.history = QListWidget()
        history_layout.addWidget(self.history)
        self.tabs.addTab(self.history_box, "")
        self.duplicates_box = QWidget()
        dup_layout = QVBoxLayout(self.duplicates_box)
        self.duplicates = QListWidget()
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge)
        dup_layout.addWidget(self.duplicates)
        dup_layout.addWidget(self.merge_button)
        #: Why a merge was refused (e.g. the other entry merged or deleted on another laptop meanwhile).
        self.merge_error = ErrorLabel()
        dup_layout.addWidget(self.merge_error)
        self.tabs.addTab(self.duplicates_box, "")
        self._show_duplicates_tab(False)
        self._focus_pending: str | None = None  # a person whose first field takes the focus once shown
        self.retranslate_ui()
        self.load(None)

    def _build_form(self, grid: QGridLayout) -> None:
        """The fields in two columns, each label over its field and its error line, in reading order; the
        phone's consent line, the consent ticks and Save under them."""
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setVerticalSpacing(2)
        # (row, column, columns spanned) of each field: an organisation's name is long, it takes the width.
        places = [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 2), (3, 0, 1), (3, 1, 1)]
        for label, (key, widget), (row, column, span) in zip(self.labels, self.fields, places, strict=True):
            label.setBuddy(widget)
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(label)
            cell.addWidget(widget)
            cell.addWidget(self.errors[key])
            grid.addLayout(cell, row, column, 1, span)
            # Saved on leaving a field (or Enter), on choosing in a list, on ticking a box.
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(self.commit_edits)
            elif isinstance(widget, QComboBox):
                widget.activated.connect(lambda _index: self.commit_edits())
        grid.addWidget(self.phone_note, 4, 0, 1, 2)
        consent = QHBoxLayout()
        for tick in (self.consent_data, self.consent_photo):
            tick.clicked.connect(lambda _checked: self.commit_edits())
            consent.addWidget(tick)
        consent.addStretch(1)
        grid.addLayout(consent, 5, 0, 1, 2)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        grid.addLayout(save_row, 6, 0, 1, 2)
        self.general_error = ErrorLabel()
        grid.addWidget(self.general_error, 7, 0, 1, 2)
        grid.setRowStretch(8, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        chain = [widget for _key, widget in self.fields] + [
            self.consent_data,
            self.consent_photo,
            self.save_button,
        ]
        for before, after in itertools.pairwise(chain):  # Tab reads the form line by line, left to right
            QWidget.setTabOrder(before, after)

    def _show_duplicates_tab(self, shown: bool) -> None:
        self.tabs.setTabVisible(self.tabs.indexOf(self.duplicates_box), shown)

    def focus_first_field(self, participant_id: str) -> None:
        """The person was opened (picked in the search box, Enter on their row): the focus goes to the first
        field of their details once they show."""
        if self.view is not None and self.view.id == participant_id:
            self._focus_pending = None
            self.tabs.setCurrentWidget(self.form_box)
            self.name_km.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._focus_pending = participant_id

    def retranslate_ui(self) -> None:
        # The history's tab says "Dialogues" (its tooltip in full): three tabs fit the panel in Khmer.
        for widget, text, tip in (
            (self.form_box, _("Details"), _("Details")),
            (self.history_box, _("Dialogues"), _("Dialogues attended")),
            (self.duplicates_box, _("Possibly the same person"), _("Possibly the same person")),
        ):
            self.tabs.setTabText(self.tabs.indexOf(widget), text)
            self.tabs.setTabToolTip(self.tabs.indexOf(widget), tip)
        for label, text in zip(self.labels, (
            _("Khmer name"), _("Latin name"), _("Sex"), _("Birth year"), _("Organisation"), _("Position"), _("Phone"),
        ), strict=True):  # fmt: skip
            label.setText(text)
        self.consent_data.setText(_("Agrees to data being kept"))
        self.consent_photo.setText(_("Agrees to photos"))
        self.phone_note.retranslate_ui()
        self.save_button.setText(_("Save"))
        self.merge_button.setText(_("Merge the selected entry into this person"))
        current = self.sex.currentData()
        self.sex.clear()
        for sex in Sex:
            self.sex.addItem(_(sex.label), sex.value)
        self.sex.setCurrentIndex(self.sex.findData(current) if self.view is not None else -1)
        if self.view is not None:
            self.show_person(self.view)
        else:
            self.name.setText(_("Choose a person in the list"))

    def load(self, participant_id: str | None) -> None:
        if participant_id is None:
            self.view = None
            self.setEnabled(False)
            self._show_duplicates_tab(False)
            self.name.setText(_("Choose a person in the list"))
            # An empty form: nobody's values, not even the first sex of the list.
            for line in (self.name_km, self.name_latin, self.birth_year, self.position, self.phone):
                line.clear()
            for combo in (self.sex, self.organisation):
                combo.setCurrentIndex(-1)
            for tick in (self.consent_data, self.consent_photo):
                tick.setChecked(False)
            self.phone_note.set_active(False)
            self.history.clear()
            return
        participant_ops.read_person(participant_id).success(self.show_person).run(self.ctx.worker)

    def show_person(self, view: PersonView) -> None:
        self.view = view
        self.setEnabled(True)
        d = view.data
        self.name.setText(both(d.name_km, d.name_latin))
        self.name_km.setText(d.name_km)
        self.name_latin.setText(d.name_latin)
        self.sex.setCurrentIndex(max(self.sex.findData(str(d.sex)), 0))
        self.birth_year.setText(str(d.birth_year) if d.birth_year else "")
        self.organisation.clear()
        self.organisation.addItem("–", None)
        for organisation_id, name_km, name_en in view.organisations:
            self.organisation.addItem(both(name_km, name_en), organisation_id)
        self.organisation.setCurrentIndex(max(self.organisation.findData(d.organisation_id), 0))
        self.position.setText(d.position)
        self.phone.setText(d.phone)
        self.consent_data.setChecked(d.consent_data)
        self.consent_photo.setChecked(d.consent_photo)
        self.phone_note.set_active(True)
        self.saved_label.setText("")
        for error in self.errors.values():
            error.show_text("")
        self.general_error.show_text("")
        self.merge_error.show_text("")
        self.history.clear()
        for attended in view.history:
            self.history.addItem(
                f"{format_date(attended.date, style='short')}  {pick(attended.title_km, attended.title_en)}"
                f"  ·  {_(attended.role.label)}"
            )
        if not view.history:
            self.history.addItem(_("No dialogue yet"))
        self.duplicates.clear()
        for hit in view.duplicates:
            item = QListWidgetItem(
                both(hit.name_km, hit.name_latin)
                + "  ·  "
                + pick(hit.organisation_name_km, hit.organisation_name_en)
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.duplicates.addItem(item)
        self._show_duplicates_tab(bool(view.duplicates))
        if view.duplicates:
            self.duplicates.setCurrentRow(0)
        if self._focus_pending == view.id:
            self.focus_first_field(view.id)

    def current_input(self) -> ParticipantInput:
        assert self.view is not None
        base = self.view.data
        values = {f.name: getattr(base, f.name) for f in fields(ParticipantInput)}
        values.update(
            name_km=self.name_km.text(), name_latin=self.name_latin.text(), sex=self.sex.currentData(),
            birth_year=self.birth_year.text() or None, organisation_id=self.organisation.currentData(),
            position=self.position.text(), phone=self.phone.text(), consent_data=self.consent_data.isChecked(),
            consent_photo=self.consent_photo.isChecked(),
        )  # fmt: skip
        return ParticipantInput(**values)

    def commit_edits(self) -> None:
        """Save what was typed, if anything changed (leaving a field, choosing another person, closing)."""
        if self.view is not None and _as_typed(self.current_input()) != _as_typed(self.view.data):
            self.save()

    def save(self) -> None:
        if self.view is None:
            return
        view = self.view
        data = self.current_input()

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                show_validation(error, self.errors, self.general_error)
            else:  # e.g. the person was merged or deleted meanwhile: said under the form, no box
                self.ctx.worker.show_failure(error, self.general_error)

        def done(_r: object) -> None:
            # The fields keep what is in them (the facilitator may be typing in the next one already).
            if self.view is not None and self.view.id == view.id:
                self.view = replace(self.view, data=data)
                self.name.setText(both(data.name_km, data.name_latin))
            for error in self.errors.values():
                error.show_text("")
            self.general_error.show_text("")
            self.saved_label.setText(_("Saved."))

        participant_ops.save(view.id, data).success(done).failure(failed).run(self.ctx.worker)

    def merge(self) -> None:
        item = self.duplicates.currentItem()
        if self.view is None or item is None:
            return
        other = item.data(Qt.ItemDataRole.UserRole)
        text = _(
            "Merge “{other}” into “{keep}”? Their attendance and interventions move to “{keep}”, and “{other}” "
            "leaves the registry."
        ).format(other=item.text().split("  ·  ")[0], keep=self.name.text())
        if not dialogs.confirm(self, _("Merge two entries"), text):
            return
        keep = self.view.id

        def done(_result: object) -> None:
            self.load(keep)
            self.merged.emit()

        participant_ops.merge(keep, other).success(done).shown_on(self.merge_error).run(self.ctx.worker)


def _as_typed(data: ParticipantInput) -> dict[str, str]:
    """The fields as the form shows them (a birth year is text there, a sex its value)."""
    return {name: "" if value is None else str(value) for name, value in asdict(data).items()}
