"""Why a file could not be saved, in the facilitator's language, and which file: by its name alone.

The operating system's own reason (`OSError.strerror`) is English, and `str(error)` holds the full path,
which can carry a person's name (a user folder, a file named after a participant). Messages about a file
that could not be written say instead one of a few translated reasons (:func:`file_reason`) and only the
file's name (:func:`file_name`); :class:`CannotSave` keeps both out of the exception's own text, so a log
line of the error names neither.
"""

from __future__ import annotations

import errno
from pathlib import Path

from dialogue_desktop.core.errors import Msgid, UserError
from dialogue_desktop.core.i18n import N_

NO_PERMISSION = Msgid(N_("this computer does not let the app write there"))
DISK_FULL = Msgid(N_("the disk is full"))
FOLDER_MISSING = Msgid(N_("the folder is not there any more (was a USB stick taken out?)"))
READ_ONLY = Msgid(N_("the disk or USB stick can only be read, not written"))
NAME_TOO_LONG = Msgid(N_("the file name is too long"))
IS_A_FOLDER = Msgid(N_("there is a folder of that name"))
NOT_WRITTEN = Msgid(N_("the file could not be written"))

#: Every reason :func:`file_reason` gives (the tests check a message holds one of them).
REASONS: tuple[Msgid, ...] = (
    NO_PERMISSION,
    DISK_FULL,
    FOLDER_MISSING,
    READ_ONLY,
    NAME_TOO_LONG,
    IS_A_FOLDER,
    NOT_WRITTEN,
)

_BY_ERRNO: dict[int, Msgid] = {
    errno.EACCES: NO_PERMISSION,
    errno.EPERM: NO_PERMISSION,
    errno.ENOSPC: DISK_FULL,
    errno.ENOENT: FOLDER_MISSING,
    errno.ENOTDIR: FOLDER_MISSING,
    errno.EROFS: READ_ONLY,
    errno.ENAMETOOLONG: NAME_TOO_LONG,
    errno.EISDIR: IS_A_FOLDER,
}
if hasattr(errno, "EDQUOT"):  # a disk quota (not on Windows)
    _BY_ERRNO[errno.EDQUOT] = DISK_FULL

# SQLite's primary result codes (a backup is written by SQLite): full, read-only, permission, cannot open.
_BY_SQLITE_CODE: dict[int, Msgid] = {13: DISK_FULL, 8: READ_ONLY, 3: NO_PERMISSION, 14: FOLDER_MISSING}

#: The message of a file that could not be saved (the file's name, a reason of :data:`REASONS`).
COULD_NOT_SAVE = N_("Could not save {file}: {reason}")


def file_reason(error: BaseException) -> Msgid:
    """Why `error` stopped a file being written, as a msgid translated where the message is shown: the
    common cases by their error number (permission, disk full, folder missing, read-only, name too long,
    a folder), anything else "the file could not be written". Never the system's English words."""
    if isinstance(error, OSError):
        return _BY_ERRNO.get(error.errno or -1, NOT_WRITTEN)
    code = getattr(error, "sqlite_errorcode", None)  # sqlite3 and sqlcipher3 errors
    if isinstance(code, int):
        return _BY_SQLITE_CODE.get(code & 0xFF, NOT_WRITTEN)
    return NOT_WRITTEN


def file_name(path: str | Path) -> str:
    """The file's name without its folder (the folder can hold a person's name: a user folder)."""
    return Path(path).name or str(path)


class CannotSave(UserError):
    """A file that could not be written: `message` with `{file}` (its name only) and `{reason}` (translated).

    The exception's own text is the msgid alone, so that logging the error writes no file name.
    """

    def __init__(self, message: str, path: str | Path, error: BaseException) -> None:
        super().__init__(message)
        self.params = {"file": file_name(path), "reason": file_reason(error)}


def cannot_save(path: str | Path, error: BaseException) -> CannotSave:
    """ "Could not save {file}: {reason}" for `path`, which `error` stopped being written."""
    return CannotSave(COULD_NOT_SAVE, path, error)
