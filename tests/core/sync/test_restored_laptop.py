"""A laptop restored from an older backup: what it writes next reaches the office, and nothing it wrote
after the restore is taken for a change the office already has.

The story of each test: the laptop sends bundles 1 and 2, the office imports both; the facilitator then
restores the backup taken after bundle 1 (its database forgets bundle 2 and the changes in it), and
registers a new person. Before the fix the laptop numbered its next bundle 2 again (refused at the office as
a different bundle 2) and its new changes took the change numbers of the changes bundle 2 carried, so a
receipt from the office confirmed them without their ever being sent: they were silently never sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import func, select

from dialogue_desktop.core.domain.enums import Sex
from dialogue_desktop.core.domain.models import ChangeRecord, Dialogue, Participant
from dialogue_desktop.core.store import backups
from dialogue_desktop.core.store.check import check_store
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import export, import_, restored, state
from dialogue_desktop.core.sync.import_ import import_file

from .conftest import Office, add_dialogue, dump, export_to
from .test_bad_input import assert_refused, craft, laptop_members


@pytest.fixture
def reopened() -> Iterator[list[Store]]:
    """Stores a test opens again after a restore, closed at the end."""
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


class Story:
    """The laptop after bundles 1 and 2, the backup taken between them, and how to restore it."""

    def __init__(self, office: Office, laptop: Store, backup: Path, opened: list[Store], folder: Path):
        self.office, self.laptop, self.backup, self.opened, self.folder = (
            office,
            laptop,
            backup,
            opened,
            folder,
        )
        self.first_bundle: Path | None = None
        self.second_bundle: Path | None = None

    def restore(self) -> Store:
        """The facilitator restores the backup (as `restore FILE` and Settings do); the store reopened."""
        assert self.laptop.path is not None and self.laptop.key is not None
        self.laptop.close()
        backups.restore_backup(self.backup, self.laptop.path, self.laptop.key)
        self.laptop = Store.open(self.laptop.path)
        self.opened.append(self.laptop)
        return self.laptop


@pytest.fixture
def story(
    office: Office, laptop_factory: Callable[..., Store], reopened: list[Store], tmp_path: Path
) -> Story:
    laptop = laptop_factory()
    add_dialogue(laptop, 2, "First dialogue")
    first = export_to(laptop, tmp_path)
    kept_first = first.read_bytes()
    assert office.import_(first)[0].status == "imported"
    assert laptop.path is not None
    backup = backups.make_backup(laptop.path, "manual", key=laptop.key)
    add_dialogue(laptop, 5, "Second dialogue")
    second = export_to(laptop, tmp_path)
    kept_second = second.read_bytes()
    assert office.import_(second)[0].status == "imported"
    told = Story(office, laptop, backup, reopened, tmp_path)
    # Imported files are consumed; keep copies for the replay tests.
    told.first_bundle, told.second_bundle = tmp_path / "copy-1.dlgbundle", tmp_path / "copy-2.dlgbundle"
    told.first_bundle.write_bytes(kept_first)
    told.second_bundle.write_bytes(kept_second)
    return told


def register(store: Store, name: str) -> str:
    """A new person registered in the registry; their id."""
    with store.unit_of_work() as session:
        person = Participant(name_latin=name, name_km="ជា សុភា", sex=Sex.FEMALE)
        session.add(person)
        session.flush()
        return person.id


def own_changes(store: Store) -> int:
    with store.unit_of_work() as session:
        query = (
            select(func.count()).select_from(ChangeRecord).where(ChangeRecord.device_id == store.device_id)
        )
        return session.scalar(query) or 0


def at_office(office: Office, person_id: str) -> bool:
    with office.store.unit_of_work() as session:
        return session.get(Participant, person_id) is not None


def bundle_numbers(office: Office, device_id: str) -> list[int]:
    with office.store.unit_of_work() as session:
        return sorted(
            session.scalars(
                select(import_.SyncBundle.sequence).where(import_.SyncBundle.sender_device_id == device_id)
            )
        )


def test_a_person_registered_after_a_restore_reaches_the_office_in_the_next_bundle(story: Story) -> None:
    """The task's story. Before the fix: the bundle was numbered 2 again and refused at the office as
    'a different bundle number 2 … was already imported'."""
    laptop = story.restore()
    person = register(laptop, "Chea Sophea")
    bundle = story.folder / "after-restore.dlgbundle"
    written = export.export_bundle(laptop, bundle)
    assert written.sequence == 3  # after the office's 2, which this database forgot
    assert written.restored_after == 2 and "numbered after bundle 2" in written.redated_text()
    outcome = story.office.import_(bundle)[0]
    assert outcome.status == "imported", outcome.message
    assert outcome.new_changes >= 1 and outcome.missing == {}
    assert at_office(story.office, person)
    assert bundle_numbers(story.office, laptop.device_id) == [1, 2, 3]
    assert check_store(laptop) == [] and check_store(story.office.store) == []
    # The office's receipt confirms it, and only what really arrived: nothing is left unsent.
    assert import_file(laptop, story.office.receipt(laptop)).status == "imported"
    assert state.unconfirmed_count(laptop) == 0
    later = register(laptop, "Kim Dara")
    assert story.office.import_(export_to(laptop, story.folder))[0].status == "imported"
    assert at_office(story.office, later)


def test_a_receipt_after_a_restore_never_confirms_work_it_has_not_seen(story: Story) -> None:
    """Before the fix: the new person took a change number bundle 2 had used; the office's receipt
    confirmed up to bundle 2's last change, so the person counted as sent and no bundle ever carried them."""
    laptop = story.restore()
    in_backup = own_changes(laptop)
    person = register(laptop, "Chea Sophea")
    add_dialogue(laptop, 6, "Third dialogue")  # enough new changes to pass bundle 2's numbers
    made_since = own_changes(laptop) - in_backup
    assert made_since == 1 + 2 + 6 * 2
    receipt = story.office.receipt(laptop)
    assert import_file(laptop, receipt).status == "imported"
    # Every change made after the restore is still waiting for the office (before the fix: 3 of 15).
    assert state.unconfirmed_count(laptop) >= made_since
    outcome = story.office.import_(export_to(laptop, story.folder))[0]
    assert outcome.status == "imported", outcome.message
    assert at_office(story.office, person)
    with story.office.store.unit_of_work() as session:
        titles = set(session.scalars(select(Dialogue.title_en)))
    assert {"First dialogue", "Second dialogue", "Third dialogue"} <= titles
    assert import_file(laptop, story.office.receipt(laptop)).status == "imported"
    assert state.unconfirmed_count(laptop) == 0


def test_a_receipt_right_after_a_restore_is_imported_and_later_work_still_travels(story: Story) -> None:
    """Before the fix: the office confirms more changes than the restored database holds, so the receipt
    was refused ('confirms changes that do not exist here'). Now it is imported, and a person registered
    after it is not counted as confirmed."""
    laptop = story.restore()
    outcome = import_file(laptop, story.office.receipt(laptop))
    assert outcome.status == "imported", outcome.message
    person = register(laptop, "Chea Sophea")
    assert state.unconfirmed_count(laptop) >= 1
    assert story.office.import_(export_to(laptop, story.folder))[0].status == "imported"
    assert at_office(story.office, person)


def test_restoring_the_same_backup_twice_still_numbers_past_everything_sent(story: Story) -> None:
    laptop = story.restore()
    first = register(laptop, "Chea Sophea")
    assert story.office.import_(export_to(laptop, story.folder))[0].status == "imported"
    laptop = story.restore()  # again, from the same backup: bundle 3 and its person are forgotten too
    second = register(laptop, "Kim Dara")
    bundle = story.folder / "after-second-restore.dlgbundle"
    assert export.export_bundle(laptop, bundle).sequence == 4
    assert story.office.import_(bundle)[0].status == "imported"
    assert at_office(story.office, first) and at_office(story.office, second)
    assert import_file(laptop, story.office.receipt(laptop)).status == "imported"
    assert state.unconfirmed_count(laptop) == 0


def test_after_a_restore_an_old_bundle_replayed_is_still_a_no_op_and_a_rewrite_is_refused(
    story: Story,
) -> None:
    """A thief holding the restored laptop (its keys included) gains nothing from the restore: an old
    bundle sent again is 'already imported', and an old change rewritten under its revision is refused."""
    laptop = story.restore()
    assert story.second_bundle is not None
    replayed = story.office.import_(story.second_bundle)[0]
    assert replayed.status == "already"
    members = laptop_members(laptop)
    person_file = msgspec.json.decode(members["changes/participant.json"])
    person_file["full"][0]["values"]["name_latin"] = "Someone else"
    members["changes/participant.json"] = msgspec.json.encode(person_file)
    rewritten = craft(laptop, story.office, members, story.folder / "rewrite.dlgbundle", sequence=3)
    assert_refused(story.office, rewritten)
    # The restored laptop's real next bundle still goes through.
    person = register(laptop, "Chea Sophea")
    assert story.office.import_(export_to(laptop, story.folder))[0].status == "imported"
    assert at_office(story.office, person)


def test_a_damaged_or_foreign_mark_of_what_was_sent_is_not_trusted(story: Story) -> None:
    """The mark beside the keys is bytes from the disk: a damaged one, or one of another laptop or office,
    is ignored (the export works as without it) and written anew."""
    laptop, office_id = story.laptop, story.office.store.device_id
    other_laptop = msgspec.json.encode(
        {"device_id": "x" * 36, "office_id": office_id, "sequence": 50, "up_to_change_seq": 900}
    )
    for content in (b"\x00not json", b'{"device_id": "x", "sequence": 5}', b"[]" * 40_000, other_laptop):
        restored.mark_path(laptop).write_bytes(content)
        assert restored.read_mark(laptop) is None
    other_office = {
        "device_id": laptop.device_id,
        "office_id": "y" * 36,
        "sequence": 50,
        "up_to_change_seq": 900,
    }
    restored.mark_path(laptop).write_bytes(msgspec.json.encode(other_office))
    register(laptop, "Chea Sophea")
    written = export.export_bundle(laptop, story.folder / "after-damage.dlgbundle")
    assert written.sequence == 3 and written.restored_after == 0 and written.redated_text() == ""
    mark = restored.read_mark(laptop)
    assert mark is not None and (mark.sequence, mark.office_id) == (3, office_id)
    assert story.office.import_(written.path)[0].status == "imported"


def test_the_mark_holds_no_personal_data(story: Story) -> None:
    register(story.laptop, "Chea Sophea")
    export_to(story.laptop, story.folder)
    text = restored.mark_path(story.laptop).read_bytes()
    assert b"Chea" not in text and "ជា".encode() not in text
    assert dump(story.laptop)  # the store itself is untouched by reading the mark


def test_a_backup_taken_after_a_receipt_restores_and_takes_the_next_receipt(
    office: Office, laptop_factory: Callable[..., Store], reopened: list[Store], tmp_path: Path
) -> None:
    """Everything in the backup was confirmed, so the restored laptop has nothing unsent when the
    office's receipt (confirming bundle 2) arrives. Before the fix it was refused ('confirms changes that
    do not exist here'); now it is imported, and a person registered next is not counted as confirmed."""
    laptop = laptop_factory()
    add_dialogue(laptop, 2, "First dialogue")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    assert state.unconfirmed_count(laptop) == 0
    assert laptop.path is not None
    backup = backups.make_backup(laptop.path, "manual", key=laptop.key)
    add_dialogue(laptop, 5, "Second dialogue")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    story = Story(office, laptop, backup, reopened, tmp_path)
    laptop = story.restore()
    outcome = import_file(laptop, office.receipt(laptop))
    assert outcome.status == "imported", outcome.message
    person = register(laptop, "Chea Sophea")
    assert state.unconfirmed_count(laptop) >= 1
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert at_office(office, person)


def test_what_the_office_sent_after_the_backup_comes_again_after_the_restore(
    office: Office, laptop_factory: Callable[..., Store], reopened: list[Store], tmp_path: Path
) -> None:
    """The office corrects a dialogue title and its receipt brings it to the laptop, after the backup.
    After the restore the laptop's bundle says it has applied less than before; the office sends the
    correction again (before the fix it kept the higher mark and the laptop never saw the correction
    again)."""
    laptop = laptop_factory()
    dialogue = add_dialogue(laptop, 2, "First dialogue")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert laptop.path is not None
    backup = backups.make_backup(laptop.path, "manual", key=laptop.key)
    with office.store.unit_of_work() as session:
        record = session.get(Dialogue, dialogue)
        assert record is not None
        record.title_en = "Water, roads and schools"
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    register(laptop, "Kim Dara")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"  # acknowledges it
    story = Story(office, laptop, backup, reopened, tmp_path)
    laptop = story.restore()
    with laptop.unit_of_work() as session:
        assert session.get(Dialogue, dialogue).title_en == "First dialogue"  # type: ignore[union-attr]
    register(laptop, "Chea Sophea")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    with laptop.unit_of_work() as session:
        assert session.get(Dialogue, dialogue).title_en == "Water, roads and schools"  # type: ignore[union-attr]


def test_restore_then_export_on_the_command_line_numbers_on_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`restore FILE` then `export`: the bundle is numbered after the office's and the facilitator is told
    why; the office's `import` takes it."""
    from tests.cli.test_sync_cli import run, setup_pair

    central, field, _device_id = setup_pair(tmp_path, capsys)
    for number in (1, 2):
        store = Store.open(field)
        register(store, f"Person {number}")
        store.close()
        bundle = str(tmp_path / f"b{number}.dlgbundle")
        assert run(capsys, "--db", field, "export", "-o", bundle)[0] == 0
        assert run(capsys, "--db", central, "import", bundle)[0] == 0
        if number == 1:
            backup = tmp_path / "after-1.db"
            assert run(capsys, "--db", field, "backup", "-o", str(backup))[0] == 0
    assert run(capsys, "--db", field, "restore", str(backup))[0] == 0
    store = Store.open(field)
    person = register(store, "Chea Sophea")
    store.close()
    bundle = str(tmp_path / "b3.dlgbundle")
    code, _out, err = run(capsys, "--db", field, "--lang", "en", "export", "-o", bundle)
    assert code == 0 and "Bundle 3 written" in err and "restored from a backup" in err
    code, out, _ = run(capsys, "--db", central, "--lang", "en", "import", bundle)
    assert code == 0 and "imported" in out and "refused" not in out
    office = Store.open(central)
    try:
        with office.unit_of_work() as session:
            assert session.get(Participant, person) is not None
    finally:
        office.close()


def test_a_bundle_still_on_its_way_and_a_stale_receipt_after_a_restore_lose_nothing(
    office: Office, laptop_factory: Callable[..., Store], reopened: list[Store], tmp_path: Path
) -> None:
    """Bundle 2 is still on a USB stick when the laptop is restored, and the receipt the facilitator has
    was written before the office saw bundle 2. The restored laptop's bundle 3 arrives first, bundle 2
    after it: the office takes both, and confirms exactly what arrived."""
    laptop = laptop_factory()
    add_dialogue(laptop, 2, "First dialogue")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    stale_receipt = office.receipt(laptop)
    assert laptop.path is not None
    backup = backups.make_backup(laptop.path, "manual", key=laptop.key)
    add_dialogue(laptop, 5, "Second dialogue")
    on_its_way = export_to(laptop, tmp_path)
    story = Story(office, laptop, backup, reopened, tmp_path)
    laptop = story.restore()
    person = register(laptop, "Chea Sophea")
    assert import_file(laptop, stale_receipt).status == "imported"
    assert state.unconfirmed_count(laptop) >= 1
    third = export_to(laptop, tmp_path)
    outcome = office.import_(third)[0]
    assert outcome.status == "imported" and outcome.missing == {laptop.device_id: [2]}
    late = office.import_(on_its_way)[0]
    assert late.status == "imported" and late.missing == {}
    with office.store.unit_of_work() as session:
        titles = set(session.scalars(select(Dialogue.title_en)))
    assert {"First dialogue", "Second dialogue"} <= titles and at_office(office, person)
    assert import_file(laptop, office.receipt(laptop)).status == "imported"
    assert state.unconfirmed_count(laptop) == 0
    later = register(laptop, "Kim Dara")
    assert office.import_(export_to(laptop, tmp_path))[0].status == "imported"
    assert at_office(office, later)
