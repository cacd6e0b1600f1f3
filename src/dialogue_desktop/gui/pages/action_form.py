"""The form of an agreed action's every field: for adding one at the dialogue and for correcting one."""

from __future__ import annotations

from dataclasses import asdict, fields, replace

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.actions import LABELS, ActionInput, ActionView
from dialogue_desktop.gui.operations.actions import Choices
from dialogue_desktop.gui.widgets.edit_form import CheckList, EditForm, OptionalDate
from dialogue_desktop.gui.widgets.fields import EnumCombo


class ActionForm(EditForm):
    """Every field of an agreed action, the same for adding one (at the dialogue) and correcting one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.responsible = QComboBox()
        self.responsible.setMinimumContentsLength(14)
        self.responsible.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.supporters = CheckList()
        self.add_field("text_km", LABELS["text_km"], QLineEdit(), 0, 0, 3)
        self.add_field("text_en", LABELS["text_en"], QLineEdit(), 0, 3, 3)
        self.add_field(
            "responsible_organisation_id", LABELS["responsible_organisation_id"], self.responsible, 0, 6, 2
        )
        self.add_field("responsible_person", LABELS["responsible_person"], QLineEdit(), 0, 8, 2)
        self.add_field(
            "deadline", LABELS["deadline"], OptionalDate(QDate.currentDate().addMonths(3)), 1, 0, 2
        )
        self.add_field("indicator", LABELS["indicator"], QLineEdit(), 1, 2, 4)
        self.add_field("status", LABELS["status"], EnumCombo(ActionStatus), 1, 6, 2)
        self.add_field("supporter_ids", LABELS["supporters"], self.supporters, 1, 8, 2)
        self.errors["supporters"] = self.errors["supporter_ids"]  # the core names the field so
        self._choices = Choices([], [])

    def line_edits(self) -> list[QLineEdit]:
        """The text fields (Enter in one of them adds the action)."""
        return [w for w in self.fields.values() if isinstance(w, QLineEdit)]

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.set_choices(self._choices)

    def set_choices(self, choices: Choices) -> None:
        """The organisations offered as responsible and as supporters."""
        self._choices = choices
        current = self.responsible.currentData()
        self.responsible.blockSignals(True)
        self.responsible.clear()
        self.responsible.addItem(_("Responsible organisation…"), None)
        for organisation_id, text in choices.organisations:
            self.responsible.addItem(text, organisation_id)
        self.responsible.setCurrentIndex(max(self.responsible.findData(current), 0))
        self.responsible.blockSignals(False)
        self.supporters.set_choices(choices.organisations)

    def data(self) -> ActionInput:
        """The action as typed."""
        return ActionInput(**self.values())

    def load_action(self, action: ActionView) -> None:
        """Show a saved action."""
        values = asdict(action)
        values["supporter_ids"] = action.supporter_ids
        self.load(values)

    def corrected(self, action: ActionView) -> ActionInput:
        """The saved action with the form's fields in place of its own (links to needs and decisions kept)."""
        saved = ActionInput(
            **{f.name: getattr(action, f.name) for f in fields(ActionInput) if f.name != "supporter_ids"}
        )
        return replace(saved, **self.values())
