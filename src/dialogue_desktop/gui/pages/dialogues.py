"""stub"""
from __future__ import annotations

from dialogue_desktop.core.i18n import _
from dialogue_desktop.gui.pages.base import Page


class DialoguesPage(Page):
    key = "dialogues"
    def title(self) -> str:
        return _("Dialogues")
