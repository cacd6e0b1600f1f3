"""Attachments (e.g. a photo of the signed sign-in sheet): files stored by content beside the database.

The file goes into the store's attachments folder encrypted, under a keyed hash of its content (written
atomically, kept once however often it is attached; see `core.store.contents`); the `Attachment` record
holds its plain SHA-256 and travels with sync like any other record.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import (
    MAX_ATTACHMENT_BYTES,
    Action,
    Attachment,
    Dialogue,
)
from dialogue_desktop.core.i18n import N_
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.locking import ensure_editable
from dialogue_desktop.core.services.validation import Checker, get_live
from dialogue_desktop.core.store import contents
from dialogue_desktop.core.store.contents import ContentDamaged
from dialogue_desktop.core.store.store import Store

MAX_BYTES = MAX_ATTACHMENT_BYTES


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    sha256: str
    filename: str
    media_type: str
    size: int
    caption: str


def content_path(store: Store, sha256: str) -> Path:
    """Where the content of an attachment is stored (encrypted; read it with `read_content` or
    `copy_content`). ValueError for anything but 64 lowercase hex digits."""
    return contents.content_path(store, sha256)


def read_content(store: Store, sha256: str) -> bytes:
    """An attachment's plain content, decrypted and checked against its hash (ContentDamaged otherwise)."""
    return contents.read_content(store, sha256)


def copy_content(store: Store, sha256: str, target: Path) -> None:
    """An attachment's plain content written to the new private file `target` (see `read_content`);
    a UserError saying so when the stored file is missing or damaged."""
    try:
        contents.copy_content(store, sha256, target)
    except (ContentDamaged, ValueError) as error:
        raise UserError(N_("The attached file is missing or damaged; it cannot be opened.")) from error


def add_attachment(
    session: Session,
    store: Store,
    source: str | Path,
    *,
    dialogue_id: str | None = None,
    action_id: str | None = None,
    caption: str = "",
) -> str:
    """Attach a file to a dialogue or an action; returns the new record's id."""
    path = Path(source)
    if not path.is_file():
        raise UserError(N_("The file {name} cannot be found."), name=path.name)
    if path.stat().st_size > MAX_BYTES:
        raise UserError(N_("The file {name} is too large to attach (at most 50 MB)."), name=path.name)
    checker = Checker()
    caption = checker.text("caption", N_("Caption"), caption, max_length=200)
    if dialogue_id is None and action_id is None:
        checker.add("dialogue_id", N_("Dialogue"), N_("Choose a value."))
    checker.done()
    if dialogue_id is not None:
        ensure_editable(session, dialogue_id)
    if action_id is not None:
        get_live(session, Action, action_id)
    sha, size = contents.store_file(store, path)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    record = Attachment(
        sha256=sha, filename=path.name[:200], media_type=media_type, size=size,
        dialogue_id=dialogue_id, action_id=action_id, caption=caption,
    )  # fmt: skip
    session.add(record)
    session.flush()
    return record.id


def list_attachments(session: Session, dialogue_id: str) -> list[AttachmentRow]:
    """The live attachments of a dialogue, oldest first."""
    get_live(session, Dialogue, dialogue_id)
    rows = session.scalars(
        select(Attachment)
        .where(Attachment.dialogue_id == dialogue_id, Attachment.deleted.is_(False))
        .order_by(Attachment.created_at, Attachment.id)
    )
    return [AttachmentRow(a.id, a.sha256, a.filename, a.media_type, a.size, a.caption) for a in rows]


def delete_attachment(session: Session, attachment_id: str) -> None:
    """Remove an attachment from its record (a tombstone; the file stays for other records and sync)."""
    attachment = get_live(session, Attachment, attachment_id)
    if attachment.dialogue_id is not None:
        ensure_editable(session, attachment.dialogue_id)
    attachment.deleted = True
