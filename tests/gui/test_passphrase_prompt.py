"""A locked database at start: the app asks for its passphrase (again after a wrong one), never a hang."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton
from tests.gui.conftest import wait_idle

from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.app import open_window
from dialogue_desktop.gui.widgets import dialogs


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database locked by a passphrase, on a computer without credential store, at a fresh start."""
    path = tmp_path / "kampot.db"
    Store.open(path, passphrase="river").close()
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    monkeypatch.setattr(cipher, "credential_store", lambda: None)
    monkeypatch.setattr(cipher, "_unlocked", {})
    return path


def close(window: Any) -> None:
    window.dispose()
    window.close()
    window.ctx.worker.stop()
    if window.ctx.is_open:
        window.ctx.store.close()


def test_the_passphrase_is_asked_again_after_a_wrong_one(qtbot: Any, locked: Path) -> None:
    answers, asked = ["sea", "river"], []

    def ask(_parent: object, *, new: bool, wrong: bool) -> str | None:
        asked.append((new, wrong))
        return answers.pop(0)

    failures: list[BaseException] = []
    window = open_window(str(locked), failures.append, ask_passphrase=ask)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=30000):
        pass
    assert asked == [(False, False), (False, True)] and not failures
    close(window)


def test_cancelling_the_question_explains_and_opens_nothing(qtbot: Any, locked: Path) -> None:
    failures: list[BaseException] = []
    window = open_window(str(locked), failures.append, ask_passphrase=lambda _parent, **_: None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(failures), timeout=30000)
    assert isinstance(failures[0], cipher.PassphraseNeeded) and not window.pages
    close(window)


def answer_dialog(*texts: str, press: str = "OK") -> None:
    """Type `texts` into the open passphrase dialog's fields and press a button, once it shows."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, fill)
            return
        for field, text in zip(dialog.findChildren(QLineEdit), texts, strict=False):
            field.setText(text)
        next(b for b in dialog.findChildren(QPushButton) if b.text() == press).click()

    QTimer.singleShot(0, fill)


def test_a_new_passphrase_is_typed_twice(qtbot: Any) -> None:
    answer_dialog("river", "river")
    assert dialogs.ask_passphrase(None, new=True) == "river"
    answer_dialog("river", "rivers")  # they differ: the dialog stays; then cancelled
    QTimer.singleShot(300, lambda: answer_dialog(press="Cancel"))
    assert dialogs.ask_passphrase(None, new=True) is None


def test_settings_change_the_passphrase_after_the_current_one(
    window: Any, qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store.path is not None
    asked: list[bool] = []
    answers = ["not it", "new river", cipher.given_passphrase(), "new river"]

    def ask(_parent: object, *, new: bool, text: str = "", wrong: bool = False) -> str | None:
        asked.append(new)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask_passphrase", ask)
    page = window.show_page("settings")
    wait_idle(qtbot, window.ctx.worker)  # the button waits for the key file, read on the worker
    qtbot.mouseClick(page.change_passphrase, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert "wrong" in page.backup_message.text()  # the current passphrase is checked first
    qtbot.mouseClick(page.change_passphrase, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert asked == [False, True, False, True] and page.backup_message.text() == "The passphrase was changed."
    with pytest.raises(cipher.WrongPassphrase):
        cipher.unlock(store.path, "not it")
    assert cipher.unlock(store.path, "new river") == store.key
