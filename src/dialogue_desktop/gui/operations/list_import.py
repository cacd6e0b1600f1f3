"""Importing a participant list: reading and checking a file (nothing written), then importing it.

Reading and checking take a `progress(done, total)` callback, called on the worker thread (pass it on
to the GUI thread with a queued signal), and a `cancelled()` callable checked between rows: a cancelled
read raises `ImportCancelled` and leaves nothing behind, since it writes nothing.
"""

from __future__ import annotations

from typing import Any

from dialogue_desktop.core.services.importing import (
    ImportPreview,
    Table,
    apply_import,
    preview_import,
    read_table,
)
from dialogue_desktop.core.services.list_files import Cancelled, Progress
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

#: What importing a list changes: the dialogue's arrivals, the registry, and organisations new to it.
IMPORTED = frozenset({Topic.ATTENDANCE, Topic.PARTICIPANTS, Topic.ORGANISATIONS})


def _read_and_preview(
    session: Any, dialogue_id: str, path: str, progress: Progress, cancelled: Cancelled
) -> tuple[Table, ImportPreview]:
    table = read_table(path, progress, cancelled)
    return table, preview_import(session, dialogue_id, table, None, progress, cancelled)


def read_and_preview(dialogue_id: str, path: str, progress: Progress, cancelled: Cancelled) -> Op:
    """Read a file and check every row against the registry, columns recognised from the headers; the
    (Table, ImportPreview). Writes nothing."""
    return op(_read_and_preview, dialogue_id, path, progress, cancelled)


def preview(
    dialogue_id: str, table: Table, columns: dict[str, int], progress: Progress, cancelled: Cancelled
) -> Op:
    """Check a list read before again, with columns chosen by hand; the ImportPreview. Writes nothing."""
    return op(preview_import, dialogue_id, table, columns, progress, cancelled)


def import_list(dialogue_id: str, table: Table, columns: dict[str, int]) -> Op:
    """Register the list's people at the dialogue, every row checked again, all or none; the ImportResult."""
    return op(apply_import, dialogue_id, table, columns, changes=IMPORTED)
