"""The contents of attachments on disk: stored once per content, encrypted, under a name that reveals nothing.

An attachment record holds its content's plain SHA-256 (bundles carry it too, to check what they carry).
Beside an encrypted database the file is named by a keyed hash of it, HMAC-SHA256 under a key derived from
the database key, with the suffix `.att`: equal files still share one file, but a name cannot be checked
against a guessed document. The content is encrypted in authenticated chunks (`vault.encrypt_stream`), and
every read goes through `_verified_blocks`, which decrypts, authenticates and checks the plain SHA-256.

Beside a server database (no database key) the folder is the server's and keeps the older layout: the plain
file under its SHA-256, protected by the server's encrypted storage. Attachments left plain by an older
version beside an encrypted database are encrypted at start (`encrypt_plain_contents`).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dialogue_desktop.core.domain.models import SHA256_PATTERN
from dialogue_desktop.core.paths import private_dir, private_partial, replace_durably
from dialogue_desktop.core.store import vault

if TYPE_CHECKING:
    from dialogue_desktop.core.store.store import Store

log = logging.getLogger(__name__)

SUFFIX = ".att"
_SHA256 = re.compile(SHA256_PATTERN)
_BLOCK = 1 << 20
_CONTEXT = b"attachment content"
_STALE_SECONDS = 3600


class ContentDamaged(Exception):
    """A stored attachment is missing, damaged, or does not hold the content its hash names."""


def _checked_sha(sha256: object) -> str:
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError("not an attachment hash")
    return sha256


def _keys(store: Store) -> tuple[bytes, bytes] | None:
    """(name key, content key) of an encrypted store; None beside a server database."""
    if store.key is None:
        return None
    return vault.subkey(store.key, "attachment names"), vault.subkey(store.key, "attachment contents")


def content_path(store: Store, sha256: str) -> Path:
    """The file holding the content whose plain SHA-256 is `sha256`, always inside the attachments folder
    (a hash received from elsewhere can never name another file); ValueError for anything but 64 lowercase
    hex digits."""
    sha = _checked_sha(sha256)
    keys = _keys(store)
    name = sha if keys is None else hmac.new(keys[0], bytes.fromhex(sha), hashlib.sha256).hexdigest() + SUFFIX
    folder = store.attachments_dir
    path = folder / name
    if path.parent != folder or os.path.islink(path):
        raise ValueError("not an attachment file")
    return path


def has_content(store: Store, sha256: str) -> bool:
    """True when the content is stored (not checked: `read_content` checks)."""
    return content_path(store, sha256).is_file()


class _Hashing:
    """A reader that hashes and counts what is read through it."""

    def __init__(self, source: BinaryIO) -> None:
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        block = self.source.read(size)
        self.digest.update(block)
        self.size += len(block)
        return block


def _write(store: Store, source: BinaryIO) -> tuple[str, int]:
    """Store `source` once: encrypted while hashed into a private file beside its place, synced, then
    renamed to the name its hash gives (or dropped when that content is stored already), so a power cut
    leaves no half file under a content's name. Returns (plain SHA-256, size)."""
    folder = private_dir(store.attachments_dir)
    partial = private_partial(folder / secrets.token_hex(8))
    reader = _Hashing(source)
    try:
        with open(partial, "wb") as handle:
            keys = _keys(store)
            if keys is None:
                for block in iter(lambda: reader.read(_BLOCK), b""):
                    handle.write(block)
            else:
                vault.encrypt_stream(keys[1], reader, handle, _CONTEXT)
        sha = reader.digest.hexdigest()
        target = content_path(store, sha)
        if not target.exists():
            replace_durably(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return sha, reader.size


def store_file(store: Store, source: Path) -> tuple[str, int]:
    """Store the file at `source` (read once); returns (plain SHA-256, size)."""
    with open(source, "rb") as handle:
        return _write(store, handle)


def store_bytes(store: Store, sha256: str, content: bytes) -> None:
    """Store `content` received whole (a bundle's member); ContentDamaged unless `sha256` is its hash."""
    if hashlib.sha256(content).hexdigest() != _checked_sha(sha256):
        raise ContentDamaged("the content does not match its hash")
    if not has_content(store, sha256):
        _write(store, io.BytesIO(content))


def _verified_blocks(store: Store, sha256: str) -> Iterator[bytes]:
    """The one reader of stored contents: the plain blocks, decrypted and authenticated; the last one is
    given only once the whole content's SHA-256 is checked (ContentDamaged otherwise)."""
    path = content_path(store, sha256)
    keys = _keys(store)
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            blocks = (
                iter(lambda: handle.read(_BLOCK), b"")
                if keys is None
                else vault.decrypt_stream(keys[1], handle, _CONTEXT)
            )
            held: bytes | None = None
            for block in blocks:
                if held is not None:
                    yield held
                digest.update(block)
                held = block
    except (OSError, vault.Damaged) as error:
        raise ContentDamaged(type(error).__name__) from error
    if not hmac.compare_digest(digest.hexdigest(), sha256):
        raise ContentDamaged("the content does not match its hash")
    if held:
        yield held


def read_content(store: Store, sha256: str) -> bytes:
    """The whole plain content (at most an attachment's size limit); ContentDamaged when it fails a check."""
    return b"".join(_verified_blocks(store, sha256))


def copy_content(store: Store, sha256: str, target: Path) -> None:
    """Write the plain content to a new private file `target` (0600); nothing is left there when a check
    fails (ContentDamaged)."""
    partial = private_partial(target)
    try:
        with open(partial, "wb") as handle:
            for block in _verified_blocks(store, sha256):
                handle.write(block)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def check_content(store: Store, sha256: str) -> bool:
    """True when the content is stored whole and unchanged."""
    try:
        for _block in _verified_blocks(store, sha256):
            pass
    except (ContentDamaged, ValueError):
        return False
    return True


def encrypt_plain_contents(store: Store) -> int:
    """Encrypt the attachments an older version stored plain (named by their SHA-256); how many.

    Each is written encrypted under its new name first, then the plain file is removed: a power cut at any
    moment leaves the plain file, or the encrypted one whole (the plain one then goes at the next start).
    A plain file that does not hold the content its name says is left as it is, for `check` to report.
    """
    folder = store.attachments_dir
    if store.key is None or not folder.is_dir():
        return 0
    private_dir(folder)
    converted = 0
    for path in list(folder.iterdir()):
        if path.name.endswith(".partial"):
            # An interrupted write (its content is still in its source); a recent one may be another
            # process's write under way.
            if time.time() - path.stat().st_mtime > _STALE_SECONDS:
                path.unlink(missing_ok=True)
            continue
        if not _SHA256.fullmatch(path.name) or path.is_symlink() or not path.is_file():
            continue
        if not content_path(store, path.name).exists():
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            if digest != path.name:
                log.warning("A plain attachment does not match its hash; left as it is")
                continue
            store_file(store, path)
        path.unlink()
        converted += 1
    return converted
