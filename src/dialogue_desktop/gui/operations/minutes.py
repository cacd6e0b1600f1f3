"""Printing a dialogue: its minutes (for the preview, a file or the printer), its sign-in sheet, and the
action tracker report. All read only: printing changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from dialogue_desktop.core.printing.action_report import write_action_report
from dialogue_desktop.core.printing.data import gather_action_report, gather_minutes, gather_signin
from dialogue_desktop.core.printing.fingerprint import SHORT_LENGTH, minutes_code, minutes_fingerprint
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
