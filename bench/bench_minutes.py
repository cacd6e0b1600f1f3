"""Bilingual minutes with the annex for 300 participants and 40 actions, against unshaped ReportLab.

    python bench/bench_minutes.py [--runs N]

Records the dialogue through the services in a temporary store (as the tests do), gathers the minutes
once, then times `write_minutes` (warm: fonts registered, one document drawn before) and the time
ReportLab's own `drawString` with Helvetica needs to draw the same lines of text unshaped, one per line,
at the same positions. Target: the minutes in under 1.5 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the tests' dialogue builder

from tests.core.printing.test_minutes import make_dialogue  # noqa: E402

from dialogue_desktop.core.printing.data import gather_minutes  # noqa: E402
from dialogue_desktop.core.printing.minutes import MinutesOptions, write_minutes  # noqa: E402
from dialogue_desktop.core.printing.text import DrawnLine, record_drawing  # noqa: E402
from dialogue_desktop.core.store.store import Store  # noqa: E402


def unshaped(lines: list[DrawnLine]) -> bytes:
    """The same lines drawn with `drawString` in Helvetica (no shaping: Khmer comes out as boxes)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    page = 1
    for line in lines:
        while line.page > page:
            canvas.showPage()
            page += 1
        canvas.setFont("Helvetica", line.size)
        canvas.drawString(line.x, line.y, line.text)
    canvas.save()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.db")
        started = time.perf_counter()
        dialogue = make_dialogue(store, participants=300, action_count=40, long_text=True)
        recorded = time.perf_counter() - started
        started = time.perf_counter()
        with store.unit_of_work() as session:
            data = gather_minutes(session, dialogue)
        gathered = time.perf_counter() - started
        store.close()
    options = MinutesOptions("both", annex=True, official_header=True)
    started = time.perf_counter()
    with record_drawing() as drawn:
        pages = write_minutes(data, io.BytesIO(), options)
    cold = time.perf_counter() - started
    shaped_times, plain_times = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        write_minutes(data, io.BytesIO(), options)
        shaped_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        unshaped(drawn)
        plain_times.append(time.perf_counter() - started)
    shaped, plain = statistics.median(shaped_times), statistics.median(plain_times)
    print(f"dialogue recorded in {recorded:.2f} s, minutes data gathered in {gathered:.3f} s")
    print(f"bilingual minutes + annex: {pages} pages, {len(drawn)} text lines")
    print(f"  first document (cold shaping caches): {cold:.2f} s")
    print(f"  write_minutes, median of {args.runs}:      {shaped:.2f} s  (target < 1.5 s)")
    print(f"  same lines, drawString unshaped:      {plain:.2f} s")
    print(f"  ratio shaped document / unshaped text: {shaped / plain:.1f}x")


if __name__ == "__main__":
    main()
