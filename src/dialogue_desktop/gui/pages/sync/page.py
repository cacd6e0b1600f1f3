"""The Sync page: where a field laptop sends its bundles and the central office brings them in.

It shows what this install is (field laptop, central office, not set up yet) with the key fingerprint to
compare by phone, then the actions of that role: laptop.py (setting up, a laptop's exchanges), office.py
(the office's laptops), imports.py (bringing bundles in) and the conflicts (widgets/sync_conflicts.py).
Everything that reads or writes the store runs on the database worker (gui/operations/sync.py); a busy bar
shows while it works and the page stays usable.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _, format_datetime, format_number
from dialogue_desktop.core.services.places import place_name
from dialogue_desktop.core.sync import state
from dialogue_desktop.core.sync.preview import READY
from dialogue_desktop.core.sync.status import SyncState
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import sync as sync_ops
from dialogue_desktop.gui.pages.base import heading
from dialogue_desktop.gui.pages.sync.base import tip, value_label
from dialogue_desktop.gui.pages.sync.imports import ImportPart
from dialogue_desktop.gui.pages.sync.laptop import LaptopPart
from dialogue_desktop.gui.pages.sync.office import OfficePart
from dialogue_desktop.gui.sync_status import unconfirmed_text
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.sync_conflicts import ConflictPanel


class SyncPage(LaptopPart, OfficePart, ImportPart):
    """Sync by bundles: the laptop's send and receive, the central office's enrol, import and receipts."""

    key = "sync"

    #: This laptop's unconfirmed changes after each reload (-1 when this install is not a laptop).
    unconfirmed_changed = Signal(int)
    #: Emitted after each reload has been shown (tests wait on it).
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAcceptDrops(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = heading()
        outer.addWidget(self.heading)
        self._build_messages(outer)

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
        self.central_box = QGroupBox()
        central_layout = QVBoxLayout(self.central_box)
        self._build_enrolment(central_layout)
        self._build_imports(central_layout)
        body.addWidget(self.central_box)
        self.conflict_box = QGroupBox()
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.conflicts = ConflictPanel()
        self.conflicts.chosen.connect(self.resolve)
        conflict_layout.addWidget(self.conflicts)
        body.addWidget(self.conflict_box)
        body.addStretch(1)
        self.action_buttons = [
            *self._laptop_buttons(),
            *self._office_buttons(),
            self.import_button,
            self.apply_button,
        ]
        self.retranslate_ui()
        self._show_role()

    def _build_identity(self) -> QGroupBox:
        self.identity_box = QGroupBox()
        grid = QGridLayout(self.identity_box)
        self.role_label = QLabel()
        self.role_label.setObjectName("count")
        self.role_label.setWordWrap(True)
        grid.addWidget(self.role_label, 0, 0, 1, 2)
        self.fingerprint_caption = QLabel()
        self.fingerprint = value_label()
        self.fingerprint.setObjectName("bigCount")
        grid.addWidget(self.fingerprint_caption, 1, 0)
        grid.addWidget(self.fingerprint, 1, 1)
        self.details_labels: list[QLabel] = []
        self.details_values: list[QLabel] = []
        for line in range(6):
            caption, value = QLabel(), value_label()
            self.details_labels.append(caption)
            self.details_values.append(value)
            grid.addWidget(caption, line + 2, 0)
            grid.addWidget(value, line + 2, 1)
        self.fingerprint_tip = tip()
        grid.addWidget(self.fingerprint_tip, 8, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return self.identity_box

    # --- Page hooks ----------------------------------------------------------------------------------

    def title(self) -> str:
        return _("Sync")

    def watched_topics(self) -> frozenset[Topic]:
        return sync_ops.AFTER_IMPORT

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Sync with the central office"))
        self.identity_box.setTitle(_("This computer"))
        self.fingerprint_caption.setText(_("Key fingerprint"))
        self.fingerprint_tip.setText(
            _(
                "Read the fingerprints aloud by phone with the other side: if they are the same, nobody swapped "
                "the files on the way."
            )
        )
        self._retranslate_laptop()
        self.central_box.setTitle(_("Central office"))
        self._retranslate_office()
        self._retranslate_imports()
        self.conflict_box.setTitle(_("Conflicts"))
        self.conflicts.retranslate_ui()
        self.busy_label.setText(_("Working… you can go on using the app."))
        self._show_role()
        # One-off messages were written in the other language: clear them rather than mix languages.
        self.error.show_text("")
        self.result.show_text("")

    def reload(self) -> None:
        self._run(sync_ops.read_state(), self._show_state, quiet=True)
        self._run(sync_ops.read_conflicts(), self.conflicts.set_rows, quiet=True)

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
        self._show_details(found)
        self.setup_box.setVisible(found is not None and role is None)
        self.laptop_box.setVisible(role == state.FIELD)
        self.central_box.setVisible(role == state.CENTRAL)
        self.conflict_box.setVisible(role is not None)
        if found is not None:
            self.devices.set_rows(found.devices)
        self._update_buttons()

    def _show_details(self, found: SyncState | None) -> None:
        """The lines under the role: a laptop's office and exchanges, the office's name."""
        lines: list[tuple[str, str]] = []
        if found is not None and found.role == state.FIELD:
            lines = [
                (_("Laptop"), " · ".join(t for t in (found.device_name, place_name(found.province_code)) if t)),
                (_("Central office"), found.central_name),
                (_("Central office fingerprint"), found.central_fingerprint),
                (_("Bundles sent"), format_number(found.bundles_sent)),
                (_("Not yet confirmed"), unconfirmed_text(found.unconfirmed)),
                (_("Last receipt"), _("number {n}, imported {when}").format(
                    n=format_number(found.last_receipt), when=format_datetime(found.last_receipt_at.astimezone()))
                 if found.last_receipt_at else _("none yet")),
            ]  # fmt: skip
        elif found is not None and found.role == state.CENTRAL:
            lines = [(_("Name"), found.device_name)]
        for number, (caption, value) in enumerate(zip(self.details_labels, self.details_values, strict=True)):
            text = lines[number] if number < len(lines) else ("", "")
            caption.setText(text[0])
            value.setText(text[1])
            caption.setVisible(bool(text[0]))
            value.setVisible(bool(text[0]))
        unconfirmed = self.details_values[4]
        # Changes still waiting for the office are flagged like a possible duplicate: look here.
        unconfirmed.setObjectName(
            "duplicate" if found is not None and found.role == state.FIELD and found.unconfirmed else ""
        )
        unconfirmed.style().polish(unconfirmed)

    def _update_buttons(self) -> None:
        busy = self.busy
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

    # --- conflicts -----------------------------------------------------------------------------------

    def resolve(self, conflict_id: str, choice: str) -> None:
        """Keep one version of a conflict: a new change that travels like any other."""

        def done(_revision: str) -> None:
            self.show_result(
                _(
                    "Conflict resolved. The version you chose is now used, and will travel to the "
                    "other computers."
                )
            )

        self._run(sync_ops.resolve_conflict(conflict_id, choice), done)
