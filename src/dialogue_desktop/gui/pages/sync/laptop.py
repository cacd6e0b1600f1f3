"""The Sync page of an install not set up yet (join an office, or become one) and of a field laptop
(export a bundle, import the office's receipt, join again)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from dialogue_desktop.core.i18n import _, format_number, n_
from dialogue_desktop.core.sync import enrolment, import_
from dialogue_desktop.core.sync.status import BUNDLE_SUFFIX, Exported
from dialogue_desktop.gui.operations import sync as sync_ops
from dialogue_desktop.gui.pages.sync.base import SyncPageBase, tip
from dialogue_desktop.gui.pages.sync.imports import outcome_details
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.enrolment_code import CodeField


class LaptopPart(SyncPageBase):
    """Setting up sync, and a field laptop's exchanges with its office."""

    def _build_setup(self) -> QGroupBox:
        self.setup_box = QGroupBox()
        layout = QVBoxLayout(self.setup_box)
        self.setup_tip = tip()
        layout.addWidget(self.setup_tip)
        row = QHBoxLayout()
        self.join_code = CodeField()
        self.join_code.submitted.connect(self.join)
        self.join_button = QPushButton()
        self.join_button.clicked.connect(self.join)
        row.addWidget(self.join_code)
        self.setup_button = QPushButton()
        self.setup_button.clicked.connect(self.set_up_central)
        row.addWidget(self.join_button)
        row.addWidget(self.setup_button)
        row.addStretch(1)
        layout.addLayout(row)
        return self.setup_box

    def _build_laptop(self) -> QGroupBox:
        self.laptop_box = QGroupBox()
        layout = QVBoxLayout(self.laptop_box)
        self.export_tip = tip()
        layout.addWidget(self.export_tip)
        row = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_bundle)
        self.full_export = QCheckBox()
        row.addWidget(self.export_button)
        row.addWidget(self.full_export)
        row.addStretch(1)
        layout.addLayout(row)
        self.receipt_tip = tip()
        layout.addWidget(self.receipt_tip)
        row = QHBoxLayout()
        self.receipt_import_button = QPushButton()
        self.receipt_import_button.clicked.connect(self.import_receipt)
        row.addWidget(self.receipt_import_button)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.rejoin_code = CodeField()
        self.rejoin_code.submitted.connect(self.rejoin)
        self.rejoin_button = QPushButton()
        self.rejoin_button.clicked.connect(self.rejoin)
        row.addWidget(self.rejoin_code)
        row.addWidget(self.rejoin_button)
        row.addStretch(1)
        layout.addLayout(row)
        return self.laptop_box

    def _laptop_buttons(self) -> list[QPushButton]:
        return [
            self.join_button,
            self.setup_button,
            self.export_button,
            self.receipt_import_button,
            self.rejoin_button,
        ]

    def _retranslate_laptop(self) -> None:
        self.setup_box.setTitle(_("Set up sync"))
        self.setup_tip.setText(
            _(
                "A field laptop joins the central office with the enrolment file the office gives it and the "
                "verification code it gives separately (by phone or on paper): type the code, then choose the file. "
                "Only the central office's own computer is set up as the central office, once."
            )
        )
        self.join_code.retranslate_ui()
        self.rejoin_code.retranslate_ui()
        self.join_button.setText(_("Join a central office…"))
        self.setup_button.setText(_("Set up as the central office…"))
        self.laptop_box.setTitle(_("Send to the central office"))
        self.export_tip.setText(
            _(
                "Export writes one file with every change the central office has not confirmed yet. Put it on a "
                "USB stick or send it by e-mail; a lost file costs nothing, the next one carries the same changes."
            )
        )
        self.export_button.setText(_("Export to a folder…"))
        self.full_export.setText(_("Full export (every change, also the confirmed ones)"))
        self.receipt_tip.setText(
            _(
                "When the central office sends back a receipt, import it here: it confirms your changes and "
                "brings the shared lists."
            )
        )
        self.receipt_import_button.setText(_("Import a receipt…"))
        self.rejoin_button.setText(_("Join again with a new enrolment file…"))

    # --- setting up ----------------------------------------------------------------------------------

    def set_up_central(self) -> None:
        """Make this install the central office, after a confirmation."""
        if not dialogs.confirm(
            self,
            _("Set up as the central office"),
            _(
                "Make this computer the central office? Do this once, on the central office's own computer: "
                "every laptop will send its bundles to it. A field laptop must never be set up this way."
            ),
        ):
            return

        def done(fingerprint: str) -> None:
            self.show_result(
                _("This computer is now the central office. Its key fingerprint: {fingerprint}").format(
                    fingerprint=fingerprint
                )
            )

        self._run(sync_ops.set_up_central(), done)

    def join(self) -> None:
        """Join the central office with the typed verification code and the chosen enrolment file."""
        self._join(self.join_code)

    def rejoin(self) -> None:
        """Join again (lost keys, or another office) with a new enrolment file and its code."""
        self._join(self.rejoin_code)

    def _join(self, code_field: CodeField) -> None:
        if self.busy:  # Enter in the code box while the page works
            return
        code = code_field.text()
        if not code:
            self.error.show_text(
                _(
                    "Type the verification code the central office gave you (by phone or on paper), then choose the "
                    "enrolment file."
                )
            )
            code_field.edit.setFocus()
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the enrolment file"), "", _("Enrolment files (*.json);;All files (*)")
        )
        if not path:
            return

        def done(joined: enrolment.Joined) -> None:
            code_field.clear()
            self.show_result(
                _(
                    "This laptop joined the central office: the verification code matched the file. Central office "
                    "fingerprint: {central}. This laptop's fingerprint: {own}."
                ).format(central=joined.central_fingerprint, own=joined.fingerprint)
            )

        def failed(error: BaseException) -> None:
            if not isinstance(error, enrolment.OtherOfficeError):
                self.show_error(error)
            elif dialogs.confirm(
                self,
                _("Join another central office?"),
                error.text() + "\n\n" + _("Join the other central office now?"),
            ):
                run(True)

        def run(switch_office: bool) -> None:
            self._run(sync_ops.join(Path(path), code, switch_office), done, failed=failed)

        run(False)

    # --- a field laptop ------------------------------------------------------------------------------

    def export_bundle(self) -> None:
        """Choose a folder (a USB stick) and write the bundle there."""
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the folder for the bundle, e.g. the USB stick")
        )
        if not folder:
            return

        def done(exported: Exported) -> None:
            written = exported.written
            text = n_(
                "Bundle {sequence} written: {path}, {count} change.",
                "Bundle {sequence} written: {path}, {count} changes.",
                written.change_count,
            ).format(
                sequence=format_number(written.sequence),
                path=str(written.path),
                count=format_number(written.change_count),
            )
            self.show_result(" ".join(filter(None, [text, written.redated_text()])))

        self._run(sync_ops.export_to_folder(Path(folder), self.full_export.isChecked()), done)

    def import_receipt(self) -> None:
        """Pick the receipt from the central office and import it."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the receipt from the central office"),
            "",
            _("Bundles (*{suffix});;All files (*)").format(suffix=BUNDLE_SUFFIX),
        )
        if not path:
            return

        def done(outcome: import_.Outcome) -> None:
            if outcome.status == "refused":
                self.error.show_text(outcome_details(outcome))
                self.result.show_text("")
            elif outcome.status == "already":
                self.show_result(_("This receipt was already imported; nothing changed."))
            else:
                self.show_result(
                    n_(
                        "Receipt {sequence} imported: {new} change from the central office.",
                        "Receipt {sequence} imported: {new} changes from the central office.",
                        outcome.new_changes,
                    ).format(sequence=format_number(outcome.sequence), new=format_number(outcome.new_changes))
                )

        self._run(sync_ops.import_receipt(Path(path)), done)
