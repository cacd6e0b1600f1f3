"""The sync key file is sealed with the database's key: it opens exactly when the database opens."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import keys as keys_module
from dialogue_desktop.core.sync.keys import KEY_FILE, DeviceKeys, KeysDamaged, keys_dir, load_keys, save_keys


class PowerCut(Exception):
    """Stands for the laptop switching off between two steps."""


def private_bytes(keys: DeviceKeys) -> list[bytes]:
    data = json.loads(keys.to_json())
    return [data["signing"].encode(), data["exchange"].encode(), bytes.fromhex(data["signing"])]


def test_the_key_file_is_sealed_private_and_opens_with_the_database(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "field.db")
    keys = DeviceKeys.generate()
    path = save_keys(store, keys)
    store.close()
    raw = path.read_bytes()
    assert all(secret not in raw for secret in private_bytes(keys))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    reopened = Store.open(tmp_path / "field.db")
    try:
        assert load_keys(reopened).fingerprint == keys.fingerprint
    finally:
        reopened.close()


def test_an_older_plain_key_file_is_sealed_at_first_use_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(tmp_path / "field.db")
    try:
        keys = DeviceKeys.generate()
        folder = keys_dir(store)
        folder.mkdir()
        path = folder / KEY_FILE
        path.write_text(keys.to_json())  # as an older version wrote it

        def cut(*args: object) -> None:
            raise PowerCut

        # Killed just before the sealed file takes the plain one's place: the plain one is still whole.
        monkeypatch.setattr(keys_module.os, "replace", cut)
        with pytest.raises(PowerCut):
            load_keys(store)
        monkeypatch.undo()
        assert json.loads(path.read_text()) == json.loads(keys.to_json())
        assert [p.name for p in folder.iterdir()] == [KEY_FILE]  # no half-written file left beside it
        assert load_keys(store).fingerprint == keys.fingerprint
        assert all(secret not in path.read_bytes() for secret in private_bytes(keys))
        assert load_keys(store).fingerprint == keys.fingerprint  # and the sealed file opens
    finally:
        store.close()


def test_a_damaged_forged_or_foreign_key_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "field.db")
    other = Store.open(tmp_path / "other.db")
    try:
        path = save_keys(store, DeviceKeys.generate())
        sealed = json.loads(path.read_text())
        blob = bytearray(base64.b64decode(sealed["sealed"]))
        blob[-1] ^= 1
        damaged = {**sealed, "sealed": base64.b64encode(bytes(blob)).decode()}
        foreign = save_keys(other, DeviceKeys.generate()).read_bytes()  # another database's sealed keys
        for content in (json.dumps(damaged).encode(), foreign, b"{not json", b"[]", b"x" * 100_000):
            path.write_bytes(content)
            with pytest.raises(KeysDamaged) as raised:
                load_keys(store)
            assert "damaged or were changed" in raised.value.text()
    finally:
        store.close()
        other.close()
