"""The search box at the top of the window: dialogues, people, actions and organisations at once (Ctrl+F)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from dialogue_desktop.core.i18n import _, format_date
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.latest import LatestSearch
from dialogue_desktop.gui.text import pick

if TYPE_CHECKING:
    from dialogue_desktop.core.services.global_search import Found

#: The popup is wider than the box: titles are long, and Khmer ones longer.
POPUP_WIDTH = 720


class TopSearch(QLineEdit):
    """Searches as the facilitator types, shows what it found in a popup, emits `picked(Found)`.

    Disabled until `start` is called with the open database.
    """

    #: A hit chosen in the popup (a `Found`).
    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.setClearButtonEnabled(True)
        self.setEnabled(False)
        self.found_model = QStandardItemModel(self)
        self.found = QCompleter(self.found_model, self)
        self.found.setWidget(self)
        self.found.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.found.activated[QModelIndex].connect(self._open_found)  # type: ignore[index]
        self.textEdited.connect(self._search)
        self._everything: LatestSearch | None = None

    def start(self, ctx: AppContext) -> None:
        """The database is open: search it from now on."""
        from dialogue_desktop.core.services.global_search import search_everything

        self._everything = LatestSearch(ctx, search_everything, self._show_found)
        self.setEnabled(True)

    def retranslate_ui(self) -> None:
        self.setPlaceholderText(_("Search dialogues, people, actions… (Ctrl+F)"))

    def focus_and_select(self) -> None:
        """Ctrl+F: the focus here, the text selected to type over."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def _search(self, text: str) -> None:
        if self._everything is None:
            return
        if text.strip():
            self._everything.request(text)
        else:
            self._everything.cancel()
            self._hide_found()

    def _show_found(self, text: str, found: list[Found]) -> None:
        if text != self.text():
            return
        self.found_model.clear()
        labels = {  # by `FoundKind` value
            "dialogue": _("Dialogue"), "participant": _("Person"), "action": _("Action"),
            "organisation": _("Organisation"),
        }  # fmt: skip
        for hit in found:
            parts = [labels[hit.kind]]
            if hit.when is not None:
                parts.append(format_date(hit.when, style="medium"))
            parts.append(pick(hit.name_km, hit.name_en))
            if hit.detail_km or hit.detail_en:
                parts.append(pick(hit.detail_km, hit.detail_en))
            item = QStandardItem(" · ".join(parts))
            item.setData(hit, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.found_model.appendRow(item)
        if not found:
            item = QStandardItem(_("Nothing found for “{text}”").format(text=text.strip()))
            item.setEnabled(False)
            self.found_model.appendRow(item)
        self.found.complete(QRect(0, 0, max(self.width(), POPUP_WIDTH), self.height()))

    def _open_found(self, index: QModelIndex) -> None:
        hit = index.data(Qt.ItemDataRole.UserRole)
        if hit is None:
            return
        self._hide_found()
        self.picked.emit(hit)

    def _hide_found(self) -> None:
        popup = self.found.popup()
        if popup is not None:
            popup.hide()
