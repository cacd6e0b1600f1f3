"""The central office's laptops: enrol one (a file and a code to give separately), see each laptop's
bundles, write its receipt, revoke a lost one, enrol one again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from dialogue_desktop.core.i18n import N_, _, format_datetime, format_number, n_
from dialogue_desktop.core.services.places import PROGRAMME_PROVINCES, place_name, provinces
from dialogue_desktop.core.sync import receipts
from dialogue_desktop.core.sync.status import (
    BUNDLE_SUFFIX,
    DeviceRow,
    Enrolled,
    enrolment_file_name,
    receipt_file_name,
)
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import sync as sync_ops
from dialogue_desktop.gui.pages.sync.base import SyncPageBase, value_label
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.enrolment_code import CodeCard
from dialogue_desktop.gui.widgets.table import make_table, stretch


class OfficePart(SyncPageBase):
    """Enrolling and managing the field laptops, at the central office."""

    def _build_enrolment(self, layout: QVBoxLayout) -> None:
        """Enrolling a laptop, and the enrolled laptops with their actions, at the top of the office's box."""
        self.last_enrolled: Enrolled | None = None
        self.enrol_caption = QLabel()
        self.enrol_caption.setObjectName("subheading")
        layout.addWidget(self.enrol_caption)
        row = QHBoxLayout()
        self.enrol_name = QLineEdit()
        self.enrol_name.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        self.enrol_name.returnPressed.connect(self.enrol)
        self.enrol_province = QComboBox()
        self.enrol_button = QPushButton()
        self.enrol_button.clicked.connect(self.enrol)
        row.addWidget(self.enrol_name, 2)
        row.addWidget(self.enrol_province, 1)
        row.addWidget(self.enrol_button)
        layout.addLayout(row)
        self.enrolled = value_label()
        self.enrolled.hide()
        layout.addWidget(self.enrolled)
        self.enrolled_code = CodeCard()
        layout.addWidget(self.enrolled_code)

        self.devices_caption = QLabel()
        self.devices_caption.setObjectName("subheading")
        layout.addWidget(self.devices_caption)
        self.devices: ListModel[DeviceRow] = ListModel([
            Column(N_("Laptop"), lambda r: r.name),
            Column(N_("Province"), lambda r: place_name(r.province_code)),
            Column(N_("Last bundle"), lambda r: (
                f"{format_number(r.last_bundle)} · {format_datetime(r.last_import)}" if r.last_import else _("none yet"))),
            Column(N_("Missing bundles"), lambda r: ", ".join(format_number(n) for n in r.missing)),
            Column(N_("Key fingerprint"), lambda r: r.fingerprint or _("known after its first bundle")),
            Column(N_("Enrolment"), lambda r: _("revoked") if r.revoked else _("active")),
        ], self)  # fmt: skip
        self.devices.highlight = lambda r: None
        self.device_table = make_table(self)
        self.device_table.setModel(self.devices)
        stretch(self.device_table, 4)
        self.device_table.setMinimumHeight(self.device_table.fontMetrics().height() * 6)
        layout.addWidget(self.device_table)
        row = QHBoxLayout()
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self.write_receipt)
        row.addWidget(self.receipt_button)
        row.addStretch(1)
        # A lost or stolen laptop: refuse its bundles; a laptop that lost its keys: a new enrolment file.
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self.revoke)
        self.reenrol_button = QPushButton()
        self.reenrol_button.clicked.connect(self.reenrol)
        row.addWidget(self.revoke_button)
        row.addWidget(self.reenrol_button)
        layout.addLayout(row)
        self.device_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

    def _office_buttons(self) -> list[QPushButton]:
        return [self.enrol_button, self.receipt_button, self.revoke_button, self.reenrol_button]

    def _retranslate_office(self) -> None:
        self.enrolled_code.retranslate_ui()
        self.enrol_caption.setText(_("Enrol a laptop"))
        self.enrol_name.setPlaceholderText(_("Laptop name, e.g. Kampot laptop 1"))
        self.enrol_button.setText(_("Write enrolment file…"))
        self._fill_provinces()
        self.devices_caption.setText(_("Enrolled laptops"))
        self.devices.retranslate()
        self.receipt_button.setText(_("Write receipt for the selected laptop…"))
        self.revoke_button.setText(_("Revoke (lost or stolen)…"))
        self.reenrol_button.setText(_("Enrol again…"))
        self._show_enrolled()

    def _fill_provinces(self) -> None:
        current = self.enrol_province.currentData()
        self.enrol_province.clear()
        for place in provinces():
            if place.code in PROGRAMME_PROVINCES:
                self.enrol_province.addItem(place.name(), place.code)
        self.enrol_province.setCurrentIndex(max(self.enrol_province.findData(current), 0))

    def selected_device(self) -> DeviceRow | None:
        """The laptop selected in the list, if any."""
        rows = self.device_table.selectionModel().selectedRows()
        return self.devices.rows[rows[0].row()] if rows and rows[0].row() < len(self.devices.rows) else None

    # --- enrolling -----------------------------------------------------------------------------------

    def enrol(self) -> None:
        """Write an enrolment file for a new laptop."""
        name = self.enrol_name.text().strip()
        if not name:
            self.error.show_text(_("Give the laptop a name, for example “Kampot laptop 1”."))
            self.enrol_name.setFocus()
            return
        path = self._enrolment_file(name)
        if path is None:
            return

        def done(enrolled: Enrolled) -> None:
            self.enrol_name.clear()  # only once written: a failure leaves the name to correct
            self._enrolled(enrolled)

        self._run(sync_ops.enrol(name, self.enrol_province.currentData(), path), done)

    def reenrol(self) -> None:
        """A new enrolment file for the selected laptop (it lost its keys, or was revoked by mistake)."""
        device = self.selected_device()
        path = self._enrolment_file(device.name) if device is not None else None
        if device is not None and path is not None:
            self._run(sync_ops.enrol(device.name, device.province_code, path, device.id), self._enrolled)

    def _enrolment_file(self, name: str) -> Path | None:
        """Where to write a laptop's enrolment file (asked), None when cancelled."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the enrolment file"), enrolment_file_name(name), _("Enrolment files (*.json)")
        )
        return Path(path) if path else None

    def _enrolled(self, enrolled: Enrolled) -> None:
        self.last_enrolled = enrolled
        self._show_enrolled()
        self.show_result(_("Laptop {name} enrolled.").format(name=enrolled.name))

    def _show_enrolled(self) -> None:
        enrolled = self.last_enrolled
        self.enrolled.setVisible(enrolled is not None)
        self.enrolled_code.show_code(enrolled.code if enrolled is not None else "")
        if enrolled is not None:
            self.enrolled.setText(
                _(
                    "Enrolment file for {name} written: {path}. Device id: {device_id}. When the laptop joins, it "
                    "shows this central office fingerprint: {fingerprint}."
                ).format(
                    name=enrolled.name,
                    path=str(enrolled.path),
                    device_id=enrolled.device_id,
                    fingerprint=enrolled.central_fingerprint,
                )
            )

    # --- receipts and revocation ---------------------------------------------------------------------

    def write_receipt(self) -> None:
        """Write the receipt for the selected laptop."""
        device = self.selected_device()
        if device is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the receipt for {name}").format(name=device.name),
            receipt_file_name(device.name, device.id),
            _("Bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX),
        )
        if not path:
            return

        def done(receipt: receipts.Receipt) -> None:
            self.show_result(
                n_(
                    "Receipt for {name} written: {path}. It confirms their changes and carries {count} "
                    "change from the central office.",
                    "Receipt for {name} written: {path}. It confirms their changes and carries {count} "
                    "changes from the central office.",
                    receipt.change_count,
                ).format(name=device.name, path=str(receipt.path), count=format_number(receipt.change_count))
            )

        self._run(sync_ops.write_receipt(device.id, Path(path)), done)

    def revoke(self) -> None:
        """Refuse every later bundle from the selected laptop (lost or stolen), after asking."""
        device = self.selected_device()
        if device is None or not dialogs.confirm(
            self,
            _("Revoke a laptop"),
            _(
                "Refuse every bundle {name} sends from now on? Do this when the laptop is lost or stolen. What it "
                "sent before stays; its keys are forgotten for good. “Enrol again…” gives it (or its replacement) a "
                "new enrolment file and code."
            ).format(name=device.name),
        ):
            return
        self._run(sync_ops.revoke(device.id),
                  lambda _none: self.show_result(_("{name} is revoked: its bundles are refused.").format(
                      name=device.name)))  # fmt: skip
