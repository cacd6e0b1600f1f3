"""The door's counts: live as people arrive, or typed by hand for a dialogue that records counts only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from dialogue_desktop.core.i18n import _, format_number, format_percent
from dialogue_desktop.core.services.attendance import TALLY_FIELDS
from dialogue_desktop.core.services.counts import Disaggregation
from dialogue_desktop.gui.widgets.fields import ErrorLabel


class Counts(QWidget):
    """The live counts: total, women, men, youth, indigenous, disability, government, CSO, community."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.total = QLabel()
        self.total.setObjectName("bigCount")
        self.detail = QLabel()
        self.detail.setObjectName("count")
        self.detail.setWordWrap(True)
        layout.addWidget(self.total)
        layout.addWidget(self.detail, 1)
        self.counts = Disaggregation()

    def show_counts(self, counts: Disaggregation) -> None:
        self.counts = counts
        c = counts
        share = format_percent(c.female / c.total) if c.total else format_percent(0)
        self.total.setText(_("Arrived: {n}").format(n=format_number(c.total)))
        parts = [
            _("Women {n} ({share})").format(n=format_number(c.female), share=share),
            _("Men {n}").format(n=format_number(c.male)),
            _("Youth {n}").format(n=format_number(c.youth)),
            _("Indigenous {n}").format(n=format_number(c.indigenous)),
            _("Disability {n}").format(n=format_number(c.disability)),
            _("Government {n}").format(n=format_number(c.government)),
            _("CSO {n}").format(n=format_number(c.cso)),
            _("Community {n}").format(n=format_number(c.community)),
        ]
        # A group's name and its number stay together when the line wraps (Khmer names are long).
        self.detail.setText(" · ".join(part.replace(" ", "\u00a0") for part in parts))


class TallyForm(QWidget):
    """Counts typed by hand for a counts-only dialogue; each saved when left (`count_left` names it)."""

    #: A count's key (see `attendance.TALLY_FIELDS`) when the facilitator leaves its box.
    count_left = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        self.spins: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        for index, key in enumerate(TALLY_FIELDS):
            label = QLabel()
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setMinimumWidth(120)
            spin.editingFinished.connect(lambda key=key: self.count_left.emit(key))
            self.labels[key] = label
            self.spins[key] = spin
            label.setBuddy(spin)
            grid.addWidget(label, index // 3, (index % 3) * 2)
            grid.addWidget(spin, index // 3, (index % 3) * 2 + 1)
        self.errors = {key: ErrorLabel() for key in TALLY_FIELDS}
        self.error = ErrorLabel()
        grid.addWidget(self.error, 3, 0, 1, 6)
        grid.setRowStretch(4, 1)

    def retranslate_ui(self) -> None:
        for key, label in self.labels.items():
            label.setText(_(TALLY_FIELDS[key][1]))

    def show_counts(self, counts: Disaggregation) -> None:
        values = {"female": counts.female, "male": counts.male, "other": counts.other_sex, "youth": counts.youth,
                  "indigenous": counts.indigenous, "disability": counts.disability,
                  "government": counts.government, "cso": counts.cso, "community": counts.community}  # fmt: skip
        for key, spin in self.spins.items():
            if not spin.hasFocus():
                spin.blockSignals(True)
                spin.setValue(values[key])
                spin.blockSignals(False)
