"""One refresh rule: a page, the dialogue workspace or a tab that is hidden when a change lands is marked
stale and reloads when shown again; what is on screen reloads at once, and only once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from tests.gui.conftest import wait_idle
from tests.gui.test_flows import open_workspace, seed

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.services import attendance as attendance_service
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import op

ATTENDANCE_TAB = 2


def arrivals(door: Any) -> list[str]:
    return [row.participant_id for row in door.arrivals.rows]


def test_a_registration_landing_while_the_door_is_hidden_shows_when_coming_back(
    window: Any, qtbot: Any, store: Store
) -> None:
    """Door open, the facilitator looks at the Actions page, a registration lands (as a bundle import does:
    a write on the worker announcing attendance): back on the dialogue, the door shows the new arrival."""
    ids = seed(store)
    door = open_workspace(qtbot, window, ids["dialogue"], tab=ATTENDANCE_TAB).attendance
    assert arrivals(door) == []
    window.show_page("actions")
    wait_idle(qtbot, window.ctx.worker)
    op(
        lambda session: attendance_service.register(session, ids["dialogue"], ids["sokha"]),
        changes={Topic.ATTENDANCE},
    ).run(window.ctx.worker)
    wait_idle(qtbot, window.ctx.worker)
    assert not door.isVisible()
    window.show_page("dialogues")
    wait_idle(qtbot, window.ctx.worker)
    assert door.isVisible()
    assert arrivals(door) == [ids["sokha"]]
    assert door.counts.counts.total == 1
    assert "1" in window.pages["dialogues"].workspace.tabs.tabText(ATTENDANCE_TAB)


def test_merging_people_on_the_registry_shows_at_the_door_when_coming_back(
    window: Any, qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The door lists a duplicate entry; the registry merges it into the person kept: back at the door the
    arrival is the kept person."""
    from dialogue_desktop.gui.widgets import dialogs

    ids = seed(store)
    with store.unit_of_work() as session:
        duplicate = create_participant(
            session, ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE, phone="012 345 678")
        )
        attendance_service.register(session, ids["dialogue"], duplicate)
    door = open_workspace(qtbot, window, ids["dialogue"], tab=ATTENDANCE_TAB).attendance
    assert arrivals(door) == [duplicate]
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    page = window.show_page("participants")
    qtbot.keyClicks(page.search, "sokha")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.table.selectRow(next(n for n, r in enumerate(page.model.rows) if r.id == ids["sokha"]))
    qtbot.waitUntil(lambda: page.person.view is not None and page.person.view.id == ids["sokha"])
    page.person.tabs.setCurrentWidget(page.person.duplicates_box)  # the tab of possible duplicates
    qtbot.mouseClick(page.person.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    wait_idle(qtbot, window.ctx.worker)
    window.show_page("dialogues")
    wait_idle(qtbot, window.ctx.worker)
    assert arrivals(door) == [ids["sokha"]]


def test_a_hidden_tab_reloads_when_chosen_and_the_visible_one_once(
    window: Any, qtbot: Any, store: Store
) -> None:
    """A registration at the door reloads the door once; the Voices tab (which lists who is present) is
    hidden meanwhile and reads the new arrival when it is chosen."""
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=ATTENDANCE_TAB)
    door, voices = workspace.attendance, workspace.voices
    door_loads: list[str] = []
    voices_loads: list[str] = []
    door.refreshed.connect(lambda: door_loads.append("door"))
    original = voices.reload
    voices.reload = lambda: (voices_loads.append("voices"), original())  # type: ignore[method-assign]
    qtbot.keyClicks(door.search, "sokh")
    qtbot.waitUntil(lambda: door.matches.count() == 2)
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(door.search, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert door_loads == ["door"]
    assert voices_loads == []
    workspace.tabs.setCurrentWidget(voices)
    wait_idle(qtbot, window.ctx.worker)
    assert voices_loads == ["voices"]
    workspace.tabs.setCurrentWidget(door)
    wait_idle(qtbot, window.ctx.worker)
    assert door_loads == ["door"]  # nothing changed since: no second reload


def test_a_change_topic_must_be_a_topic(qtbot: Any) -> None:
    """A misspelt or free-string topic is an error where it is written, not a silent missing refresh."""
    with pytest.raises(TypeError, match="not change topics"):
        op(lambda _session: None, changes={"attendence"})  # type: ignore[arg-type]
    assert op(lambda _session: None, changes={Topic.ATTENDANCE}).changes == {Topic.ATTENDANCE}
