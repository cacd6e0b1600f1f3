"""Organisations and indigenous groups: the searchable lists the door and the registry pick from, each with
an inline form to add, edit and delete (tabs of the Participants page)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from dialogue_desktop.core.domain.enums import OrganisationKind
from dialogue_desktop.core.i18n import N_, _, format_number, n_
from dialogue_desktop.core.services import organisations as organisation_service
from dialogue_desktop.core.services.organisations import OrganisationInput, OrganisationRow
from dialogue_desktop.core.services.participants import IndigenousGroupRow
from dialogue_desktop.core.services.places import place_name, provinces
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import organisations as organisation_ops
from dialogue_desktop.gui.pages.list_editor import ListEditor
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel
from dialogue_desktop.gui.worker import Op


def organisation_columns() -> list[Column[OrganisationRow]]:
    return [
        Column(N_("Name in Khmer"), lambda r: r.name_km),
        Column(N_("Name in English"), lambda r: r.name_en),
        Column(N_("Acronym"), lambda r: r.acronym),
        Column(N_("Kind of organisation"), lambda r: _(r.kind.label)),
        Column(N_("Province"), lambda r: place_name(r.province_code) if r.province_code else "–"),
    ]


def group_columns() -> list[Column[IndigenousGroupRow]]:
    return [
        Column(N_("Name in Khmer"), lambda r: r.name_km),
        Column(N_("Name in English"), lambda r: r.name_en),
    ]


class OrganisationsPanel(ListEditor):
    """Organisations: names in Khmer and English, acronym, kind, province."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.list_model: ListModel[OrganisationRow] = ListModel(organisation_columns())
        super().__init__(ctx, self.list_model, parent)
        self.list_model.setParent(self)
        self.name_km = QLineEdit()
        self.name_en = QLineEdit()
        self.acronym = QLineEdit()
        self.acronym.setMaxLength(32)
        self.kind = EnumCombo(OrganisationKind, empty=N_("Kind…"))
        self.province = QComboBox()
        self.labels = {key: QLabel() for key in ("name_km", "name_en", "acronym", "kind", "province_code")}
        self.errors = {key: ErrorLabel() for key in self.labels}
        for key, widget in (("name_km", self.name_km), ("name_en", self.name_en), ("acronym", self.acronym),
                            ("kind", self.kind), ("province_code", self.province)):  # fmt: skip
            self.add_field(self.labels[key], widget, self.errors[key])
        self.finish_form()
        # Filters beside the search: which organisations count as government, CSO or community, and where.
        self.kind_filter = EnumCombo(OrganisationKind, empty=N_("Every kind"))
        self.province_filter = QComboBox()
        for combo in (self.kind_filter, self.province_filter):
            combo.currentIndexChanged.connect(lambda _i: self._filter())
            self.top.insertWidget(1, combo)
        self.retranslate_ui()
        self.new_entry()

    def kept(self, row: OrganisationRow) -> bool:
        kind = self.kind_filter.value()
        province = self.province_filter.currentData()
        # National organisations (no province) work everywhere: a province filter keeps them.
        return (kind is None or row.kind.value == kind) and (
            province is None or row.province_code in (None, province)
        )

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search by name or acronym, in Khmer or Latin letters…"))
        self.kind_filter.retranslate_ui()
        chosen = self.province_filter.currentData()
        self.province_filter.blockSignals(True)
        self.province_filter.clear()
        self.province_filter.addItem(_("Every province"), None)
        for place in provinces():
            self.province_filter.addItem(place.name(), place.code)
        self.province_filter.setCurrentIndex(max(self.province_filter.findData(chosen), 0))
        self.province_filter.blockSignals(False)
        self.add_button.setText(_("New organisation"))
        for key, text in organisation_service.LABELS.items():
            self.labels[key].setText(_(text))
        self.save_button.setText(_("Save"))
        self.retranslate_delete()
        self.kind.retranslate_ui()
        current = self.province.currentData()
        self.province.clear()
        self.province.addItem(_("National (no province)"), None)
        for place in provinces():
            self.province.addItem(place.name(), place.code)
        self.province.setCurrentIndex(max(self.province.findData(current), 0))
        self.form_box.setTitle(_("Edit organisation") if self.editing_id else _("New organisation"))
        self.list_model.retranslate()
        self.count.setText(self.count_text(len(self.list_model.rows)))

    def read(self) -> Op:
        return organisation_ops.list_organisations()

    def matches(self, row: OrganisationRow, folded: str) -> bool:
        from dialogue_desktop.core.domain.rules import fold_for_search

        return any(folded in fold_for_search(text) for text in (row.name_km, row.name_en, row.acronym))

    def fill(self, row: OrganisationRow | None) -> None:
        self.form_box.setTitle(_("Edit organisation") if row else _("New organisation"))
        self.name_km.setText(row.name_km if row else "")
        self.name_en.setText(row.name_en if row else "")
        self.acronym.setText(row.acronym if row else "")
        self.kind.set_value(row.kind.value if row else None)
        self.province.setCurrentIndex(max(self.province.findData(row.province_code if row else None), 0))
        if row is None:
            self.name_km.setFocus()

    def current_input(self) -> OrganisationInput:
        return OrganisationInput(
            name_km=self.name_km.text(), name_en=self.name_en.text(), kind=self.kind.value(),
            acronym=self.acronym.text(), province_code=self.province.currentData(),
        )  # fmt: skip

    def write(self) -> Op:
        return organisation_ops.save_organisation(self.editing_id, self.current_input())

    def remove(self, entry_id: str) -> Op:
        return organisation_ops.delete_organisation(entry_id)

    def entry_name(self, row: OrganisationRow) -> str:
        return " · ".join(t for t in (row.name_km, row.name_en) if t)

    def error_labels(self) -> dict[str, ErrorLabel]:
        return self.errors

    def count_text(self, n: int) -> str:
        return n_("{n} organisation", "{n} organisations", n).format(n=format_number(n))


class IndigenousGroupsPanel(ListEditor):
    """The indigenous and minority groups a person can belong to."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.list_model: ListModel[IndigenousGroupRow] = ListModel(group_columns())
        super().__init__(ctx, self.list_model, parent)
        self.list_model.setParent(self)
        self.name_km = QLineEdit()
        self.name_en = QLineEdit()
        self.labels = {key: QLabel() for key in ("name_km", "name_en")}
        self.errors = {key: ErrorLabel() for key in self.labels}
        self.add_field(self.labels["name_km"], self.name_km, self.errors["name_km"])
        self.add_field(self.labels["name_en"], self.name_en, self.errors["name_en"])
        self.finish_form()
        self.retranslate_ui()
        self.new_entry()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search by name, in Khmer or Latin letters…"))
        self.add_button.setText(_("New group"))
        self.labels["name_km"].setText(_("Name in Khmer"))
        self.labels["name_en"].setText(_("Name in English"))
        self.save_button.setText(_("Save"))
        self.retranslate_delete()
        self.form_box.setTitle(_("Edit group") if self.editing_id else _("New group"))
        self.list_model.retranslate()
        self.count.setText(self.count_text(len(self.list_model.rows)))

    def read(self) -> Op:
        return organisation_ops.list_groups()

    def matches(self, row: IndigenousGroupRow, folded: str) -> bool:
        from dialogue_desktop.core.domain.rules import fold_for_search

        return any(folded in fold_for_search(text) for text in (row.name_km, row.name_en))

    def fill(self, row: IndigenousGroupRow | None) -> None:
        self.form_box.setTitle(_("Edit group") if row else _("New group"))
        self.name_km.setText(row.name_km if row else "")
        self.name_en.setText(row.name_en if row else "")
        if row is None:
            self.name_km.setFocus()

    def write(self) -> Op:
        return organisation_ops.save_group(self.editing_id, self.name_km.text(), self.name_en.text())

    def remove(self, entry_id: str) -> Op:
        return organisation_ops.delete_group(entry_id)

    def entry_name(self, row: IndigenousGroupRow) -> str:
        return " · ".join(t for t in (row.name_km, row.name_en) if t)

    def error_labels(self) -> dict[str, ErrorLabel]:
        return self.errors

    def count_text(self, n: int) -> str:
        return n_("{n} group", "{n} groups", n).format(n=format_number(n))
