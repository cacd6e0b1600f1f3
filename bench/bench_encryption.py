"""Encryption benchmark: the same work on an encrypted (SQLCipher) store and on a plain SQLite one, same run.

Run: `python bench/bench_encryption.py [--participants 100000 --dialogues 2000 --attendance 100000]
[--repeat 3]`. Each figure is the median of `--repeat` runs, encrypted and plain taking turns to go first
(the machine may be shared: the load average is printed too, and for the work done in this process its
CPU time, which another program's load disturbs less), with its ratio (target ≤ 1.3):

- bulk insert: bench_store's rows (participants, dialogues, attendance) into a new store, one unit of work;
- door search: the registry search by the in-memory index (median over the queries), and the index's build;
- dialogue list: `list_dialogues` (every dialogue with its counts), the first call on a new connection;
- bundle import: bench_sync's bundle (`--attendance` entries, their dialogues and people) imported into a
  central store (each run into a fresh copy of it);
- all indicators: on the demo programme (`make_demo`, `--dialogues`), the report mart's full build and
  `compute_indicators` for everything, on a new connection and again on it; both stores hold the same pages (copies of
  one demo made the same way);
- cold start: process start to the dialogue list filled (the GUI, offscreen);
- and what unlocking the key with a passphrase (scrypt) costs, which the encrypted cold start includes.

"Plain" is the app as it was before encryption (no key, Python's own sqlite3) with the same connection settings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The passphrase path, as run_all.py sets it: no credential store involved.
os.environ.setdefault("DIALOGUE_DESKTOP_PASSPHRASE", "benchmark passphrase")

import bench_sync  # noqa: E402
from bench_gui import OURS, cold_start  # noqa: E402
from bench_store import make_rows, time_list_dialogues, time_search, time_store  # noqa: E402
from dialogue_desktop.core.reports import indicators, mart  # noqa: E402
from dialogue_desktop.core.reports.filters import ReportFilter  # noqa: E402
from dialogue_desktop.core.services.demo import make_demo  # noqa: E402
from dialogue_desktop.core.store import cipher, store  # noqa: E402
from dialogue_desktop.core.sync import export, import_  # noqa: E402

#: Prepended to the cold-start script for the plain store: the same start with the database left plain.
PLAIN = "import dialogue_desktop.core.store.store as s; s.unlock_database = lambda *a, **k: None\n"
QUERIES = ["sok", "ស្រី", "veasna 12", "សុខា៥", "chan", "បុប្ផា", "ly", "ស្រីសុខា"]
TODAY = date(2025, 1, 1)
MODES = ("encrypted", "plain")


@contextmanager
def plain_stores() -> Iterator[None]:
    """Stores opened meanwhile are plain SQLite (no key), as before encryption."""
    unlock = store.unlock_database
    store.unlock_database = lambda *_args, **_kwargs: None  # type: ignore[assignment,return-value]
    try:
        yield
    finally:
        store.unlock_database = unlock


@contextmanager
def mode(name: str) -> Iterator[None]:
    """Stores opened meanwhile are encrypted, or plain for `name == "plain"`."""
    if name == "plain":
        with plain_stores():
            yield
    else:
        yield


def paired(repeat: int, run: Callable[[str, int], dict[str, float]]) -> dict[str, dict[str, float]]:
    """`run(mode, i)` `repeat` times for each mode, the two taking turns to go first; the median of each
    figure by mode."""
    seen: dict[str, dict[str, list[float]]] = {m: {} for m in MODES}
    for i in range(repeat):
        for name in MODES if i % 2 == 0 else MODES[::-1]:
            with mode(name):
                figures = run(name, i)
            for key, value in figures.items():
                seen[name].setdefault(key, []).append(value)
    return {m: {k: statistics.median(v) for k, v in figures.items()} for m, figures in seen.items()}


def remove_store(path: Path) -> None:
    """A database and everything beside it (WAL, key file, keys and attachments folders)."""
    for found in path.parent.glob(f"{path.name}*"):
        shutil.rmtree(found) if found.is_dir() else found.unlink()


def copy_store(source: Path, target: Path) -> None:
    """A closed store's files under another name (its folders and key file follow the database's name)."""
    for found in source.parent.glob(f"{source.name}*"):
        copied = target.with_name(target.name + found.name[len(source.name) :])
        shutil.copytree(found, copied) if found.is_dir() else shutil.copy2(found, copied)


# --- the measurements ----------------------------------------------------------------------------------------


def store_figures(folder: Path, rows: dict[str, list[dict[str, object]]], repeat: int) -> dict[str, dict[str, float]]:  # fmt: skip
    """Bulk insert, door search and dialogue list; the last store of each mode is kept for the cold start."""

    def run(name: str, i: int) -> dict[str, float]:
        path = folder / f"{name}.db"
        remove_store(path)
        cpu = time.process_time()
        inserted = time_store(path, rows)
        cpu = time.process_time() - cpu
        search = time_search(path, QUERIES)
        return {
            "bulk_insert_s": inserted,
            "bulk_insert_cpu_s": cpu,
            "door_search_ms_median": search["search_ms_median"],
            "door_search_index_build_ms": search["search_index_build_ms"],
            "dialogue_list_first_load_s": time_list_dialogues(path),
        }

    return paired(repeat, run)


def bundle_figures(folder: Path, attendance: int, repeat: int) -> dict[str, dict[str, float]]:
    """bench_sync's laptop and central office, built encrypted and plain; each run imports the laptop's
    bundle into a fresh copy of the central store."""
    made: dict[str, tuple[Path, Path]] = {}
    for name in MODES:
        place = folder / f"sync-{name}"
        place.mkdir()
        with mode(name):
            central, laptop = bench_sync.build(place, attendance)
            bundle = export.export_bundle(laptop, place / "bench.dlgbundle").path
            central.close()
            laptop.close()
        made[name] = (place / "central.db", bundle)

    def run(name: str, i: int) -> dict[str, float]:
        central, bundle = made[name]
        copy = central.with_name(f"central-{i}.db")
        copy_store(central, copy)
        office = store.Store.open(copy, automatic_backups=False)
        began, cpu = time.perf_counter(), time.process_time()
        outcome = import_.import_file(office, bundle)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert outcome.status == "imported", outcome.message
        office.close()
        remove_store(copy)
        return {"bundle_import_s": seconds, "bundle_import_cpu_s": cpu}

    return paired(repeat, run)


def demo_copies(folder: Path, dialogues: int) -> dict[str, Path]:
    """One demo programme, copied into an encrypted and a plain database by `sqlcipher_export` (so both
    hold the same rows in the same pages)."""
    built = folder / "demo-built.db"
    demo = store.Store.open(built, automatic_backups=False)
    make_demo(demo, dialogues=dialogues, seed=1)
    demo.close()
    key = cipher.unlock(built)
    copies = {name: folder / f"demo-{name}.db" for name in MODES}
    shutil.copy2(cipher.key_file_for(built), cipher.key_file_for(copies["encrypted"]))
    source = cipher.connect(built, key)
    try:
        for name, target in copies.items():
            source.execute(
                "ATTACH DATABASE ? AS copy KEY ?",
                (str(target), key.pragma_value() if name != "plain" else ""),
            )
            source.execute("SELECT sqlcipher_export('copy')")
            source.execute("DETACH DATABASE copy")
    finally:
        source.close()
    remove_store(built)
    return copies


def indicator_figures(folder: Path, dialogues: int, repeat: int) -> dict[str, dict[str, float]]:
    """The report mart's full build and every indicator (no filter) on a new connection, on the demo."""
    copies = demo_copies(folder, dialogues)
    report = ReportFilter()
    for name in MODES:  # SQL compiled once in this process, before any run is timed
        with mode(name):
            warm = store.Store.open(copies[name], automatic_backups=False)
            with warm.unit_of_work() as session:
                indicators.compute_indicators(session, report, TODAY)
            warm.close()

    def run(name: str, i: int) -> dict[str, float]:
        demo = store.Store.open(copies[name], automatic_backups=False)
        with demo.unit_of_work() as session:
            began = time.perf_counter()
            mart.refresh(session, report.youth_ages, full=True)
            built = time.perf_counter() - began
        demo.engine.dispose()
        with demo.unit_of_work() as session:
            began, cpu = time.perf_counter(), time.process_time()
            indicators.compute_indicators(session, report, TODAY)
            computed, cpu = time.perf_counter() - began, time.process_time() - cpu
            began = time.perf_counter()  # again, as the GUI's worker does on its connection's warm cache
            indicators.compute_indicators(session, report, TODAY)
            warm = time.perf_counter() - began
        demo.close()
        return {
            "report_mart_full_build_s": built,
            "all_indicators_s": computed,
            "all_indicators_cpu_s": cpu,
            "all_indicators_again_s": warm,
        }

    return paired(repeat, run)


def start_figures(folder: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Process start to the dialogue list filled, on the stores of `store_figures`; and the unlocking."""

    def run(name: str, i: int) -> dict[str, float]:
        script = OURS if name == "encrypted" else PLAIN + OURS
        figures = {"cold_start_s": cold_start(script, str(folder / f"{name}.db"), "list")}
        if name == "encrypted":
            cipher._unlocked.clear()
            began = time.perf_counter()
            cipher.unlock(folder / "encrypted.db")
            figures["unlock_with_passphrase_s"] = time.perf_counter() - began
        return figures

    return paired(repeat, run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--dialogues", type=int, default=2_000)
    parser.add_argument("--attendance", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options, _unknown = parser.parse_known_args()  # run_all.py passes its own arguments on
    rows = make_rows(options.participants, options.dialogues, options.attendance)
    load = [os.getloadavg()[0]]
    figures: dict[str, dict[str, float]] = {m: {} for m in MODES}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        steps: dict[str, Callable[[], dict[str, dict[str, float]]]] = {
            "bulk insert, door search, dialogue list": lambda: store_figures(folder, rows, options.repeat),
            "cold start": lambda: start_figures(folder, options.repeat),
            "bundle import": lambda: bundle_figures(folder, options.attendance, options.repeat),
            "all indicators": lambda: indicator_figures(folder, options.dialogues, options.repeat),
        }
        for label, step in steps.items():
            began = time.perf_counter()
            for key, values in step().items():
                figures[key].update(values)
            load.append(os.getloadavg()[0])
            print(f"{label}: measured in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    result: dict[str, object] = {
        "rows": sum(len(v) for v in rows.values()),
        "repeat": options.repeat,
        "load_average_1min": f"{min(load):.1f}–{max(load):.1f} on {os.cpu_count()} cores",
    }
    for key in figures["encrypted"]:
        if key not in figures["plain"]:
            result[key] = round(figures["encrypted"][key], 3)
            continue
        encrypted, plain = figures["encrypted"][key], figures["plain"][key]
        result[f"{key} encrypted"] = round(encrypted, 3)
        result[f"{key} plain"] = round(plain, 3)
        result[f"{key} ratio"] = round(encrypted / plain, 2) if plain else None
    start = figures["encrypted"]["cold_start_s"] - figures["plain"]["cold_start_s"]
    result["cold_start_added_by_encryption_s"] = round(start, 2)
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
