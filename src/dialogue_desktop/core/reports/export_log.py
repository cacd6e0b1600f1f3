"""The record of every export of report data made from this database (the `export_log` table).

An export is recorded when it is decided, in the unit of work that reads its data: no data leaves the
database unrecorded. Its outcome follows once the file is written, has failed or was cancelled (an export
cut short by a crash stays "started"). Each entry says who (this laptop, the operating system's account,
the facilitator set on the laptop), when, and what (format, filters, minimum count, with or without names).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import SHORT, Device
from dialogue_desktop.core.domain.report_models import EXPORT_OUTCOMES, ExportLog
from dialogue_desktop.core.domain.types import utc_now
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.store.store import DEVICE_ID, FACILITATOR_ID, get_setting

#: How many entries the Reports page lists.
RECENT = 20


@dataclass(frozen=True)
class ExportEntry:
    """One recorded export (plain values)."""

    id: int
    made_at: datetime
    device_id: str
    device_name: str
    os_user: str
    facilitator_id: str | None
    via: str
    format: str
    language: str
    filters: dict[str, Any]
    min_count: int
    personal_data: bool
    outcome: str
    finished_at: datetime | None


def os_user() -> str:
    """The operating system's account running this program ('' when it cannot be told)."""
    try:
        return getpass.getuser()[:SHORT]
    except (OSError, KeyError, ImportError):
        return ""


def filter_values(report: ReportFilter) -> dict[str, Any]:
    """A report filter as the log stores it (JSON values)."""
    return {
        "date_from": report.date_from.isoformat() if report.date_from else None,
        "date_to": report.date_to.isoformat() if report.date_to else None,
        "province": report.province_code or None,
        "kind": report.kind.value if report.kind else None,
        "level": report.level.value if report.level else None,
    }


def record_export(
    session: Session,
    *,
    format: str,
    report: ReportFilter,
    language: str,
    min_count: int,
    personal_data: bool,
    via: str,
) -> int:
    """Record an export decided now (outcome "started"); its id, for `finish_export`."""
    device_id = get_setting(session, DEVICE_ID) or ""
    device = session.get(Device, device_id) if device_id else None
    entry = ExportLog(
        made_at=utc_now(), device_id=device_id, device_name=device.name if device else "", os_user=os_user(),
        facilitator_id=get_setting(session, FACILITATOR_ID) or None, via=via, format=format, language=language,
        filters=filter_values(report), min_count=min_count, personal_data=personal_data, outcome="started",
    )  # fmt: skip
    session.add(entry)
    session.flush()
    return entry.id


def finish_export(session: Session, export_id: int, outcome: str) -> None:
    """Say how the recorded export ended: "written", "failed" or "cancelled"."""
    if outcome not in EXPORT_OUTCOMES or outcome == "started":
        raise ValueError(f"not an export outcome: {outcome!r}")
    entry = session.get(ExportLog, export_id)
    if entry is not None:
        entry.outcome = outcome
        entry.finished_at = utc_now()


def _entry(row: ExportLog) -> ExportEntry:
    return ExportEntry(
        row.id, row.made_at, row.device_id, row.device_name, row.os_user, row.facilitator_id, row.via, row.format,
        row.language, dict(row.filters or {}), row.min_count, row.personal_data, row.outcome, row.finished_at,
    )  # fmt: skip


def list_exports(session: Session, limit: int | None = None) -> list[ExportEntry]:
    """The recorded exports, newest first (`limit`: only that many)."""
    statement = select(ExportLog).order_by(ExportLog.made_at.desc(), ExportLog.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return [_entry(row) for row in session.scalars(statement)]


def period_of(entry: ExportEntry) -> tuple[date | None, date | None]:
    """The period an entry's export covered (None: open)."""
    start, end = entry.filters.get("date_from"), entry.filters.get("date_to")
    return (date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)
