"""The main window's pages by key, each built the first time it is asked for.

Building every page before the first one is shown made the start slow (a page is a few hundred widgets,
and its module imports); so the window builds only the page it shows first and the others when they are
first visited. A page built later starts stale (``Page.freshness``) and so reads fresh data when shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from dialogue_desktop.gui.pages.base import Page


class PageSet(Mapping[str, Page]):
    """Every page's key (in navigation order) at once; ``pages[key]`` builds that page if needed.

    Empty until `offer` names the pages (the database is still opening). Code that must not build
    anything (re-translating, closing) goes through `built`.
    """

    def __init__(self, on_built: Callable[[Page], None]) -> None:
        self._factories: dict[str, Callable[[], Page]] = {}
        self._built: dict[str, Page] = {}
        self._on_built = on_built

    def offer(self, factories: Mapping[str, Callable[[], Page]]) -> None:
        """The pages there are, in navigation order, each with what builds it."""
        self._factories = dict(factories)

    def __getitem__(self, key: str) -> Page:
        page = self._built.get(key)
        if page is None:
            page = self._factories[key]()  # KeyError for a key that names no page
            assert page.key == key, f"the page built for {key!r} says it is {page.key!r}"
            self._built[key] = page
            self._on_built(page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def is_built(self, key: str) -> bool:
        """True when that page exists already."""
        return key in self._built

    def built(self) -> list[Page]:
        """The pages built so far, in navigation order (nothing is built by asking)."""
        return [self._built[key] for key in self._factories if key in self._built]
