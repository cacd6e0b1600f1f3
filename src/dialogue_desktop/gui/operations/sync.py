"""Sync: reading this install's role and laptops, setting up, joining, enrolling, exporting, importing,
receipts and conflicts. Everything here works on the store (each step manages its own transactions).

Setting up or joining changes the settings too; an import or a resolved conflict may change any record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import conflicts, enrolment, import_, receipts, status
from dialogue_desktop.core.sync.preview import preview_files
from dialogue_desktop.gui.topics import EVERYTHING, Topic
from dialogue_desktop.gui.worker import Op, op

#: Bundles written, laptops enrolled or revoked: the Sync page and its counts.
SYNC = frozenset({Topic.SYNC})
#: Becoming an office or a laptop: the settings show the role too.
ROLE = frozenset({Topic.SETTINGS, Topic.SYNC})
#: An import or a resolved conflict can touch any record.
AFTER_IMPORT = EVERYTHING


def _store_op(fn: Callable[..., Any], *args: Any, changes: frozenset[Topic] = frozenset()) -> Op:
    return op(fn, *args, with_store=True, changes=changes)


def read_state() -> Op:
    """This install's role, keys and exchanges (a :class:`~dialogue_desktop.core.sync.status.SyncState`)."""
    return _store_op(status.read_state)


def read_conflicts() -> Op:
    """The open conflicts, as :class:`~dialogue_desktop.core.sync.status.ConflictRow` rows."""
    return _store_op(status.read_conflicts)


def set_up_central() -> Op:
    """Make this install the central office; its key fingerprint."""
    return _store_op(enrolment.central_init, changes=ROLE)


def join(path: Path, code: str, switch_office: bool) -> Op:
    """Join the central office with its enrolment file and verification code."""
    return _store_op(enrolment.join, path, code, switch_office, changes=ROLE)


def export_to_folder(folder: Path, full: bool) -> Op:
    """Write the next bundle into `folder` (an :class:`~dialogue_desktop.core.sync.status.Exported`)."""
    return _store_op(status.export_to_folder, folder, full, changes=SYNC)


def import_receipt(path: Path) -> Op:
    """Import the office's receipt (an ``import_.Outcome``)."""
    return _store_op(import_.import_file, path, changes=AFTER_IMPORT)


def enrol(name: str, province_code: str | None, path: Path, device_id: str | None = None) -> Op:
    """Write an enrolment file for a new laptop, or again for a known one (an ``Enrolled``)."""
    return _store_op(status.enrol, name, province_code, path, device_id, changes=SYNC)


def write_receipt(device_id: str, path: Path) -> Op:
    """Write the receipt for a laptop (a ``receipts.Receipt``)."""
    return _store_op(receipts.write_receipt, device_id, path, changes=SYNC)


def revoke(device_id: str) -> Op:
    """Refuse every later bundle of a laptop."""
    return _store_op(enrolment.revoke_device, device_id, changes=SYNC)


def preview(paths: list[Path]) -> Op:
    """Check bundle files and say what they would change; nothing is applied (read only)."""
    return _store_op(preview_files, paths)


def _import_and_update_reports(store: Store, paths: list[Path]) -> list[import_.Outcome]:
    from dialogue_desktop.core.reports import mart
    from dialogue_desktop.core.services.youth import youth_ages

    outcomes = import_.import_files(store, paths)
    if any(outcome.status == "imported" for outcome in outcomes):
        with store.unit_of_work() as session:
            mart.refresh(session, youth_ages(session))
    return outcomes


def import_bundles(paths: list[Path]) -> Op:
    """Import bundles (each on its own), then bring the reports' tables up to date with them while the busy
    bar still shows: the first report after a large import would otherwise wait for it."""
    return _store_op(_import_and_update_reports, paths, changes=AFTER_IMPORT)


def resolve_conflict(conflict_id: str, choice: str) -> Op:
    """Keep one version of a conflict: a new change that travels like any other."""
    return _store_op(conflicts.resolve_conflict, conflict_id, choice, changes=AFTER_IMPORT)
