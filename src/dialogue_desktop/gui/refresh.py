"""The one refresh rule of the app, for pages, the dialogue workspace and its tabs alike.

After a write the worker announces the topics it changed. A widget that watches one of them and is on
screen refreshes at once; one that is hidden only notes that it is stale (with what changed) and refreshes
when it is shown again. So nothing hidden reads the database for nothing, nothing shown again is out of
date, and a widget that made a write refreshes once, from the notice, never also from its own callback.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogue_desktop.gui.topics import Topics


class Freshness:
    """Decides when a widget refreshes: ``notice`` for every change, ``shown`` when it becomes visible.

    ``refresh(changed)`` receives the topics that changed (all those noted while hidden, at once).
    """

    def __init__(
        self,
        is_showing: Callable[[], bool],
        watched: Callable[[], Topics],
        refresh: Callable[[Topics], None],
        *,
        stale: bool = False,
    ) -> None:
        self._is_showing = is_showing
        self._watched = watched
        self._refresh = refresh
        #: Topics that changed while hidden (``stale=True`` alone: refresh at the first showing).
        self._pending: Topics = frozenset()
        self._stale = stale

    @property
    def stale(self) -> bool:
        """True when something watched changed since the widget last refreshed."""
        return self._stale

    def notice(self, changed: Topics) -> None:
        """A write changed these topics: refresh now if shown, else remember it."""
        relevant = frozenset(changed) & self._watched()
        if not relevant:
            return
        if self._is_showing():
            self._refresh(relevant)
        else:
            self._stale = True
            self._pending |= relevant

    def shown(self) -> None:
        """The widget became visible: refresh once if anything changed meanwhile."""
        if self._stale:
            pending, self._pending, self._stale = self._pending, frozenset(), False
            self._refresh(pending)

    def mark_stale(self, topics: Topics = frozenset()) -> None:
        """Refresh at the next showing (e.g. asked to refresh while hidden)."""
        self._stale = True
        self._pending |= topics

    def fresh(self) -> None:
        """The widget has just read everything again: nothing is pending."""
        self._pending, self._stale = frozenset(), False
