"""The door's short form for a person not in the registry: Tab between fields, Enter saves, Esc closes.

Typing F, M or O in the sex box picks it; an organisation not in the list is added on save, with the kind
chosen under it; a possible duplicate shows as a quiet line with a button to register that person instead.
The phone box follows the consent tick, with a line beside it that says why (`consent_note.PhoneConsent`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import WG_DOMAINS, Difficulty, OrganisationKind, Sex
from dialogue_desktop.core.i18n import _, localise_digits
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.participants import ParticipantHit, ParticipantInput
from dialogue_desktop.gui.text import both, is_khmer
from dialogue_desktop.gui.widgets.consent_note import PhoneConsent
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, show_validation

SEX_KEYS = {"f": Sex.FEMALE, "m": Sex.MALE, "o": Sex.OTHER, "-": Sex.NOT_STATED}


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
        self.phone.setMinimumWidth(self.fontMetrics().horizontalAdvance("+855 00 000 000") + 12)
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
        # Why the phone box is empty: under it, on one line (it may use the width under the group too).
        self.phone_note = PhoneConsent(self.phone, self.consent_data, self, warns=False)
        for note in (self.errors["phone"], self.phone_note):
            note.setAlignment(Qt.AlignmentFlag.AlignRight)
        phone_notes = QVBoxLayout()
        phone_notes.addWidget(self.errors["phone"])
        phone_notes.addWidget(self.phone_note)
        grid.addLayout(phone_notes, row + 1, 4, 1, 4)
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
        self.phone_note.retranslate_ui()
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
