"""Benchmark: export and import of a bundle with 100,000 attendance rows and their dialogues/participants.

The import (decryption, unpacking, validation, merge, writing rows and change log, count checks, one
commit) is compared with inserting the same rows with plain `sqlite3` into a database of the same schema
in the same run. Target: import at most 4 times the plain insert. Run:

    python bench/bench_sync.py [--attendance 100000]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from dialogue_desktop.core.domain.models import Attendance, Dialogue, Participant
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.engine import database_url, make_engine
from dialogue_desktop.core.store.schema import prepare_schema
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import enrolment, export, import_


def build(folder: Path, attendance: int) -> tuple[Store, Store]:
    central = Store.open(folder / "central.db", automatic_backups=False)
    enrolment.central_init(central)
    enrolled = enrolment.enrol_device(central, "Bench laptop", "07", folder / "enrol.json")
    laptop = Store.open(folder / "laptop.db", automatic_backups=False)
    enrolment.join(laptop, folder / "enrol.json", enrolled.code)
    dialogues, per_dialogue = max(1, attendance // 50), 50
    with laptop.unit_of_work() as session:
        dialogue_ids = bulk_insert(
            session,
            Dialogue,
            [
                {"kind": "commune", "date": date(2026, 1 + n % 12, 1 + n % 28), "title_en": f"Dialogue {n}"}
                for n in range(dialogues)
            ],
        )
        people = bulk_insert(
            session,
            Participant,
            [
                {
                    "name_latin": f"Participant {n}",
                    "name_km": "សុខា",
                    "sex": "female" if n % 2 else "male",
                    "birth_year": 1960 + n % 45,
                }
                for n in range(attendance // 2)
            ],
        )
        bulk_insert(
            session,
            Attendance,
            [
                {
                    "dialogue_id": dialogue_ids[n // per_dialogue % dialogues],
                    "participant_id": people[n % len(people)],
                    "signed": True,
                }
                for n in range(attendance)
            ],
        )
    return central, laptop


def plain_sqlite(folder: Path, laptop: Store, encrypted: bool) -> float:
    """Insert the same rows with the bare driver (one transaction, executemany) into a fresh same-schema
    database: plain SQLite (`sqlite3`), or encrypted like the app's (`sqlcipher3` with a raw key)."""
    path = folder / ("cipher.db" if encrypted else "plain.db")
    key = cipher.DatabaseKey.generate() if encrypted else None
    engine = make_engine(database_url(path), key)
    prepare_schema(engine)
    engine.dispose()
    rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    with laptop.engine.connect() as connection:
        for model in (Dialogue, Participant, Attendance):
            table = model.__table__
            result = connection.execute(select(table))
            rows[table.name] = (
                list(result.keys()),
                [tuple(r) for r in connection.exec_driver_sql(f"SELECT * FROM {table.name}")],
            )
    connection2 = cipher.connect(path, key) if key is not None else sqlite3.connect(path)
    connection2.isolation_level = None
    connection2.execute("PRAGMA journal_mode=WAL")
    connection2.execute("PRAGMA synchronous=FULL")
    connection2.execute("PRAGMA foreign_keys=ON")
    started = time.perf_counter()
    connection2.execute("BEGIN")
    for name, (columns, values) in rows.items():
        marks = ", ".join("?" for _ in columns)
        connection2.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", values)
    connection2.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection2.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendance", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        central, laptop = build(folder, args.attendance)
        started = time.perf_counter()
        written = export.export_bundle(laptop, folder / "bench.dlgbundle")
        export_time = time.perf_counter() - started
        size = written.path.stat().st_size
        started = time.perf_counter()
        outcome = import_.import_file(central, written.path)
        import_time = time.perf_counter() - started
        assert outcome.status == "imported", outcome.message
        plain = plain_sqlite(folder, laptop, encrypted=False)
        encrypted = plain_sqlite(folder, laptop, encrypted=True)
        print(f"rows: {args.attendance} attendance, {written.counts}")
        print(f"bundle: {size / 1e6:.1f} MB, {written.change_count} changes")
        print(f"export: {export_time:.2f} s")
        print(f"import: {import_time:.2f} s (decrypt, validate, merge, write rows + change log, verify)")
        print(f"plain sqlite3 insert of the same rows: {plain:.2f} s")
        print(f"sqlcipher3 insert of the same rows (encrypted like the app's): {encrypted:.2f} s")
        print(f"ratio import / plain insert: {import_time / plain:.1f}x (target <= 4x)")
        print(f"ratio import / encrypted insert: {import_time / encrypted:.1f}x")
        central.close()
        laptop.close()


if __name__ == "__main__":
    main()
