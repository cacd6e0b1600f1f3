"""Reports benchmark: all indicators, and the exports, of the 2,000-dialogue demo programme.

Run: `python bench/bench_reports.py [--db demo.db] [--dialogues 2000] [--repeat 5]`.
Without --db the demo store (`make_demo(store, dialogues=2000, seed=1)`, ~100,000 attendance) is built
in a temporary folder first (about a minute); with --db an existing demo database is reused (built there
if it is empty). It edits that database (one dialogue's title, one person's sex): use a copy.

Prints absolute figures: the report mart's full build, an incremental refresh after one dialogue and
after one person were edited, `compute_indicators` with the mart fresh (the headline without unique
participants by dimension, then everything; cold in a new connection, then the median of warm runs), the
unique-by-dimension breakdowns alone, each part, a filtered run, the XLSX, CSV and PDF exports; and, as a
baseline measured in the same run, one plain sqlite3 pass joining every attendance entry to its
participant (what any per-report join of the raw tables costs at least), with each figure's ratio to it.
The machine's load is printed too: the figures mean little without it.
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
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.domain.models import Attendance, Dialogue, Participant
from dialogue_desktop.core.reports import indicators as ind
from dialogue_desktop.core.reports import mart
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

    base = baseline(path)
    print(f"baseline (sqlite3, attendance ⋈ participant, one pass): {base * 1000:.0f} ms")

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms ({seconds / base:.2f}× baseline)"

    report = ReportFilter()
    with store.unit_of_work() as session:
        seconds, done = timed(lambda: mart.refresh(session, report.youth_ages, full=True))
    print(f"report mart, full build: {seconds:.2f} s ({done.dialogues:,} dialogues)")
    with store.unit_of_work() as session:
        dialogue = session.scalars(select(Dialogue).where(Dialogue.deleted.is_(False)).limit(1)).one()
        dialogue.title_en = f"{dialogue.title_en} (edited)"
    with store.unit_of_work() as session:
        seconds, done = timed(lambda: mart.refresh(session, report.youth_ages))
    print(
        f"  incremental refresh, one dialogue edited: {ms(seconds)}; {done.kind}, {done.dialogues} recomputed"
    )
    with store.unit_of_work() as session:
        person = session.get_one(
            Participant, session.scalars(select(Attendance.participant_id).limit(1)).one()
        )
        person.sex = Sex.FEMALE if person.sex != Sex.FEMALE else Sex.MALE
    with store.unit_of_work() as session:
        seconds, done = timed(lambda: mart.refresh(session, report.youth_ages))
    print(
        f"  incremental refresh, one person edited: {ms(seconds)}; {done.kind}, {done.dialogues} recomputed"
    )
    with store.unit_of_work() as session:
        edited = session.get_one(Dialogue, dialogue.id)
        edited.title_en = f"{edited.title_en}!"
    with store.unit_of_work() as session:
        seconds, done = timed(lambda: mart.refresh(session, report.youth_ages))
    print(f"  incremental refresh, the dialogue edited again (its SQL compiled by now): {ms(seconds)}")

    def runs(label: str, action: Callable[[Session], Any]) -> None:
        """A first call on a new connection (the first report in this process also builds and compiles its
        SQL), the median of warm calls, and a call on a new connection again (SQL compiled by then)."""
        store.engine.dispose()
        with store.unit_of_work() as session:
            first = timed(lambda: action(session))[0]
            warm = [timed(lambda: action(session))[0] for _ in range(args.repeat)]
        store.engine.dispose()
        with store.unit_of_work() as session:
            again = timed(lambda: action(session))[0]
        print(f"{label}: first {ms(first)}; warm median {ms(statistics.median(warm))} "
              f"(min {min(warm) * 1000:.0f} ms); new connection {ms(again)}")  # fmt: skip

    narrow = ReportFilter(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31), province_code=KAMPONG_CHAM)
    print(f"compute_indicators (target {TARGET_SECONDS * 1000:.0f} ms), mart current:")
    runs("  all held dialogues, everything", lambda s: ind.compute_indicators(s, report, TODAY))
    runs(
        "  all held dialogues, headline (unique participants by dimension left out)",
        lambda s: ind.compute_indicators(s, report, TODAY, unique_breakdowns=False),
    )
    runs("  Kampong Cham 2023, everything", lambda s: ind.compute_indicators(s, narrow, TODAY))
    runs(
        "  Kampong Cham 2023, headline",
        lambda s: ind.compute_indicators(s, narrow, TODAY, unique_breakdowns=False),
    )
    last_year = ReportFilter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    runs("  2024, everything", lambda s: ind.compute_indicators(s, last_year, TODAY))
    runs("  2024, headline", lambda s: ind.compute_indicators(s, last_year, TODAY, unique_breakdowns=False))
    with store.unit_of_work() as session:
        result = ind.compute_indicators(session, report, TODAY)
        parts: dict[str, Callable[[], Any]] = {
            "mart freshness check": lambda: mart.is_fresh(session, report.youth_ages),
            "per-dialogue sums by dimension (dialogues, attendance, voice, needs, actions)": lambda: (
                ind._dialogue_cells(session, report, TODAY)
            ),
            "unique participants, total": lambda: ind.unique_cells(session, report),
            "needs by sector": lambda: ind._need_cells(session, report),
            "actions by organisation": lambda: ind._organisation_cells(session, report, TODAY),
            "figures per dialogue": lambda: ind._per_dialogue(session, report, TODAY),
        }
        for name, part in parts.items():
            print(f"  {name}: {min(timed(part)[0] for _ in range(3)) * 1000:.0f} ms (best of 3)")
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
