"""Agenda, needs raised, and discussion with decisions: ordered lists with an inline form to add to them
(their shared table, form and buttons: gui/pages/record_list.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from dialogue_desktop.core.domain.enums import Sector
from dialogue_desktop.core.i18n import N_, _, format_number, n_
from dialogue_desktop.core.services import agenda as agenda_service
from dialogue_desktop.core.services import needs as needs_service
from dialogue_desktop.core.services.agenda import AgendaItemInput, AgendaItemView
from dialogue_desktop.core.services.needs import DecisionInput, DecisionView, NeedInput, NeedView
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column
from dialogue_desktop.gui.operations import dialogues as dialogue_ops
from dialogue_desktop.gui.operations import records as record_ops
from dialogue_desktop.gui.pages.details import FocusOutText
from dialogue_desktop.gui.pages.record_list import RecordListTab
from dialogue_desktop.gui.text import pick, split_by_script
from dialogue_desktop.gui.widgets.fields import EnumCombo


def minutes_box() -> QSpinBox:
    """A planned duration in minutes, by steps of 5."""
    box = QSpinBox()
    box.setRange(0, agenda_service.MAX_MINUTES)
    box.setSingleStep(5)
    return box


class AgendaTab(RecordListTab):
    records = record_ops.AGENDA
    input_type = AgendaItemInput

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column[AgendaItemView]] = [
            Column(N_("No."), lambda r: format_number(r.position + 1), align_right=True),
            Column(N_("Item"), lambda r: pick(r.title_km, r.title_en)),
            Column(N_("Presenter"), lambda r: r.presenter),
            Column(N_("Minutes"), lambda r: format_number(r.duration_minutes), align_right=True),
        ]
        super().__init__(ctx, columns, parent)
        labels = agenda_service.LABELS
        self.editor.add_field("title_km", labels["title_km"], QLineEdit(), 0, 0, 3)
        self.editor.add_field("title_en", labels["title_en"], QLineEdit(), 0, 3, 3)
        self.editor.add_field("presenter", labels["presenter"], QLineEdit(), 0, 6, 2)
        self.editor.add_field("duration_minutes", labels["duration_minutes"], minutes_box(), 0, 8)
        self.title = QLineEdit()
        self.presenter = QLineEdit()
        self.duration = minutes_box()
        for line in (self.title, self.presenter):
            line.returnPressed.connect(self.add)
        self.duration_label = QLabel()
        self.form.addWidget(self.title, 3)
        self.form.addWidget(self.presenter, 2)
        self.form.addWidget(self.duration_label)
        self.form.addWidget(self.duration)
        self.form.addWidget(self.add_button)
        self.retranslate_ui()

    def stretch_column(self) -> int:
        return 1

    def tab_title(self) -> str:
        return _("Agenda")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setPlaceholderText(_("Agenda item"))
        self.presenter.setPlaceholderText(_("Presenter"))
        self.duration_label.setText(_("Minutes"))
        self._show_total()

    def show_data(self, data: Any) -> None:
        super().show_data(data)
        self._show_total()

    def _show_total(self) -> None:
        total = sum(r.duration_minutes for r in self.model.rows)
        hours, minutes = divmod(total, 60)
        text = n_("{n} minute", "{n} minutes", total).format(n=format_number(total))
        if hours:
            text += "  (" + _("{h} h {m} min").format(h=format_number(hours), m=format_number(minutes)) + ")"
        self.summary.setText(_("Total: {duration}").format(duration=text))

    def form_data(self) -> AgendaItemInput:
        km, latin = split_by_script(self.title.text())
        return AgendaItemInput(km, latin, self.presenter.text(), self.duration.value())

    def clear_form(self) -> None:
        self.title.clear()
        self.presenter.clear()
        self.duration.setValue(0)

    def first_field(self) -> QWidget:
        return self.title

    def describe(self, record: Any) -> str:
        return pick(record.title_km, record.title_en)


class NeedsTab(RecordListTab):
    records = record_ops.NEEDS
    input_type = NeedInput

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column[NeedView]] = [
            Column(N_("Need or issue"), lambda r: pick(r.text_km, r.text_en)),
            Column(N_("Sector"), lambda r: _(r.sector.label)),
            Column(N_("Raised by"), lambda r: r.raised_by),
        ]
        super().__init__(ctx, columns, parent)
        labels = needs_service.LABELS
        self.editor.add_field("text_km", labels["text_km"], QLineEdit(), 0, 0, 3)
        self.editor.add_field("text_en", labels["text_en"], QLineEdit(), 0, 3, 3)
        self.editor.add_field("sector", labels["sector"], EnumCombo(Sector), 0, 6)
        self.editor.add_field("raised_by", labels["raised_by"], QLineEdit(), 0, 7, 2)
        self.text = QLineEdit()
        self.sector = EnumCombo(Sector)
        self.sector.set_value(Sector.OTHER)
        self.raised_by = QLineEdit()
        for line in (self.text, self.raised_by):
            line.returnPressed.connect(self.add)
        self.form.addWidget(self.text, 3)
        self.form.addWidget(self.sector)
        self.form.addWidget(self.raised_by, 1)
        self.form.addWidget(self.add_button)
        self.retranslate_ui()

    def tab_title(self) -> str:
        return _("Needs")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.text.setPlaceholderText(_("A need or issue raised"))
        self.raised_by.setPlaceholderText(_("Raised by"))
        self.sector.retranslate_ui()
        self.summary.setText(_("Needs and issues raised"))

    def form_data(self) -> NeedInput:
        km, latin = split_by_script(self.text.text())
        return NeedInput(km, latin, self.sector.value() or Sector.OTHER, self.raised_by.text())

    def clear_form(self) -> None:
        self.text.clear()
        self.raised_by.clear()

    def first_field(self) -> QWidget:
        return self.text

    def describe(self, record: Any) -> str:
        return pick(record.text_km, record.text_en)


class DecisionsTab(RecordListTab):
    """The summary of the discussion (saved on leaving it) and the numbered decisions."""

    records = record_ops.DECISIONS
    input_type = DecisionInput

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column[DecisionView]] = [
            Column(N_("No."), lambda r: format_number(r.position + 1), align_right=True),
            Column(N_("Decision"), lambda r: pick(r.text_km, r.text_en)),
        ]
        super().__init__(ctx, columns, parent)
        self.editor.add_field("text_km", needs_service.LABELS["text_km"], QLineEdit(), 0, 0)
        self.editor.add_field("text_en", needs_service.LABELS["text_en"], QLineEdit(), 0, 1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("subheading")
        self.discussion = FocusOutText(self.save_summary)
        self.discussion.setMaximumHeight(self.fontMetrics().height() * 7)
        self.layout_.insertWidget(0, self.summary_label)
        self.layout_.insertWidget(1, self.discussion)
        self.text = QLineEdit()
        self.text.returnPressed.connect(self.add)
        self.form.addWidget(self.text, 1)
        self.form.addWidget(self.add_button)
        self.retranslate_ui()

    def stretch_column(self) -> int:
        return 1

    def tab_title(self) -> str:
        return _("Discussion and decisions")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.summary_label.setText(_("Summary of the discussion"))
        self.summary.setText(_("Decisions"))
        self.text.setPlaceholderText(_("A decision taken"))

    def set_dialogue(self, dialogue: Any) -> None:
        if not self.discussion.hasFocus():
            self.discussion.setPlainText(dialogue.discussion_summary)
        self.discussion.setReadOnly(dialogue.locked)
        super().set_dialogue(dialogue)

    def form_data(self) -> DecisionInput:
        km, latin = split_by_script(self.text.text())
        return DecisionInput(km, latin)

    def clear_form(self) -> None:
        self.text.clear()

    def first_field(self) -> QWidget:
        return self.text

    def describe(self, record: Any) -> str:
        return pick(record.text_km, record.text_en)

    def save_summary(self) -> None:
        dialogue = self.dialogue
        if dialogue is None or dialogue.locked:
            return
        text = self.discussion.toPlainText()
        if text.strip() == dialogue.discussion_summary:
            return
        dialogue_ops.save_field(dialogue.id, "discussion_summary", text).success(
            lambda _r: self.error.show_text("")
        ).shown_on(self.error).run(self.ctx.worker)

    def commit_edits(self) -> None:
        self.save_summary()
