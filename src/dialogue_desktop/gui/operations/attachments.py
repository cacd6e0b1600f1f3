"""A dialogue's attached files: listing, attaching (all or none), a copy to open, removing."""

from __future__ import annotations

import re
from pathlib import Path

from dialogue_desktop.core.paths import viewer_dir
from dialogue_desktop.core.services import attachments as attachment_service
from dialogue_desktop.core.services.attachments import AttachmentRow
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op

FILES = frozenset({Topic.ATTACHMENTS})
#: The part of a file name kept for the viewer copy: its type's extension, nothing that could name a person.
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


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


def viewer_copy_path(row: AttachmentRow) -> Path:
    """Where the plain copy of an attachment for the viewer goes: the app's private temporary folder, under
    a neutral name that keeps only the extension (the viewer needs it; the name may name a person)."""
    suffix = Path(row.filename).suffix
    return viewer_dir() / f"attachment-{row.id[:8]}{suffix if _EXTENSION.match(suffix) else ''}"


def _copy_to_open(store: Store, row: AttachmentRow) -> Path:
    target = viewer_copy_path(row)
    attachment_service.copy_content(store, row.sha256, target)
    return target


def copy_to_open(row: AttachmentRow) -> Op:
    """A plain copy of the attachment for the computer's viewer, which cannot read the encrypted store: a
    private file (0600) in the app's private temporary folder (0700), removed when the app closes."""
    return op(_copy_to_open, row, with_store=True)


def remove(attachment_id: str) -> Op:
    """Remove a file from the dialogue."""
    return op(attachment_service.delete_attachment, attachment_id, changes=FILES)
