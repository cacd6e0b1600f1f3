"""A credential store for tests: keyring's interface, kept in memory (no Secret Service runs on a test machine)."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A credential store in memory, in place of the operating system's (none runs on a test machine)."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.locked:
            raise PasswordDeleteError("locked")
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


def use_memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Make keyring's backend a fresh `MemoryKeyring` for this test; it is returned."""
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    return backend
