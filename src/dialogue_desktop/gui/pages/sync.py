"""The Sync page: where a field laptop sends its bundles and the central office brings them in.

It shows what this install is (field laptop, central office, not set up yet) with the key fingerprint to
compare by phone, then the actions of that role. Everything that reads or writes the store runs on the
database worker; a busy bar shows while it works and the page stays usable. Problems are shown in the
page's message line, in the facilitator's language, never as a traceback.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from dialogue_desktop.core.domain.models import Device
from dialogue_desktop.core.domain.sync_models import SyncBundle, SyncPeer
from dialogue_desktop.core.i18n import N_, _, format_datetime, format_number, n_
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.places import PROGRAMME_PROVINCES, place_name, provinces
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import conflicts, enrolment, export, import_, receipts, state
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.keys import load_keys
from dialogue_desktop.core.sync.preview import READY, Preview, preview_files
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import user_message
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.sync_status import unconfirmed_text
from dialogue_desktop.gui.topics import EVERYTHING, Topic
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.enrolment_code import CodeCard, CodeField
from dialogue_desktop.gui.widgets.fields import ErrorLabel
from dialogue_desktop.gui.widgets.sync_conflicts import TABLE_LABELS, ConflictPanel, read_conflicts
from dialogue_desktop.gui.widgets.table import make_table, stretch
from dialogue_desktop.gui.worker import op

log = logging.getLogger(__name__)

BUNDLE_SUFFIX = ".dlgbundle"
#: Announced after sync work, with every record topic (an import can touch anything).
AFTER_IMPORT = EVERYTHING


# --- what the page shows, read on the worker thread ------------------------------------------------------


@dataclass(frozen=True)
class DeviceRow:
    """An enrolled laptop as the central office sees it."""

    id: str
    name: str
    province_code: str | None
    revoked: bool
    fingerprint: str
    bundles: int
    last_bundle: int
    last_import: datetime | None
    missing: list[int]


@dataclass(frozen=True)
class SyncState:
    role: str | None
    device_id: str
    device_name: str
    province_code: str | None
    fingerprint: str
    central_name: str = ""
    central_fingerprint: str = ""
    bundles_sent: int = 0
    unconfirmed: int = 0
    last_receipt: int = 0
    last_receipt_at: datetime | None = None
    devices: list[DeviceRow] = field(default_factory=list)


def read_state(store: Store) -> SyncState:
    """This install's role, keys and exchanges (worker thread)."""
    with store.unit_of_work() as session:
        role = state.role(session)
        fingerprint = ""
        if role is not None:
            try:
                fingerprint = load_keys(store).fingerprint
            except SyncError:
                fingerprint = ""
        device = session.get(Device, store.device_id)
        found = SyncState(role, store.device_id, device.name if device else "", device.province_code if device else None,
                          fingerprint)
        if role == state.FIELD:
            peer = session.scalars(select(SyncPeer).where(SyncPeer.role == state.CENTRAL)).first()
            receipt = session.scalars(select(SyncBundle).where(SyncBundle.kind == "receipt")
                                      .order_by(SyncBundle.sequence.desc()).limit(1)).first()
            central = session.get(Device, peer.device_id) if peer is not None else None
            found = SyncState(
                role, found.device_id, found.device_name, found.province_code, fingerprint,
                central_name=central.name if central is not None else "",
                central_fingerprint=enrolment.device_fingerprint(peer) if peer is not None else "",
                bundles_sent=peer.sent_seq if peer is not None else 0,
                last_receipt=receipt.sequence if receipt is not None else 0,
                last_receipt_at=receipt.imported_at if receipt is not None else None,
            )
        elif role == state.CENTRAL:
            found.devices.extend(_devices(session))
    if role == state.FIELD:
        return replace(found, unconfirmed=state.unconfirmed_count(store))
    return found


def _devices(session: Any) -> list[DeviceRow]:
    missing = import_.missing_bundles(session)
    rows: list[DeviceRow] = []
    peers = session.scalars(select(SyncPeer).where(SyncPeer.role == state.FIELD)).all()
    for peer in peers:
        device = session.get(Device, peer.device_id)
        if device is None:
            continue
        bundles = session.execute(select(SyncBundle.sequence, SyncBundle.imported_at).where(
            SyncBundle.sender_device_id == device.id, SyncBundle.kind == "bundle")).all()
        last = max(bundles, default=None, key=lambda b: b[0])
        rows.append(DeviceRow(
            device.id, device.name, device.province_code, device.revoked, enrolment.device_fingerprint(peer),
            len(bundles), last[0] if last else 0, last[1] if last else None, missing.get(device.id, []),
        ))
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


@dataclass(frozen=True)
class Exported:
    written: export.Written
    unconfirmed: int


def export_to_folder(store: Store, folder: Path, full: bool) -> Exported:
    """Write the next bundle into `folder` under a name the central office can read at a glance."""
    with store.unit_of_work() as session:
        peer = state.central_peer(session)
        device = session.get(Device, store.device_id)
        name = _slug(device.name if device is not None else "") or store.device_id[:8]
        sequence = peer.sent_seq + 1
    stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M")
    path = folder / f"{name}-{sequence:04d}-{stamp}{BUNDLE_SUFFIX}"
    written = export.export_bundle(store, path, full=full)
    return Exported(written, state.unconfirmed_count(store))


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    name: str
    path: Path
    central_fingerprint: str
    code: str


def enrol(store: Store, name: str, province_code: str | None, path: Path) -> Enrolled:
    """Write a laptop's enrolment file (worker thread)."""
    if not name.strip():
        raise UserError(N_("Give the laptop a name, for example “Kampot laptop 1”."))
    enrolled = enrolment.enrol_device(store, name.strip(), province_code, path)
    return Enrolled(enrolled.device_id, name.strip(), path, load_keys(store).fingerprint, enrolled.code)


def reenrol(store: Store, device_id: str, name: str, province_code: str | None, path: Path) -> Enrolled:
    """Write a new enrolment file for a known laptop: nothing of it is lost, its revocation is lifted
    (worker thread)."""
    enrolled = enrolment.enrol_device(store, name, province_code, path, device_id)
    return Enrolled(device_id, name, path, load_keys(store).fingerprint, enrolled.code)


# --- the page ------------------------------------------------------------------------------------------------


def _tip(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("quiet")
    return label


def _value(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SyncPage(Page):
    """Sync by bundles: the laptop's send and receive, the central office's enrol, import and receipts."""

    key = "sync"

    #: This laptop's unconfirmed changes after each reload (-1 when this install is not a laptop).
    unconfirmed_changed = Signal(int)
    #: Emitted after each reload has been shown (tests wait on it).
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: SyncState | None = None
        self.previews: list[Preview] = []
        self.last_enrolled: Enrolled | None = None
        self._busy = 0
        self.setAcceptDrops(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        outer.addWidget(self.heading)
        busy_row = QHBoxLayout()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: the work has no steps to count
        self.busy_bar.setMaximumWidth(220)
        self.busy_bar.setTextVisible(False)
        self.busy_label = QLabel()
        busy_row.addWidget(self.busy_bar)
        busy_row.addWidget(self.busy_label, 1)
        outer.addLayout(busy_row)
        self.busy_bar.hide()
        self.busy_label.hide()
        self.error = ErrorLabel()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = ErrorLabel()
        self.result.setObjectName("saved")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.error)
        outer.addWidget(self.result)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 8, 0)
        self.scroll_area.setWidget(self.content)
        outer.addWidget(self.scroll_area, 1)

        body.addWidget(self._build_identity())
        body.addWidget(self._build_setup())
        body.addWidget(self._build_laptop())
        body.addWidget(self._build_central())
        self.conflict_box = QGroupBox()
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.conflicts = ConflictPanel()
        self.conflicts.chosen.connect(self.resolve)
        conflict_layout.addWidget(self.conflicts)
        body.addWidget(self.conflict_box)
        body.addStretch(1)
        self.action_buttons = [
            self.join_button, self.setup_button, self.export_button, self.receipt_import_button,
            self.rejoin_button, self.enrol_button, self.import_button, self.receipt_button, self.apply_button,
            self.revoke_button, self.reenrol_button,
        ]
        self.retranslate_ui()
        self._show_role()

    # --- building ------------------------------------------------------------------------------------

    def _build_identity(self) -> QGroupBox:
        self.identity_box = QGroupBox()
        grid = QGridLayout(self.identity_box)
        self.role_label = QLabel()
        self.role_label.setObjectName("count")
        self.role_label.setWordWrap(True)
        grid.addWidget(self.role_label, 0, 0, 1, 2)
        self.fingerprint_caption = QLabel()
        self.fingerprint = _value()
        self.fingerprint.setObjectName("bigCount")
        grid.addWidget(self.fingerprint_caption, 1, 0)
        grid.addWidget(self.fingerprint, 1, 1)
        self.details_labels: list[QLabel] = []
        self.details_values: list[QLabel] = []
        for line in range(6):
            caption, value = QLabel(), _value()
            self.details_labels.append(caption)
            self.details_values.append(value)
            grid.addWidget(caption, line + 2, 0)
            grid.addWidget(value, line + 2, 1)
        self.fingerprint_tip = _tip()
        grid.addWidget(self.fingerprint_tip, 8, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return self.identity_box

    def _build_setup(self) -> QGroupBox:
        self.setup_box = QGroupBox()
        layout = QVBoxLayout(self.setup_box)
        self.setup_tip = _tip()
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
        self.export_tip = _tip()
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
        self.receipt_tip = _tip()
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

    def _build_central(self) -> QGroupBox:
        self.central_box = QGroupBox()
        layout = QVBoxLayout(self.central_box)
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
        self.enrolled = _value()
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
        ], self)
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

        self.import_caption = QLabel()
        self.import_caption.setObjectName("subheading")
        layout.addWidget(self.import_caption)
        self.import_tip = _tip()
        layout.addWidget(self.import_tip)
        row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_bundles)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.preview_box = QGroupBox()
        preview_layout = QVBoxLayout(self.preview_box)
        self.preview_model: ListModel[tuple[Preview, str, int, int, int, int]] = ListModel([
            Column(N_("File"), lambda r: r[0].path.name),
            Column(N_("From"), lambda r: r[0].sender_name),
            Column(N_("Table"), lambda r: _(TABLE_LABELS.get(r[1], r[1])) if r[1] else _problem(r[0])),
            Column(N_("New"), lambda r: format_number(r[2]) if r[1] else "", align_right=True),
            Column(N_("Updated"), lambda r: format_number(r[3]) if r[1] else "", align_right=True),
            Column(N_("Deleted"), lambda r: format_number(r[4]) if r[1] else "", align_right=True),
            Column(N_("Already here"), lambda r: format_number(r[5]) if r[1] else "", align_right=True),
        ], self)
        self.preview_table = make_table(self)
        self.preview_table.setModel(self.preview_model)
        stretch(self.preview_table, 2)
        self.preview_table.setMinimumHeight(self.preview_table.fontMetrics().height() * 10)
        preview_layout.addWidget(self.preview_table)
        self.preview_summary = QLabel()
        self.preview_summary.setWordWrap(True)
        preview_layout.addWidget(self.preview_summary)
        row = QHBoxLayout()
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply_import)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_preview)
        row.addWidget(self.apply_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        preview_layout.addLayout(row)
        self.preview_box.hide()
        layout.addWidget(self.preview_box)

        self.outcome_box = QGroupBox()
        outcome_layout = QVBoxLayout(self.outcome_box)
        self.outcomes: ListModel[import_.Outcome] = ListModel([
            Column(N_("File"), lambda o: o.path.name),
            Column(N_("Result"), _outcome_status),
            Column(N_("Details"), _outcome_details),
        ], self)
        self.outcome_table = make_table(self)
        self.outcome_table.setModel(self.outcomes)
        self.outcome_table.setWordWrap(True)
        stretch(self.outcome_table, 2)
        self.outcome_table.setMinimumHeight(self.outcome_table.fontMetrics().height() * 6)
        outcome_layout.addWidget(self.outcome_table)
        self.outcome_box.hide()
        layout.addWidget(self.outcome_box)
        return self.central_box

    # --- Page hooks ----------------------------------------------------------------------------------

    def title(self) -> str:
        return _("Sync")

    def watched_topics(self) -> frozenset[Topic]:
        return AFTER_IMPORT

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Sync with the central office"))
        self.identity_box.setTitle(_("This computer"))
        self.fingerprint_caption.setText(_("Key fingerprint"))
        self.fingerprint_tip.setText(_(
            "Read the fingerprints aloud by phone with the other side: if they are the same, nobody swapped "
            "the files on the way."))
        self.setup_box.setTitle(_("Set up sync"))
        self.setup_tip.setText(_(
            "A field laptop joins the central office with the enrolment file the office gives it and the "
            "verification code it gives separately (by phone or on paper): type the code, then choose the file. "
            "Only the central office's own computer is set up as the central office, once."))
        self.join_code.retranslate_ui()
        self.rejoin_code.retranslate_ui()
        self.enrolled_code.retranslate_ui()
        self.join_button.setText(_("Join a central office…"))
        self.setup_button.setText(_("Set up as the central office…"))
        self.laptop_box.setTitle(_("Send to the central office"))
        self.export_tip.setText(_(
            "Export writes one file with every change the central office has not confirmed yet. Put it on a "
            "USB stick or send it by e-mail; a lost file costs nothing, the next one carries the same changes."))
        self.export_button.setText(_("Export to a folder…"))
        self.full_export.setText(_("Full export (every change, also the confirmed ones)"))
        self.receipt_tip.setText(_(
            "When the central office sends back a receipt, import it here: it confirms your changes and "
            "brings the shared lists."))
        self.receipt_import_button.setText(_("Import a receipt…"))
        self.rejoin_button.setText(_("Join again with a new enrolment file…"))
        self.central_box.setTitle(_("Central office"))
        self.enrol_caption.setText(_("Enrol a laptop"))
        self.enrol_name.setPlaceholderText(_("Laptop name, e.g. Kampot laptop 1"))
        self.enrol_button.setText(_("Write enrolment file…"))
        self._fill_provinces()
        self.devices_caption.setText(_("Enrolled laptops"))
        self.devices.retranslate()
        self.receipt_button.setText(_("Write receipt for the selected laptop…"))
        self.revoke_button.setText(_("Revoke (lost or stolen)…"))
        self.reenrol_button.setText(_("Enrol again…"))
        self.import_caption.setText(_("Import bundles"))
        self.import_tip.setText(_(
            "Choose one or many bundle files, or drop them on this page. You see what they will change "
            "before anything is applied."))
        self.import_button.setText(_("Import bundles…"))
        self.preview_box.setTitle(_("What will change"))
        self.preview_model.retranslate()
        self.apply_button.setText(_("Apply"))
        self.cancel_button.setText(_("Cancel"))
        self.outcome_box.setTitle(_("Result of the import"))
        self.outcomes.retranslate()
        self.conflict_box.setTitle(_("Conflicts"))
        self.conflicts.retranslate_ui()
        self.busy_label.setText(_("Working… you can go on using the app."))
        self._show_role()
        self._show_preview_summary()
        self._show_enrolled()
        # One-off messages were written in the other language: clear them rather than mix languages.
        self.error.show_text("")
        self.result.show_text("")

    def _fill_provinces(self) -> None:
        current = self.enrol_province.currentData()
        self.enrol_province.clear()
        for place in provinces():
            if place.code in PROGRAMME_PROVINCES:
                self.enrol_province.addItem(place.name(), place.code)
        self.enrol_province.setCurrentIndex(max(self.enrol_province.findData(current), 0))

    def reload(self) -> None:
        self._run(read_state, done=self._show_state, quiet=True)
        self._run(read_conflicts, done=self.conflicts.set_rows, quiet=True)

    # --- showing -------------------------------------------------------------------------------------

    def _show_state(self, found: SyncState) -> None:
        self.state = found
        self._show_role()
        self.unconfirmed_changed.emit(found.unconfirmed if found.role == state.FIELD else -1)
        self.loaded.emit()

    def _show_role(self) -> None:
        found = self.state
        role = found.role if found is not None else None
        if found is None:
            self.role_label.setText(_("Reading…"))
        elif role == state.FIELD:
            self.role_label.setText(_("Field laptop"))
        elif role == state.CENTRAL:
            self.role_label.setText(_("Central office"))
        else:
            self.role_label.setText(_("Not set up for sync yet"))
        has_fingerprint = bool(found and found.fingerprint)
        self.fingerprint.setText(found.fingerprint if found else "")
        for widget in (self.fingerprint_caption, self.fingerprint, self.fingerprint_tip):
            widget.setVisible(has_fingerprint)
        lines: list[tuple[str, str]] = []
        if found is not None and role == state.FIELD:
            lines = [
                (_("Laptop"), " · ".join(t for t in (found.device_name, place_name(found.province_code)) if t)),
                (_("Central office"), found.central_name),
                (_("Central office fingerprint"), found.central_fingerprint),
                (_("Bundles sent"), format_number(found.bundles_sent)),
                (_("Not yet confirmed"), unconfirmed_text(found.unconfirmed)),
                (_("Last receipt"), _("number {n}, imported {when}").format(
                    n=format_number(found.last_receipt), when=format_datetime(found.last_receipt_at.astimezone()))
                 if found.last_receipt_at else _("none yet")),
            ]
        elif found is not None and role == state.CENTRAL:
            lines = [(_("Name"), found.device_name)]
        for number, (caption, value) in enumerate(zip(self.details_labels, self.details_values, strict=True)):
            text = lines[number] if number < len(lines) else ("", "")
            caption.setText(text[0])
            value.setText(text[1])
            caption.setVisible(bool(text[0]))
            value.setVisible(bool(text[0]))
        if found is not None and role == state.FIELD and found.unconfirmed:
            self.details_values[4].setObjectName("duplicate")
        else:
            self.details_values[4].setObjectName("")
        self.details_values[4].style().polish(self.details_values[4])
        self.setup_box.setVisible(found is not None and role is None)
        self.laptop_box.setVisible(role == state.FIELD)
        self.central_box.setVisible(role == state.CENTRAL)
        self.conflict_box.setVisible(role is not None)
        if found is not None:
            self.devices.set_rows(found.devices)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._busy_work > 0
        for button in self.action_buttons:
            button.setEnabled(not busy)
        if not busy:
            device = self.selected_device()
            self.receipt_button.setEnabled(device is not None)
            self.revoke_button.setEnabled(device is not None and not device.revoked)
            self.reenrol_button.setEnabled(device is not None)
            self.apply_button.setEnabled(any(p.status == READY for p in self.previews))
        for button in self.conflicts.keep_buttons:
            button.setEnabled(not busy)

    def selected_device(self) -> DeviceRow | None:
        rows = self.device_table.selectionModel().selectedRows()
        return self.devices.rows[rows[0].row()] if rows and rows[0].row() < len(self.devices.rows) else None

    def show_error(self, error: BaseException) -> None:
        """An error in the page's message line: a user error as its message, anything else logged."""
        if not isinstance(error, UserError):
            log.error("sync failed:\n%s", "".join(traceback.format_exception(type(error), error, error.__traceback__)))
        self.result.show_text("")
        self.error.show_text(user_message(error))

    def show_result(self, text: str) -> None:
        self.error.show_text("")
        self.result.show_text(text)

    # --- running work --------------------------------------------------------------------------------

    @property
    def _busy_work(self) -> int:
        return self._busy

    def _run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None], changes: frozenset[Topic] = frozenset(),
             quiet: bool = False, failed: Callable[[BaseException], None] | None = None) -> None:
        """Run `fn(store, *args)` on the worker; a busy bar while it runs unless `quiet` (quick reads).

        A failure goes to `failed`, or is shown in the page's message line."""
        if not quiet:
            self._busy += 1
            self.busy_bar.show()
            self.busy_label.show()
            self._update_buttons()

        def finish() -> None:
            if not quiet:
                self._busy -= 1
                if self._busy == 0:
                    self.busy_bar.hide()
                    self.busy_label.hide()
                self._update_buttons()

        def ok(value: Any) -> None:
            finish()
            done(value)

        def failure(error: BaseException) -> None:
            finish()
            (failed or self.show_error)(error)

        op(fn, *args, with_store=True, changes=changes).success(ok).failure(failure).run(self.ctx.worker)

    # --- laptop --------------------------------------------------------------------------------------

    def join(self) -> None:
        """Join the central office with the typed verification code and the chosen enrolment file."""
        self._join(self.join_code)

    def rejoin(self) -> None:
        """Join again (lost keys, or another office) with a new enrolment file and its code."""
        self._join(self.rejoin_code)

    def _join(self, code_field: CodeField) -> None:
        if self._busy_work:  # Enter in the code box while the page works
            return
        code = code_field.text()
        if not code:
            self.error.show_text(_(
                "Type the verification code the central office gave you (by phone or on paper), then choose the "
                "enrolment file."))
            code_field.edit.setFocus()
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the enrolment file"), "", _("Enrolment files (*.json);;All files (*)"))
        if not path:
            return

        def done(joined: enrolment.Joined) -> None:
            code_field.clear()
            self.show_result(_(
                "This laptop joined the central office: the verification code matched the file. Central office "
                "fingerprint: {central}. This laptop's fingerprint: {own}.").format(
                    central=joined.central_fingerprint, own=joined.fingerprint))

        def failed(error: BaseException) -> None:
            if not isinstance(error, enrolment.OtherOfficeError):
                self.show_error(error)
            elif dialogs.confirm(self, _("Join another central office?"), error.text() + "\n\n" + _(
                    "Join the other central office now?")):
                run(True)

        def run(switch_office: bool) -> None:
            self._run(enrolment.join, Path(path), code, switch_office, done=done, failed=failed,
                      changes=frozenset({Topic.SETTINGS, Topic.SYNC}))

        run(False)

    def export_bundle(self) -> None:
        """Choose a folder (a USB stick) and write the bundle there."""
        folder = QFileDialog.getExistingDirectory(self, _("Choose the folder for the bundle, e.g. the USB stick"))
        if not folder:
            return

        def done(exported: Exported) -> None:
            written = exported.written
            text = n_("Bundle {sequence} written: {path}, {count} change.",
                      "Bundle {sequence} written: {path}, {count} changes.", written.change_count).format(
                sequence=format_number(written.sequence), path=str(written.path),
                count=format_number(written.change_count))
            self.show_result(" ".join(filter(None, [text, written.redated_text()])))

        self._run(export_to_folder, Path(folder), self.full_export.isChecked(), done=done, changes=frozenset({Topic.SYNC}))

    def import_receipt(self) -> None:
        """Pick the receipt from the central office and import it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the receipt from the central office"), "",
            _("Bundles (*{suffix});;All files (*)").format(suffix=BUNDLE_SUFFIX))
        if not path:
            return

        def done(outcome: import_.Outcome) -> None:
            if outcome.status == "refused":
                self.error.show_text(_outcome_details(outcome))
                self.result.show_text("")
            elif outcome.status == "already":
                self.show_result(_("This receipt was already imported; nothing changed."))
            else:
                self.show_result(n_("Receipt {sequence} imported: {new} change from the central office.",
                                    "Receipt {sequence} imported: {new} changes from the central office.",
                                    outcome.new_changes).format(
                    sequence=format_number(outcome.sequence), new=format_number(outcome.new_changes)))

        self._run(import_.import_file, Path(path), done=done, changes=AFTER_IMPORT)

    # --- central office ------------------------------------------------------------------------------

    def set_up_central(self) -> None:
        """Make this install the central office, after a confirmation."""
        if not dialogs.confirm(self, _("Set up as the central office"), _(
            "Make this computer the central office? Do this once, on the central office's own computer: "
            "every laptop will send its bundles to it. A field laptop must never be set up this way.")):
            return

        def done(fingerprint: str) -> None:
            self.show_result(_("This computer is now the central office. Its key fingerprint: {fingerprint}").format(
                fingerprint=fingerprint))

        self._run(enrolment.central_init, done=done, changes=frozenset({Topic.SETTINGS, Topic.SYNC}))

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

        self._run(enrol, name, self.enrol_province.currentData(), path, done=done, changes=frozenset({Topic.SYNC}))

    def _enrolment_file(self, name: str) -> Path | None:
        """Where to write a laptop's enrolment file (asked), None when cancelled."""
        suggested = f"enrol-{_slug(name) or 'laptop'}.json"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the enrolment file"), suggested, _("Enrolment files (*.json)"))
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
            self.enrolled.setText(_(
                "Enrolment file for {name} written: {path}. Device id: {device_id}. When the laptop joins, it "
                "shows this central office fingerprint: {fingerprint}.").format(
                    name=enrolled.name, path=str(enrolled.path), device_id=enrolled.device_id,
                    fingerprint=enrolled.central_fingerprint))

    def write_receipt(self) -> None:
        """Write the receipt for the selected laptop."""
        device = self.selected_device()
        if device is None:
            return
        stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M")
        suggested = f"receipt-{_slug(device.name) or device.id[:8]}-{stamp}{BUNDLE_SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the receipt for {name}").format(name=device.name), suggested,
            _("Bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX))
        if not path:
            return

        def done(receipt: receipts.Receipt) -> None:
            self.show_result(n_("Receipt for {name} written: {path}. It confirms their changes and carries {count} "
                                "change from the central office.",
                                "Receipt for {name} written: {path}. It confirms their changes and carries {count} "
                                "changes from the central office.", receipt.change_count).format(
                name=device.name, path=str(receipt.path), count=format_number(receipt.change_count)))

        self._run(receipts.write_receipt, device.id, Path(path), done=done, changes=frozenset({Topic.SYNC}))

    def revoke(self) -> None:
        """Refuse every later bundle from the selected laptop (lost or stolen), after asking."""
        device = self.selected_device()
        if device is None or not dialogs.confirm(self, _("Revoke a laptop"), _(
            "Refuse every bundle {name} sends from now on? Do this when the laptop is lost or stolen. What it "
            "sent before stays; its keys are forgotten for good. “Enrol again…” gives it (or its replacement) a "
            "new enrolment file and code."
        ).format(name=device.name)):
            return
        self._run(enrolment.revoke_device, device.id, changes=frozenset({Topic.SYNC}),
                  done=lambda _none: self.show_result(_("{name} is revoked: its bundles are refused.").format(
                      name=device.name)))  # fmt: skip

    def reenrol(self) -> None:
        """A new enrolment file for the selected laptop (it lost its keys, or was revoked by mistake)."""
        device = self.selected_device()
        path = self._enrolment_file(device.name) if device is not None else None
        if device is not None and path is not None:
            self._run(reenrol, device.id, device.name, device.province_code, path, done=self._enrolled,
                      changes=frozenset({Topic.SYNC}))  # fmt: skip

    def choose_bundles(self) -> None:
        """Pick one or many bundle files and preview them."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose the bundles to import"), "", _("Bundles (*{suffix});;All files (*)").format(suffix=BUNDLE_SUFFIX))
        if paths:
            self.preview([Path(p) for p in paths])

    def preview(self, paths: list[Path]) -> None:
        """Check the files and show what they would change; nothing is applied yet."""
        self.outcome_box.hide()

        def done(found: list[Preview]) -> None:
            self.previews = found
            rows: list[tuple[Preview, str, int, int, int, int]] = []
            for item in found:
                if item.status == READY and item.tables:
                    rows.extend((item, table, c.new, c.updated, c.deleted, c.known) for table, c in item.tables.items())
                else:
                    rows.append((item, "", 0, 0, 0, 0))
            self.preview_model.set_rows(rows)
            self.preview_box.show()
            self._show_preview_summary()
            self._update_buttons()
            self.apply_button.setFocus()

        self._run(preview_files, paths, done=done)

    def _show_preview_summary(self) -> None:
        ready = [p for p in self.previews if p.status == READY]
        if not self.previews:
            self.preview_summary.setText("")
            return
        self.preview_summary.setText(_(
            "{files} of {total} files can be imported: {new} new records, {updated} updated, {deleted} deleted. "
            "Apply to import them; the others are set aside with the reason.").format(
                files=format_number(len(ready)), total=format_number(len(self.previews)),
                new=format_number(sum(p.new for p in ready)), updated=format_number(sum(p.updated for p in ready)),
                deleted=format_number(sum(p.deleted for p in ready))))

    def cancel_preview(self) -> None:
        self.previews = []
        self.preview_model.set_rows([])
        self.preview_box.hide()
        self._update_buttons()

    def apply_import(self) -> None:
        """Import the previewed files (each on its own) and show what happened to each."""
        paths = [p.path for p in self.previews]
        if not paths:
            return

        def done(outcomes: list[import_.Outcome]) -> None:
            self.cancel_preview()
            self.outcomes.set_rows(outcomes)
            self.outcome_box.show()
            imported = sum(1 for o in outcomes if o.status == "imported")
            refused = sum(1 for o in outcomes if o.status == "refused")
            text = _("{imported} imported, {refused} refused.").format(
                imported=format_number(imported), refused=format_number(refused))
            if refused:
                self.result.show_text("")
                self.error.show_text(text)
            else:
                self.show_result(text)

        self._run(import_and_update_reports, paths, done=done, changes=AFTER_IMPORT)

    # --- conflicts -----------------------------------------------------------------------------------

    def resolve(self, conflict_id: str, choice: str) -> None:
        """Keep one version of a conflict: a new change that travels like any other."""

        def done(_revision: str) -> None:
            self.show_result(_("Conflict resolved. The version you chose is now used, and will travel to the "
                               "other computers."))

        self._run(conflicts.resolve_conflict, conflict_id, choice, done=done, changes=AFTER_IMPORT)

    # --- drag and drop -------------------------------------------------------------------------------

    def _dropped_bundles(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile().endswith(BUNDLE_SUFFIX)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.state is not None and self.state.role == state.CENTRAL and self._dropped_bundles(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = self._dropped_bundles(event)
        if paths and self.state is not None and self.state.role == state.CENTRAL:
            event.acceptProposedAction()
            self.preview(paths)
        else:
            event.ignore()


def _problem(preview: Preview) -> str:
    if preview.status == READY:
        return _("nothing to change")
    if preview.status == "already":
        return _("already imported: nothing will change")
    return _("will be refused: {reason}").format(reason=preview.message)


def _outcome_status(outcome: import_.Outcome) -> str:
    return {"imported": _("imported"), "already": _("already imported"), "refused": _("refused")}.get(
        outcome.status, outcome.status)


def import_and_update_reports(store: Store, paths: list[Path]) -> list[import_.Outcome]:
    """Import bundles (each on its own), then bring the reports' tables up to date with them, while the
    busy bar already shows: the first report after a large import would otherwise wait for it (worker)."""
    from dialogue_desktop.core.reports import mart
    from dialogue_desktop.core.services.youth import youth_ages

    outcomes = import_.import_files(store, paths)
    if any(outcome.status == "imported" for outcome in outcomes):
        with store.unit_of_work() as session:
            mart.refresh(session, youth_ages(session))
    return outcomes


def _outcome_details(outcome: import_.Outcome) -> str:
    if outcome.status == "imported":
        text = _("bundle {sequence}: {new}, {conflicts}, {held} held").format(
            sequence=format_number(outcome.sequence),
            new=n_("{n} new change", "{n} new changes", outcome.new_changes).format(n=format_number(outcome.new_changes)),
            conflicts=n_("{n} conflict", "{n} conflicts", outcome.conflicts).format(n=format_number(outcome.conflicts)),
            held=format_number(outcome.held))
        missing = outcome.missing.get(outcome.sender, [])
        if missing:
            text += " · " + _("missing bundles from this laptop: {numbers}").format(
                numbers=", ".join(format_number(n) for n in missing))
        return text
    if outcome.status == "already":
        return _("nothing changed")
    text = outcome.message
    if outcome.quarantined is not None:
        text += " " + _("The file was moved to {path}.").format(path=str(outcome.quarantined))
    return text
