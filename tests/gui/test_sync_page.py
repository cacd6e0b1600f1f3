"""The Sync page driven like a person: a central office and a field laptop, each its own store and page.

File dialogs and the confirmation box are answered by monkeypatching; everything else goes through the
page's buttons, the database worker and the real sync core.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select
from tests.gui.conftest import type_text, wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.domain.models import MODEL_BY_TABLE, Dialogue
from dialogue_desktop.core.i18n import set_language, to_khmer_digits
from dialogue_desktop.core.reports import mart
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.youth import youth_ages
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync import conflicts, export, import_, state
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.pages.sync import SyncPage
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.worker import DbWorker

KAMPOT = "07"


def make_page(qtbot: Any, store: Store) -> SyncPage:
    """The Sync page over `store`, shown, with its first load done (as the main window would build it)."""
    ctx = AppContext(DbWorker(store), GuiSettings.load())
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    page.page_shown()
    wait_idle(qtbot, ctx.worker)
    return page


@pytest.fixture
def pages(
    qtbot: Any, tmp_path: Path, shown_boxes: list[tuple[str, str]]
) -> Iterator[Callable[[str], SyncPage]]:
    made: list[SyncPage] = []

    def make(name: str) -> SyncPage:
        page = make_page(qtbot, Store.open(tmp_path / f"{name}.db"))
        made.append(page)
        return page

    yield make
    for page in made:
        page.ctx.worker.stop()
        page.ctx.store.close()


class Answers:
    """What the file dialogs answer next (and what they were asked)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open: list[Path] = []
        self.save: Path | None = None
        self.folder: Path | None = None
        self.asked: list[str] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self._open_many)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)
        monkeypatch.setattr(dialogs, "confirm", self._confirm)
        self.confirmed = True
        self.warnings: list[str] = []

    def _open(self, _parent: Any, title: str, *_args: Any) -> tuple[str, str]:
        self.asked.append(title)
        return (str(self.open.pop(0)), "") if self.open else ("", "")

    def _open_many(self, _parent: Any, title: str, *_args: Any) -> tuple[list[str], str]:
        self.asked.append(title)
        paths, self.open = [str(p) for p in self.open], []
        return paths, ""

    def _save(self, _parent: Any, title: str, suggested: str, *_args: Any) -> tuple[str, str]:
        self.asked.append(title)
        assert suggested  # a name is always suggested
        return (str(self.save), "") if self.save else ("", "")

    def _folder(self, _parent: Any, title: str, *_args: Any) -> str:
        self.asked.append(title)
        return str(self.folder) if self.folder else ""

    def _confirm(self, _parent: Any, title: str, text: str) -> bool:
        self.asked.append(title)
        self.warnings.append(text)
        return self.confirmed


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


def click_and_wait(qtbot: Any, page: SyncPage, button: Any) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page.ctx.worker)


def refresh(qtbot: Any, page: SyncPage) -> None:
    """What happens when records changed elsewhere (another page): the page reads again."""
    page.reload()
    wait_idle(qtbot, page.ctx.worker)


def set_up_central(qtbot: Any, page: SyncPage, answers: Answers) -> None:
    click_and_wait(qtbot, page, page.setup_button)
    assert page.state is not None and page.state.role == state.CENTRAL


def enrol_and_join(qtbot: Any, central: SyncPage, laptop: SyncPage, answers: Answers, tmp_path: Path) -> Path:
    central.enrol_province.setCurrentIndex(central.enrol_province.findData(KAMPOT))
    central.enrol_name.setFocus()
    type_text(qtbot, central.enrol_name, "Kampot laptop 1")
    answers.save = tmp_path / "enrol-kampot.json"
    click_and_wait(qtbot, central, central.enrol_button)
    answers.open = [tmp_path / "enrol-kampot.json"]
    type_code_and_join(qtbot, laptop, laptop.join_code, shown_code(central))
    return tmp_path / "enrol-kampot.json"


def shown_code(central: SyncPage) -> str:
    """The verification code the office page shows after enrolling (to read out by phone)."""
    assert central.enrolled_code.isVisible()
    assert "separately from the file" in central.enrolled_code.tip.text()
    return central.enrolled_code.code.text()


def type_code_and_join(qtbot: Any, laptop: SyncPage, field: Any, code: str) -> None:
    """Type the code in the join form and press Enter (the enrolment file is then asked for)."""
    field.edit.clear()
    field.edit.setFocus()
    type_text(qtbot, field.edit, code)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, laptop.ctx.worker)


def office_and_laptop(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> tuple[SyncPage, SyncPage]:
    """A central office and a laptop enrolled with it and joined (their Sync pages)."""
    central, laptop = pages("central"), pages("laptop")
    set_up_central(qtbot, central, answers)
    enrol_and_join(qtbot, central, laptop, answers, tmp_path)
    return central, laptop


def add_dialogue(store: Store, title: str = "Kampot water forum") -> str:
    with store.unit_of_work() as session:
        return create_dialogue(
            session,
            DialogueInput(
                kind=DialogueKind.PROVINCIAL, title_en=title, date=date(2025, 3, 14), province_code=KAMPOT
            ),
        )


def row_counts(store: Store) -> dict[str, int]:
    """Live records per table (what a full bundle of a fresh laptop creates at the office)."""
    counts: dict[str, int] = {}
    with store.unit_of_work() as session:
        for table, model in MODEL_BY_TABLE.items():
            if table == "device":
                continue
            found = session.scalar(select(func.count()).select_from(model)) or 0
            if found:
                counts[table] = found
    return counts


def export_from(qtbot: Any, laptop: SyncPage, answers: Answers, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    before = set(folder.iterdir())
    answers.folder = folder
    click_and_wait(qtbot, laptop, laptop.export_button)
    (bundle,) = set(folder.iterdir()) - before
    return bundle


def import_at(qtbot: Any, central: SyncPage, answers: Answers, *paths: Path) -> None:
    answers.open = list(paths)
    click_and_wait(qtbot, central, central.import_button)
    assert central.preview_box.isVisible()
    click_and_wait(qtbot, central, central.apply_button)


# --- the whole exchange -----------------------------------------------------------------------------------


def test_a_laptop_joins_exports_the_office_previews_imports_and_confirms(
    pages: Callable[[str], SyncPage],
    answers: Answers,
    qtbot: Any,
    tmp_path: Path,
    shown_boxes: list[tuple[str, str]],
) -> None:
    central, laptop = pages("central"), pages("laptop")
    assert central.setup_box.isVisible() and not central.central_box.isVisible()
    assert "Not set up" in central.role_label.text()

    set_up_central(qtbot, central, answers)
    assert central.central_box.isVisible() and not central.setup_box.isVisible()
    office_fingerprint = central.fingerprint.text()
    assert len(office_fingerprint.split()) == 4

    # Enrol: the five programme provinces to choose from; the new id and the fingerprint to phone.
    assert central.enrol_province.count() == 5
    enrol_and_join(qtbot, central, laptop, answers, tmp_path)
    assert central.enrolled.isVisible()
    assert office_fingerprint in central.enrolled.text()
    (device,) = central.devices.rows
    assert device.name == "Kampot laptop 1" and device.province_code == KAMPOT
    assert device.id in central.enrolled.text()

    # The laptop shows its role, its enrolment and the office's fingerprint to compare.
    assert laptop.state is not None and laptop.state.role == state.FIELD
    assert laptop.laptop_box.isVisible() and not laptop.central_box.isVisible()
    assert office_fingerprint in laptop.result.text()
    shown = {
        c.text(): v.text()
        for c, v in zip(laptop.details_labels, laptop.details_values, strict=True)
        if c.isVisible()
    }
    assert shown["Central office fingerprint"] == office_fingerprint
    assert "Kampot laptop 1" in shown["Laptop"] and "Kampot" in shown["Laptop"].split("·")[1]

    # A record on the laptop: the unconfirmed count goes up.
    dialogue_id = add_dialogue(laptop.ctx.store)
    refresh(qtbot, laptop)
    unconfirmed = state.unconfirmed_count(laptop.ctx.store)
    assert unconfirmed > 0
    assert laptop.state.unconfirmed == unconfirmed
    assert str(unconfirmed) in laptop.details_values[4].text()

    # Export to a folder (the USB stick): a clear result, the file in the folder.
    bundle = export_from(qtbot, laptop, answers, tmp_path / "usb")
    assert bundle.name.startswith("kampot-laptop-1-0001-") and bundle.suffix == ".dlgbundle"
    assert "Bundle 1 written" in laptop.result.text() and str(bundle) in laptop.result.text()
    assert (f"{unconfirmed} changes." if unconfirmed != 1 else "1 change.") in laptop.result.text()
    refresh(qtbot, laptop)
    assert laptop.state.bundles_sent == 1

    # The office previews: per table, what will be new, and nothing is written yet.
    expected = row_counts(laptop.ctx.store)
    answers.open = [bundle]
    click_and_wait(qtbot, central, central.import_button)
    assert central.preview_box.isVisible() and central.apply_button.isEnabled()
    new_by_table = {row[1]: row[2] for row in central.preview_model.rows}
    assert new_by_table == expected
    assert "Kampot laptop 1" in {row[0].sender_name for row in central.preview_model.rows}
    with central.ctx.store.unit_of_work() as session:
        assert session.get(Dialogue, dialogue_id) is None  # a preview writes nothing

    # Apply: the outcome per file, the dialogue at the office, the laptop's last bundle in the list.
    click_and_wait(qtbot, central, central.apply_button)
    assert not central.preview_box.isVisible() and central.outcome_box.isVisible()
    (outcome,) = central.outcomes.rows
    assert outcome.status == "imported" and outcome.new_changes == unconfirmed
    assert "1 imported, 0 refused" in central.result.text()
    with central.ctx.store.unit_of_work() as session:
        assert session.get(Dialogue, dialogue_id).title_en == "Kampot water forum"  # type: ignore[union-attr]
        # The reports' tables were brought up to date with the import: the first report does not wait.
        assert mart.is_fresh(session, youth_ages(session))
    wait_idle(qtbot, central.ctx.worker)
    assert central.devices.rows[0].last_bundle == 1
    assert central.devices.rows[0].fingerprint == laptop.fingerprint.text()

    # The receipt for the selected laptop; imported on the laptop, the count drops to zero.
    central.device_table.selectRow(0)
    answers.save = tmp_path / "receipt.dlgbundle"
    click_and_wait(qtbot, central, central.receipt_button)
    assert (tmp_path / "receipt.dlgbundle").exists()
    counts: list[int] = []
    laptop.unconfirmed_changed.connect(counts.append)
    answers.open = [tmp_path / "receipt.dlgbundle"]
    click_and_wait(qtbot, laptop, laptop.receipt_import_button)
    qtbot.waitUntil(lambda: laptop.state is not None and laptop.state.unconfirmed == 0)
    assert counts[-1] == 0
    assert "Receipt 1 imported" in laptop.result.text()
    assert "every change confirmed" in laptop.details_values[4].text()
    assert laptop.state.last_receipt == 1
    assert shown_boxes == []


def test_the_same_bundle_twice_is_previewed_and_reported_as_already_imported(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> None:
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    add_dialogue(laptop.ctx.store)
    bundle = export_from(qtbot, laptop, answers, tmp_path / "usb")
    import_at(qtbot, central, answers, bundle)
    answers.open = [bundle]
    click_and_wait(qtbot, central, central.import_button)
    assert [r[0].status for r in central.preview_model.rows] == ["already"]
    assert not central.apply_button.isEnabled()  # nothing to apply


def test_a_lost_laptop_is_revoked_then_enrolled_again_from_the_office_page(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> None:
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    add_dialogue(laptop.ctx.store)
    first = export_from(qtbot, laptop, answers, tmp_path / "usb")
    refresh(qtbot, central)
    central.device_table.selectRow(0)
    assert central.revoke_button.isEnabled()
    # Asked first: No changes nothing.
    answers.confirmed = False
    click_and_wait(qtbot, central, central.revoke_button)
    assert not central.devices.rows[0].revoked
    answers.confirmed = True
    click_and_wait(qtbot, central, central.revoke_button)
    assert "Revoke a laptop" in answers.asked
    assert central.devices.rows[0].revoked
    assert "revoked" in central.result.text()
    # Its bundles are refused from now on.
    answers.open = [first]
    click_and_wait(qtbot, central, central.import_button)
    assert [r[0].status for r in central.preview_model.rows] == ["refused"]
    central.cancel_preview()
    # Enrolled again: a new enrolment file for the same laptop; the laptop joins it and is accepted.
    central.device_table.selectRow(0)
    answers.save = tmp_path / "enrol-again.json"
    click_and_wait(qtbot, central, central.reenrol_button)
    assert (tmp_path / "enrol-again.json").exists()
    assert not central.devices.rows[0].revoked
    answers.open = [tmp_path / "enrol-again.json"]
    laptop.rejoin_code.edit.setText(shown_code(central))
    click_and_wait(qtbot, laptop, laptop.rejoin_button)
    again = export_from(qtbot, laptop, answers, tmp_path / "usb2")
    import_at(qtbot, central, answers, again)
    assert [o.status for o in central.outcomes.rows] == ["imported"]


def test_a_damaged_bundle_is_refused_with_its_reason_and_the_good_one_still_imports(
    pages: Callable[[str], SyncPage],
    answers: Answers,
    qtbot: Any,
    tmp_path: Path,
    shown_boxes: list[tuple[str, str]],
) -> None:
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    add_dialogue(laptop.ctx.store)
    good = export_from(qtbot, laptop, answers, tmp_path / "usb")
    damaged = tmp_path / "usb" / "damaged.dlgbundle"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    answers.open = [damaged, good]
    click_and_wait(qtbot, central, central.import_button)
    statuses = {r[0].path.name: r[0].status for r in central.preview_model.rows}
    assert statuses == {"damaged.dlgbundle": "refused", good.name: "ready"}
    refused_row = next(r for r in central.preview_model.rows if r[0].status == "refused")
    assert central.preview_model.columns[2].text(refused_row).startswith("will be refused")
    assert damaged.exists()  # a preview moves nothing
    click_and_wait(qtbot, central, central.apply_button)
    by_name = {o.path.name: o for o in central.outcomes.rows}
    assert by_name[good.name].status == "imported"
    assert by_name["damaged.dlgbundle"].status == "refused"
    assert (
        by_name["damaged.dlgbundle"].quarantined is not None
        and by_name["damaged.dlgbundle"].quarantined.exists()
    )
    assert "1 imported, 1 refused" in central.error.text()
    assert shown_boxes == []  # in the page, not in a box


def test_bundles_dropped_on_the_office_page_are_previewed(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> None:
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    add_dialogue(laptop.ctx.store)
    bundle = export_from(qtbot, laptop, answers, tmp_path / "usb")
    other = tmp_path / "notes.txt"
    other.write_text("not a bundle")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle)), QUrl.fromLocalFile(str(other))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    central.dropEvent(event)
    wait_idle(qtbot, central.ctx.worker)
    assert central.preview_box.isVisible()
    assert {r[0].path for r in central.preview_model.rows} == {bundle}  # only .dlgbundle files are taken


def test_a_conflict_shows_both_versions_and_keeping_one_resolves_it(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> None:
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    dialogue_id = add_dialogue(laptop.ctx.store)
    import_at(qtbot, central, answers, export_from(qtbot, laptop, answers, tmp_path / "usb"))
    # The same title changed at the office and on the laptop, neither having seen the other.
    for store, title in (
        (central.ctx.store, "Title from the office"),
        (laptop.ctx.store, "Title from the laptop"),
    ):
        with store.unit_of_work() as session:
            session.get(Dialogue, dialogue_id).title_en = title  # type: ignore[union-attr]
    import_at(qtbot, central, answers, export_from(qtbot, laptop, answers, tmp_path / "usb"))
    qtbot.waitUntil(lambda: len(central.conflicts.model.rows) == 1)
    panel = central.conflicts
    (row,) = panel.model.rows
    assert row.record_label == "Title from the office" or row.record_label == "Title from the laptop"
    assert panel.table.isVisible()
    cards = {card.title(): card for card in panel.cards}
    assert set(cards) == {"Kept for now", "Other version"}
    texts = {
        title: " ".join(w.text() for w in card.findChildren(type(panel.summary)))
        for title, card in cards.items()
    }
    assert {"Title from the office", "Title from the laptop"} == {
        next(v for v in ("Title from the office", "Title from the laptop") if v in texts[t]) for t in texts
    }
    assert "Kampot laptop 1" in " ".join(texts.values())  # which device made the laptop's version
    other_text = texts["Other version"]
    chosen_title = (
        "Title from the office" if "Title from the office" in other_text else "Title from the laptop"
    )
    other_button = panel.keep_buttons[[c.title() for c in panel.cards].index("Other version")]
    click_and_wait(qtbot, central, other_button)
    qtbot.waitUntil(lambda: panel.model.rows == [])
    assert conflicts.list_conflicts(central.ctx.store) == []
    with central.ctx.store.unit_of_work() as session:
        assert session.get(Dialogue, dialogue_id).title_en == chosen_title  # type: ignore[union-attr]
    assert "No conflicts" in panel.summary.text()
    assert "Conflict resolved" in central.result.text()


def test_problems_are_shown_on_the_page_in_plain_words(
    pages: Callable[[str], SyncPage],
    answers: Answers,
    qtbot: Any,
    tmp_path: Path,
    shown_boxes: list[tuple[str, str]],
) -> None:
    laptop = pages("laptop")
    wrong = tmp_path / "photo.json"
    wrong.write_text("{}")
    answers.open = [wrong]
    click_and_wait(qtbot, laptop, laptop.join_button)  # no code typed: asked for it, no file asked yet
    assert "Type the verification code" in laptop.error.text() and answers.open == [wrong]
    laptop.join_code.edit.setText("1234 5678 9012 3456")
    click_and_wait(qtbot, laptop, laptop.join_button)
    assert laptop.error.isVisible()
    assert "photo.json is not a valid enrolment file" in laptop.error.text()
    assert "Traceback" not in laptop.error.text() and shown_boxes == []
    assert laptop.state is not None and laptop.state.role is None
    # Saying No to the confirmation changes nothing.
    answers.confirmed = False
    qtbot.mouseClick(laptop.setup_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, laptop.ctx.worker)
    assert laptop.state.role is None and laptop.setup_box.isVisible()


def test_export_runs_on_the_worker_with_a_busy_bar_and_the_page_stays_usable(
    pages: Callable[[str], SyncPage],
    answers: Answers,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    add_dialogue(laptop.ctx.store)
    import threading

    release = threading.Event()
    real = export.export_bundle

    def slow(store: Store, output: Path, full: bool = False) -> export.Written:
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        return real(store, output, full=full)

    monkeypatch.setattr(export, "export_bundle", slow)
    answers.folder = tmp_path / "usb"
    answers.folder.mkdir()
    laptop.full_export.setChecked(True)
    qtbot.mouseClick(laptop.export_button, Qt.MouseButton.LeftButton)
    # While the worker writes: a busy bar, the action buttons wait, the rest of the page responds.
    assert laptop.busy_bar.isVisible() and not laptop.export_button.isEnabled()
    laptop.full_export.setChecked(False)
    assert not laptop.full_export.isChecked()
    release.set()
    wait_idle(qtbot, laptop.ctx.worker)
    assert not laptop.busy_bar.isVisible() and laptop.export_button.isEnabled()
    assert "Bundle 1 written" in laptop.result.text()


def test_the_page_speaks_khmer_and_pictures_are_saved(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("SYNC_SHOTS", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    central, laptop = office_and_laptop(pages, answers, qtbot, tmp_path)
    dialogue_id = add_dialogue(laptop.ctx.store)
    import_at(qtbot, central, answers, export_from(qtbot, laptop, answers, tmp_path / "usb"))
    for store, title in (
        (central.ctx.store, "Water forum (office)"),
        (laptop.ctx.store, "Water forum (laptop)"),
    ):
        with store.unit_of_work() as session:
            session.get(Dialogue, dialogue_id).title_en = title  # type: ignore[union-attr]
    add_dialogue(laptop.ctx.store, "Roads")
    second = export_from(qtbot, laptop, answers, tmp_path / "usb")
    answers.open = [second]
    click_and_wait(qtbot, central, central.import_button)  # leave the preview open for the picture
    import_.import_file(central.ctx.store, second)  # and a conflict in the list
    refresh(qtbot, central)
    refresh(qtbot, laptop)
    try:
        for language in ("en", "km"):
            set_language(language)
            for page, name in ((central, "central"), (laptop, "laptop")):
                page.retranslate_ui()
                page.reload()
                wait_idle(qtbot, page.ctx.worker)
                page.content.resize(page.scroll_area.viewport().width(), page.content.sizeHint().height())
                assert page.grab().save(str(shots / f"sync-{name}-{language}.png"))
                assert page.content.grab().save(str(shots / f"sync-{name}-{language}-full.png"))
        assert central.heading.text() == "ធ្វើសមកាលកម្មជាមួយការិយាល័យកណ្ដាល"
        assert laptop.role_label.text() != "Field laptop"
        assert laptop.state is not None
        assert laptop.details_values[3].text() == to_khmer_digits(
            str(laptop.state.bundles_sent)
        )  # Khmer digits
    finally:
        set_language("en")


def test_joining_needs_the_right_code_and_leaving_an_office_is_confirmed(
    pages: Callable[[str], SyncPage], answers: Answers, qtbot: Any, tmp_path: Path
) -> None:
    central, laptop = pages("central"), pages("laptop")
    set_up_central(qtbot, central, answers)
    central.enrol_name.setText("Kampot laptop 1")
    answers.save = tmp_path / "enrol-kampot.json"
    click_and_wait(qtbot, central, central.enrol_button)
    code = shown_code(central)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    answers.open = [tmp_path / "enrol-kampot.json"]
    type_code_and_join(qtbot, laptop, laptop.join_code, wrong)
    assert "does not match" in laptop.error.text() and laptop.state is not None and laptop.state.role is None
    answers.open = [tmp_path / "enrol-kampot.json"]
    type_code_and_join(qtbot, laptop, laptop.join_code, code)
    assert laptop.state.role == state.FIELD and laptop.join_code.text() == ""
    joined_to = laptop.state.central_fingerprint

    other = pages("other")
    set_up_central(qtbot, other, answers)
    other.enrol_name.setText("Kampot laptop 1")
    answers.save = tmp_path / "enrol-other.json"
    click_and_wait(qtbot, other, other.enrol_button)
    # Asked with a clear warning; No keeps the laptop with its office.
    answers.confirmed = False
    answers.open = [tmp_path / "enrol-other.json"]
    type_code_and_join(qtbot, laptop, laptop.rejoin_code, shown_code(other))
    assert "Join another central office?" in answers.asked
    assert (
        "will no longer receive bundles" in answers.warnings[-1]
        and "not yet confirmed" in answers.warnings[-1]
    )
    assert laptop.state.central_fingerprint == joined_to
    answers.confirmed = True
    answers.open = [tmp_path / "enrol-other.json"]
    type_code_and_join(qtbot, laptop, laptop.rejoin_code, shown_code(other))
    assert laptop.state.central_fingerprint == other.fingerprint.text()
