"""Reports benchmark: all indicators, and the exports, of the 2,000-dialogue demo programme.

Run: `python bench/bench_reports.py [--db demo.db] [--dialogues 2000] [--repeat 5]`.
Without --db the demo store (`make_demo(store, dialogues=2000, seed=1)`, ~100,000 attendance) is built
in a temporary folder first (about a minute); with --db an existing demo database is reused (built there
if it is empty). Prints absolute figures: the whole `compute_indicators` (cold, then the median of
warm runs), each part of it, a filtered run, the XLSX, CSV and PDF exports; and, as a baseline measured in
the same run, one plain sqlite3 pass joining every attendance entry to its participant (the least any
attendance indicator must read). The machine's load is printed too: the figures mean little without it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from dialogue_desktop.core.domain.models import Attendance, Dialogue
from dialogue_desktop.core.reports import indicators as ind
from dialogue_desktop.core.reports.csv_export import export_csv
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.pdf_report import export_pdf
from dialogue_desktop.core.reports.xlsx import export_xlsx
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.services.places import KAMPONG_CHAM
from dialogue_desktop.core.store.store import Store

TODAY = date(2025, 1, 1)
TARGET_SECONDS = 0.300


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = action()
    return time.perf_counter() - began, result


def baseline(path: Path) -> float:
    """One plain sqlite3 pass: every live attendance entry joined to its participant."""
    connection = sqlite3.connect(path)
    began = time.perf_counter()
    connection.execute(
        "SELECT count(*), sum(p.sex = 'female') FROM attendance a JOIN participant p ON p.id = a.participant_id "
        "WHERE a.deleted = 0 AND p.deleted = 0"
    ).fetchall()
    seconds = time.perf_counter() - began
    connection.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse (or build) the demo database here")
    parser.add_argument("--dialogues", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args, _unknown = parser.parse_known_args()  # run_all.py passes its own arguments on
    folder = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    path: Path = args.db or folder / "demo.db"
    store = Store.open(path, automatic_backups=False)
    with store.unit_of_work() as session:
        existing = session.scalar(select(func.count()).select_from(Dialogue)) or 0
    if not existing:
        seconds, summary = timed(lambda: make_demo(store, dialogues=args.dialogues, seed=1))
        print(f"demo built in {seconds:.1f} s: {summary}")
    with store.unit_of_work() as session:
        attendance = session.scalar(select(func.count()).select_from(Attendance)) or 0
        dialogues = session.scalar(select(func.count()).select_from(Dialogue)) or 0
    print(f"store: {dialogues:,} dialogues, {attendance:,} attendance entries ({path})")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"baseline (sqlite3, attendance ⋈ participant, one pass): {baseline(path) * 1000:.0f} ms")

    report = ReportFilter()
    with store.unit_of_work() as session:
        cold, result = timed(lambda: ind.compute_indicators(session, report, today=TODAY))
        warm = [
            timed(lambda: ind.compute_indicators(session, report, today=TODAY))[0] for _ in range(args.repeat)
        ]
        print(f"compute_indicators, all held dialogues: cold {cold * 1000:.0f} ms, "
              f"warm median {statistics.median(warm) * 1000:.0f} ms (min {min(warm) * 1000:.0f}); "
              f"target {TARGET_SECONDS * 1000:.0f} ms")  # fmt: skip
        parts: dict[str, Callable[[], Any]] = {
            "dialogues": lambda: ind._dialogue_counts(session, report),
            "attendance + unique participants": lambda: ind._attendance_cells(session, report),
            "needs": lambda: ind._need_cells(session, report),
            "actions": lambda: ind._action_cells(session, report, TODAY),
            "voice": lambda: ind._voice_cells(session, report),
        }
        for name, part in parts.items():
            print(f"  {name}: {timed(part)[0] * 1000:.0f} ms")
        narrow = ReportFilter(
            date_from=date(2023, 1, 1), date_to=date(2023, 12, 31), province_code=KAMPONG_CHAM
        )
        seconds, _narrow = timed(lambda: ind.compute_indicators(session, narrow, today=TODAY))
        print(f"compute_indicators, Kampong Cham 2023: {seconds * 1000:.0f} ms")
        print(f"  figures: {result.dialogues.total.dialogues:,} dialogues held, "
              f"{result.attendance.total.attendance.total:,} attendance, "
              f"{result.attendance.total.unique.total:,} unique participants, "
              f"{result.actions.breakdown.total.total:,} actions, "
              f"{result.voice.total.voice.total_interventions:,} interventions")  # fmt: skip

        seconds, tables = timed(lambda: export_xlsx(session, result, folder / "report.xlsx", "km"))
        rows = sum(len(t.rows) for t in tables)
        size = (folder / "report.xlsx").stat().st_size
        print(
            f"XLSX export (km): {seconds:.1f} s, {rows:,} rows in {len(tables)} sheets, {size / 1e6:.1f} MB"
        )
        seconds, _tables = timed(lambda: export_csv(session, result, folder / "report.zip", "en"))
        print(f"CSV export (zip): {seconds:.1f} s, {(folder / 'report.zip').stat().st_size / 1e6:.1f} MB")
    seconds, _none = timed(lambda: export_pdf(result, folder / "report.pdf", "km"))
    print(f"PDF report (km): {seconds:.1f} s, {(folder / 'report.pdf').stat().st_size / 1e3:.0f} kB")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
