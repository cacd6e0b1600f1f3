"""A facilitator's day, driven through the real widgets: dialogues, the door, voices, actions, registry."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tests.gui.conftest import close_window, make_window, type_text, wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, OrganisationKind, Sex
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store


def seed(store: Store) -> dict[str, str]:
    """One dialogue in Kampot, two organisations, two people in the registry."""
    with store.unit_of_work() as session:
        dialogue = create_dialogue(
            session,
            DialogueInput(
                kind=DialogueKind.PROVINCIAL,
                title_en="Kampot water forum",
                date=date(2025, 3, 14),
                province_code="07",
            ),  # fmt: skip
        )
        cso = create_organisation(
            session, OrganisationInput(name_en="Kampot Women's Network", kind=OrganisationKind.CSO)
        )
        gov = create_organisation(
            session,
            OrganisationInput(
                name_en="Provincial Department of Water", kind=OrganisationKind.PROVINCIAL_DEPARTMENT
            ),
        )
        sokha = create_participant(
            session,
            ParticipantInput(
                name_km="ស្រី សុខា",
                name_latin="Srey Sokha",
                sex=Sex.FEMALE,
                birth_year=1998,
                organisation_id=cso,
                consent_data=True,
            ),  # fmt: skip
        )
        dara = create_participant(
            session,
            ParticipantInput(
                name_latin="Chan Dara", sex=Sex.MALE, birth_year=1970, organisation_id=gov, consent_data=True
            ),
        )
    return {"dialogue": dialogue, "cso": cso, "gov": gov, "sokha": sokha, "dara": dara}


def open_workspace(qtbot: Any, window: Any, dialogue_id: str, tab: int = 0) -> Any:
    page = window.show_page("dialogues")
    with qtbot.waitSignal(page.workspace.loaded):
        page.open_dialogue(dialogue_id, tab)
    wait_idle(qtbot, window.ctx.worker)
    return page.workspace


def test_creating_a_dialogue_opens_its_workspace_and_lists_it(window: Any, qtbot: Any) -> None:
    page = window.show_page("dialogues")
    bar = page.list.new_bar
    bar.province.setCurrentIndex(bar.province.findData("07"))
    qtbot.keyClicks(bar.title, "Commune dialogue on roads")
    with qtbot.waitSignal(page.workspace.loaded):
        qtbot.keyClick(bar.title, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.workspace
    assert page.workspace.heading.text() == "Commune dialogue on roads"
    page.show_list()
    page.reload()
    wait_idle(qtbot, window.ctx.worker)
    qtbot.waitUntil(lambda: page.list.model.loaded() and page.list.model.rowCount() == 1)
    index = page.list.model.index(0, 1)
    qtbot.waitUntil(lambda: page.list.model.data(index) == "Commune dialogue on roads")


def test_a_missing_title_is_shown_next_to_the_form(window: Any, qtbot: Any) -> None:
    page = window.show_page("dialogues")
    qtbot.keyClick(page.list.new_bar.title, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert page.list.new_bar.error.isVisible()
    assert "title" in page.list.new_bar.error.text().lower()


def test_door_registers_existing_and_new_people_and_counts_them(
    window: Any, qtbot: Any, store: Store
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=2)
    door = workspace.attendance
    # An existing person: a few letters, Enter.
    qtbot.keyClicks(door.search, "sokh")
    qtbot.waitUntil(lambda: door.matches.count() == 2)  # Srey Sokha, then "+ New person"
    assert "Srey Sokha" in door.matches.item(0).text()
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(door.search, Qt.Key.Key_Return)
    assert door.counts.counts.total == 1 and door.counts.counts.female == 1 and door.counts.counts.cso == 1
    assert door.search.text() == ""
    # ↓ picks the second match.
    qtbot.keyClicks(door.search, "ha")  # sokHA, cHAn
    qtbot.waitUntil(lambda: door.matches.count() == 3)
    qtbot.keyClick(door.search, Qt.Key.Key_Down)
    chosen = door.matches.currentItem().data(Qt.ItemDataRole.UserRole)
    assert chosen == door.hits[1].id
    door.search.clear()
    # A new person typed in Khmer: Ctrl+N opens the inline form with the name filled in.
    type_text(qtbot, door.search, "ណុប វាសនា")
    qtbot.waitUntil(lambda: door.matches.count() >= 1)
    qtbot.keyClick(door.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = door.form
    assert form.isVisible() and form.name_km.text() == "ណុប វាសនា"
    qtbot.keyClick(form.name_km, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.name_latin, "Nop Veasna")
    qtbot.keyClick(form.name_latin, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F)  # the sex box: F for female
    assert form.sex.currentData() == Sex.FEMALE.value
    qtbot.keyClicks(form.birth_year, "2001")
    form.organisation.setCurrentIndex(form.organisation.findData(ids["gov"]))
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(form.birth_year, Qt.Key.Key_Return)
    assert not form.isVisible()
    assert door.search.hasFocus() or QApplication.focusWidget() is door.search
    counts = door.counts.counts
    assert (counts.total, counts.female, counts.youth, counts.government) == (2, 2, 2, 1)
    assert window.ctx.settings.last_organisation_id == ids["gov"]
    # The form remembers the organisation for the next new person.
    qtbot.keyClick(door.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.organisation.currentData() == ids["gov"]
    qtbot.keyClick(form.name_km, Qt.Key.Key_Escape)
    assert not form.isVisible()
    # Ctrl+Z removes the last arrival.
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(door.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert door.counts.counts.total == 1
    assert "ណុប វាសនា" in door.message.text()


def test_a_possible_duplicate_is_a_quiet_line_not_a_dialog(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    door = open_workspace(qtbot, window, ids["dialogue"], tab=2).attendance
    qtbot.keyClicks(door.search, "Chan  Dara")  # typed differently: no exact hit
    qtbot.keyClick(door.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    door.form.name_latin.setText("chan dara")
    qtbot.keyClick(door.form.name_latin, Qt.Key.Key_Tab)  # leaving the field checks the registry
    qtbot.waitUntil(lambda: door.form.duplicate.isVisible())
    assert "Chan Dara" in door.form.duplicate.text()
    assert QApplication.activeModalWidget() is None
    with qtbot.waitSignal(door.refreshed):
        qtbot.mouseClick(door.form.use_duplicate, Qt.MouseButton.LeftButton)
    assert door.counts.counts.total == 1 and door.counts.counts.male == 1


def test_counts_only_mode_uses_spin_boxes(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    door = open_workspace(qtbot, window, ids["dialogue"], tab=2).attendance
    with qtbot.waitSignal(door.refreshed):
        qtbot.mouseClick(door.tally_only, Qt.MouseButton.LeftButton)
    assert door.modes.currentWidget() is door.tally
    spin = door.tally.spins["female"]
    spin.setValue(12)
    with qtbot.waitSignal(door.refreshed):
        spin.editingFinished.emit()
    assert door.counts.counts.total == 12 and door.counts.counts.female == 12


def test_voices_log_named_and_unnamed_speakers(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=2)
    door = workspace.attendance
    for name in ("Srey", "Chan"):
        qtbot.keyClicks(door.search, name)
        qtbot.waitUntil(lambda: door.matches.count() == 2)
        with qtbot.waitSignal(door.refreshed):
            qtbot.keyClick(door.search, Qt.Key.Key_Return)
    workspace.tabs.setCurrentIndex(3)
    voices = workspace.voices
    wait_idle(qtbot, window.ctx.worker)
    qtbot.keyClicks(voices.search, "dara")
    qtbot.waitUntil(lambda: voices.matches.count() == 1)
    with qtbot.waitSignal(voices.refreshed):
        qtbot.keyClick(voices.search, Qt.Key.Key_Return)
    with qtbot.waitSignal(voices.refreshed):
        qtbot.keyClick(voices.search, Qt.Key.Key_M)  # an unnamed man
    shares = {row.key: row for row in voices.shares.rows}
    assert shares["men"].spoke == 2 and shares["women"].spoke == 0
    marks = [voices.shares.data(voices.shares.index(r, 4)) for r in range(voices.shares.rowCount())]
    assert any(m.startswith("▼") for m in marks)  # women: half the room, none of the floor
    assert len(voices.log.rows) == 2


def test_an_action_and_its_follow_up_from_the_dialogue_and_the_tracker(
    window: Any, qtbot: Any, store: Store
) -> None:
    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=6)
    tab = workspace.actions_tab
    tab.open_button.click()  # the form opens on demand
    text = tab.form.fields["text_en"]
    qtbot.keyClicks(text, "Repair the well in Trapeang village")
    tab.form.responsible.setCurrentIndex(tab.form.responsible.findData(ids["gov"]))
    tab.form.fields["deadline"].check.setChecked(True)
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.panel.model.rowCount() == 1)
    tab.panel.table.selectRow(0)
    panel = tab.panel.follow_up
    qtbot.waitUntil(panel.isEnabled)
    panel.where.setCurrentIndex(0)
    qtbot.keyClicks(panel.visit, "Visit to the commune office")
    panel.progress.setValue(40)
    qtbot.keyClicks(panel.note, "Contractor chosen")
    with qtbot.waitSignal(panel.added):
        qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.history.rowCount() == 1)
    # The tracker shows it, with its latest follow-up, and can add another.
    tracker = window.show_page("actions")
    qtbot.waitUntil(lambda: tracker.panel.model.rowCount() == 1)
    row = tracker.panel.model.rows[0]
    assert row.latest_follow_up is not None and row.latest_follow_up.progress_percent == 40
    tracker.panel.table.selectRow(0)
    qtbot.waitUntil(lambda: tracker.panel.follow_up.history.rowCount() == 1)
    qtbot.keyClicks(tracker.panel.follow_up.visit, "Second visit")
    tracker.panel.follow_up.status.set_value("done")
    with qtbot.waitSignal(tracker.panel.follow_up.added):
        qtbot.keyClick(tracker.panel.follow_up.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tracker.panel.follow_up.history.rowCount() == 2)


def test_overdue_actions_are_highlighted_and_counted_in_the_navigation(
    window: Any, qtbot: Any, store: Store
) -> None:
    from dialogue_desktop.core.services.actions import ActionInput, create_action

    ids = seed(store)
    with store.unit_of_work() as session:
        create_action(session, ids["dialogue"], ActionInput(text_en="Late action", deadline=date(2025, 4, 1)))
    window.refresh_badges()
    tracker = window.show_page("actions")
    qtbot.waitUntil(lambda: tracker.panel.model.rowCount() == 1)
    assert (
        tracker.panel.model.data(tracker.panel.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    )
    qtbot.waitUntil(lambda: "⚠" in window.nav.item(2).text())


def test_details_are_saved_on_leaving_a_field_and_found_after_a_restart(
    qtbot: Any, store: Store, shown_boxes: Any
) -> None:
    ids = seed(store)
    window = make_window(qtbot, store)
    details = open_workspace(qtbot, window, ids["dialogue"], tab=0).details
    details.venue.setFocus()
    qtbot.keyClicks(details.venue, "Provincial hall")
    qtbot.keyClick(details.venue, Qt.Key.Key_Tab)
    wait_idle(qtbot, window.ctx.worker)
    details.title_en.clear()
    details.title_km.clear()
    details.title_km.setFocus()
    qtbot.keyClick(details.title_km, Qt.Key.Key_Tab)
    wait_idle(qtbot, window.ctx.worker)
    assert details.errors["title_km"].isVisible()  # the problem shows next to the field
    close_window(window)
    again = make_window(qtbot, store)
    try:
        page = again.current_page()
        assert page.key == "dialogues"
        qtbot.waitUntil(lambda: page.workspace.dialogue is not None)
        assert page.stack.currentWidget() is page.workspace
        assert page.workspace.details.venue.text() == "Provincial hall"
        assert page.workspace.dialogue.title_en == "Kampot water forum"  # the invalid edit was not saved
    finally:
        close_window(again)


def test_agenda_items_reorder_and_total(window: Any, qtbot: Any, store: Store) -> None:
    ids = seed(store)
    agenda = open_workspace(qtbot, window, ids["dialogue"], tab=1).agenda
    for count, (title, minutes) in enumerate((("Welcome", 15), ("Review of actions", 45)), start=1):
        qtbot.keyClicks(agenda.title, title)
        agenda.duration.setValue(minutes)
        qtbot.keyClick(agenda.title, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda count=count: agenda.model.rowCount() == count)
    assert "60" in agenda.summary.text()
    agenda.table.selectRow(1)
    qtbot.mouseClick(agenda.up, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: agenda.model.rows[0].title_en == "Review of actions")


def test_participants_page_shows_history_and_merges_duplicates(
    window: Any, qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogue_desktop.gui.widgets import dialogs

    ids = seed(store)
    with store.unit_of_work() as session:
        create_participant(
            session,
            ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE, phone="012 345 678", consent_data=True),
        )
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    page = window.show_page("participants")
    qtbot.keyClicks(page.search, "sokha")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    keep = next(n for n, r in enumerate(page.model.rows) if r.id == ids["sokha"])
    page.table.selectRow(keep)
    qtbot.waitUntil(lambda: page.person.view is not None and page.person.view.id == ids["sokha"])
    tabs = page.person.tabs  # the possible duplicates have a tab of their own, shown only when there are some
    tab = tabs.indexOf(page.person.duplicates_box)
    assert tabs.isTabVisible(tab)
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(tab).center())
    assert page.person.duplicates_box.isVisibleTo(page)
    qtbot.mouseClick(page.person.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.waitUntil(lambda: page.person.phone.text() == "012 345 678")  # filled in from the merged entry
    assert page.model.rows[0].id == ids["sokha"]


def test_registry_edit_is_saved_on_leaving_the_field(window: Any, qtbot: Any, store: Store) -> None:
    """A facilitator corrects a phone number, tabs on and types in the next field: the phone is saved and
    what they are typing is not overwritten when the save comes back."""
    from dialogue_desktop.core.domain.models import Participant

    ids = seed(store)
    page = window.show_page("participants")
    qtbot.keyClicks(page.search, "dara")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.person.view is not None and page.person.view.id == ids["dara"])
    page.person.phone.setFocus()
    page.person.phone.selectAll()
    qtbot.keyClicks(page.person.phone, "097 111 2222")
    page.person.position.setFocus()  # leaving the phone field saves it
    qtbot.keyClicks(page.person.position, "Deputy director")
    qtbot.waitUntil(lambda: page.person.saved_label.text() != "")
    wait_idle(qtbot, window.ctx.worker)
    assert page.person.position.text() == "Deputy director"
    with store.unit_of_work() as session:
        dara = session.get(Participant, ids["dara"])
        assert dara is not None
        assert dara.phone == "097 111 2222"
        assert dara.position == ""  # not saved yet: the facilitator is still in that field
    window.close()  # closing the window saves the field being edited
    wait_idle(qtbot, window.ctx.worker)
    with store.unit_of_work() as session:
        dara = session.get(Participant, ids["dara"])
        assert dara is not None
        assert dara.position == "Deputy director"


def test_settings_back_up_and_restore(
    window: Any, qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogue_desktop.gui.widgets import dialogs

    ids = seed(store)
    page = window.show_page("settings")
    assert str(store.path.name) in page.backup_folder.text()
    qtbot.mouseClick(page.backup_now, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    manual = [
        i for i in range(page.backup_list.count()) if str(page.backup_list.itemData(i)).endswith("-manual.db")
    ]
    assert manual, "the new backup is listed"
    page.backup_list.setCurrentIndex(manual[0])
    with store.unit_of_work() as session:  # a change after the backup...
        create_dialogue(
            session,
            DialogueInput(kind="commune", title_en="Later", date=date(2025, 5, 1), province_code="07"),
        )
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    qtbot.mouseClick(page.restore, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert asked, "restoring must ask first"
    from sqlalchemy import func, select

    from dialogue_desktop.core.domain.models import Dialogue

    with window.ctx.store.unit_of_work() as session:  # ...is gone after the restore
        assert session.scalar(select(func.count()).select_from(Dialogue)) == 1
    assert ids["dialogue"]
    window.ctx.store.close()


def test_every_table_model_passes_the_model_tester(
    window: Any, qtbot: Any, store: Store, request: Any
) -> None:
    from pytestqt.modeltest import ModelTester

    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=2)
    door = workspace.attendance
    qtbot.keyClicks(door.search, "Srey")
    qtbot.waitUntil(lambda: door.matches.count() == 2)
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(door.search, Qt.Key.Key_Return)
    page = window.pages["dialogues"]
    page.reload()
    wait_idle(qtbot, window.ctx.worker)
    models = [
        page.list.model, door.arrivals, workspace.voices.shares, workspace.voices.log, workspace.agenda.model,
        workspace.needs.model, workspace.decisions.model, workspace.actions_tab.panel.model,
        workspace.actions_tab.panel.follow_up.history, window.pages["actions"].panel.model,
        window.pages["participants"].model,
    ]  # fmt: skip
    for model in models:  # one tester per model: a tester follows only the last model it checked
        tester = ModelTester(request.config)
        try:
            tester.check(model, force_py=True)
            if model is page.list.model:  # rows arrive lazily: check again once they are there
                qtbot.waitUntil(model.loaded)
                wait_idle(qtbot, window.ctx.worker)
        finally:
            tester._cleanup()


def test_the_workspace_has_no_english_left_in_khmer(window: Any, qtbot: Any, store: Store) -> None:
    from tests.gui.conftest import visible_texts
    from tests.gui.test_shell import ALLOWED, english_left

    ids = seed(store)
    workspace = open_workspace(qtbot, window, ids["dialogue"], tab=0)
    window.switch_language("km")
    names = {"Kampot", "Srey", "Sokha", "Chan", "Dara", "Women", "Network", "Provincial", "Department", "Water",
             "forum", "of", "water", "Phnom", "Penh"}  # fmt: skip  # typed names and place names
    for index, tab in enumerate(workspace.tab_widgets[:7]):  # the minutes tab belongs to the printing issue
        workspace.tabs.setCurrentIndex(index)
        wait_idle(qtbot, window.ctx.worker)
        texts = visible_texts(tab) + [workspace.tabs.tabText(index), workspace.back.text()]
        left = english_left(texts, ALLOWED | names)
        assert not left, f"English left on tab {index}: {left}"


def test_run_smoke_test_opens_every_page_and_exits_0(tmp_path: Any, store: Store) -> None:
    from dialogue_desktop.gui.app import run

    seed(store)
    path = str(store.path)
    store.close()
    assert run(path, smoke_test=True) == 0


def test_run_refuses_a_file_that_is_not_a_database(tmp_path: Any, capsys: Any) -> None:
    from dialogue_desktop.gui.app import run

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not a database" * 100)
    assert run(str(bad), smoke_test=True) == 1
    assert capsys.readouterr().err.strip()


def test_screenshots_of_every_page_in_both_languages(tmp_path: Any, store: Store) -> None:
    from dialogue_desktop.gui.screenshots import save_screenshots

    seed(store)
    path = str(store.path)
    store.close()
    saved = save_screenshots(path, tmp_path / "shots")
    names = {p.name for p in saved}
    for language in ("km", "en"):
        for page in ("dialogues", "participants", "actions", "sync", "reports", "settings"):
            assert f"{language}-{page}.png" in names
        for tab in ("details", "attendance", "voices", "actions", "minutes"):
            assert f"{language}-dialogue-{tab}.png" in names
    assert all(p.stat().st_size > 10_000 for p in saved)


def test_the_registry_form_is_empty_until_someone_is_chosen(window: Any, qtbot: Any, store: Store) -> None:
    seed(store)
    page = window.show_page("participants")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    form = page.person
    assert not form.isEnabled()
    assert form.sex.currentText() == "" and form.name_latin.text() == ""  # no one's values shown
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: form.view is not None)
    assert form.sex.currentText() in ("Female", "Male") and form.name_latin.text()
    window.switch_language("km")
    window.switch_language("en")
    assert form.sex.currentText() in ("Female", "Male")  # the person's own, kept through a language switch
