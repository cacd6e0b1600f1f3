"""Databases are encrypted at rest: new ones at once, plain ones converted safely, a thief reads nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_desktop.core import logs, paths
from dialogue_desktop.core.domain.models import Dialogue, Participant
from dialogue_desktop.core.services.attachments import add_attachment
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store import backups, cipher
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.engine import database_url, make_engine
from dialogue_desktop.core.store.schema import prepare_schema
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import enrolment, export, import_, receipts

PEOPLE = [("ស្រី សុខា", "Srey Sokha", "012345678"), ("លី បុប្ផា", "Ly Bopha", "097765432")]


class PowerCut(Exception):
    """Stands for the laptop switching off between two steps of the conversion."""


def plain_database(path: Path) -> None:
    """A database as an older version of the app left it: plain SQLite, recent writes still in its WAL,
    and a plain backup beside it."""
    work = path.with_name("work-" + path.name)
    engine = make_engine(database_url(work))  # no key: plain SQLite
    prepare_schema(engine)
    store = Store(database_url(work), engine)
    store._load_identity()
    with store.unit_of_work() as session:
        for name_km, name_latin, phone in PEOPLE:
            create_participant(session, ParticipantInput(name_km=name_km, name_latin=name_latin, phone=phone))
    with engine.connect() as connection:  # copied while open: the last writes are only in the WAL
        connection.exec_driver_sql("SELECT 1")
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{work}{suffix}", f"{path}{suffix}")
    old_backup = backups.backup_path(path, "daily")
    with sqlite3.connect(work) as source, sqlite3.connect(old_backup) as target:
        source.backup(target)
    engine.dispose()
    assert cipher.is_plain_database(path) and Path(f"{path}-wal").stat().st_size > 0


def names_in(store: Store) -> set[str]:
    with store.unit_of_work() as session:
        return set(session.scalars(select(Participant.name_latin)))


def plain_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and cipher.is_plain_database(path)]


def test_a_new_database_is_encrypted_and_opens_again(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    store = Store.open(path)
    with store.unit_of_work() as session:
        create_participant(session, ParticipantInput(name_km=PEOPLE[0][0], name_latin=PEOPLE[0][1]))
    store.close()
    assert not cipher.is_plain_database(path)
    with pytest.raises(sqlite3.DatabaseError):  # what any SQLite tool sees
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchall()
    key_file = cipher.key_file_for(path).read_text(encoding="utf-8")
    assert store.key is not None and store.key.raw.hex() not in key_file  # only wrapped beside the data
    reopened = Store.open(path)
    assert names_in(reopened) == {PEOPLE[0][1]}
    assert check_store(reopened) == []
    reopened.close()


def test_a_plain_database_is_converted_with_its_wal_and_backups(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    plain_database(path)
    store = Store.open(path)
    assert names_in(store) == {latin for _km, latin, _phone in PEOPLE}
    assert check_store(store) == []
    store.close()
    assert plain_files(tmp_path) == [tmp_path / "work-field.db"]  # only the test's own plain original
    kept = [b for b in backups.list_backups(path) if b.reason == "before-encryption"]
    assert len(kept) == 1 and not cipher.is_plain_database(kept[0].path)


@pytest.mark.parametrize("step", ["checkpointed", "exported", "backed-up", "replaced"])
def test_a_power_cut_during_the_conversion_loses_nothing(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "field.db"
    plain_database(path)

    def cut(done: str) -> None:
        if done == step:
            raise PowerCut(done)

    monkeypatch.setattr(cipher, "after_step", cut)
    with pytest.raises(PowerCut):
        Store.open(path)
    monkeypatch.undo()
    # Whatever the moment, the file is whole: the old plain database or the new encrypted one.
    was_replaced = step == "replaced"
    assert cipher.is_plain_database(path) is not was_replaced
    store = Store.open(path)  # the next start finishes the job
    assert names_in(store) == {latin for _km, latin, _phone in PEOPLE}
    assert check_store(store) == []
    store.close()
    assert not cipher.is_plain_database(path)
    assert not path.with_name(path.name + ".partial").exists()


def test_a_wrong_passphrase_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    Store.open(path, passphrase="the right one").close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(cipher.WrongPassphrase) as refused:
        Store.open(path, passphrase="a wrong one")
    assert "wrong" in refused.value.text()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_without_passphrase_or_credential_store_opening_stops_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    monkeypatch.setattr(cipher, "credential_store", lambda: None)
    with pytest.raises(cipher.PassphraseNeeded) as needed:
        Store.open(tmp_path / "new.db")
    assert needed.value.new and cipher.PASSPHRASE_ENV in needed.value.text()
    assert not (tmp_path / "new.db").exists() and not cipher.key_file_for(tmp_path / "new.db").exists()


def test_the_credential_store_keeps_the_key_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class MemoryKeyring:
        """Stands for the operating system's credential store."""

        priority = 5
        entries: dict[tuple[str, str], str] = {}

        def set_password(self, service: str, name: str, secret: str) -> None:
            self.entries[(service, name)] = secret

        def get_password(self, service: str, name: str) -> str | None:
            return self.entries.get((service, name))

    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    monkeypatch.setattr(cipher, "credential_store", MemoryKeyring)
    path = tmp_path / "field.db"
    Store.open(path).close()
    assert (
        MemoryKeyring.entries
        and list(MemoryKeyring.entries.values())[0] not in cipher.key_file_for(path).read_text()
    )
    monkeypatch.setattr(cipher, "_unlocked", {})  # a new start of the app: nothing unlocked yet
    Store.open(path).close()


def test_the_null_and_fail_backends_of_keyring_mean_no_credential_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring
    from keyring.backends import fail, null

    for backend in (fail.Keyring(), null.Keyring()):
        monkeypatch.setattr(keyring, "get_keyring", lambda backend=backend: backend)
        assert cipher.credential_store() is None


def test_changing_the_passphrase_keeps_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "field.db"
    store = Store.open(path, passphrase="old one")
    assert store.key is not None
    cipher.change_passphrase(path, store.key, "new one")
    store.close()
    with pytest.raises(cipher.WrongPassphrase):
        Store.open(path, passphrase="old one")
    Store.open(path, passphrase="new one").close()


def test_a_thief_copying_the_data_folder_finds_no_name_or_phone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo day: registrations, an attached letter that names a participant, a sync with the central
    office (a bundle out, a receipt back, a damaged receipt and a participant list quarantined), backups in the backups folder and
    on a USB stick, an error logged. Then every byte of every file the laptop and the office keep is searched
    for the names, the phones and the letter's text."""
    data, office_folder, usb = tmp_path / "data", tmp_path / "office", tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.setattr(logs, "_configured", None)
    letter_text = f"{PEOPLE[0][1]} ({PEOPLE[0][2]}) asks the commune for a ramp at the health centre."
    letter = usb / "letter.txt"
    letter.write_text(letter_text, encoding="utf-8")
    paths.private_dir(office_folder)  # the office's own data folder (central.db is given by --db)
    office = Store.open(office_folder / "central.db")
    store = Store.open(paths.default_database())
    try:
        enrolment.central_init(office)
        enrolled = enrolment.enrol_device(office, "Kampot laptop", "07", usb / "kampot.enrol")
        enrolment.join(store, usb / "kampot.enrol", enrolled.code)
        make_demo(store, dialogues=3, seed=5)
        with store.unit_of_work() as session:
            for name_km, name_latin, phone in PEOPLE:
                create_participant(
                    session, ParticipantInput(name_km=name_km, name_latin=name_latin, phone=phone)
                )
            dialogue_id = session.scalars(select(Dialogue.id)).first()
            assert dialogue_id is not None
            add_attachment(session, store, letter, dialogue_id=dialogue_id, caption="Letter")
            people = session.execute(
                select(Participant.name_km, Participant.name_latin, Participant.phone)
            ).all()
        export.export_bundle(store, usb / "kampot.dlgbundle")
        assert import_.import_file(office, usb / "kampot.dlgbundle").status == "imported"
        receipts.write_receipt(office, store.device_id, usb / "receipt.dlgbundle")
        damaged = usb / "damaged-receipt.dlgbundle"
        whole = (usb / "receipt.dlgbundle").read_bytes()
        damaged.write_bytes(whole[:-1] + bytes([whole[-1] ^ 0xFF]))  # its last byte changed, always
        assert import_.import_file(store, damaged).status == "refused"  # quarantined on the laptop
        picked = usb / "participants.csv"  # a list picked instead of a receipt: kept in the quarantine
        picked.write_text(f"{PEOPLE[1][1]},{PEOPLE[1][2]}\n", encoding="utf-8")
        assert import_.import_file(store, picked).status == "refused" and not picked.exists()
        assert import_.import_file(store, usb / "receipt.dlgbundle").status == "imported"
        backups.make_backup(paths.default_database(), "daily")
        backups.write_backup(paths.default_database(), usb / "backup.db", store.key)  # type: ignore[arg-type]
        logs.setup_logging()
        logs.log_unexpected(RuntimeError(PEOPLE[0][1]))
        stolen = tmp_path / "stolen"
        shutil.copytree(data, stolen)  # while the app is open: the WAL holds the day's latest writes
        shutil.copytree(office_folder, stolen / "office")
    finally:
        for handler in logs.logging.getLogger("dialogue_desktop").handlers[:]:
            if getattr(handler, "baseFilename", "").startswith(str(data)):
                logs.logging.getLogger("dialogue_desktop").removeHandler(handler)
                handler.close()
        store.close()
        office.close()
    files = [path for path in stolen.rglob("*") if path.is_file()]
    folders = {path.parent.name.split(".")[-1] for path in files}
    assert folders >= {"attachments", "backups", "keys", "quarantine", "logs"}  # every kind of file is there
    assert {f.name.split(".")[-1] for f in files} >= {
        *("db", "db-wal", "key", "log", "att", "json", "reason", "dlgbundle", "sealed")
    }
    secrets = {
        value.encode("utf-8")
        for row in people
        for value in (row.name_km, row.name_latin, row.phone)
        if value and len(value) >= 5
    } | {letter_text.encode("utf-8"), b"asks the commune for a ramp"}
    secrets |= {value.encode("utf-8") for person in PEOPLE for value in person}  # the phones as typed too
    assert len(secrets) > 20
    found = {(f.name, s.decode()) for f in [*files, *usb.iterdir()] for s in secrets if s in f.read_bytes()}
    in_letter = {("letter.txt", s.decode()) for s in secrets if s in letter.read_bytes()}
    assert (
        len(in_letter) >= 3 and found == in_letter
    )  # only the letter as it was on the stick before it was attached
    assert {f.name for f in usb.iterdir()} >= {"kampot.dlgbundle", "receipt.dlgbundle", "backup.db.key"}
    if os.name == "posix":  # readable by the facilitator's own account only
        assert {oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {"0o600"}
        modes = {
            (d.name, oct(stat.S_IMODE(d.stat().st_mode))) for d in [stolen, *stolen.rglob("*")] if d.is_dir()
        }
        assert {mode for _name, mode in modes} == {"0o700"}, [name for name, mode in modes if mode != "0o700"]
