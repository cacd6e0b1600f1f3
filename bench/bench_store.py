"""Store benchmark: bulk insert vs plain sqlite3, participant search (index vs SQL), listing dialogues.

Run: `python bench/bench_store.py [--participants 100000 --dialogues 2000 --attendance 100000]`.
Prints absolute figures and ratios against raw `sqlite3` measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

from dialogue_desktop.core.domain.models import Attendance, Dialogue, Participant
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.store import Store

FAMILY = [
    ("សុខ", "Sok"),
    ("ចាន់", "Chan"),
    ("ស្រី", "Srey"),
    ("ហេង", "Heng"),
    ("លី", "Ly"),
    ("គឹម", "Kim"),
    ("ម៉ៅ", "Mao"),
]
GIVEN = [
    ("សុខា", "Sokha"),
    ("វាសនា", "Veasna"),
    ("ដារ៉ា", "Dara"),
    ("ចន្ថា", "Chantha"),
    ("ស្រីនួន", "Sreynoun"),
    ("បុប្ផា", "Bopha"),
    ("រតនា", "Ratana"),
    ("សុភាព", "Sopheap"),
    ("វិចិត្រ", "Vichet"),
    ("ពិសី", "Pisey"),
]


def make_rows(
    participants: int, dialogues: int, attendance: int, seed: int = 7
) -> dict[str, list[dict[str, Any]]]:
    """Deterministic rows for the three biggest tables."""
    rng = random.Random(seed)
    people = []
    for i in range(participants):
        (fkm, flat), (gkm, glat) = rng.choice(FAMILY), rng.choice(GIVEN)
        people.append(
            {
                "id": f"p{i:07d}",
                "name_km": f"{fkm} {gkm}{i}",
                "name_latin": f"{flat} {glat} {i}",
                "sex": rng.choice(["female", "male"]),
                "birth_year": rng.randint(1950, 2008),
                "phone": f"0{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            }
        )
    talks = []
    start = date(2021, 1, 1)
    for i in range(dialogues):
        talks.append(
            {
                "id": f"d{i:05d}",
                "kind": "provincial",
                "title_km": f"កិច្ចសន្ទនាថ្នាក់ខេត្ត {i}",
                "title_en": f"Provincial dialogue {i}",
                "date": start + timedelta(days=i % 1400),
                "province_code": rng.choice(["03", "07", "12", "16", "17"]),
                "status": "held",
            }
        )
    seen: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < attendance:
        d, p = rng.randrange(dialogues), rng.randrange(participants)
        if (d, p) not in seen:
            seen.add((d, p))
            rows.append(
                {
                    "id": f"a{len(rows):07d}",
                    "dialogue_id": f"d{d:05d}",
                    "participant_id": f"p{p:07d}",
                    "role": "participant",
                }
            )
    return {"participant": people, "dialogue": talks, "attendance": rows}


def time_store(path: Path, rows: dict[str, list[dict[str, Any]]]) -> float:
    store = Store.open(path, automatic_backups=False)
    began = time.perf_counter()
    with store.unit_of_work() as session:
        bulk_insert(session, Participant, rows["participant"])
        bulk_insert(session, Dialogue, rows["dialogue"])
        bulk_insert(session, Attendance, rows["attendance"])
    elapsed = time.perf_counter() - began
    store.close()
    return elapsed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def time_raw_sqlite(path: Path, rows: dict[str, list[dict[str, Any]]]) -> float:
    """The same rows with plain sqlite3 executemany into the same schema (same pragmas, no change log).

    Only the executemany calls and the commit are timed: the rows are prepared beforehand.
    """
    Store.open(path, automatic_backups=False).close()  # the schema
    stamp = {
        "created_at": "2026-01-01 00:00:00",
        "updated_at": "2026-01-01 00:00:00",
        "origin_device_id": "d",
        "revision": "r",
        "deleted": 0,
    }
    defaults = {
        "name_km": "",
        "name_latin": "",
        "position": "",
        "phone": "",
        "consent_data": 0,
        "consent_photo": 0,
        "search_key": "",
        "venue": "",
        "themes": "",
        "discussion_summary": "",
        "tally_only": 0,
        "approved_hash": "",
        "signed": 0,
        "invited": 0,
    }
    statements = []
    for model in (Participant, Dialogue, Attendance):
        table = model.__tablename__
        columns = [c.key for c in inspect(model).columns]
        values = []
        for row in rows[table]:
            merged = {**stamp, **row}
            values.append(
                tuple(
                    _plain(merged.get(c, 0 if c.startswith("tally_") else defaults.get(c))) for c in columns
                )
            )
        marks = ", ".join("?" * len(columns))
        statements.append((f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values))
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    began = time.perf_counter()
    connection.execute("BEGIN")
    for statement, values in statements:
        connection.executemany(statement, values)
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - began
    connection.close()
    return elapsed


def time_search(path: Path, queries: list[str]) -> dict[str, Any]:
    """Search latency with the in-memory index (the app's path on SQLite) and with SQL alone (the
    baseline, as on PostgreSQL), over the same queries in the same run; and the index's first build."""
    from dialogue_desktop.core.services.participants import search_participants
    from dialogue_desktop.core.services.search_index import warm_search_index

    store = Store.open(path, automatic_backups=False)
    indexed: list[float] = []
    plain: list[float] = []
    with store.unit_of_work() as session:
        began = time.perf_counter()
        warm_search_index(session)
        build = (time.perf_counter() - began) * 1000
        search_participants(session, "warm", limit=20, use_index=False)
        for query in queries:
            for use_index, timings in ((True, indexed), (False, plain)):
                began = time.perf_counter()
                search_participants(session, query, limit=20, use_index=use_index)
                timings.append((time.perf_counter() - began) * 1000)
    store.close()
    return {
        "search_index_build_ms": round(build, 1),
        "search_ms_median": round(statistics.median(indexed), 2),
        "search_ms_max": round(max(indexed), 2),
        "sql_search_ms_median": round(statistics.median(plain), 2),
        "sql_search_ms_max": round(max(plain), 2),
        "search_speedup_median": round(statistics.median(plain) / statistics.median(indexed), 1),
    }


def time_list_dialogues(path: Path) -> float:
    from dialogue_desktop.core.services import listing

    store = Store.open(path, automatic_backups=False)
    began = time.perf_counter()
    with store.unit_of_work() as session:
        listing.list_dialogues(session)
    elapsed = time.perf_counter() - began
    store.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--dialogues", type=int, default=2_000)
    parser.add_argument("--attendance", type=int, default=100_000)
    options = parser.parse_args()
    rows = make_rows(options.participants, options.dialogues, options.attendance)
    total = sum(len(v) for v in rows.values())
    with tempfile.TemporaryDirectory() as folder:
        raw = time_raw_sqlite(Path(folder) / "raw.db", rows)
        ours = time_store(Path(folder) / "store.db", rows)
        queries = ["sok", "ស្រី", "veasna 12", "សុខា៥", "chan", "បុប្ផា", "pisey 9", "heng dara", "ly", "ម៉ៅ",
                   "s", "ស", "an", "ng", "ស្រីសុខា", "zz"]  # fmt: skip
        search = time_search(Path(folder) / "store.db", queries)
        listed = time_list_dialogues(Path(folder) / "store.db")
    result = {
        "rows": total,
        "bulk_insert_s": round(ours, 3),
        "raw_sqlite3_executemany_s": round(raw, 3),
        "bulk_insert_ratio": round(ours / raw, 2),
        **search,
        "list_dialogues_s": round(listed, 3),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
