"""Someone who can write in the data folder (a laptop stolen and returned, malware, another account) plants
a key file of their own: a plain one with keys they chose, another laptop's sealed file, or this laptop's own
older one. Each is refused with a reason, nothing is changed, and the genuine keys still work once put back.
An older laptop's plain key file is still taken over, once."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dialogue_desktop.core.domain.models import LocalSetting
from dialogue_desktop.core.store import cipher
from dialogue_desktop.core.store.store import Store, get_setting
from dialogue_desktop.core.sync import enrolment, export, status
from dialogue_desktop.core.sync import keys as keys_module
from dialogue_desktop.core.sync.errors import SyncError
from dialogue_desktop.core.sync.keys import (
    KEY_FILE,
    KEYS_SETTING,
    DeviceKeys,
    KeysDamaged,
    KeysRefused,
    keys_dir,
    load_keys,
    save_keys,
)

from .conftest import Office, add_dialogue, dump, export_to

PLANTED_WORDS = "is not sealed, but this database's keys were sealed before"
FOREIGN_WORDS = "holds other keys than the ones this database made"


class PowerCut(Exception):
    """Stands for the laptop switching off between two steps."""


def key_path(store: Store) -> Path:
    return keys_dir(store) / KEY_FILE


def assert_refused_and_unchanged(store: Store, planted: bytes, words: str, tmp_path: Path) -> None:
    """The planted file is refused with `words`, left as it is (not sealed into use), the database unchanged,
    no bundle written with it and the Sync page shows no fingerprint."""
    before = dump(store)
    assert key_path(store).read_bytes() == planted
    files = folder_content(store)
    with pytest.raises(KeysRefused) as raised:
        load_keys(store)
    assert words in raised.value.text()
    assert str(key_path(store)) in raised.value.text()
    assert folder_content(store) == files  # the planted file neither sealed into use nor replaced
    bundle = tmp_path / "with-planted-keys.dlgbundle"
    with pytest.raises(SyncError):
        export.export_bundle(store, bundle)
    assert not bundle.exists()
    assert status.read_state(store).fingerprint == ""
    assert folder_content(store) == files
    assert dump(store) == before


def folder_content(store: Store) -> dict[str, bytes]:
    """Every file in the keys folder and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(keys_dir(store).iterdir())}


def forget_keys_record(store: Store) -> None:
    """The database as a version before the record left it: no row for the keys at all."""
    with store.unit_of_work() as session:
        row = session.get(LocalSetting, KEYS_SETTING)
        if row is not None:
            session.delete(row)


# --- a plain file planted where a sealed one was ---------------------------------------------------------------


def test_a_plain_key_file_planted_on_a_joined_laptop_is_refused_and_the_genuine_keys_still_work(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    genuine = load_keys(laptop)
    sealed = key_path(laptop).read_bytes()
    attacker = DeviceKeys.generate()
    # The attacker's own keys, and this laptop's own keys written out plain (a copy decrypted elsewhere).
    for planted in (attacker.to_json().encode(), genuine.to_json().encode()):
        key_path(laptop).write_bytes(planted)
        assert_refused_and_unchanged(laptop, planted, PLANTED_WORDS, tmp_path)

    key_path(laptop).write_bytes(sealed)  # the genuine file put back (from a backup)
    assert load_keys(laptop).fingerprint == genuine.fingerprint
    add_dialogue(laptop, 1)
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"


def test_the_offices_keys_cannot_be_swapped_into_new_enrolment_files(office: Office, tmp_path: Path) -> None:
    # On SQLite the office's file is sealed, on PostgreSQL it is plain by design (the server protects it):
    # either way a file with other keys is refused, and no enrolment file carries the attacker's keys.
    genuine = key_path(office.store).read_bytes()
    attacker = DeviceKeys.generate()
    planted = attacker.to_json().encode()
    key_path(office.store).write_bytes(planted)
    before = dump(office.store)
    with pytest.raises(KeysRefused) as raised:
        load_keys(office.store)
    words = PLANTED_WORDS if office.store.key is not None else FOREIGN_WORDS
    assert words in raised.value.text()
    output = tmp_path / "enrol-with-attacker-keys.json"
    with pytest.raises(KeysRefused):
        enrolment.enrol_device(office.store, "Kampot laptop", "07", output)
    with pytest.raises(KeysRefused):
        enrolment.central_init(office.store)  # nor are new keys made over the refused file
    assert not output.exists()
    assert key_path(office.store).read_bytes() == planted
    assert dump(office.store) == before

    key_path(office.store).write_bytes(genuine)
    assert enrolment.central_init(office.store) == office.fingerprint


# --- a sealed file that is not this database's -------------------------------------------------------------


def test_a_sealed_key_file_copied_from_another_laptop_is_refused(
    laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory("Kampot laptop 1")
    other = laptop_factory("Kampot laptop 2")
    genuine = load_keys(laptop).fingerprint
    own = key_path(laptop).read_bytes()
    planted = key_path(other).read_bytes()
    key_path(laptop).write_bytes(planted)
    before = dump(laptop)
    with pytest.raises(KeysDamaged) as raised:  # sealed under the other laptop's database key
        load_keys(laptop)
    assert "damaged or were changed" in raised.value.text()
    assert key_path(laptop).read_bytes() == planted
    assert dump(laptop) == before
    key_path(laptop).write_bytes(own)
    assert load_keys(laptop).fingerprint == genuine


def test_a_sealed_key_file_of_a_copy_of_this_database_is_refused(
    laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    # A copy of the database (with its key file) opens under the same key, so its sealed keys open here too:
    # only the record of which keys this database made tells them apart.
    laptop = laptop_factory()
    assert laptop.path is not None
    genuine = load_keys(laptop).fingerprint
    own = key_path(laptop).read_bytes()
    copy_path = tmp_path / "copy" / "copied.db"
    copy_path.parent.mkdir()
    for suffix in ("", "-wal"):  # the database as it is now, with what is still in its log
        source = Path(f"{laptop.path}{suffix}")
        if source.exists():
            shutil.copy2(source, f"{copy_path}{suffix}")
    shutil.copy2(cipher.key_file_for(laptop.path), cipher.key_file_for(copy_path))
    copy = Store.open(copy_path, automatic_backups=False)
    try:
        assert copy.key == laptop.key
        save_keys(copy, DeviceKeys.generate())
        planted = key_path(copy).read_bytes()
    finally:
        copy.close()
    key_path(laptop).write_bytes(planted)
    assert_refused_and_unchanged(laptop, planted, FOREIGN_WORDS, tmp_path)
    key_path(laptop).write_bytes(own)
    assert load_keys(laptop).fingerprint == genuine


def test_this_laptops_own_older_sealed_file_is_refused_after_it_joined_again(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    older = key_path(laptop).read_bytes()  # copied by whoever had the laptop
    office.join(laptop, office.enrol(device_id=laptop.device_id))
    current = load_keys(laptop).fingerprint
    key_path(laptop).write_bytes(older)
    assert_refused_and_unchanged(laptop, older, FOREIGN_WORDS, tmp_path)
    # Joining again is the way out: new keys, recorded, and bundles accepted.
    office.join(laptop, office.enrol(device_id=laptop.device_id))
    assert load_keys(laptop).fingerprint not in ("", current)
    add_dialogue(laptop, 1)
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"


# --- an older laptop upgrading ----------------------------------------------------------------------------------


def get_keys_record(store: Store) -> str | None:
    with store.unit_of_work() as session:
        return get_setting(session, KEYS_SETTING)


@pytest.mark.parametrize("left", ["plain", "sealed"])
def test_an_older_laptops_key_file_is_taken_over_once_and_then_a_plain_one_is_refused(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path, left: str
) -> None:
    # "plain": a version before sealing left the keys plain; "sealed": the version that sealed them kept
    # no record in the database. Both upgrade without joining again.
    laptop = laptop_factory()
    keys = load_keys(laptop)
    forget_keys_record(laptop)
    if left == "plain":
        key_path(laptop).write_text(keys.to_json())
    assert get_keys_record(laptop) is None

    assert load_keys(laptop).fingerprint == keys.fingerprint
    sealed = key_path(laptop).read_bytes()
    assert json.loads(sealed).get("format") == 2  # sealed now (or still)
    assert json.loads(keys.to_json())["signing"].encode() not in sealed
    assert get_keys_record(laptop) is not None
    add_dialogue(laptop, 1)
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"

    # Exactly once: the plain file (the older one, or anyone's) is not taken over again.
    for planted in (keys.to_json().encode(), DeviceKeys.generate().to_json().encode()):
        key_path(laptop).write_bytes(planted)
        assert_refused_and_unchanged(laptop, planted, PLANTED_WORDS, tmp_path)
    key_path(laptop).write_bytes(sealed)
    assert load_keys(laptop).fingerprint == keys.fingerprint


def test_a_power_cut_while_an_older_key_file_is_taken_over_leaves_it_to_be_taken_over_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(tmp_path / "field.db")
    try:
        keys = DeviceKeys.generate()
        keys_dir(store).mkdir()
        key_path(store).write_text(keys.to_json())  # as an older version wrote it

        def cut(*args: object, **kwargs: object) -> None:
            raise PowerCut

        # Switched off after the sealed file replaced the plain one, before the database recorded it.
        monkeypatch.setattr(keys_module, "_record", cut)
        with pytest.raises(PowerCut):
            load_keys(store)
        monkeypatch.undo()
        assert json.loads(key_path(store).read_bytes()).get("format") == 2
        assert get_keys_record(store) is None
        assert load_keys(store).fingerprint == keys.fingerprint  # sealed and unrecorded: this database's own
        assert get_keys_record(store) is not None
        key_path(store).write_text(keys.to_json())
        with pytest.raises(KeysRefused):
            load_keys(store)
    finally:
        store.close()
