"""Automatic backups, thinning, restore."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import OrganisationKind
from dialogue_desktop.core.domain.models import Organisation
from dialogue_desktop.core.store import backups
from dialogue_desktop.core.store.backups import BackupError, BackupFile
from dialogue_desktop.core.store.store import Store


def test_opening_a_store_makes_a_daily_backup_once_a_day(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    Store.open(path).close()
    Store.open(path).close()  # reopened the same day: no second backup
    daily = [b for b in backups.list_backups(path) if b.reason == "daily"]
    assert len(daily) == 1
    assert backups.backup_due(path, now=daily[0].made_at + timedelta(hours=23)) is False
    assert backups.backup_due(path, now=daily[0].made_at + timedelta(days=1)) is True


def test_thinning_keeps_7_daily_4_weekly_12_monthly_and_recent_safety_copies() -> None:
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    made = [BackupFile(Path(f"daily-{i}"), start - timedelta(days=i), "daily") for i in range(400)]
    made += [
        BackupFile(Path(f"safe-{i}"), start - timedelta(days=i, hours=1), "before-migration")
        for i in range(5)
    ]
    made.sort(key=lambda b: b.made_at, reverse=True)
    keep = backups.backups_to_keep(made)
    kept = [b for b in made if b.path in keep]
    daily = [b.made_at for b in kept if b.reason == "daily"]
    # the 7 newest days are all kept; the oldest kept is about a year back (12 months)
    assert all(start - timedelta(days=i) in daily for i in range(7))
    assert min(daily) >= start - timedelta(days=366)
    assert min(daily) <= start - timedelta(days=300)
    months = {(d.year, d.month) for d in daily}
    assert len(months) == 12
    assert len(daily) <= 7 + 4 + 12
    assert [b.path.name for b in kept if b.reason == "before-migration"] == ["safe-0", "safe-1", "safe-2"]


def test_restore_brings_back_the_data_and_keeps_a_safety_copy(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    store = Store.open(path)
    with store.unit_of_work() as session:
        session.add(
            Organisation(
                name_km="មន្ទីរអប់រំ", name_en="Education department", kind=OrganisationKind.PROVINCIAL_DEPARTMENT
            )
        )
    saved = backups.make_backup(path, "manual")
    with store.unit_of_work() as session:
        session.scalars(select(Organisation)).one().name_en = "Changed after the backup"
    store.close()

    safety = backups.restore_backup(saved, path)
    assert safety is not None and safety.exists()
    reopened = Store.open(path)
    with reopened.unit_of_work() as session:
        assert session.scalars(select(Organisation)).one().name_en == "Education department"
    reopened.close()


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 50]
)
def test_restore_refuses_a_file_that_is_not_a_sound_backup(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "field.db"
    Store.open(path).close()
    before = path.read_bytes()
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(BackupError):
        backups.restore_backup(bad, path)
    assert path.read_bytes() == before
