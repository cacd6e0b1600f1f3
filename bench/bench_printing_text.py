"""Time the shaped text layer.

1. A few thousand corpus lines: shaping + drawing with ``draw_text_line`` vs ReportLab's unshaped
   ``drawString`` of the same text (wrong for Khmer, but the floor for "draw a string").
2. A minutes-like document: 300 participant rows and 40 actions in split tables, built with Para.

Run: /work/venv/bin/python bench/bench_printing_text.py
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from dialogue_desktop.core.printing import shaping, text
from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.fonts import REGULAR, register_fonts
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "core" / "printing" / "khmer_corpus.txt"


def _lines() -> list[str]:
    raw = [ln for ln in CORPUS.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [f"{ln} {i}" for i in range(15) for ln in raw]  # distinct strings: no cache hits across rounds


def bench_lines() -> None:
    lines = _lines()
    style = TextStyle(size=10)

    def run(draw) -> float:
        c = Canvas(io.BytesIO(), pagesize=A4, invariant=1)
        t = time.perf_counter()
        y = 800.0
        for ln in lines:
            if y < 40:
                c.showPage()
                y = 800.0
            draw(c, y, ln)
            y -= 16
        c.save()
        return time.perf_counter() - t

    def plain(c: Canvas, y: float, ln: str) -> None:
        c.setFont(REGULAR, 10)
        c.drawString(30, y, ln)

    base = run(plain)
    shaping.shape.cache_clear()
    cold = run(lambda c, y, ln: draw_text_line(c, 30, y, ln, style))
    warm = run(lambda c, y, ln: draw_text_line(c, 30, y, ln, style))
    print(
        f"{len(lines)} lines: drawString {base:.3f} s | shaped cold {cold:.3f} s ({cold / base:.1f}x) "
        f"| shaped, shaping cached {warm:.3f} s ({warm / base:.1f}x)"
    )


def minutes_story() -> list:
    head = TextStyle(size=9, bold=True)
    body = TextStyle(size=9)
    names = ["ចៅ ស្រីនិច្ច", "ឡាយ បូរ៉ា", "ណុប ច័ន្ទតារា", "សុខ ពិសី"]
    orgs = ["មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្ត", "អង្គការសង្គមស៊ីវិល CHRAC", "ក្រុមប្រឹក្សាស្រុក", "UNDP"]
    rows = [[Para(h, head) for h in ("ល.រ", "ឈ្មោះ / Name", "ភេទ", "អង្គភាព / Organisation", "ហត្ថលេខា")]]
    for i in range(300):
        rows.append(
            [
                Para(str(i + 1), body),
                Para(f"{names[i % 4]} {i}", body),
                Para("ស្ត្រី" if i % 2 else "បុរស", body),
                Para(f"{orgs[i % 4]} ខេត្តកំពង់ចាម", body),
                Para("", body),
            ]
        )
    people = Table(rows, colWidths=[12 * mm, 45 * mm, 15 * mm, 60 * mm, 30 * mm], repeatRows=1)
    actions = [[Para(h, head) for h in ("ល.រ", "សកម្មភាព", "អ្នកទទួលខុសត្រូវ", "ថ្ងៃផុតកំណត់")]]
    for i in range(40):
        actions.append(
            [
                Para(str(i + 1), body),
                Para(
                    f"ជួសជុលផ្លូវជនបទ និងប្រព័ន្ធធារាសាស្ត្រ ភូមិទី{i} ដើម្បីឲ្យសហគមន៍អាចធ្វើដំណើរ "
                    "និងធ្វើកសិកម្មបានក្នុងរដូវវស្សា (Road repair, item " + str(i) + ")",
                    body,
                ),
                Para("មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្ត", body),
                Para("ថ្ងៃទី៣១ ខែធ្នូ ឆ្នាំ២០២៥", body),
            ]
        )
    acts = Table(actions, colWidths=[12 * mm, 80 * mm, 45 * mm, 30 * mm], repeatRows=1, splitInRow=1)
    for t in (people, acts):
        t.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#555555"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
    title = Para("កំណត់ហេតុកិច្ចប្រជុំ / Minutes of the provincial dialogue", TextStyle(size=16, bold=True))
    return [title, people, PageBreak(), acts]


def bench_minutes() -> None:
    for label in ("cold caches", "warm caches"):
        if label == "cold caches":
            shaping.shape.cache_clear()
            text._wrap_cached.cache_clear()
        t = time.perf_counter()
        buf = io.BytesIO()
        SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(minutes_story())
        print(
            f"minutes (300 participants, 40 actions), {label}: {time.perf_counter() - t:.3f} s, "
            f"{len(buf.getvalue()) // 1024} KiB"
        )


if __name__ == "__main__":
    t0 = time.perf_counter()
    register_fonts()
    import khmercut

    khmercut.load()
    print(f"font registration + segmenter load: {time.perf_counter() - t0:.3f} s")
    bench_lines()
    bench_minutes()
