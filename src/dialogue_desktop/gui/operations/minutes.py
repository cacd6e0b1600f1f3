"""Printing a dialogue: its minutes (for the preview, a file or the printer), its sign-in sheet, the action
tracker report, and checking a printed copy against the record. All read only: printing changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from dialogue_desktop.core.printing.action_report import write_action_report
from dialogue_desktop.core.printing.data import gather_action_report, gather_minutes, gather_signin
from dialogue_desktop.core.printing.fingerprint import (
    SHORT_LENGTH,
    Verdict,
    minutes_code,
    minutes_fingerprint,
    verify_code,
)
from dialogue_desktop.core.printing.minutes import MinutesOptions, write_minutes
from dialogue_desktop.core.printing.signin import write_signin
from dialogue_desktop.core.services import dialogues as dialogue_service
from dialogue_desktop.core.services.listing import ActionFilters
from dialogue_desktop.gui.worker import Op, op


@dataclass(frozen=True)
class MinutesPdf:
    """The minutes of one dialogue as PDF bytes, with what the tab shows beside them."""

    dialogue_id: str
    data: bytes
    pages: int
    code: str  # DD1:<id>:<hash>, as under the QR code
    fingerprint: str  # the short hash printed as "Fingerprint"
    title_km: str
    title_en: str
    date: date
    locked: bool


def _minutes_pdf(session: Any, dialogue_id: str, options: MinutesOptions) -> MinutesPdf:
    view = dialogue_service.get_dialogue(session, dialogue_id)
    data = gather_minutes(session, dialogue_id)
    out = BytesIO()
    pages = write_minutes(data, out, options)
    return MinutesPdf(
        dialogue_id, out.getvalue(), pages, minutes_code(data), minutes_fingerprint(data)[:SHORT_LENGTH],
        view.title_km, view.title_en, view.date, view.locked,
    )  # fmt: skip


def minutes_pdf(dialogue_id: str, options: MinutesOptions) -> Op:
    """The dialogue's minutes in memory (a :class:`MinutesPdf`); NotFoundError when it is gone."""
    return op(_minutes_pdf, dialogue_id, options)


def _save_minutes(session: Any, dialogue_id: str, options: MinutesOptions, path: str) -> int:
    made = _minutes_pdf(session, dialogue_id, options)
    Path(path).write_bytes(made.data)
    return made.pages


def save_minutes(dialogue_id: str, options: MinutesOptions, path: str) -> Op:
    """Write the minutes to a file; the number of pages."""
    return op(_save_minutes, dialogue_id, options, path)


def _signin_pdf(session: Any, dialogue_id: str, blank: bool) -> bytes:
    out = BytesIO()
    write_signin(gather_signin(session, dialogue_id, blank=blank), out)
    return out.getvalue()


def signin_pdf(dialogue_id: str, blank: bool) -> Op:
    """The sign-in sheet, blank or with the expected people, in memory (bytes)."""
    return op(_signin_pdf, dialogue_id, blank)


def _save_signin(session: Any, dialogue_id: str, blank: bool, path: str) -> int:
    data = _signin_pdf(session, dialogue_id, blank)
    Path(path).write_bytes(data)
    return len(data)


def save_signin(dialogue_id: str, blank: bool, path: str) -> Op:
    """Write the sign-in sheet to a file; its size in bytes."""
    return op(_save_signin, dialogue_id, blank, path)


def _save_action_report(session: Any, path: str, filters: ActionFilters | None, mode: str) -> int:
    out = BytesIO()
    pages = write_action_report(gather_action_report(session, filters), out, mode)  # type: ignore[arg-type]
    Path(path).write_bytes(out.getvalue())
    return pages


def save_action_report(path: str, filters: ActionFilters | None, mode: str) -> Op:
    """Write the action tracker report (km, en or both) to a file; the number of pages."""
    return op(_save_action_report, path, filters, mode)


# --- checking a printed copy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyCheck:
    """The answer for one typed code (plain values, made on the worker)."""

    verdict: str  # a Verdict value, or "invalid" when the text is not a minutes code
    dialogue_id: str = ""
    title_km: str = ""
    title_en: str = ""
    date: date | None = None
    current_fingerprint: str = ""  # short, as printed on a copy made now


def normalise_code(text: str) -> str:
    """The code as typed or scanned, tidied: no spaces or line breaks, the prefix in capitals."""
    code = re.sub(r"\s+", "", text)
    if code[:4].lower() == "dd1:":
        code = "DD1:" + code[4:]
    return code


def _check_copy(session: Any, text: str) -> CopyCheck:
    try:
        result = verify_code(session, normalise_code(text))
    except ValueError:
        return CopyCheck("invalid")
    if result.verdict == Verdict.UNKNOWN:
        return CopyCheck(result.verdict.value, result.dialogue_id)
    view = dialogue_service.get_dialogue(session, result.dialogue_id)
    return CopyCheck(
        result.verdict.value, result.dialogue_id, view.title_km, view.title_en, view.date,
        result.current_hash[:SHORT_LENGTH],
    )  # fmt: skip


def verify_copy(text: str) -> Op:
    """Compare the code typed or scanned from a printed copy with the record (a :class:`CopyCheck`)."""
    return op(_check_copy, text)
