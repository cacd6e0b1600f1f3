"""Settings → "Ask for the passphrase at every start", for a laptop whose account has no password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.credential_store import use_memory_keyring
from tests.gui.conftest import make_window, wait_idle
from tests.gui.test_passphrase_prompt import answer_dialog

from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store


def test_ticking_it_takes_the_key_out_of_the_credential_store_and_back(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credential_store = use_memory_keyring(monkeypatch)
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    path = tmp_path / "kampot.db"
    store = Store.open(path)  # the credential store unlocks it: nothing typed
    window = make_window(qtbot, store)
    page = window.show_page("settings")
    wait_idle(qtbot, window.ctx.worker)  # the key file and the credential store are read on the worker
    assert page.ask_at_start.isEnabled() and not page.ask_at_start.isChecked()

    answer_dialog("ព្រែកត្នោត river", "ព្រែកត្នោត river")  # none yet: chosen now, typed twice
    page.ask_at_start.click()
    qtbot.waitUntil(lambda: page.ask_at_start.isChecked(), timeout=10000)
    wait_idle(qtbot, window.ctx.worker)
    assert credential_store.entries == {} and cipher.asks_passphrase_at_start(path)
    assert "every start" in page.backup_message.text()

    answer_dialog("wrong")
    page.ask_at_start.click()
    qtbot.waitUntil(lambda: "wrong" in page.backup_message.text(), timeout=10000)
    assert page.ask_at_start.isChecked() and credential_store.entries == {}

    answer_dialog("ព្រែកត្នោត river")
    page.ask_at_start.click()
    qtbot.waitUntil(lambda: not page.ask_at_start.isChecked(), timeout=10000)
    wait_idle(qtbot, window.ctx.worker)
    assert credential_store.entries and not cipher.asks_passphrase_at_start(path)
    assert "credential store unlocks" in page.backup_message.text()
    window.close()


def test_without_a_credential_store_it_is_ticked_and_says_why(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "credential_store", lambda: None)
    store = Store.open(tmp_path / "kampot.db")  # the tests' passphrase
    window = make_window(qtbot, store)
    page = window.show_page("settings")
    wait_idle(qtbot, window.ctx.worker)
    assert page.ask_at_start.isChecked() and not page.ask_at_start.isEnabled()
    assert "no credential store" in page.ask_at_start_note.text()
    window.close()
