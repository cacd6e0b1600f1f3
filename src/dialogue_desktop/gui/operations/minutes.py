"""Printing a dialogue: its minutes (for the preview, a file or the printer), its sign-in sheet, the action
tracker report, and checking a printed copy against the record. All read only: printing changes nothing.

A PDF is a :class:`~dialogue_desktop.gui.render.PrintJob`: its data gathered on the database worker, the
PDF drawn (and a file written) on the printing thread, so the door never waits behind a preview."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from dialogue_desktop.core.file_errors import cannot_save
from dialogue_desktop.core.printing.action_report import write_action_report
from dialogue_desktop.core.printing.data import (
    ActionReportData,
    MinutesData,
    SignInData,
    gather_action_report,
    gather_minutes,
    gather_signin,
)
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
from dialogue_desktop.gui.render import PrintJob
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


@dataclass(frozen=True)
class MinutesSource:
    """What the minutes are drawn from, gathered on the database worker."""

    dialogue_id: str
    data: MinutesData
    title_km: str
    title_en: str
    date: date
    locked: bool


def _minutes_source(session: Any, dialogue_id: str) -> MinutesSource:
    view = dialogue_service.get_dialogue(session, dialogue_id)
    data = gather_minutes(session, dialogue_id)
    return MinutesSource(dialogue_id, data, view.title_km, view.title_en, view.date, view.locked)


def draw_minutes(source: MinutesSource, options: MinutesOptions) -> MinutesPdf:
    """The minutes as PDF bytes (on the printing thread)."""
    out = BytesIO()
    pages = write_minutes(source.data, out, options)
    return MinutesPdf(
        source.dialogue_id, out.getvalue(), pages, minutes_code(source.data),
        minutes_fingerprint(source.data)[:SHORT_LENGTH], source.title_km, source.title_en, source.date,
        source.locked,
    )  # fmt: skip


def _write_file(data: bytes, path: str) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as error:  # a full or read-only stick, a folder gone: the facilitator picks another place
        raise cannot_save(path, error) from error


def _minutes_file(source: MinutesSource, options: MinutesOptions, path: str) -> int:
    made = draw_minutes(source, options)
    _write_file(made.data, path)
    return made.pages


def minutes_pdf(dialogue_id: str, options: MinutesOptions) -> PrintJob:
    """The dialogue's minutes in memory (a :class:`MinutesPdf`); NotFoundError when it is gone."""
    return PrintJob(op(_minutes_source, dialogue_id), draw_minutes, options)


def save_minutes(dialogue_id: str, options: MinutesOptions, path: str) -> PrintJob:
    """Write the minutes to a file; the number of pages."""
    return PrintJob(op(_minutes_source, dialogue_id), _minutes_file, options, path)


def _draw_signin(data: SignInData) -> bytes:
    out = BytesIO()
    write_signin(data, out)
    return out.getvalue()


def _signin_file(data: SignInData, path: str) -> int:
    drawn = _draw_signin(data)
    _write_file(drawn, path)
    return len(drawn)


def signin_pdf(dialogue_id: str, blank: bool) -> PrintJob:
    """The sign-in sheet, blank or with the expected people, in memory (bytes)."""
    return PrintJob(op(gather_signin, dialogue_id, blank=blank), _draw_signin)


def save_signin(dialogue_id: str, blank: bool, path: str) -> PrintJob:
    """Write the sign-in sheet to a file; its size in bytes."""
    return PrintJob(op(gather_signin, dialogue_id, blank=blank), _signin_file, path)


def _action_report_file(data: ActionReportData, path: str, mode: str) -> int:
    out = BytesIO()
    pages = write_action_report(data, out, mode)  # type: ignore[arg-type]
    _write_file(out.getvalue(), path)
    return pages


def save_action_report(path: str, filters: ActionFilters | None, mode: str) -> PrintJob:
    """Write the action tracker report (km, en or both) to a file; the number of pages."""
    return PrintJob(op(gather_action_report, filters), _action_report_file, path, mode)


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
