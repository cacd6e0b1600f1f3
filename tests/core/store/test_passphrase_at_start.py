"""Settings can require the passphrase at every start: the credential store then keeps no copy of the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.credential_store import MemoryKeyring, use_memory_keyring

from dialogue_desktop.core.errors import UserError
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store


@pytest.fixture
def credential_store(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = use_memory_keyring(monkeypatch)
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    return backend


def a_new_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app starting again: nothing unlocked in this process."""
    monkeypatch.setattr(cipher, "_unlocked", {})


def test_requiring_the_passphrase_drops_the_key_from_the_credential_store(
    tmp_path: Path, credential_store: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "field.db"
    Store.open(db).close()  # unlocked by the credential store: no passphrase yet
    assert not cipher.asks_passphrase_at_start(db) and credential_store.entries

    cipher.set_passphrase_at_start(db, "ស្រី សុខា 2026", required=True)

    assert cipher.asks_passphrase_at_start(db)
    assert credential_store.entries == {}
    a_new_start(monkeypatch)
    with pytest.raises(cipher.PassphraseNeeded):
        Store.open(db)
    Store.open(db, passphrase="ស្រី សុខា 2026").close()


def test_the_credential_store_can_unlock_it_again(
    tmp_path: Path, credential_store: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "field.db"
    Store.open(db, passphrase="right one").close()
    assert cipher.asks_passphrase_at_start(db)
    with pytest.raises(cipher.WrongPassphrase):
        cipher.set_passphrase_at_start(db, "wrong one", required=False)
    assert cipher.asks_passphrase_at_start(db) and credential_store.entries == {}

    cipher.set_passphrase_at_start(db, "right one", required=False)

    assert not cipher.asks_passphrase_at_start(db)
    a_new_start(monkeypatch)
    Store.open(db).close()  # nothing typed
    Store.open(db, passphrase="right one").close()  # the passphrase still opens it too


def test_a_credential_store_that_refuses_leaves_the_passphrase_not_required(
    tmp_path: Path, credential_store: MemoryKeyring
) -> None:
    db = tmp_path / "field.db"
    Store.open(db).close()
    credential_store.locked = True
    with pytest.raises(UserError):
        cipher.set_passphrase_at_start(db, "new one", required=True)
    assert not cipher.asks_passphrase_at_start(db)  # the app does not claim what is not true
    assert cipher.has_passphrase(db)  # the passphrase chosen was kept: it opens the database too


def test_without_a_credential_store_the_passphrase_is_always_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "credential_store", lambda: None)
    db = tmp_path / "field.db"
    Store.open(db, passphrase="right one").close()
    with pytest.raises(UserError) as refused:
        cipher.set_passphrase_at_start(db, "right one", required=False)
    assert "credential store" in refused.value.text()
    assert cipher.asks_passphrase_at_start(db)
