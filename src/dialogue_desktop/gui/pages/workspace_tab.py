"""The base of every tab of a dialogue's workspace (gui/pages/workspace.py): the dialogue it shows, and the
one refresh rule. The tabs import this module, never the workspace, so the workspace can import them all."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from dialogue_desktop.core.services.dialogues import DialogueView
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.refresh import Freshness
from dialogue_desktop.gui.topics import Topic


class WorkspaceTab(QWidget):
    """A tab of the workspace: shows one dialogue and follows the one refresh rule (gui/refresh.py) for the
    topics it watches: reloaded at once while on screen, marked stale while hidden, reloaded when shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialogue: DialogueView | None = None
        self.freshness = Freshness(self.isVisible, self.watched_topics, self._refresh)
        ctx.worker.changed.connect(self._on_changed)

    def tab_title(self) -> str:
        """The tab's name, in the current language."""
        raise NotImplementedError

    def watched_topics(self) -> frozenset[Topic]:
        """The change topics after which this tab reads its data again (the workspace itself reloads
        every tab when the dialogue's status or details change)."""
        return frozenset()

    def set_dialogue(self, dialogue: DialogueView) -> None:
        """The dialogue to show (its details were read again)."""
        self.dialogue = dialogue
        self.reload()

    def reload(self) -> None:
        """Read this tab's data again."""

    def retranslate_ui(self) -> None:
        """Labels again in the current language."""

    def commit_edits(self) -> None:
        """Save what is being typed (leaving the dialogue or closing the app)."""

    def dialogue_id(self) -> str:
        """The id of the dialogue shown (only once one is)."""
        assert self.dialogue is not None
        return self.dialogue.id

    def _on_changed(self, changed: frozenset[Topic]) -> None:
        self.freshness.notice(changed)

    def _refresh(self, _changed: frozenset[Topic]) -> None:
        self.reload()  # each tab's reload does nothing while it has no dialogue

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.freshness.shown()
