"""The key file beside a database: its name, its reading, and the scrypt key of its passphrase slot.

Only the standard library is imported here, so that the app's start can derive the passphrase's key first
thing, on the kept list's thread (`gui/app.py`): scrypt takes about 0.1 s and lets the other threads run
meanwhile, so it overlaps Qt's start instead of waiting for the reader's own imports. A key derived ahead
is handed over once, to the unlocking that asks for those very inputs (`cipher.py`), then forgotten.
Wrapping, unwrapping and everything else about keys is in `cipher.py`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

PASSPHRASE_ENV = "DIALOGUE_DESKTOP_PASSPHRASE"
FORMAT = 1
#: A key file is a few hundred bytes; anything larger is refused unread.
MAX_BYTES = 64 * 1024
#: scrypt's memory bound: a crafted key file cannot make unlocking take more than this (128 MiB).
_MAX_MEMORY = 2**27

_Inputs = tuple[str, bytes, int, int, int]
_ahead: dict[_Inputs, bytes] = {}
_ahead_lock = threading.Lock()


def key_file_for(db_path: Path) -> Path:
    """The key file of a database."""
    return db_path.with_name(db_path.name + ".key")


def given_passphrase(passphrase: str | None = None) -> str | None:
    """The passphrase given explicitly, else the environment's; None when neither (empty counts as none)."""
    value = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    return value or None


def b64(data: bytes) -> str:
    """Bytes as the key file writes them."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Bytes as the key file writes them, strictly (ValueError otherwise)."""
    return base64.b64decode(text.encode("ascii"), validate=True)


def read(path: Path) -> dict[str, Any]:
    """The key file's content. OSError when it cannot be read, ValueError when it is too large, not
    JSON, not of our format or its slots are not of the right types."""
    if path.stat().st_size > MAX_BYTES:
        raise ValueError("not a key file")
    content = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ValueError("unknown key file format")
    slots = content.get("slots", {})
    if not isinstance(slots, dict) or not isinstance(slots.get("keyring", ""), str):
        raise ValueError("damaged slots")
    if "passphrase" in slots and not _is_passphrase_slot(slots["passphrase"]):
        raise ValueError("damaged passphrase slot")
    return content


def _is_passphrase_slot(slot: object) -> bool:
    """Its fields are there, of their types (their values are checked where they are used)."""
    return (
        isinstance(slot, dict)
        and all(isinstance(slot.get(name), str) for name in ("salt", "nonce", "wrapped"))
        and all(type(slot.get(name)) is int for name in ("n", "r", "p"))
    )


def scrypt_key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    """The 256-bit key scrypt derives from `passphrase` with `salt` and `params` (n, r, p): the one
    derived ahead for these very inputs when there is one, else derived now."""
    inputs = (passphrase, salt, params["n"], params["r"], params["p"])
    with _ahead_lock:
        derived = _ahead.pop(inputs, None)
    return derived if derived is not None else _derive(inputs)


def derive_ahead(db_path: Path, passphrase: str | None = None) -> None:
    """Derive now the key that `passphrase` (or the environment's) gives the passphrase slot of the
    database's key file, for the unlocking that follows. Best effort: without a passphrase, a readable key
    file or a passphrase slot nothing is derived (unlocking then says what is wrong)."""
    passphrase = given_passphrase(passphrase)
    if passphrase is None:
        return
    try:
        slot = read(key_file_for(db_path)).get("slots", {}).get("passphrase")
        if slot is None:
            return
        inputs = (passphrase, unb64(slot["salt"]), slot["n"], slot["r"], slot["p"])
        derived = _derive(inputs)
    except (OSError, ValueError):  # ValueError: not a key file, or values scrypt refuses
        return
    with _ahead_lock:
        _ahead.clear()  # one at most: only the start derives ahead
        _ahead[inputs] = derived


def _derive(inputs: _Inputs) -> bytes:
    passphrase, salt, n, r, p = inputs
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=32)
