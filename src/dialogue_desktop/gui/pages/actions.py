"""stub"""
from __future__ import annotations

from dialogue_desktop.core.i18n import _
from dialogue_desktop.gui.pages.base import Page


class ActionsPage(Page):
    key = "actions"
    def title(self) -> str:
        return _("Actions")
