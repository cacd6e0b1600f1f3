"""Opening an attachment in the computer's viewer: a plain copy, private, neutrally named, not left behind."""

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select
from tests.core.services.test_attachments import attach

from dialogue_desktop.core import paths
from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.services.attachments import list_attachments
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.operations import attachments as attachment_ops


def test_the_viewers_copy_is_private_neutrally_named_and_left_by_no_dead_run(
    store: Store, tmp_path: Path
) -> None:
    letter = tmp_path / "Letter from Srey Sokha.PDF"
    letter.write_bytes(b"%PDF Srey Sokha asks for a ramp")
    attach(store, letter)
    with store.unit_of_work() as session:
        row = next(r for d in session.scalars(select(Dialogue.id)) for r in list_attachments(session, d))
    dead = Path(tempfile.gettempdir()) / f"{paths.VIEWER_PREFIX}999999999-left"  # a run that crashed
    dead.mkdir(exist_ok=True)
    (dead / "attachment-1.pdf").write_bytes(b"plain")
    paths.viewer_dir.cache_clear()
    copy = attachment_ops._copy_to_open(store, row)
    assert copy.read_bytes() == letter.read_bytes()
    assert copy.name == f"attachment-{row.id[:8]}.PDF"  # the type's extension, never the person's name
    assert copy.parent == paths.viewer_dir() and not dead.exists()
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700


def test_the_viewers_folder_goes_when_the_app_exits() -> None:
    script = (
        "from dialogue_desktop.core.paths import viewer_dir\n"
        "folder = viewer_dir()\n"
        "(folder / 'attachment-1.pdf').write_bytes(b'plain copy')\n"
        "print(folder)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    folder = Path(done.stdout.strip())
    assert folder.name.startswith(paths.VIEWER_PREFIX) and not folder.exists()
