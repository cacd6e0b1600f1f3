"""A photo of the signed sign-in sheet is kept once per content, encrypted, and named by a record."""

import hashlib
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from dialogue_desktop.core.services.attachments import (
    ContentDamaged,
    add_attachment,
    content_path,
    copy_content,
    delete_attachment,
    list_attachments,
    read_content,
)
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.store import contents as contents_module
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.store import Store


def make_dialogue(store: Store) -> str:
    with store.unit_of_work() as session:
        return create_dialogue(
            session,
            DialogueInput(
                kind="provincial", title_en="Kampot dialogue", date=date(2025, 3, 13), province_code="07"
            ),
        )


def test_a_file_is_stored_once_by_its_hash_and_listed(store: Store, tmp_path: Path) -> None:
    dialogue_id = make_dialogue(store)
    photo = tmp_path / "sign-in sheet.jpg"
    photo.write_bytes(b"\xff\xd8 signed sheet" * 1000)
    with store.unit_of_work() as session:
        first = add_attachment(session, store, photo, dialogue_id=dialogue_id, caption="ហត្ថលេខា page 1")
        add_attachment(session, store, photo, dialogue_id=dialogue_id)
    with store.unit_of_work() as session:
        rows = list_attachments(session, dialogue_id)
    assert [r.filename for r in rows] == ["sign-in sheet.jpg", "sign-in sheet.jpg"]
    assert rows[0].media_type == "image/jpeg" and rows[0].size == 15_000
    assert read_content(store, rows[0].sha256) == photo.read_bytes()
    assert list(store.attachments_dir.iterdir()) == [content_path(store, rows[0].sha256)]  # kept once
    with store.unit_of_work() as session:
        delete_attachment(session, first)
    with store.unit_of_work() as session:
        assert len(list_attachments(session, dialogue_id)) == 1


def test_a_missing_file_is_a_clear_message_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    dialogue_id = make_dialogue(store)
    with pytest.raises(UserError) as raised, store.unit_of_work() as session:
        add_attachment(session, store, tmp_path / "nowhere.jpg", dialogue_id=dialogue_id)
    assert "nowhere.jpg" in raised.value.text()
    with store.unit_of_work() as session:
        assert list_attachments(session, dialogue_id) == []


def attach(store: Store, path: Path) -> str:
    """Attach `path` to a new dialogue; returns the content's SHA-256."""
    dialogue_id = make_dialogue(store)
    with store.unit_of_work() as session:
        add_attachment(session, store, path, dialogue_id=dialogue_id)
    with store.unit_of_work() as session:
        return list_attachments(session, dialogue_id)[0].sha256


def test_the_stored_file_is_encrypted_and_its_name_reveals_nothing(store: Store, tmp_path: Path) -> None:
    letter = tmp_path / "letter from Srey Sokha.txt"
    text = ("Srey Sokha, 012 345 678, asks for a ramp at the commune hall. " * 40_000).encode()  # 2.5 MB
    letter.write_bytes(text)
    sha = attach(store, letter)
    assert sha == hashlib.sha256(text).hexdigest()  # the record (and bundles) keep the plain hash
    stored = content_path(store, sha)
    raw = stored.read_bytes()
    assert b"Srey Sokha" not in raw and b"012 345 678" not in raw
    # Named by a keyed hash: neither the plain hash nor anything a guessed document gives.
    assert sha not in stored.name and hashlib.sha256(raw).hexdigest() not in stored.name
    assert read_content(store, sha) == text
    if os.name == "posix":
        assert stat.S_IMODE(store.attachments_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_a_damaged_cut_or_swapped_file_is_refused_never_read(store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(b"%PDF first " * 300_000)  # over 3 chunks
    second.write_bytes(b"%PDF second")
    sha_a, sha_b = attach(store, first), attach(store, second)
    path_a, path_b = content_path(store, sha_a), content_path(store, sha_b)
    good = path_a.read_bytes()
    for damaged in (
        good[:1000] + bytes([good[1000] ^ 1]) + good[1001:],  # one bit flipped
        good[: len(good) // 2],  # cut in the middle of a chunk
        good[: 8 + 16 + (1 << 20) + 16],  # cut at a chunk's end
        path_b.read_bytes(),  # another attachment's file put in its place
    ):
        path_a.write_bytes(damaged)
        with pytest.raises(ContentDamaged):
            read_content(store, sha_a)
        target = tmp_path / "viewer" / "copy.pdf"
        target.parent.mkdir(exist_ok=True)
        with pytest.raises(UserError) as raised:
            copy_content(store, sha_a, target)
        assert "damaged" in raised.value.text()
        assert list(target.parent.iterdir()) == []  # no half copy left for the viewer
    path_a.write_bytes(good)
    copy_content(store, sha_a, tmp_path / "viewer" / "copy.pdf")
    assert (tmp_path / "viewer" / "copy.pdf").read_bytes() == first.read_bytes()


def test_another_databases_key_reads_nothing(store: Store, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    sha = attach(store, photo)
    other = Store.open(tmp_path / "other.db")
    try:
        assert content_path(other, sha).name != content_path(store, sha).name  # the names are keyed too
        content_path(other, sha).parent.mkdir(parents=True)
        shutil.copyfile(content_path(store, sha), content_path(other, sha))
        with pytest.raises(ContentDamaged):
            read_content(other, sha)
    finally:
        other.close()


def test_plain_attachments_of_an_older_version_are_encrypted_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "field.db"
    Store.open(path).close()
    folder = path.with_name(path.name + ".attachments")
    folder.mkdir()
    contents_by_sha = {}
    for n in range(3):
        content = f"scanned letter {n} from Ly Bopha".encode() * 1000
        sha = hashlib.sha256(content).hexdigest()
        (folder / sha).write_bytes(content)
        contents_by_sha[sha] = content
    damaged = "0" * 64
    (folder / damaged).write_bytes(b"not what its name says")  # kept for `check`, never lost

    class PowerCut(Exception):
        pass

    # Killed while the second file is being encrypted: the plain files not yet converted are still there.
    real, written = contents_module.replace_durably, []

    def cut(partial: Path, target: Path) -> None:
        if written:
            raise PowerCut
        written.append(target)
        real(partial, target)

    monkeypatch.setattr(contents_module, "replace_durably", cut)
    with pytest.raises(PowerCut):
        Store.open(path)
    monkeypatch.undo()
    plain_left = {p.name for p in folder.iterdir() if p.name in contents_by_sha}
    assert len(plain_left) >= 2
    store = Store.open(path)  # the next start finishes the work
    try:
        for sha, content in contents_by_sha.items():
            assert not (folder / sha).exists()
            assert read_content(store, sha) == content
        assert (folder / damaged).exists()
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [content_path(store, sha).name for sha in contents_by_sha] + [damaged]
        )
    finally:
        store.close()


def test_check_finds_a_damaged_attached_file(store: Store, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the signed sheet")
    sha = attach(store, photo)
    assert check_store(store) == []
    stored = content_path(store, sha)
    stored.write_bytes(stored.read_bytes()[:-1])
    assert [p.text() for p in check_store(store)] == ["1 attached files are missing or damaged."]
