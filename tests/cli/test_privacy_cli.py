"""Nothing personal in the log: an import that fails half-way leaves no name or phone behind."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from dialogue_desktop.core.logs import LOG_NAME
from dialogue_desktop.core.store.store import Store

Run = Callable[..., CompletedProcess[str]]

PEOPLE = [
    ("ស្រី សុខា", "Srey Sokha", "012 345 678"),
    ("លី បុប្ផា", "Ly Bopha", "097 765 4321"),
    ("ចាន់ ដារ៉ា", "Chan Dara", "088 123 4567"),
]


def test_an_import_failing_midway_writes_no_name_or_phone_to_the_log(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    assert cli("--db", db, "demo", "--dialogues", "2", "--seed", "9").returncode == 0
    listed = cli("--db", db, "list", "dialogues", "--json")
    dialogue_id = str(json.loads(listed.stdout)[0]["id"])
    store = Store.open(db, automatic_backups=False)
    with store.engine.begin() as connection:
        # The database itself refuses the second person: the failing INSERT carries her name and phone.
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON participant WHEN NEW.name_latin = 'Ly Bopha'"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    store.close()
    people = tmp_path / "people.csv"
    people.write_text(
        "name_km,name_latin,sex,birth_year,phone\n"
        + "".join(f"{km},{latin},F,1990,{phone}\n" for km, latin, phone in PEOPLE),
        encoding="utf-8",
    )
    result = cli("--db", db, "import-participants", dialogue_id, people)
    assert result.returncode == 1 and "Unexpected error" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    log = (tmp_path / "data" / "logs" / LOG_NAME).read_text(encoding="utf-8")
    # What happened is still there: the error's kind, the database's reason and the statement.
    assert "IntegrityError" in log and "refused by the test" in log and "INSERT INTO participant" in log
    for name_km, name_latin, phone in PEOPLE:
        for value in (
            name_km,
            *name_km.split(),
            name_latin,
            *name_latin.split(),
            phone,
            phone.replace(" ", ""),
        ):
            assert value not in log, value
            assert value not in result.stderr, value
