"""Reports: the indicators for a filter (headline first, unique participants after), the records behind a
figure, and the exports. All read only: nothing here announces a change."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from dialogue_desktop.core.i18n import format_date
from dialogue_desktop.core.reports.csv_export import export_csv
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators, add_unique_breakdowns, compute_indicators
from dialogue_desktop.core.reports.pdf_report import export_pdf
from dialogue_desktop.core.reports.trace import trace
from dialogue_desktop.core.reports.xlsx import export_xlsx
from dialogue_desktop.core.services.youth import youth_ages
from dialogue_desktop.gui.models.report_figures import Figure
from dialogue_desktop.gui.models.report_table import TracedRecord
from dialogue_desktop.gui.worker import Op, op


def _compute(session: Any, report: ReportFilter, today: date) -> Indicators:
    return compute_indicators(
        session, replace(report, youth_ages=youth_ages(session)), today, unique_breakdowns=False
    )


def compute(report: ReportFilter, today: date) -> Op:
    """The headline indicators for `report`, with this store's youth age range: all but the unique
    participants by province, kind, level and quarter, which :func:`complete` adds (they take longer)."""
    return op(_compute, report, today)


def complete(indicators: Indicators) -> Op:
    """`indicators` with the unique participants of every breakdown row."""
    return op(add_unique_breakdowns, indicators)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _local_date(match: re.Match[str]) -> str:
    """An ISO date in a trace label, in the current language's short form (Khmer digits in Khmer)."""
    return format_date(date(int(match[1]), int(match[2]), int(match[3])), style="short")


def _trace_records(session: Any, figure: Figure, indicators: Indicators) -> list[TracedRecord]:
    items = trace(session, figure.indicator, figure.cell, indicators.filter, indicators.today)
    return [
        TracedRecord(
            item.table, item.id, _ISO_DATE.sub(_local_date, item.label), item.dialogue_id, item.count
        )
        for item in items
    ]


def trace_records(figure: Figure, indicators: Indicators) -> Op:
    """The records behind `figure`, each with the dialogue to open and its dates in the current language."""
    return op(_trace_records, figure, indicators)


def _export(
    session: Any, key: str, indicators: Indicators, path: Path, language: str, include_personal_data: bool
) -> Path:
    indicators = add_unique_breakdowns(session, indicators)  # when the page has not shown them yet
    if key == "xlsx":
        export_xlsx(session, indicators, path, language, include_personal_data=include_personal_data)
    elif key == "csv":
        export_csv(session, indicators, path, language, include_personal_data=include_personal_data)
    else:
        export_pdf(indicators, path, language)
    return path


def export(key: str, indicators: Indicators, path: Path, language: str, include_personal_data: bool) -> Op:
    """Write the report (``xlsx``, ``csv`` or ``pdf``) to `path`; the path. The PDF holds figures only,
    never personal data."""
    return op(_export, key, indicators, path, language, include_personal_data)
