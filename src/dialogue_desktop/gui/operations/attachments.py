"""A dialogue's attached files: listing, attaching (all or none), a copy to open, removing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from dialogue_desktop.core.services import attachments as attachment_service
from dialogue_desktop.core.services.attachments import AttachmentRow
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

FILES = frozenset({Topic.ATTACHMENTS})


def list_files(dialogue_id: str) -> Op:
    """The files attached to the dialogue, as rows."""
    return op(attachment_service.list_attachments, dialogue_id)


def _attach(store: Store, dialogue_id: str, paths: list[str]) -> int:
    with store.unit_of_work() as session:
        for path in paths:
            attachment_service.add_attachment(session, store, path, dialogue_id=dialogue_id)
    return len(paths)


def attach(dialogue_id: str, paths: list[str]) -> Op:
    """Attach every file to the dialogue in one transaction (all or none); how many."""
    return op(_attach, dialogue_id, paths, with_store=True, changes=FILES)


def _copy_to_open(store: Store, row: AttachmentRow) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="dialogue-attachment-"))
    target = folder / Path(row.filename).name
    shutil.copyfile(attachment_service.content_path(store, row.sha256), target)
    return target


def copy_to_open(row: AttachmentRow) -> Op:
    """A copy of the attachment under its own name in a temporary folder, for the computer's viewer (the
    store keeps it under its hash, without the name's extension)."""
    return op(_copy_to_open, row, with_store=True)


def remove(attachment_id: str) -> Op:
    """Remove a file from the dialogue."""
    return op(attachment_service.delete_attachment, attachment_id, changes=FILES)
