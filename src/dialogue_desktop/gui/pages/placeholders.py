"""Sync and Reports: pages that say in a sentence what they will do (filled by other issues)."""

from __future__ import annotations

from dialogue_desktop.core.i18n import _
from dialogue_desktop.gui.pages.base import PlaceholderPage


class SyncPage(PlaceholderPage):
    key = "sync"

    def title(self) -> str:
        return _("Sync")

    def description(self) -> str:
        return _(
            "Here you will send this laptop's new records to the central office on a USB stick or by "
            "e-mail, and bring in the records of other laptops."
        )


class ReportsPage(PlaceholderPage):
    key = "reports"

    def title(self) -> str:
        return _("Reports")

    def description(self) -> str:
        return _(
            "Here you will make the programme's reports: attendance by women, youth, indigenous people and "
            "persons with disabilities, voices, and progress of agreed actions, as a workbook or PDF."
        )
