"""Sync conflicts as a person decides them: a list, and the selected conflict's versions side by side,
each with who made it, when, and a button to keep it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import N_, _, format_datetime, format_number
from dialogue_desktop.core.sync.status import Candidate, ConflictRow
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.widgets.table import make_table, stretch

TABLE_LABELS: dict[str, str] = {
    "dialogue": N_("Dialogue"),
    "participant": N_("Participant"),
    "organisation": N_("Organisation"),
    "facilitator": N_("Facilitator"),
    "indigenous_group": N_("Indigenous or minority group"),
    "agenda_item": N_("Agenda item"),
    "need": N_("Need"),
    "decision": N_("Decision"),
    "attendance": N_("Attendance"),
    "intervention": N_("Voice"),
    "action": N_("Action"),
    "action_supporter": N_("Supporter of an action"),
    "follow_up": N_("Follow-up"),
    "attachment": N_("Attachment"),
    "dialogue_organiser": N_("Organiser of a dialogue"),
    "dialogue_facilitator": N_("Facilitator of a dialogue"),
}


def field_labels() -> dict[str, str]:
    """Field names (msgids) from the services' forms, so a conflict names a field as its form does."""
    from dialogue_desktop.core.services import (
        actions,
        agenda,
        dialogues,
        facilitators,
        needs,
        organisations,
        participants,
    )

    labels: dict[str, str] = {}
    for module in (facilitators, organisations, agenda, needs, actions, participants, dialogues):
        labels.update(getattr(module, "LABELS", {}))
    labels["deleted"] = N_("Deleted")
    return labels


def value_text(row: ConflictRow, candidate: Candidate) -> str:
    """A candidate's value as a sentence."""
    if row.kind == "delete":
        if candidate.choice == "delete":
            return _("Delete this record")
        return _("Keep this record, with: {changes}").format(changes=_changes_text(candidate.value))
    if row.kind == "locked":
        if candidate.choice == "apply":
            return _("Apply this change to the approved minutes: {changes}").format(
                changes=_changes_text(candidate.value)
            )
        return _("Keep the approved minutes as they are")
    return _plain(candidate.value)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def _changes_text(values: Any) -> str:
    if not isinstance(values, dict):
        return _plain(values)
    labels = field_labels()
    return "; ".join(f"{_(labels.get(k, k.replace('_', ' ')))}: {_plain(v)}" for k, v in values.items())


def field_text(row: ConflictRow) -> str:
    if row.kind == "delete":
        return _("Deleted or kept")
    if row.kind == "locked":
        return _("Approved minutes")
    return _(field_labels().get(row.field, row.field.replace("_", " ")))


class ConflictPanel(QWidget):
    """The open conflicts and, for the selected one, every version side by side."""

    #: (conflict id, choice) when the person keeps a version.
    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model: ListModel[ConflictRow] = ListModel(
            [
                Column(N_("Record"), lambda r: f"{_(TABLE_LABELS.get(r.table, r.table))}: {r.record_label}"),
                Column(N_("Field"), field_text),
                Column(N_("Kept for now"), lambda r: value_text(r, k) if (k := r.kept()) else ""),
            ],
            self,
        )
        self.table = make_table(self)
        self.table.setModel(self.model)
        stretch(self.table, 2)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 8)
        layout.addWidget(self.table)
        self.versions = QWidget()
        self.versions_layout = QHBoxLayout(self.versions)
        self.versions_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.versions)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        self.cards: list[QGroupBox] = []
        self.keep_buttons: list[QPushButton] = []
        self.retranslate_ui()

    def set_rows(self, rows: list[ConflictRow]) -> None:
        selected = self.selected()
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if rows:
            self.table.selectRow(ids.index(selected.id) if selected is not None and selected.id in ids else 0)
        self._show_selected()
        self._show_summary()

    def selected(self) -> ConflictRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows and rows[0].row() < len(self.model.rows) else None

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self._show_summary()
        self._show_selected()

    def _show_summary(self) -> None:
        count = len(self.model.rows)
        if count == 0:
            self.summary.setText(_("No conflicts: every change arrived without contradicting another."))
        else:
            self.summary.setText(
                _(
                    "{n} conflicts: the same thing was changed in two places. Both versions are kept; choose the "
                    "right one. Until then the version marked “kept for now” is used everywhere."
                ).format(n=format_number(count))
            )
        self.table.setVisible(count > 0)

    def _show_selected(self) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards, self.keep_buttons = [], []
        row = self.selected()
        self.versions.setVisible(row is not None)
        if row is None:
            return
        for candidate in row.candidates:
            card = QGroupBox(_("Kept for now") if candidate.provisional else _("Other version"))
            grid = QGridLayout(card)
            value = QLabel(value_text(row, candidate))
            value.setObjectName("count")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, 0, 0, 1, 2)
            line = 1
            if candidate.device_name:
                grid.addWidget(QLabel(_("Changed on")), line, 0)
                grid.addWidget(QLabel(candidate.device_name), line, 1)
                line += 1
            if candidate.when is not None:
                grid.addWidget(QLabel(_("When")), line, 0)
                grid.addWidget(QLabel(format_datetime(candidate.when)), line, 1)
                line += 1
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(line, 1)
            button = QPushButton(_("Keep this version"))
            button.setProperty("choice", candidate.choice)
            button.clicked.connect(
                lambda _c=False, r=row.id, choice=candidate.choice: self.chosen.emit(r, choice)
            )
            grid.addWidget(button, line + 1, 0, 1, 2)
            self.versions_layout.addWidget(card, 1)
            self.cards.append(card)
            self.keep_buttons.append(button)
