"""The `.dlgbundle` file: a clear header, an encrypted zip, and a signature over both.

    header      magic, format version, kind, sender device id, recipient key id, the sender's public keys
                (with an enrolment proof on a laptop's bundles), ephemeral X25519 key, nonce, length
    ciphertext  ChaCha20-Poly1305 of the zip, key = HKDF(X25519(ephemeral, recipient)), header as AAD
    signature   Ed25519 by the sender over header + ciphertext

Encrypt-then-sign: the central office checks who sent a file (known, not revoked, right key) before it
decrypts or unpacks anything, so a stranger's file costs nothing and reveals nothing. The header is the
AEAD's associated data, so the ciphertext cannot be re-signed under another device's id.

The zip holds `manifest.json`, `changes/<table>.json` and `attachments/<sha256>`; reading it refuses
unexpected member names, oversized members and more data than declared (zip bombs).
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dialogue_desktop.core.domain.models import MAX_ATTACHMENT_BYTES
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.sync.errors import BundleRefused
from dialogue_desktop.core.sync.keys import DeviceKeys, key_id, public_bytes

MAGIC = b"DLGBNDL\x00"
FORMAT_VERSION = 1
KIND_BUNDLE, KIND_RECEIPT = 1, 2
KIND_NAMES = {KIND_BUNDLE: "bundle", KIND_RECEIPT: "receipt"}
HEADER = struct.Struct(">8sHB36s8s32s32s32s32s12sQ")
SIGNATURE_SIZE = 64
NO_PROOF = bytes(32)

#: Limits when unpacking (module-level so tests can lower them): an attached file is at most what the app
#: itself lets a person attach, a table's changes at most 512 MiB, everything at most 2 GiB and at most
#: MAX_RATIO times the compressed size (a real bundle's JSON deflates about tenfold).
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 512 << 20
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 100

MEMBER_NAME = re.compile(r"^(manifest\.json|changes/[a-z_]{1,64}\.json|attachments/[0-9a-f]{64})$")

DAMAGED = N_(
    "The file {name} is incomplete or damaged (it may have been cut short while copying). "
    "Ask the sender for it again."
)
NOT_A_BUNDLE = N_("The file {name} is not a Dialogue Desktop bundle.")
NEWER_FORMAT = N_(
    "The file {name} was made by a newer version of Dialogue Desktop. Install the newer version here to "
    "import it."
)
BAD_SIGNATURE = N_(
    "The signature of {name} does not match the laptop it claims to come from. The file was altered or "
    "signed by another device; do not use it, and ask the sender to export again."
)


@dataclass(frozen=True)
class Envelope:
    """A parsed, not yet verified, bundle file."""

    name: str
    format_version: int
    kind: int
    sender_id: str
    recipient_key_id: bytes
    signing_key: bytes
    exchange_key: bytes
    proof: bytes
    ephemeral_key: bytes
    nonce: bytes
    header: bytes
    ciphertext: bytes
    signature: bytes

    @property
    def has_proof(self) -> bool:
        return self.proof != NO_PROOF

    def verify(self, signing_key: bytes) -> None:
        """Check the signature with the sender's registered key; BundleRefused if it does not match."""
        try:
            Ed25519PublicKey.from_public_bytes(signing_key).verify(
                self.signature, self.header + self.ciphertext
            )
        except (InvalidSignature, ValueError) as error:
            raise BundleRefused(BAD_SIGNATURE, name=self.name) from error

    def decrypt(self, keys: DeviceKeys) -> bytes:
        """The zip inside; BundleRefused if it cannot be decrypted with this install's key."""
        key = _derive(
            keys.exchange.exchange(X25519PublicKey.from_public_bytes(self.ephemeral_key)),
            self.ephemeral_key,
            keys.exchange_public,
        )
        try:
            return ChaCha20Poly1305(key).decrypt(self.nonce, self.ciphertext, self.header)
        except InvalidTag as error:
            raise BundleRefused(DAMAGED, name=self.name) from error


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=b"dialogue-desktop bundle v1"
    )
    return hkdf.derive(shared)


def seal(
    payload: bytes,
    *,
    kind: int,
    sender_id: str,
    sender: DeviceKeys,
    recipient_exchange_key: bytes,
    proof: bytes = NO_PROOF,
) -> bytes:
    """Encrypt `payload` to the recipient and sign it: the bytes of a bundle file."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = public_bytes(ephemeral.public_key())
    key = _derive(
        ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_exchange_key)),
        ephemeral_public,
        recipient_exchange_key,
    )
    nonce = os.urandom(12)
    header = HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        kind,
        sender_id.encode("ascii").ljust(36, b"\0"),
        key_id(recipient_exchange_key),
        sender.signing_public,
        sender.exchange_public,
        proof,
        ephemeral_public,
        nonce,
        len(payload) + 16,
    )
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, payload, header)
    return header + ciphertext + sender.signing.sign(header + ciphertext)


def parse(data: bytes, name: str) -> Envelope:
    """Split a bundle file into its parts; BundleRefused for anything but a complete file of a known format."""
    if len(data) < len(MAGIC) + 3 or not data.startswith(MAGIC):
        raise BundleRefused(NOT_A_BUNDLE, name=name)
    (version,) = struct.unpack_from(">H", data, len(MAGIC))
    if version > FORMAT_VERSION:
        raise BundleRefused(NEWER_FORMAT, name=name)
    if version < 1 or len(data) < HEADER.size + SIGNATURE_SIZE:
        raise BundleRefused(DAMAGED, name=name)
    fields = HEADER.unpack_from(data)
    length = fields[10]
    if len(data) != HEADER.size + length + SIGNATURE_SIZE or fields[2] not in KIND_NAMES:
        raise BundleRefused(DAMAGED, name=name)
    try:
        sender_id = fields[3].rstrip(b"\0").decode("ascii")
    except UnicodeDecodeError as error:
        raise BundleRefused(DAMAGED, name=name) from error
    return Envelope(
        name=name,
        format_version=version,
        kind=fields[2],
        sender_id=sender_id,
        recipient_key_id=fields[4],
        signing_key=fields[5],
        exchange_key=fields[6],
        proof=fields[7],
        ephemeral_key=fields[8],
        nonce=fields[9],
        header=data[: HEADER.size],
        ciphertext=data[HEADER.size : HEADER.size + length],
        signature=data[HEADER.size + length :],
    )


# --- the zip inside ---------------------------------------------------------------------------------------


def pack(members: dict[str, bytes]) -> bytes:
    """A zip of the members (deflated quickly: bundles travel, but exports should not keep people waiting)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


TOO_BIG = N_("The bundle {name} holds more data than any real bundle ({member}); it was refused.")
BAD_MEMBER = N_("The bundle {name} holds an unexpected file ({member}); it was refused.")


def unpack(payload: bytes, name: str) -> dict[str, bytes]:
    """The members of the zip, checked against the allowed names and the size limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BundleRefused(TOO_BIG, name=name, member=str(len(infos)))
        total = 0
        budget = min(MAX_TOTAL_BYTES, MAX_RATIO * len(payload) + (1 << 20))
        members: dict[str, bytes] = {}
        for info in infos:
            if not MEMBER_NAME.match(info.filename) or info.filename in members or info.is_dir():
                raise BundleRefused(BAD_MEMBER, name=name, member=info.filename[:100])
            total += info.file_size
            limit = MAX_MEMBER_BYTES
            if info.filename.startswith("attachments/"):
                limit = min(limit, MAX_ATTACHMENT_BYTES)
            if info.file_size > limit or total > budget:
                raise BundleRefused(TOO_BIG, name=name, member=info.filename)
            with archive.open(info) as handle:
                content = handle.read(info.file_size + 1)  # never more than declared (+1 to notice)
            if len(content) != info.file_size:
                raise BundleRefused(DAMAGED, name=name)
            members[info.filename] = content
        return members
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise BundleRefused(DAMAGED, name=name) from error
