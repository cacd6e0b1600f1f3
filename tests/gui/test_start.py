"""The app's start: the window first, then the database opens on the worker and the pages are built."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.app import _open_error_message, open_window


def close(window: Any) -> None:
    window.dispose()
    window.close()
    window.ctx.worker.stop()
    if window.ctx.is_open:
        window.ctx.store.close()


def test_the_window_shows_at_once_and_builds_its_pages_once_the_database_is_open(
    qtbot: Any, tmp_path: Path, shown_boxes: Any
) -> None:
    path = tmp_path / "kampot.db"
    store = Store.open(path)
    with store.unit_of_work() as session:
        create_dialogue(session, DialogueInput(kind=DialogueKind.PROVINCIAL, title_en="Kampot water forum",
                                               date=date(2025, 3, 14), province_code="07"))  # fmt: skip
    store.close()
    failures: list[BaseException] = []
    window = open_window(str(path), failures.append)
    qtbot.addWidget(window)
    # On screen before the database is open: the navigation, the database's name, what is happening.
    assert window.isVisible() and not window.pages
    assert window.nav.count() == 6 and window.nav.item(0).text() == "Dialogues"
    assert window.opening is not None and window.opening.text() == "Opening the database…"
    assert "kampot.db" in window.status_line.db_label.text()
    assert not window.search.isEnabled() and not window.about_button.isEnabled()  # both need the database
    window.nav.setCurrentRow(2)  # the facilitator clicks Actions meanwhile
    with qtbot.waitSignal(window.ready, timeout=30000):
        pass
    window.restore_place()
    assert list(window.pages) == ["dialogues", "participants", "actions", "sync", "reports", "settings"]
    assert window.current_page() is window.pages["actions"]  # the page chosen while opening
    assert window.opening is None and window.search.isEnabled() and window.about_button.isEnabled()
    dialogues = window.pages["dialogues"]
    window.show_page("dialogues")
    qtbot.waitUntil(lambda: dialogues.list.model.rowCount() == 1)
    assert not failures
    close(window)


def test_a_file_that_is_not_a_database_is_explained_not_opened(qtbot: Any, tmp_path: Path) -> None:
    bad = tmp_path / "minutes.db"
    bad.write_bytes(b"%PDF-1.4 not a database at all" * 100)
    failures: list[BaseException] = []
    window = open_window(str(bad), failures.append)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(failures), timeout=30000)
    assert not window.pages
    message = _open_error_message(failures[0])
    assert "cannot be opened" in message or "not a Dialogue Desktop database" in message
    assert "Traceback" not in message
    close(window)
    assert bad.read_bytes().startswith(b"%PDF-1.4")  # left as it was


def test_only_the_page_shown_is_built_at_the_start_and_a_page_built_later_loads_fresh(
    window: Any, qtbot: Any, store: Store
) -> None:
    """The other pages are built at their first visit: one changed meanwhile shows the change, in the
    language chosen meanwhile, and the navigation named every page all along."""
    from tests.gui.conftest import wait_idle

    from dialogue_desktop.core.i18n import _
    from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
    from dialogue_desktop.gui.topics import Topic
    from dialogue_desktop.gui.worker import op

    assert [page.key for page in window.pages.built()] == ["dialogues"]
    assert list(window.pages) == ["dialogues", "participants", "actions", "sync", "reports", "settings"]
    op(
        lambda session: create_participant(session, ParticipantInput(name_latin="Chan Sokha")),
        changes={Topic.PARTICIPANTS},
    ).run(window.ctx.worker)
    window.switch_language("km")
    wait_idle(qtbot, window.ctx.worker)
    assert not window.pages.is_built("participants")
    assert window.nav.item(1).text().startswith(_("Participants"))
    window.show_page("participants")
    wait_idle(qtbot, window.ctx.worker)
    page = window.pages["participants"]
    assert window.current_page() is page and page.isVisible()
    assert page.model.rowCount() == 1
    assert page.heading.text() == _("Participant registry") != "Participant registry"  # built in Khmer
    assert [page.key for page in window.pages.built()] == ["dialogues", "participants"]
