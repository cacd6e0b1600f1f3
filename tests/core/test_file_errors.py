"""A file that could not be saved is said in the facilitator's language, naming the file by its name only:
never the system's English words, never the folder (a user folder can hold a person's name)."""

from __future__ import annotations

import errno
import gettext
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.unwritable import unwritable_folder

from dialogue_desktop.core import file_errors
from dialogue_desktop.core.errors import Msgid
from dialogue_desktop.core.file_errors import (
    COULD_NOT_SAVE,
    DISK_FULL,
    FOLDER_MISSING,
    IS_A_FOLDER,
    NAME_TOO_LONG,
    NO_PERMISSION,
    NOT_WRITTEN,
    READ_ONLY,
    REASONS,
    cannot_save,
    file_reason,
)
from dialogue_desktop.core.i18n import catalog, set_language

#: What the operating system says, in English: none of it may reach a facilitator.
ENGLISH_REASONS = ("Permission denied", "Operation not permitted", "No such file", "No space", "Errno")


def refused(path: Path, data: bytes = b"%PDF-1.7") -> OSError:
    """The real error of writing `path`."""
    try:
        path.write_bytes(data)
    except OSError as error:
        return error
    raise AssertionError(f"{path} was written")


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def test_a_save_into_a_read_only_folder_says_why_with_the_file_name_only(
    tmp_path: Path, english: None
) -> None:
    with unwritable_folder(tmp_path) as folder:
        target = folder / "Minutes Kampot.pdf"
        error = cannot_save(target, refused(target))
    text = error.text()
    assert text == "Could not save Minutes Kampot.pdf: this computer does not let the app write there"
    assert "Sokha" not in text and str(tmp_path) not in text
    assert not [words for words in ENGLISH_REASONS if words in text]
    # The exception's own text (what a log line of it writes) names no file and no folder.
    assert "Minutes" not in str(error) and "Sokha" not in repr(error) and str(error) == COULD_NOT_SAVE


def test_the_common_reasons_come_from_the_real_errors(tmp_path: Path) -> None:
    gone = tmp_path / "Sokha Chan" / "stick removed" / "minutes.pdf"
    assert file_reason(refused(gone)) == FOLDER_MISSING
    assert file_reason(refused(tmp_path / ("ក" * 200 + ".pdf"))) == NAME_TOO_LONG
    (tmp_path / "minutes.pdf").mkdir()
    assert file_reason(refused(tmp_path / "minutes.pdf")) == IS_A_FOLDER
    assert file_reason(refused(Path("/dev/full"))) == DISK_FULL  # the kernel's always-full device
    (tmp_path / "a file").write_text("")
    assert file_reason(refused(tmp_path / "a file" / "minutes.pdf")) == FOLDER_MISSING
    with unwritable_folder(tmp_path, "ro") as folder:
        assert file_reason(refused(folder / "minutes.pdf")) == NO_PERMISSION


def test_a_read_only_disk_a_quota_sqlite_and_anything_else() -> None:
    assert file_reason(OSError(errno.EROFS, "Read-only file system", "/media/Sokha/x.pdf")) == READ_ONLY
    assert file_reason(OSError(errno.EDQUOT, "Disk quota exceeded")) == DISK_FULL
    assert file_reason(OSError(errno.EIO, "Input/output error")) == NOT_WRITTEN
    assert file_reason(OSError("disk full")) == NOT_WRITTEN  # no error number: nothing is guessed
    assert file_reason(ValueError("x")) == NOT_WRITTEN
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]  # SQLITE_FULL, as the driver sets it
    assert file_reason(full) == DISK_FULL


def test_every_reason_is_a_msgid_translated_when_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    """Khmer says it in Khmer: the reason goes through the catalog when the message is shown (the
    language chosen after the error counts), not when it was raised."""
    assert all(isinstance(reason, Msgid) for reason in REASONS) and len(set(REASONS)) == len(REASONS)
    reasons = {name: getattr(file_errors, name) for name in dir(file_errors) if name.isupper()}
    assert set(REASONS) == {v for v in reasons.values() if isinstance(v, Msgid)}

    class Lead(gettext.NullTranslations):  # the translations the lead will add to the Khmer catalog
        def gettext(self, message: str) -> str:
            return {NO_PERMISSION: "កុំព្យូទ័រនេះមិនអនុញ្ញាតឱ្យសរសេរទីនោះទេ"}.get(message) or super().gettext(message)

    lead = Lead()
    lead.add_fallback(catalog.get_translations("km"))
    monkeypatch.setitem(catalog._cache, "km", lead)
    with unwritable_folder(tmp_path) as folder:
        error = cannot_save(folder / "minutes.pdf", refused(folder / "minutes.pdf"))
    set_language("km")
    assert error.text() == "មិនអាចរក្សាទុក minutes.pdf បានទេ៖ កុំព្យូទ័រនេះមិនអនុញ្ញាតឱ្យសរសេរទីនោះទេ"
    set_language("en")
    assert error.text().endswith(": " + NO_PERMISSION)


def test_a_backup_into_a_read_only_folder_says_why_without_the_path(tmp_path: Path, english: None) -> None:
    from dialogue_desktop.core.store.backups import BackupError, write_backup
    from dialogue_desktop.core.store.store import Store

    store = Store.open(tmp_path / "kampot.db")
    try:
        with unwritable_folder(tmp_path) as folder, pytest.raises(BackupError) as failed:
            write_backup(store.path, folder / "kampot-backup.db", store.key)  # type: ignore[arg-type]
    finally:
        store.close()
    assert (
        failed.value.text()
        == "The backup could not be written: this computer does not let the app write there"
    )
    assert "Sokha" not in str(failed.value) and str(tmp_path) not in str(failed.value)
