"""Settings reads the key file and the credential store on the worker: a credential store (the Secret
Service over D-Bus) can take seconds to answer, and the window must go on answering meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtWidgets import QApplication
from tests.credential_store import MemoryKeyring
from tests.gui.conftest import make_window, wait_idle

from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store


class SlowKeyring(MemoryKeyring):
    """A credential store that answers only once released, recording the thread of every call."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.threads: list[str] = []

    def asked(self) -> None:
        self.threads.append(threading.current_thread().name)
        # A call on the GUI thread would freeze the window: the test then sees it in `threads`, not a hang.
        self.release.wait(timeout=5)

    def get_password(self, service: str, username: str) -> str | None:
        self.asked()
        return super().get_password(service, username)


def test_the_page_is_built_and_shown_while_the_credential_store_has_not_answered(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = SlowKeyring()
    backend.release.set()  # opening the database (before the window) may ask it at once
    monkeypatch.setattr(keyring, "get_keyring", lambda: (backend.asked(), backend)[1])
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    path = tmp_path / "kampot.db"
    store = Store.open(path)  # the credential store unlocks it: nothing typed
    key_file_reads: list[str] = []
    read_key_file = cipher._read_key_file

    def recorded(file: Path) -> dict[str, Any]:
        key_file_reads.append(threading.current_thread().name)
        return read_key_file(file)

    monkeypatch.setattr(cipher, "_read_key_file", recorded)
    window = make_window(qtbot, store)
    backend.threads.clear()
    key_file_reads.clear()
    backend.release.clear()  # from now on it takes its time, as a locked Secret Service does

    page = window.show_page("settings")
    QApplication.processEvents()
    gui = threading.current_thread().name
    assert gui not in backend.threads and gui not in key_file_reads
    # Nothing to act on before the state is known: the controls wait, disabled.
    assert not page.ask_at_start.isEnabled() and not page.change_passphrase.isEnabled()
    assert page.save_identity.isEnabled()  # the rest of the page works meanwhile
    qtbot.waitUntil(lambda: bool(backend.threads), timeout=5000)  # the worker is waiting on it
    assert not page.ask_at_start.isEnabled()

    backend.release.set()
    qtbot.waitUntil(lambda: page.ask_at_start.isEnabled(), timeout=10000)
    wait_idle(qtbot, window.ctx.worker)
    assert not page.ask_at_start.isChecked() and page.change_passphrase.isEnabled()
    assert "Tick it if" in page.ask_at_start_note.text()
    assert backend.threads and set(backend.threads) == {"db-worker"}
    assert key_file_reads and set(key_file_reads) == {"db-worker"}

    # Switching the language again re-reads nothing: it shows what was read.
    backend.threads.clear()
    key_file_reads.clear()
    window.switch_language("km")
    window.switch_language("en")
    QApplication.processEvents()
    assert gui not in backend.threads and gui not in key_file_reads
    window.close()
    window.ctx.worker.stop()


def test_the_backups_folder_is_listed_on_the_worker(
    qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The backups folder can be on a slow USB stick (portable mode): listing it must not freeze the window.
    from dialogue_desktop.core.store import backups

    listed_on: list[str] = []
    list_backups = backups.list_backups

    def recorded(db_path: Path) -> list[backups.BackupFile]:
        listed_on.append(threading.current_thread().name)
        return list_backups(db_path)

    monkeypatch.setattr(backups, "list_backups", recorded)
    assert store.path is not None
    backups.make_backup(store.path, "manual")
    window = make_window(qtbot, store)
    page = window.show_page("settings")
    wait_idle(qtbot, window.ctx.worker)
    assert listed_on and set(listed_on) == {"db-worker"}
    shown = [str(page.backup_list.itemData(i)) for i in range(page.backup_list.count())]
    assert any(path.endswith("-manual.db") for path in shown)
