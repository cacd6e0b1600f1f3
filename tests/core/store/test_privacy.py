"""Nothing personal leaks from the store: database errors never quote values, and the data folder is private
on POSIX (files 0600, folders 0700, whatever the umask)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from dialogue_desktop.core import logs, paths
from dialogue_desktop.core.logs import describe_error, safe_traceback
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store import backups
from dialogue_desktop.core.store.store import Store

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
NAME_KM, NAME, PHONE = "ស្រី សុខា", "Srey Sokha", "012345678"


def failed_write(store: Store) -> IntegrityError:
    """The error of a write the database refuses, for a person with a name and a phone."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON participant BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with pytest.raises(IntegrityError) as caught, store.unit_of_work() as session:
        create_participant(
            session, ParticipantInput(name_km=NAME_KM, name_latin=NAME, sex="female", phone=PHONE)
        )
    return caught.value


def test_a_database_error_names_the_statement_but_no_value(store: Store) -> None:
    error = failed_write(store)
    for text in (str(error), repr(error), safe_traceback(error), describe_error(error)):
        assert NAME not in text and NAME_KM not in text and PHONE not in text
    assert "INSERT INTO participant" in describe_error(error) and "refused" in describe_error(error)
    assert "create_participant" in safe_traceback(error)  # where it happened stays in the report


def test_any_error_is_reported_by_its_kind_only() -> None:
    try:
        raise KeyError(NAME) from ValueError(PHONE)
    except KeyError as error:
        report = safe_traceback(error)
    assert NAME not in report and PHONE not in report
    assert "KeyError" in report and "ValueError" in report


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["usual umask", "no umask"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@posix_only
def test_database_wal_backups_and_logs_are_private(
    umask: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.setattr(logs, "_configured", None)
    store = Store.open(paths.default_database())
    try:
        with store.engine.connect() as connection:  # a live connection keeps the WAL and shared memory
            connection.exec_driver_sql("SELECT count(*) FROM participant")
            database = paths.default_database()
            made = backups.make_backup(database, "daily")
            log = logs.setup_logging()
            logs.logging.getLogger("dialogue_desktop.test").info("a line")
            files = [database, Path(f"{database}-wal"), Path(f"{database}-shm"), made, log]
            assert all(path.exists() for path in files)
            assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
            folders = [data, backups.backup_dir_for(database), log.parent]
            assert {str(path): mode(path) for path in folders} == {str(path): 0o700 for path in folders}
    finally:
        for handler in logs.logging.getLogger("dialogue_desktop").handlers[:]:
            if getattr(handler, "baseFilename", "").startswith(str(data)):
                logs.logging.getLogger("dialogue_desktop").removeHandler(handler)
                handler.close()
        store.close()


@posix_only
def test_an_older_world_readable_database_is_made_private_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    Store.open(path).close()
    os.chmod(path, 0o644)
    Store.open(path).close()
    assert mode(path) == 0o600


@posix_only
def test_a_copy_and_a_restored_database_are_private(umask: int, tmp_path: Path, store: Store) -> None:
    assert store.path is not None
    copy = tmp_path / "copy.db"
    assert store.key is not None
    backups.copy_database(store.path, copy, store.key)
    assert mode(copy) == 0o600
    store.close()
    os.chmod(copy, 0o644)
    backups.restore_backup(copy, store.path)
    assert mode(store.path) == 0o600
