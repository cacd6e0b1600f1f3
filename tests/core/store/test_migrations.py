"""Schema versions: new stores, upgrades from the previous revision, newer databases refused."""

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from dialogue_desktop.core.domain.models import Base, Participant
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.backups import list_backups
from dialogue_desktop.core.store.engine import make_engine
from dialogue_desktop.core.store.schema import SchemaError, head_revision, upgrade
from dialogue_desktop.core.store.store import Store


def schema_differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        return list(
            compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
            )
        )


def test_migrations_from_empty_build_exactly_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(engine)
    assert schema_differences(engine) == []


def test_a_new_store_is_at_head_with_wal_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.db")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == head_revision()
    assert schema_differences(store.engine) == []
    store.close()


def test_upgrade_from_previous_revision_backs_up_then_keeps_and_indexes_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    participant = sa.Table("participant", sa.MetaData(), autoload_with=engine)
    assert "search_key" not in participant.c
    with engine.begin() as connection:
        connection.execute(
            participant.insert(),
            [
                {
                    "id": "p1",
                    "created_at": datetime(2025, 1, 1),
                    "updated_at": datetime(2025, 1, 1),
                    "origin_device_id": "d",
                    "revision": "r",
                    "deleted": False,
                    "name_km": "ស្រី\u200bសុខា",
                    "name_latin": "Srey SOKHA",
                    "sex": "female",
                    "position": "",
                    "phone": "",
                    "consent_data": True,
                    "consent_photo": False,
                },
            ],
        )
    engine.dispose()

    store = Store.open(path)
    with store.unit_of_work() as session:
        person = session.scalars(select(Participant)).one()
        assert person.name_latin == "Srey SOKHA"
        assert person.search_key == "ស្រីសុខា|srey sokha"
    reasons = [b.reason for b in list_backups(path)]
    assert "before-migration" in reasons
    before = next(b for b in list_backups(path) if b.reason == "before-migration")
    assert store.key is not None
    old = cipher.connect(before.path, store.key)  # the backup is encrypted with the database's key
    try:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        old.close()
    store.close()


def test_a_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    store = Store.open(path)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    store.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SchemaError, match="newer version"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SchemaError, match="not a Dialogue Desktop database"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # not encrypted: it is not ours
    assert not cipher.key_file_for(path).exists()


def test_the_fast_path_head_is_the_newest_migration() -> None:
    from dialogue_desktop.core.store.schema import HEAD

    assert head_revision() == HEAD


def test_upgrade_from_0005_adds_an_empty_export_log_and_keeps_the_records(tmp_path: Path) -> None:
    path = tmp_path / "before-export-log.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0005")
    assert "export_log" not in sa.inspect(engine).get_table_names()
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO local_setting (key, value) VALUES ('device_id', 'd1')")
    engine.dispose()

    store = Store.open(path)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM export_log").scalar() == 0
        assert connection.exec_driver_sql("SELECT value FROM local_setting").scalar() == "d1"
    assert schema_differences(store.engine) == []
    store.close()
