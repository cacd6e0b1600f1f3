"""The tracker of every agreed action across the dialogues: filters, overdue highlighted, the report; the
selected action's follow-ups and corrections below (gui/pages/actions_panel.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import N_, _, format_number, n_
from dialogue_desktop.core.services.listing import ActionFilters, ActionRow
from dialogue_desktop.core.services.places import provinces
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import actions as action_ops
from dialogue_desktop.gui.operations.actions import Choices
from dialogue_desktop.gui.pages.actions_panel import ActionsPanel
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.fields import EnumCombo, member_of


class ActionsPage(Page):
    """The tracker of every agreed action."""

    key = "actions"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        layout.addWidget(self.heading)
        filters = QHBoxLayout()
        self.status = EnumCombo(ActionStatus, empty=N_("Every status"))
        self.organisation = QComboBox()
        self.organisation.setMinimumContentsLength(20)
        self.province = QComboBox()
        self.overdue = QCheckBox()
        for combo in (self.status, self.organisation, self.province):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue.toggled.connect(lambda _on: self.reload())
        filters.addWidget(self.status)
        filters.addWidget(self.organisation, 1)
        filters.addWidget(self.province)
        filters.addWidget(self.overdue)
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self._export_report)
        filters.addWidget(self.report_button)
        layout.addLayout(filters)
        self.count = QLabel()
        self.count.setObjectName("quiet")
        layout.addWidget(self.count)
        self.panel = ActionsPanel(ctx, with_dialogue=True)
        layout.addWidget(self.panel, 1)
        self._choices = Choices([], [])
        self.retranslate_ui()

    def title(self) -> str:
        return _("Actions")

    def _export_report(self) -> None:
        from dialogue_desktop.gui.pages.pdf_files import export_action_report

        export_action_report(self.ctx, self, self.filters(), line=self.panel.message)

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.ACTIONS, Topic.DIALOGUES, Topic.ORGANISATIONS})

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Agreed actions"))
        self.status.retranslate_ui()
        self.overdue.setText(_("Only overdue"))
        self.report_button.setText(_("Action report (PDF)…"))
        current = self.province.currentData()
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem(_("Every province"), None)
        for place in provinces():
            self.province.addItem(place.name(), place.code)
        self.province.setCurrentIndex(max(self.province.findData(current), 0))
        self.province.blockSignals(False)
        self._fill_organisations()
        self.panel.retranslate_ui()
        self._show_count()

    def _fill_organisations(self) -> None:
        current = self.organisation.currentData()
        self.organisation.blockSignals(True)
        self.organisation.clear()
        self.organisation.addItem(_("Every responsible organisation"), None)
        for organisation_id, text in self._choices.organisations:
            self.organisation.addItem(text, organisation_id)
        self.organisation.setCurrentIndex(max(self.organisation.findData(current), 0))
        self.organisation.blockSignals(False)

    def filters(self) -> ActionFilters:
        status = self.status.value()
        return ActionFilters(
            status=member_of(ActionStatus, status) if status else None,
            responsible_organisation_id=self.organisation.currentData(),
            province_code=self.province.currentData(),
            overdue=self.overdue.isChecked(),
        )

    def reload(self) -> None:
        action_ops.listed(self.filters()).success(self._show).run(self.ctx.worker)
        action_ops.read_choices().success(self._show_choices).run(self.ctx.worker)

    def _show(self, rows: list[ActionRow]) -> None:
        self.panel.show_rows(rows)
        self._show_count()

    def _show_choices(self, choices: Choices) -> None:
        self._choices = choices
        self._fill_organisations()
        self.panel.set_choices(choices)

    def _show_count(self) -> None:
        rows = self.panel.model.rows
        overdue = sum(1 for r in rows if r.overdue)
        self.count.setText(
            n_("{n} action, {overdue} overdue", "{n} actions, {overdue} overdue", len(rows)).format(
                n=format_number(len(rows)), overdue=format_number(overdue)
            )
        )
