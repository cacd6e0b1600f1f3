"""GUI test helpers: the real main window over a fresh store, typing Khmer, waiting for the worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from dialogue_desktop.core.store.store import Store


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GUI settings and logs in this test's own folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DIALOGUE_DESKTOP_DATA_DIR", str(folder))
    monkeypatch.setenv(
        "DIALOGUE_DESKTOP_CHECK_RESULTS", "1"
    )  # the worker refuses results holding ORM objects
    from dialogue_desktop.gui.settings import GuiSettings

    GuiSettings(language="en").save()  # tests read English unless they switch
    return folder


@pytest.fixture(autouse=True)
def gui_app(qapp: QApplication) -> QApplication:
    """The session's QApplication with the app's font, style and Qt translations."""
    from dialogue_desktop.gui.app import ensure_app

    ensure_app()
    return qapp


@pytest.fixture
def shown_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Error boxes are recorded instead of shown (they would block the test)."""
    from dialogue_desktop.gui import errors

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        errors, "show_box", lambda _parent, title, text, _details: shown.append((title, text))
    )
    return shown


def make_window(qtbot: Any, store: Store) -> Any:
    """The real main window over `store`, shown, with its first load done."""
    from dialogue_desktop.gui.app import build_window

    window = build_window(store, first_run=False)
    qtbot.addWidget(window)
    window.show()
    window.restore_place()
    wait_idle(qtbot, window.ctx.worker)
    return window


def close_window(window: Any) -> None:
    window.dispose()
    window.close()
    window.ctx.worker.stop()


@pytest.fixture
def window(qtbot: Any, store: Store, shown_boxes: list[tuple[str, str]]) -> Iterator[Any]:
    win = make_window(qtbot, store)
    yield win
    close_window(win)


def wait_idle(qtbot: Any, worker: Any, timeout: int = 10000) -> None:
    """Wait until the database worker and the printing thread have delivered every result."""
    from dialogue_desktop.gui.render import rendering

    qtbot.waitUntil(lambda: not worker.busy and not rendering(), timeout=timeout)
    QApplication.processEvents()


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type like a keyboard layout does: ASCII with keyClicks, anything else one character at a time.

    (`qtbot.keyClicks` aborts the process on non-ASCII text in PySide6 6.12.)
    """
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
            )


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person sees on a widget: labels, buttons, tabs, group titles, headers, combo items."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTabBar,
    )

    texts: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts.append(w.currentText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            if not isinstance(model, QAbstractTableModel | QAbstractItemView):
                header = getattr(w, "horizontalHeader", None)
                columns = header().count() if header is not None else 0
            else:
                columns = model.columnCount(QModelIndex())
            for column in range(columns):
                header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if header:
                    texts.append(str(header))
    return [t for t in texts if t]


Typer = Callable[[Any, QWidget, str], None]
