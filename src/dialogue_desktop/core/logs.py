"""The rotating log file in the data folder, shared by the app and the command line.

Nothing personal goes into the log or into an error report: exception messages may quote values (a
database error quotes the row it could not write, a validation error the name it refused), so errors are
described by their type, their stack and, for a database error, the statement without its parameters.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

from dialogue_desktop.core.paths import data_dir, private_dir, private_file

LOG_NAME = "dialogue-desktop.log"
_configured: Path | None = None
#: Drivers whose error messages are SQLite's own (which name constraints and columns, never values).
_SQLITE_DRIVERS = ("sqlite3", "sqlcipher3")

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def log_file() -> Path:
    """The log file's path."""
    return data_dir() / "logs" / LOG_NAME


def describe_error(error: BaseException) -> str:
    """One line naming an error without any value it may carry: its type and, for a database error, the
    failing statement with placeholders only and the database's own reason (SQLite's reasons name
    constraints and columns, never values; other drivers' reasons can quote values and are left out)."""
    from sqlalchemy.exc import StatementError

    kind = type(error)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(error, StatementError):
        original = error.orig
        reason = ""
        if (
            original is not None
            and type(original).__module__.split(".")[0] in _SQLITE_DRIVERS
            and original.args
        ):
            reason = f": {str(original.args[0]).splitlines()[0]}"
        driver = f" ({type(original).__module__}.{type(original).__qualname__}{reason})" if original else ""
        return f"{name}{driver} [SQL: {error.statement}]"
    return name


def safe_traceback(error: BaseException) -> str:
    """The traceback of `error` (and of the errors it was raised from) with each message replaced by
    `describe_error`: where the error happened, never which values it concerned."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{describe_error(current)}\n")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nThe above was raised while handling or from:\n".join(reversed(parts))


class _SafeFormatter(logging.Formatter):
    """Writes exceptions (attached or passed as arguments) the way `safe_traceback` does."""

    def formatException(self, ei: _ExcInfo) -> str:  # noqa: N802 (logging's name)
        return safe_traceback(ei[1]) if ei[1] is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.args, tuple) and any(isinstance(a, BaseException) for a in record.args):
            record.args = tuple(describe_error(a) if isinstance(a, BaseException) else a for a in record.args)
        return super().format(record)


class _PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are readable by their owner only (0600), whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the app's log records to a rotating file (1 MB × 5); idempotent. Returns the file's path."""
    global _configured
    path = log_file()
    if _configured == path:
        return path
    private_dir(path.parent)
    handler = _PrivateFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(_SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("dialogue_desktop")
    logger.setLevel(level)
    logger.addHandler(handler)
    _configured = path
    return path


def log_unexpected(error: BaseException) -> Path:
    """Write an unexpected error with its traceback to the log; returns the log file's path."""
    path = setup_logging()
    logging.getLogger("dialogue_desktop").error("unexpected error", exc_info=error)
    return path
