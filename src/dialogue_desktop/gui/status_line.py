"""The window's status bar: the database, this laptop and its facilitator, unconfirmed changes, "saved ✓"."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from dialogue_desktop.core.i18n import _
from dialogue_desktop.gui.context import AppContext


class StatusLine:
    """The labels of the status bar and their texts; the window tells it what changed."""

    def __init__(self, status: QStatusBar, ctx: AppContext) -> None:
        self.ctx = ctx
        self.db_label = QLabel()
        self.db_label.setObjectName("quiet")
        self.device_label = QLabel()
        self.device_label.setObjectName("quiet")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("quiet")
        status.addWidget(self.db_label, 1)
        status.addWidget(self.device_label)
        status.addWidget(self.sync_label)
        status.addPermanentWidget(self.saved_label)
        #: Changes the central office has not confirmed; None: not a field laptop enrolled for sync.
        self.unconfirmed: int | None = None

    def update_texts(self, *, pages_built: bool) -> None:
        """Every label again, in the current language."""
        if self.ctx.is_open:
            self.db_label.setToolTip(str(self.ctx.store.path or ""))
        self.db_label.setText(_("Database: {name}").format(name=self.ctx.database_name))
        device = self.ctx.device
        parts = [device.name]
        if device.province_code:
            from dialogue_desktop.core.services.places import place_name  # known once the database is open

            parts.append(place_name(device.province_code))
        if device.facilitator_name:
            parts.append(device.facilitator_name)
        self.device_label.setText(" · ".join(p for p in parts if p))
        self.sync_label.setText(self._unconfirmed_text())
        self.update_saved(pages_built=pages_built)

    def update_saved(self, *, pages_built: bool) -> None:
        """ "saving…" while the worker writes, "saved ✓" once it is done (nothing before the pages exist)."""
        if not pages_built:
            self.saved_label.setText("")
        elif self.ctx.worker.busy:
            self.saved_label.setText(_("saving…"))
        else:
            self.saved_label.setText(_("saved ✓"))

    def _unconfirmed_text(self) -> str:
        if self.unconfirmed is None or self.unconfirmed < 0:
            return ""
        from dialogue_desktop.gui.sync_status import unconfirmed_text

        return unconfirmed_text(self.unconfirmed)
