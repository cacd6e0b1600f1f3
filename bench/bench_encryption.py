"""Encryption benchmark: the same work on an encrypted (SQLCipher) store and on a plain SQLite one, same run.

Run: `python bench/bench_encryption.py [--participants 100000 --dialogues 2000 --attendance 100000]`.
Prints bulk insert, door search, dialogue list and cold start (process start to the dialogue list filled,
median of 3) for both, their ratios (target ≤ 1.3), and what unlocking the key with a passphrase costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The passphrase path, as run_all.py sets it: no credential store involved.
os.environ.setdefault("DIALOGUE_DESKTOP_PASSPHRASE", "benchmark passphrase")

from bench_gui import OURS, cold_start  # noqa: E402
from bench_store import make_rows, time_list_dialogues, time_search, time_store  # noqa: E402
from dialogue_desktop.core.store import cipher, store  # noqa: E402

#: Prepended to the cold-start script for the plain store: the same start with the database left plain.
PLAIN = "import dialogue_desktop.core.store.store as s; s.unlock_database = lambda *a, **k: None\n"


@contextmanager
def plain_stores() -> Iterator[None]:
    """Stores opened meanwhile are plain SQLite (no key), as before encryption."""
    unlock = store.unlock_database
    store.unlock_database = lambda *_args, **_kwargs: None  # type: ignore[assignment,return-value]
    try:
        yield
    finally:
        store.unlock_database = unlock


def measure(folder: Path, rows: dict[str, list[dict[str, object]]], name: str) -> dict[str, float]:
    path = folder / f"{name}.db"
    inserted = time_store(path, rows)
    search = time_search(path, ["sok", "ស្រី", "veasna 12", "សុខា៥", "chan", "បុប្ផា", "ly", "ស្រីសុខា"])
    listed = time_list_dialogues(path)
    return {"bulk_insert_s": inserted, "search_ms_median": search["search_ms_median"],
            "search_index_build_ms": search["search_index_build_ms"], "list_dialogues_s": listed}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--dialogues", type=int, default=2_000)
    parser.add_argument("--attendance", type=int, default=100_000)
    options = parser.parse_args()
    rows = make_rows(options.participants, options.dialogues, options.attendance)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        encrypted = measure(folder, rows, "encrypted")
        with plain_stores():
            plain = measure(folder, rows, "plain")
        start_encrypted = statistics.median(
            cold_start(OURS, str(folder / "encrypted.db"), "list") for _ in range(3)
        )
        start_plain = statistics.median(
            cold_start(PLAIN + OURS, str(folder / "plain.db"), "list") for _ in range(3)
        )
        cipher._unlocked.clear()
        began = time.perf_counter()
        cipher.unlock(folder / "encrypted.db")
        unlock = time.perf_counter() - began
    result: dict[str, object] = {"rows": sum(len(v) for v in rows.values())}
    for key in encrypted:
        result[f"{key} encrypted"] = round(encrypted[key], 3)
        result[f"{key} plain"] = round(plain[key], 3)
        result[f"{key} ratio"] = round(encrypted[key] / plain[key], 2) if plain[key] else None
    result.update({"cold_start_s encrypted": round(start_encrypted, 2), "cold_start_s plain": round(start_plain, 2),
                   "cold_start ratio": round(start_encrypted / start_plain, 2),
                   "unlock_with_passphrase_s": round(unlock, 3)})  # fmt: skip
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
