"""The rotating log file in the data folder, shared by the app and the command line."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from dialogue_desktop.core.paths import data_dir

LOG_NAME = "dialogue-desktop.log"
_configured: Path | None = None


def log_file() -> Path:
    """The log file's path."""
    return data_dir() / "logs" / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the app's log records to a rotating file (1 MB × 5); idempotent. Returns the file's path."""
    global _configured
    path = log_file()
    if _configured == path:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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
