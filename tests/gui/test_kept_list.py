"""The start with the dialogue list kept at the last close: on screen before the database is open, the
same list the database gives, and never a stale one."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.store.list_snapshot import snapshot_path
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.app import close, open_window
from dialogue_desktop.gui.pages.dialogues import DialoguesPage

TITLES = ("Kampot water forum", "Siem Reap school dialogue", "Ratanakiri land forum")


def add_dialogues(path: Path, titles: tuple[str, ...], month: int = 3) -> list[str]:
    store = Store.open(path)
    with store.unit_of_work() as session:
        ids = [
            create_dialogue(session, DialogueInput(kind=DialogueKind.PROVINCIAL, title_en=title,
                                                   date=date(2025, month, day), province_code="07"))
            for day, title in enumerate(titles, start=1)
        ]  # fmt: skip
    store.close()
    return ids


def start(qtbot: Any, path: Path) -> tuple[Any, dict[str, Any]]:
    """Open the app on `path`; note what the dialogue list showed at the moment the database was open."""
    failures: list[BaseException] = []
    window = open_window(str(path), failures.append)
    qtbot.addWidget(window)
    seen: dict[str, Any] = {"failures": failures}

    def at_ready() -> None:
        page = window.stack.currentWidget()
        model = page.list.model if isinstance(page, DialoguesPage) else None
        rows = [model.row(n) for n in range(model.rowCount())] if model is not None else []
        seen["titles"] = [row.title_en if row is not None else None for row in rows]

    window.ready.connect(at_ready)
    with qtbot.waitSignal(window.ready, timeout=30000):
        pass
    window.restore_place()
    return window, seen


def shown_titles(window: Any) -> list[str]:
    model = window.pages["dialogues"].list.model
    return [model.row(n).title_en for n in range(model.rowCount()) if model.row(n) is not None]


def closed_session(qtbot: Any, path: Path) -> None:
    """A session that showed the list and was closed as the app closes (which keeps the list)."""
    window, _seen = start(qtbot, path)
    qtbot.waitUntil(lambda: len(shown_titles(window)) == window.pages["dialogues"].list.model.rowCount() > 0)
    window.dispose()
    close(window)


def test_the_list_kept_at_the_last_close_is_on_screen_before_the_database_is_open(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "kampot.db"
    add_dialogues(path, TITLES)
    window, seen = start(qtbot, path)
    assert seen["titles"] == []  # the first start: nothing kept, the list is read once the database is open
    qtbot.waitUntil(lambda: len(shown_titles(window)) == 3)
    window.dispose()
    close(window)
    assert snapshot_path(path).is_file()

    window, seen = start(qtbot, path)
    assert seen["titles"] == list(reversed(TITLES))  # already shown, newest first, when the database opened
    assert window.current_page() is window.pages["dialogues"]
    assert window.focusWidget() is window.pages["dialogues"].list.new_bar.title  # typing starts a dialogue
    qtbot.waitUntil(lambda: not window.ctx.worker.busy)
    assert shown_titles(window) == list(reversed(TITLES))  # read again quietly: the same
    assert not seen["failures"]
    window.dispose()
    close(window)


def test_a_change_made_outside_the_app_since_the_close_is_shown_not_the_kept_list(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "kampot.db"
    add_dialogues(path, TITLES)
    closed_session(qtbot, path)
    add_dialogues(path, ("Imported from the command line",), month=4)  # e.g. a sync run by a script

    window, seen = start(qtbot, path)
    assert seen["titles"] == []  # the kept list no longer matches the database: not shown
    qtbot.waitUntil(lambda: len(shown_titles(window)) == 4)
    assert shown_titles(window)[0] == "Imported from the command line"
    window.dispose()
    close(window)


def test_a_dialogue_chosen_in_the_kept_list_opens_once_the_database_is_open(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "kampot.db"
    ids = add_dialogues(path, TITLES)
    closed_session(qtbot, path)
    failures: list[BaseException] = []
    window = open_window(str(path), failures.append)
    qtbot.addWidget(window)
    ready: list[bool] = []
    window.ready.connect(lambda: ready.append(True))
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), DialoguesPage))
    page = window.stack.currentWidget()
    page.list.opened.emit(ids[0])  # Enter on a row of the kept list, the database (usually) still opening
    qtbot.waitUntil(lambda: bool(ready), timeout=30000)
    window.restore_place()
    workspace = page.workspace
    qtbot.waitUntil(
        lambda: (
            page.stack.currentWidget() is workspace
            and workspace.dialogue is not None
            and workspace.dialogue.id == ids[0]
        )
    )
    assert not failures
    window.dispose()
    close(window)


def test_the_database_opens_only_after_the_kept_list_is_painted(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    # Opening the database on the worker needs the interpreter for a good while; a paint of the list
    # calls its model hundreds of times, each call then waiting its turn. The list comes first.
    from PySide6.QtCore import QEvent, QObject

    path = tmp_path / "kampot.db"
    add_dialogues(path, TITLES)
    closed_session(qtbot, path)
    order: list[str] = []

    class PaintSeen(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and isinstance(watched, DialoguesPage):
                order.append("painted")
            return False

    seen_paints = PaintSeen()
    from PySide6.QtWidgets import QApplication

    QApplication.instance().installEventFilter(seen_paints)
    opening = Store.open

    def recorded(*args: Any, **kwargs: Any) -> Store:
        order.append("opening")
        return opening(*args, **kwargs)

    monkeypatch.setattr(Store, "open", recorded)
    try:
        window, seen = start(qtbot, path)
    finally:
        QApplication.instance().removeEventFilter(seen_paints)
    assert seen["titles"] == list(reversed(TITLES))
    assert "opening" in order and "painted" in order[: order.index("opening")], order
    window.dispose()
    close(window)
