"""Files beside a database, encrypted under keys derived from its SQLCipher key.

Whatever the app keeps beside an encrypted database (the sync keys, attachments, the reasons of refused
bundles) opens exactly when the database opens: each use has its own 256-bit key, derived from the
database key with HKDF-SHA256 and a purpose label, so the database key itself never encrypts anything else
and one derived key reveals nothing of the others.

Two formats: `seal`/`unseal` for a small file read whole (AES-256-GCM, a random nonce), and
`encrypt_stream`/`decrypt_stream` for files of any size, in 1 MiB chunks each authenticated on its own
(the STREAM construction: the chunk's number and a last-chunk flag are its nonce, so chunks cannot be
reordered, dropped or the file cut short without the tag failing), under a key of its own per file.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dialogue_desktop.core.store.cipher import DatabaseKey

SEALED_MAGIC = b"DDSEAL1\x00"
STREAM_MAGIC = b"DDSTRM1\x00"
CHUNK = 1 << 20
_TAG = 16
_NONCE = 12
_SALT = 16
#: The header of a stream: magic and the salt its file key is derived with.
STREAM_HEADER_BYTES = len(STREAM_MAGIC) + _SALT


class Readable(Protocol):
    """Anything with a binary `read(size)`."""

    def read(self, size: int = -1, /) -> bytes: ...


class Damaged(Exception):
    """The content fails authentication: damaged, cut short, or not made with this database's key."""


def subkey(key: DatabaseKey, purpose: str) -> bytes:
    """The 256-bit key of one use (`purpose`, e.g. "attachment names") derived from the database key."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"dialogue-desktop " + purpose.encode()
    ).derive(key.raw)


def is_sealed(blob: bytes) -> bool:
    """True when `blob` looks like `seal`'s output (its tag is checked only by `unseal`)."""
    return blob.startswith(SEALED_MAGIC)


def seal(key: bytes, data: bytes, context: bytes) -> bytes:
    """`data` encrypted and authenticated with `key`; `context` (not stored) must be given again to open it."""
    nonce = secrets.token_bytes(_NONCE)
    return SEALED_MAGIC + nonce + AESGCM(key).encrypt(nonce, data, SEALED_MAGIC + context)


def unseal(key: bytes, blob: bytes, context: bytes) -> bytes:
    """The data `seal` encrypted; Damaged when the blob was changed, cut, or sealed under another key."""
    if not is_sealed(blob) or len(blob) < len(SEALED_MAGIC) + _NONCE + _TAG:
        raise Damaged("not sealed")
    nonce = blob[len(SEALED_MAGIC) : len(SEALED_MAGIC) + _NONCE]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(SEALED_MAGIC) + _NONCE :], SEALED_MAGIC + context)
    except InvalidTag as error:
        raise Damaged("authentication failed") from error


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"stream").derive(key))


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(_NONCE - 1, "big") + (b"\x01" if last else b"\x00")


def encrypt_stream(key: bytes, source: Readable, target: BinaryIO, context: bytes) -> None:
    """Write `source`'s bytes to `target` encrypted in chunks (memory: two chunks, whatever the size)."""
    salt = secrets.token_bytes(_SALT)
    header = STREAM_MAGIC + salt
    aead, aad = _file_key(key, salt), header + context
    target.write(header)
    number, block = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if len(block) == CHUNK else b""
        last = not following
        target.write(aead.encrypt(_nonce(number, last), block, aad))
        if last:
            return
        number, block = number + 1, following


def decrypt_stream(key: bytes, source: BinaryIO, context: bytes) -> Iterator[bytes]:
    """The plaintext of an `encrypt_stream` file, chunk by chunk, each authenticated before it is given;
    Damaged (raised by the iterator) for a changed, reordered, truncated or foreign file."""
    header = source.read(STREAM_HEADER_BYTES)
    if len(header) != STREAM_HEADER_BYTES or not header.startswith(STREAM_MAGIC):
        raise Damaged("not an encrypted stream")
    aead, aad = _file_key(key, header[len(STREAM_MAGIC) :]), header + context
    number, block = 0, source.read(CHUNK + _TAG)
    while True:
        following = source.read(CHUNK + _TAG) if len(block) == CHUNK + _TAG else b""
        last = not following
        try:
            yield aead.decrypt(_nonce(number, last), block, aad)
        except InvalidTag as error:
            raise Damaged("authentication failed") from error
        if last:
            return
        number, block = number + 1, following
