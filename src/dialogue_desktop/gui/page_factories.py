"""What builds each page of the main window, in navigation order (a page's module loads when it is built)."""

from __future__ import annotations

from collections.abc import Callable

from dialogue_desktop.core.i18n import N_, _
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.pages.base import LazyPage, Page

#: The pages in navigation order, with their names: shown while the database is still opening.
PAGE_TITLES: dict[str, str] = {
    "dialogues": N_("Dialogues"),
    "participants": N_("Participants"),
    "actions": N_("Actions"),
    "sync": N_("Sync"),
    "reports": N_("Reports"),
    "settings": N_("Settings"),
}


def page_factories(
    ctx: AppContext,
    *,
    on_unconfirmed: Callable[[int | None], None],
    open_dialogue: Callable[[str], None],
) -> dict[str, Callable[[], Page]]:
    """Each page's builder by key. The Sync page reports its unconfirmed count to `on_unconfirmed`; the
    Reports page opens a dialogue behind a figure with `open_dialogue`."""

    def dialogues() -> Page:
        from dialogue_desktop.gui.pages.dialogues import DialoguesPage

        return DialoguesPage(ctx)

    def participants() -> Page:
        from dialogue_desktop.gui.pages.participants import ParticipantsPage

        return ParticipantsPage(ctx)

    def actions() -> Page:
        from dialogue_desktop.gui.pages.actions import ActionsPage

        return ActionsPage(ctx)

    def settings() -> Page:
        from dialogue_desktop.gui.pages.settings import SettingsPage

        return SettingsPage(ctx)

    # Sync and Reports are wrapped: built when first shown (charts and cryptography load slowest), so a
    # visit to the window's page set alone does not build them.
    def sync_page(ctx: AppContext) -> Page:
        from dialogue_desktop.gui.pages.sync import SyncPage

        page = SyncPage(ctx)
        page.unconfirmed_changed.connect(on_unconfirmed)
        return page

    def reports_page(ctx: AppContext) -> Page:
        from dialogue_desktop.gui.pages.reports import ReportsPage

        page = ReportsPage(ctx)
        page.open_dialogue_requested.connect(open_dialogue)
        return page

    factories: dict[str, Callable[[], Page]] = {
        "dialogues": dialogues,
        "participants": participants,
        "actions": actions,
        "sync": lambda: LazyPage(ctx, "sync", lambda: _("Sync"), sync_page),
        "reports": lambda: LazyPage(ctx, "reports", lambda: _("Reports"), reports_page),
        "settings": settings,
    }
    assert list(factories) == list(PAGE_TITLES), "the navigation lists the pages in this order"
    return factories
