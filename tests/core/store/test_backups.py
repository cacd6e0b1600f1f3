"""Automatic backups, thinning, restore."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_desktop.core.domain.enums import OrganisationKind
from dialogue_desktop.core.domain.models import Organisation
from dialogue_desktop.core.store import backups, cipher
from dialogue_desktop.core.store.backups import BackupError, BackupFile
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import enrolment
from dialogue_desktop.core.sync.keys import load_keys


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


def organisation_names(store: Store) -> set[str]:
    with store.unit_of_work() as session:
        return set(session.scalars(select(Organisation.name_en)))


def laptop_with_data(path: Path, passphrase: str) -> Store:
    store = Store.open(path, passphrase=passphrase)
    with store.unit_of_work() as session:
        session.add(Organisation(name_en="Women's network", kind=OrganisationKind.CSO, province_code="07"))
    return store


def test_a_backup_written_elsewhere_restores_on_the_same_laptop_and_on_another_one(tmp_path: Path) -> None:
    laptop = laptop_with_data(tmp_path / "kampot" / "field.db", "kampot passphrase")
    usb = tmp_path / "usb" / "kampot-backup.db"
    key_file = backups.write_backup(laptop.path, usb, laptop.key)  # type: ignore[arg-type]
    laptop.close()
    assert key_file == usb.with_name("kampot-backup.db.key") and key_file.exists()
    assert b"kampot passphrase" not in key_file.read_bytes()
    # On the same laptop, its own key opens it: no passphrase needed beyond the database's.
    same = Store.open(tmp_path / "kampot" / "field.db", passphrase="kampot passphrase")
    try:
        assert backups.backup_key(usb, same.key, []) == same.key  # type: ignore[arg-type]
    finally:
        same.close()
    # Another laptop, its own database and passphrase: the backup's key file opens with the backup's.
    other_db = tmp_path / "takeo" / "field.db"
    other = Store.open(other_db, passphrase="takeo passphrase")
    other_key = other.key
    other.close()
    assert other_key is not None
    with pytest.raises(cipher.WrongPassphrase):  # a wrong passphrase: the database is left as it was
        backups.backup_key(usb, other_key, ["takeo passphrase"])
    with pytest.raises(cipher.PassphraseNeeded):
        backups.backup_key(usb, other_key, [])
    source_key = backups.backup_key(usb, other_key, ["takeo passphrase", "kampot passphrase"])
    backups.restore_backup(usb, other_db, other_key, source_key)
    restored = Store.open(other_db, passphrase="takeo passphrase")  # re-encrypted under its own key
    try:
        assert organisation_names(restored) == {"Women's network"}
        assert restored.key == other_key
    finally:
        restored.close()
    key_file.unlink()
    with pytest.raises(BackupError, match="key file kampot-backup.db.key is not beside it"):
        backups.backup_key(usb, other_key, ["kampot passphrase"])


def test_the_office_opens_a_backup_whose_passphrase_was_forgotten(tmp_path: Path) -> None:
    office = Store.open(tmp_path / "central.db")
    try:
        enrolment.central_init(office)
        enrolled = enrolment.enrol_device(office, "Kampot laptop", "07", tmp_path / "kampot.enrol")
        laptop = laptop_with_data(tmp_path / "laptop.db", "forgotten at the field office")
        enrolment.join(laptop, tmp_path / "kampot.enrol", enrolled.code)
        usb = tmp_path / "usb" / "backup.db"
        key_file = backups.write_backup(laptop.path, usb, laptop.key)  # type: ignore[arg-type]
        laptop.close()
        cipher.recover_with_office_key(key_file, load_keys(office).exchange, "chosen at the office")
        spare_db = tmp_path / "spare.db"
        spare = Store.open(spare_db, passphrase="spare passphrase")
        spare_key = spare.key
        spare.close()
        assert spare_key is not None
        source_key = backups.backup_key(usb, spare_key, ["chosen at the office"])
        backups.restore_backup(usb, spare_db, spare_key, source_key)
        restored = Store.open(spare_db, passphrase="spare passphrase")
        try:
            assert organisation_names(restored) == {"Women's network"}
        finally:
            restored.close()
    finally:
        office.close()
