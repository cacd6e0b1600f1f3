"""GUI benchmark: cold start against a bare PySide6 window, and the door's search on 100,000 participants.

Run: `python bench/bench_gui.py [--dialogues 2000] [--participants 100000]` (offscreen, no screen needed).
Cold start is measured from process start to the main window shown and painted, as a ratio to a bare
QMainWindow started the same way in the same run (median of 7 runs each, in turns with the bare one);
and to the dialogue list on screen: from the list kept at the last close (the usual start), and without
it (the first start after the database changed outside the app), the database opening on the worker
meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The databases are encrypted: unlocked with a passphrase, as on a computer without credential store.
os.environ.setdefault("DIALOGUE_DESKTOP_PASSPHRASE", "benchmark passphrase")

BARE = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
"""

# The app's own start (`gui.app.run` without its event loop): the window is shown at once and the
# database opens on the worker. "shown" = the window painted and answering events; "list" = the dialogue
# list on screen with its first row's text (from the list kept at the last close when it is still
# current, else once the database is open); "keep" = the same, then closed as the app closes (which keeps
# the list for the next start).
OURS = """
import sys, os
from dialogue_desktop.gui.app import close, ensure_app, open_window, read_kept_list
kept = read_kept_list(sys.argv[1])  # first, before Qt loads, as `gui.app.run` does
from PySide6.QtCore import QTimer
app = ensure_app()
window = open_window(sys.argv[1], lambda error: os._exit(3), kept=kept)
app.processEvents()
if sys.argv[2] != "shown":
    def filled():
        page = window.stack.currentWidget()
        model = getattr(getattr(page, "list", None), "model", None)
        if model is None or not model.rowCount() or model.row(0) is None:
            return
        if sys.argv[2] == "list":
            os._exit(0)
        if window.ctx.is_open and not window.ctx.worker.busy:
            window.dispose()
            close(window)
            os._exit(0)
    timer = QTimer()
    timer.timeout.connect(filled)
    timer.start(1)
    window.ready.connect(lambda: window.show_page("dialogues"))
    app.exec()  # waits in Qt's event loop, as the app does, while the worker opens the database
"""


#: The processes start as on a facilitator's laptop: with the modules' compiled bytecode cached (a
#: shell with PYTHONDONTWRITEBYTECODE set would compile every module of the app at every start).
_LAPTOP_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cold_start(code: str, *args: str) -> float:
    """Seconds from launching a Python process to its window shown (the process exits right after)."""
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code + "\nimport os; os._exit(0)\n", *args], check=True, env=_LAPTOP_ENV
    )
    return time.perf_counter() - began


def interleaved(
    runs: int, first: tuple[str, ...], second: tuple[str, ...]
) -> tuple[list[float], list[float]]:
    """`runs` cold starts of each of two processes, one after the other in turns."""
    firsts: list[float] = []
    seconds: list[float] = []
    for _ in range(runs):
        firsts.append(cold_start(*first))
        seconds.append(cold_start(*second))
    return firsts, seconds


def make_demo_store(path: Path, dialogues: int) -> None:
    from dialogue_desktop.core.services.demo import make_demo
    from dialogue_desktop.core.store.store import Store

    store = Store.open(path, automatic_backups=False)
    make_demo(store, dialogues=dialogues, seed=1)
    store.close()


def door_search_latency(path: Path, participants: int) -> tuple[list[float], float]:
    """Milliseconds from a keystroke in the door's name box to the matches shown, on `participants` people;
    and from opening the door to its search index built (before the first keystroke)."""
    from PySide6.QtTest import QTest

    from dialogue_desktop.core.domain.models import Participant
    from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue, get_dialogue
    from dialogue_desktop.core.store.bulk import bulk_insert
    from dialogue_desktop.core.store.store import Store
    from dialogue_desktop.gui.app import build_window, ensure_app
    from dialogue_desktop.gui.pages.attendance import AttendanceTab

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_store import make_rows

    store = Store.open(path, automatic_backups=False)
    with store.unit_of_work() as session:
        bulk_insert(session, Participant, make_rows(participants, 1, 1)["participant"])
        dialogue_id = create_dialogue(
            session,
            DialogueInput(kind="provincial", title_en="Bench", date=date(2025, 3, 14), province_code="07"),
        )
        dialogue = get_dialogue(session, dialogue_id)
    app = ensure_app()
    window = build_window(store, first_run=False)
    tab = AttendanceTab(window.ctx)  # type: ignore[attr-defined]
    began = time.perf_counter()
    tab.set_dialogue(dialogue)
    tab.show()  # warms the search index on the worker, as opening the tab does
    while window.ctx.worker.busy:  # type: ignore[attr-defined]
        app.processEvents()
    warm_ms = (time.perf_counter() - began) * 1000
    timings = []
    for word in ["sok", "srey", "veasna", "ចាន់", "bopha", "heng", "dara", "pisey"]:
        tab.search.clear()
        app.processEvents()
        for ch in word:
            tab.hits = []
            began = time.perf_counter()
            if ch.isascii():
                QTest.keyClicks(tab.search, ch)
            else:
                tab.search.insert(ch)  # what a Khmer keyboard layout commits
            while not tab.hits and time.perf_counter() - began < 5:
                app.processEvents()
            timings.append((time.perf_counter() - began) * 1000)
    window.ctx.worker.stop()  # type: ignore[attr-defined]
    store.close()
    return timings, warm_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dialogues", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (the median is reported)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        make_demo_store(demo, options.dialogues)
        cold_start(
            OURS, str(demo), "shown"
        )  # once first: the modules' bytecode is cached, as after an install
        # Each of the app's starts follows a bare window's, so that the machine's drift touches both alike.
        bare, ours = interleaved(options.runs, (BARE,), (OURS, str(demo), "shown"))
        from dialogue_desktop.core.store.list_snapshot import snapshot_path

        cold_start(OURS, str(demo), "keep")  # the app closed once: the list is kept for the next start
        assert snapshot_path(demo).exists()
        more_bare, listed_runs = interleaved(options.runs, (BARE,), (OURS, str(demo), "list"))
        bare_runs = bare + more_bare
        snapshot_path(demo).unlink()  # the start after a change made outside the app (a sync, a restore)
        listed_cold = statistics.median(cold_start(OURS, str(demo), "list") for _ in range(3))
        bare_s, ours_s, listed = (statistics.median(runs) for runs in (bare_runs, ours, listed_runs))
        search, warm = door_search_latency(Path(folder) / "door.db", options.participants)
    print(
        json.dumps(
            {
                "runs": options.runs,
                "bare_window_s": round(bare_s, 3),
                "app_window_s": round(ours_s, 3),
                "cold_start_ratio": round(ours_s / bare_s, 2),
                "app_dialogue_list_filled_s": round(listed, 3),
                "list_filled_ratio": round(listed / bare_s, 2),
                "list_filled_s_each": [round(run, 3) for run in listed_runs],
                "app_dialogue_list_filled_unkept_s": round(listed_cold, 3),
                "list_filled_unkept_ratio": round(listed_cold / bare_s, 2),
                "door_search_ms_median": round(statistics.median(search), 1),
                "door_search_ms_max": round(max(search), 1),
                "door_index_warm_ms": round(warm, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
