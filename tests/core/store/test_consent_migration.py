"""Migration 0007: a person stored without consent before the rule keeps no phone, anywhere in the store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from dialogue_desktop.core.domain.models import ChangeRecord, Participant
from dialogue_desktop.core.domain.sync_models import SyncConflict
from dialogue_desktop.core.store.clock import format_revision
from dialogue_desktop.core.store.engine import make_engine
from dialogue_desktop.core.store.schema import upgrade
from dialogue_desktop.core.store.store import Store

WHEN = datetime(2025, 1, 1)


def _revision(n: int) -> str:
    return format_revision(1_735_689_600_000 + n, 0, "00000000-0000-4000-8000-00000000000d")


def _person(pid: str, phone: str, consent: bool) -> dict[str, object]:
    return {
        "id": pid, "created_at": WHEN, "updated_at": WHEN, "origin_device_id": "d", "revision": _revision(0),
        "deleted": False, "name_km": "", "name_latin": f"Person {pid}", "sex": "female", "position": "",
        "phone": phone, "consent_data": consent, "consent_photo": False, "search_key": f"|person {pid}",
    }  # fmt: skip


def _change(seq: int, pid: str, values: dict[str, object], old: dict[str, object]) -> dict[str, object]:
    return {
        "seq": seq, "revision": _revision(seq), "base_revision": "", "table_name": "participant", "record_id": pid,
        "op": "update", "values": values, "old_values": old, "device_id": "d", "changed_at": WHEN,
    }  # fmt: skip


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_from_0006_blanks_phones_of_people_without_consent_and_keeps_the_others(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        request.getfixturevalue("pg_schema_url")
        if backend == "postgresql"
        else f"sqlite:///{tmp_path / 'old.db'}"
    )
    engine = make_engine(url)
    upgrade(engine, "0006")
    tables = sa.MetaData()
    participant, change_record, conflict = (
        sa.Table(name, tables, autoload_with=engine)
        for name in ("participant", "change_record", "sync_conflict")
    )
    with engine.begin() as connection:
        connection.execute(
            participant.insert(),
            [
                _person("p1", "012 111 222", False),
                _person("p2", "012 333 444", True),
                _person("p3", "", False),
            ],
        )
        connection.execute(
            change_record.insert(),
            [
                _change(1, "p1", {"phone": "012 111 222", "name_latin": "Person p1"}, {}),
                _change(2, "p2", {"phone": "012 333 444"}, {}),
                _change(
                    3, "p3", {"phone": ""}, {"phone": "012 555 666"}
                ),  # cleared by hand, still in history
            ],
        )
        connection.execute(
            conflict.insert(),
            {
                "id": "c1", "table_name": "participant", "record_id": "p1", "field": "phone", "kind": "field",
                "candidates": [{"revision": _revision(1), "device_id": "d", "value": "012 111 222"}],
                "winner_revision": _revision(1), "status": "open", "created_at": WHEN, "resolution": "", "description": "",
            },
        )  # fmt: skip
    engine.dispose()

    store = Store.open(url if backend == "postgresql" else tmp_path / "old.db")
    try:
        with store.unit_of_work() as session:
            phones = dict(session.execute(select(Participant.id, Participant.phone)).all())
            assert phones == {"p1": "", "p2": "012 333 444", "p3": ""}
            log = {c.seq: (c.values, c.old_values) for c in session.scalars(select(ChangeRecord))}
            assert log[1] == ({"phone": "", "name_latin": "Person p1"}, {})
            assert log[2] == ({"phone": "012 333 444"}, {})  # with consent: untouched
            assert log[3] == ({"phone": ""}, {"phone": ""})
            candidates = session.scalars(select(SyncConflict.candidates)).one()
            assert candidates == [{"revision": _revision(1), "device_id": "d", "value": ""}]
    finally:
        store.close()
