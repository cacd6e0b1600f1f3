"""The pieces other pages provide are reachable from the main window, as a facilitator would reach them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from tests.gui.conftest import close_window, make_window

from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.store.store import Store


@pytest.fixture
def demo_store(store: Store) -> Store:
    make_demo(store, dialogues=3, seed=5)
    return store


def test_about_names_version_data_folder_database_and_licences(window: Any) -> None:
    from dialogue_desktop import __version__
    from dialogue_desktop.gui.about import about_html

    text = about_html(window.ctx.store)
    assert __version__ in text
    assert str(window.ctx.store.path) in text
    assert "SIL Open Font License" in text and "Ministry of Economy and Finance" in text


def test_a_report_record_opens_its_dialogue(qtbot: Any, demo_store: Store, shown_boxes: list[Any]) -> None:
    window = make_window(qtbot, demo_store)
    try:
        with demo_store.unit_of_work() as session:
            dialogue_id = session.scalars(select(Dialogue.id)).first()
        window.show_page("reports")
        reports = window.pages["reports"].ensure_built()
        reports.open_dialogue_requested.emit(dialogue_id)
        qtbot.waitUntil(lambda: window.current_page().key == "dialogues")
        workspace = window.pages["dialogues"].workspace
        qtbot.waitUntil(lambda: workspace.dialogue is not None and workspace.dialogue.id == dialogue_id)
    finally:
        close_window(window)


def test_the_tracker_offers_the_action_report_and_the_list_offers_the_copy_check(window: Any) -> None:
    actions = window.show_page("actions")
    assert actions.report_button.isVisibleTo(window) and actions.report_button.text()
    dialogues = window.show_page("dialogues")
    assert dialogues.list.verify_button.isVisibleTo(window) and dialogues.list.verify_button.text()


def test_the_daily_backup_is_made_once_the_window_is_up(
    qtbot: Any, tmp_path: Any, shown_boxes: list[Any]
) -> None:
    from dialogue_desktop.core.store.backups import list_backups

    opened = Store.open(tmp_path / "field.db", daily_backup=False)  # as the app opens it
    assert list_backups(opened.path) == []
    window = make_window(qtbot, opened)
    try:
        qtbot.waitUntil(lambda: [b.reason for b in list_backups(opened.path)] == ["daily"], timeout=15000)
    finally:
        close_window(window)
        opened.close()
