"""The fingerprint of a dialogue's minutes, and checking a paper copy against the record.

The fingerprint is the SHA-256 of the canonical JSON of `MinutesData`: everything the minutes print, in
both languages, and nothing about how they are printed (language, columns, annex, header). So a Khmer and
an English copy of the same minutes carry the same fingerprint, and any change to what was printed (a
decision, an action's deadline, a participant) changes it.

Printed copies carry the code ``DD1:<dialogue id>:<hash>`` (in a QR code and as text); `verify_code`
says whether the record still matches it. A shortened hash (at least 12 hex digits, as printed beside the
QR code) is accepted too, so the code can be typed from paper.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy.orm import Session

from dialogue_desktop.core.printing.data import MinutesData, gather_minutes
from dialogue_desktop.core.services.errors import NotFoundError

CODE_PREFIX = "DD1"  # version 1 of the code and of the canonical form
SHORT_LENGTH = 12  # hex digits printed as the visible fingerprint
_CODE = re.compile(r"^DD1:([0-9a-fA-F-]{1,64}):([0-9a-fA-F]{12,64})$")


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("fingerprint", True)  # a field marked False is about printing, not content
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)  # shares: enough digits, no float noise
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    return value


def canonical_json(data: MinutesData) -> bytes:
    """The minutes' content as canonical JSON: sorted keys, no spaces, UTF-8, NFC text."""
    return json.dumps(_canonical(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def minutes_fingerprint(data: MinutesData) -> str:
    """SHA-256 (64 hex digits) of what the minutes print."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def minutes_code(data: MinutesData) -> str:
    """The code printed on the minutes: ``DD1:<dialogue id>:<fingerprint>``."""
    return f"{CODE_PREFIX}:{data.dialogue_id}:{minutes_fingerprint(data)}"


def parse_code(code: str) -> tuple[str, str]:
    """(dialogue id, hash in lower case) of a printed code; ValueError when it is not one."""
    match = _CODE.match(code.strip())
    if match is None:
        raise ValueError(f"not a minutes code: {code!r}")
    return match.group(1).lower(), match.group(2).lower()


class Verdict(StrEnum):
    MATCHES = "matches"  # the record prints exactly what the copy shows
    CHANGED = "changed"  # the record changed since the copy was printed
    UNKNOWN = "unknown"  # no such dialogue here (or it was deleted)


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    dialogue_id: str
    printed_hash: str
    current_hash: str  # "" when the dialogue is unknown


def verify_code(session: Session, code: str) -> Verification:
    """Compare a printed code with the minutes as the record gives them now (ValueError: not a code)."""
    dialogue_id, printed = parse_code(code)
    try:
        data = gather_minutes(session, dialogue_id)
    except NotFoundError:
        return Verification(Verdict.UNKNOWN, dialogue_id, printed, "")
    current = minutes_fingerprint(data)
    verdict = Verdict.MATCHES if current.startswith(printed) else Verdict.CHANGED
    return Verification(verdict, dialogue_id, printed, current)
