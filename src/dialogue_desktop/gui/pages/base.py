"""The base of every main page: a title for the navigation, re-translation, refresh on changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.refresh import Freshness
from dialogue_desktop.gui.topics import Topic


def first_focusable(root: QWidget) -> QWidget | None:
    """The first widget inside `root`, in Tab order, that is shown, enabled and takes focus by Tab."""
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if (
            root.isAncestorOf(widget)
            and widget.isVisibleTo(root)
            and widget.isEnabled()
            and widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and widget.focusProxy() is None
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


class Page(QWidget):
    """A main page. Subclasses set `key` and override the hooks they need."""

    key = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: The one refresh rule (gui/refresh.py); stale at first: the first showing loads the page.
        self.freshness = Freshness(
            self.is_showing, self.watched_topics, lambda _changed: self.reload(), stale=True
        )
        ctx.worker.changed.connect(self._on_changed)

    def title(self) -> str:
        """The page's name in the navigation, in the current language."""
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        """Set every label again in the current language."""

    def watched_topics(self) -> frozenset[Topic]:
        """The change topics after which the page reloads."""
        return frozenset()

    def reload(self) -> None:
        """Read the page's data again (asynchronously, through the worker)."""

    def is_showing(self) -> bool:
        """True while what `reload` reads is on screen (a page showing a part of itself may say less)."""
        return self.isVisible()

    def page_shown(self) -> None:
        """Called when the page becomes the visible one: reload if something changed meanwhile."""
        self.freshness.shown()

    def first_field(self) -> QWidget | None:
        """Where typing starts on this page (by default its first field in Tab order)."""
        return first_focusable(self)

    def focus_first_field(self) -> None:
        """Put the keyboard focus where work continues on this page."""
        widget = self.first_field()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def device_changed(self) -> None:
        """This laptop's name or province was read again (``ctx.device``)."""

    def _on_changed(self, topics: frozenset[Topic]) -> None:
        self.freshness.notice(topics)


def heading(text: str = "") -> QLabel:
    """A page heading in large bold type."""
    label = QLabel(text)
    label.setObjectName("heading")
    label.setWordWrap(True)
    return label


class LazyPage(Page):
    """A page built the first time it is shown, so that heavy pages (charts, sync) do not slow the start.

    Until then it answers for the real page: its key and its title in the navigation.
    """

    def __init__(
        self, ctx: AppContext, key: str, title: Callable[[], str], build: Callable[[AppContext], Page],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.key = key
        self._title = title
        self._build = build
        self.inner: Page | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def title(self) -> str:
        return self.inner.title() if self.inner is not None else self._title()

    def ensure_built(self) -> Page:
        """The real page (built now if needed)."""
        if self.inner is None:
            self.inner = self._build(self.ctx)
            self._layout.addWidget(self.inner)
        return self.inner

    def page_shown(self) -> None:
        self.ensure_built().page_shown()

    def first_field(self) -> QWidget | None:
        return self.ensure_built().first_field()

    def device_changed(self) -> None:
        if self.inner is not None:
            self.inner.device_changed()

    def retranslate_ui(self) -> None:
        if self.inner is not None:
            self.inner.retranslate_ui()

    def reload(self) -> None:
        if self.inner is not None:
            self.inner.reload()
