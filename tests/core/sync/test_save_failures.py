"""A bundle, a receipt or an enrolment file that cannot be written (a read-only USB stick, a folder the
laptop may not write into) says why in the facilitator's language, names the file alone, and changes
nothing: the next export, to a folder that works, is the bundle the office expects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.unwritable import unwritable_folder

from dialogue_desktop.core.domain.models import Device
from dialogue_desktop.core.file_errors import CannotSave
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import enrolment, export, receipts, state
from dialogue_desktop.core.sync.import_ import import_file

from .conftest import Office, add_dialogue, export_to


@pytest.fixture
def khmer() -> Iterator[None]:
    set_language("km")
    yield
    set_language("en")


def _refused_text(error: CannotSave, name: str, folder: Path) -> str:
    text = error.text()
    assert name in text and str(folder) not in text and "Sokha" not in text
    assert "Permission" not in text and "Errno" not in text
    return text


def test_a_bundle_that_cannot_be_written_is_said_in_khmer_and_the_next_one_imports(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path, khmer: None
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop)
    with unwritable_folder(tmp_path) as folder, pytest.raises(CannotSave) as refused:
        export.export_bundle(laptop, folder / "kampot.dlgbundle")
    text = _refused_text(refused.value, "kampot.dlgbundle", folder)
    assert "មិនអាច" in text  # Khmer: "could not"
    assert not list(folder.iterdir())
    with laptop.unit_of_work() as session:
        assert state.central_peer(session).sent_seq == 0  # nothing counted as sent
    bundle = export_to(laptop, tmp_path)
    [outcome] = office.import_(bundle)
    assert (outcome.status, outcome.sequence) == ("imported", 1), outcome.message


def test_a_receipt_that_cannot_be_written_changes_nothing_at_the_office(
    office: Office, laptop_factory: Callable[..., Store], tmp_path: Path
) -> None:
    laptop = laptop_factory()
    add_dialogue(laptop)
    office.import_(export_to(laptop, tmp_path))
    with unwritable_folder(tmp_path) as folder, pytest.raises(CannotSave) as refused:
        receipts.write_receipt(office.store, laptop.device_id, folder / "receipt.dlgbundle")
    _refused_text(refused.value, "receipt.dlgbundle", folder)
    assert not list(folder.iterdir())
    receipt = office.receipt(laptop)
    outcome = import_file(laptop, receipt)
    assert (outcome.status, outcome.sequence) == ("imported", 1)  # the first receipt, not a second


def test_an_enrolment_file_that_cannot_be_written_enrols_no_laptop(office: Office, tmp_path: Path) -> None:
    with unwritable_folder(tmp_path) as folder, pytest.raises(CannotSave) as refused:
        enrolment.enrol_device(office.store, "Siem Reap laptop", "17", folder / "siem-reap.dlgenrol")
    _refused_text(refused.value, "siem-reap.dlgenrol", folder)
    with office.store.unit_of_work() as session:
        assert session.scalars(select(Device).where(Device.name == "Siem Reap laptop")).all() == []
