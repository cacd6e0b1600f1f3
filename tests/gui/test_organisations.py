"""Organisations and indigenous groups managed in the app, and a new organisation typed at the door."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from tests.gui.conftest import type_text, wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, Group, OrganisationKind, Sex
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.organisations import list_organisations
from dialogue_desktop.core.services.participants import (
    ParticipantInput,
    create_indigenous_group,
    create_participant,
    list_indigenous_groups,
)
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.widgets import dialogs


def organisations_tab(qtbot: Any, window: Any) -> Any:
    page = window.show_page("participants")
    with qtbot.waitSignal(page.organisations.refreshed):
        page.show_tab(page.organisations)
    return page.organisations


def groups_tab(qtbot: Any, window: Any) -> Any:
    page = window.show_page("participants")
    with qtbot.waitSignal(page.groups.refreshed):
        page.show_tab(page.groups)
    return page.groups


def open_the_door(window: Any, qtbot: Any, store: Store) -> Any:
    """A new dialogue's attendance tab, open in the window."""
    with store.unit_of_work() as session:
        dialogue = create_dialogue(session, DialogueInput(kind=DialogueKind.PROVINCIAL, title_en="Forum",
                                                          date=date(2025, 3, 14), province_code="07"))  # fmt: skip
    page = window.show_page("dialogues")
    with qtbot.waitSignal(page.workspace.loaded):
        page.open_dialogue(dialogue, 2)
    wait_idle(qtbot, window.ctx.worker)
    return page.workspace.attendance


def names_in(model: Any, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_an_organisation_added_through_the_form_is_listed_and_offered_at_the_door(
    window: Any, qtbot: Any, store: Store
) -> None:
    panel = organisations_tab(qtbot, window)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, panel.name_km, "បណ្តាញស្ត្រីកំពត")
    qtbot.keyClicks(panel.name_en, "Kampot Women's Network")
    qtbot.keyClicks(panel.acronym, "KWN")
    panel.kind.set_value(OrganisationKind.CSO.value)
    panel.province.setCurrentIndex(panel.province.findData("07"))
    qtbot.keyClick(panel.acronym, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.message.text() == "Saved."
    assert names_in(panel.list_model, 1) == ["Kampot Women's Network"]
    assert names_in(panel.list_model, 0) == ["បណ្តាញស្ត្រីកំពត"]
    assert panel.list_model.data(panel.list_model.index(0, 3)) == "CSO / NGO"
    assert panel.list_model.data(panel.list_model.index(0, 4)) == "Kampot"
    # Searching narrows the list; a fragment of the acronym finds it.
    qtbot.keyClicks(panel.search, "zzz")
    assert panel.list_model.rowCount() == 0
    panel.search.clear()
    qtbot.keyClicks(panel.search, "kw")
    assert panel.list_model.rowCount() == 1
    # The door's new-person form offers it.
    form = open_the_door(window, qtbot, store).form
    choices = [form.organisation.itemText(i) for i in range(form.organisation.count())]
    assert any("Kampot Women's Network" in text for text in choices)


def test_editing_an_organisation_changes_it_in_the_list(window: Any, qtbot: Any, store: Store) -> None:
    panel = organisations_tab(qtbot, window)
    qtbot.keyClicks(panel.name_en, "Provincial Department of Water")
    panel.kind.set_value(OrganisationKind.PROVINCIAL_DEPARTMENT.value)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    panel.table.selectRow(0)
    assert panel.name_en.text() == "Provincial Department of Water"
    panel.name_en.clear()
    qtbot.keyClicks(panel.name_en, "Provincial Department of Water Resources")
    qtbot.keyClick(panel.name_en, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert names_in(panel.list_model, 1) == ["Provincial Department of Water Resources"]


def test_a_missing_name_is_shown_next_to_the_name_field(window: Any, qtbot: Any, store: Store) -> None:
    panel = organisations_tab(qtbot, window)
    panel.kind.set_value(OrganisationKind.CSO.value)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.errors["name_km"].isVisible()
    assert "name" in panel.errors["name_km"].text().lower()
    assert not panel.errors["kind"].isVisible()
    with store.unit_of_work() as session:
        assert list_organisations(session) == []


def test_deleting_an_organisation_asks_first(window: Any, qtbot: Any, store: Store, monkeypatch: Any) -> None:
    panel = organisations_tab(qtbot, window)
    qtbot.keyClicks(panel.name_en, "Old partner")
    panel.kind.set_value(OrganisationKind.DEVELOPMENT_PARTNER.value)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    panel.table.selectRow(0)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: False)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.list_model.rowCount() == 1
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.list_model.rowCount() == 0
    with store.unit_of_work() as session:
        assert list_organisations(session) == []


def test_a_new_organisation_typed_at_the_door_is_created(window: Any, qtbot: Any, store: Store) -> None:
    door = open_the_door(window, qtbot, store)
    qtbot.keyClicks(door.search, "Keo Dara")
    qtbot.keyClick(door.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = door.form
    assert form.name_latin.text() == "Keo Dara"
    line = form.organisation.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "Tuk Chhou Farmers")
    assert form.new_organisation.isVisible()
    assert "Tuk Chhou Farmers" in form.new_organisation.text()
    # Its kind is asked beside it (it decides whether its people count as government, CSO or community).
    assert form.new_organisation_kind.isVisible()
    assert form.new_organisation_kind.value() == OrganisationKind.OTHER.value
    form.new_organisation_kind.setFocus()
    qtbot.keyClicks(form.new_organisation_kind, "Com")  # keyboard search in the list of kinds
    assert form.new_organisation_kind.value() == OrganisationKind.COMMUNITY_BASED.value
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(form.new_organisation_kind, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert not form.isVisible()
    assert door.counts.counts.total == 1
    assert door.counts.counts.community == 1
    with store.unit_of_work() as session:
        created = list_organisations(session)
    assert [(o.name_en, o.kind) for o in created] == [("Tuk Chhou Farmers", OrganisationKind.COMMUNITY_BASED)]
    assert window.ctx.settings.last_organisation_id == created[0].id
    # The next new person gets it as the organisation, chosen from the list.
    qtbot.keyClick(door.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.organisation_id() == created[0].id
    assert not form.new_organisation.isVisible()


def test_indigenous_groups_are_added_renamed_and_deleted(
    window: Any, qtbot: Any, store: Store, monkeypatch: Any
) -> None:
    panel = groups_tab(qtbot, window)
    type_text(qtbot, panel.name_km, "ព្នង")
    qtbot.keyClicks(panel.name_en, "Bunong")
    qtbot.keyClick(panel.name_en, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert names_in(panel.list_model, 1) == ["Bunong"]
    # The same name again is refused next to the field.
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.name_en, "bunong")
    qtbot.keyClick(panel.name_en, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.errors["name_en"].isVisible()
    # Rename.
    panel.table.selectRow(0)
    panel.name_en.clear()
    qtbot.keyClicks(panel.name_en, "Phnong")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert names_in(panel.list_model, 1) == ["Phnong"]
    # Delete: refused while someone belongs to it, with the core's message.
    with store.unit_of_work() as session:
        group_id = list_indigenous_groups(session)[0].id
        create_participant(
            session, ParticipantInput(name_latin="Sav Lina", sex=Sex.FEMALE, indigenous_group_id=group_id)
        )
        create_indigenous_group(session, "", "Kreung")
    panel.reload()
    wait_idle(qtbot, window.ctx.worker)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    panel.table.selectRow(names_in(panel.list_model, 1).index("Phnong"))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert panel.general_error.isVisible()
    assert "cannot be deleted" in panel.general_error.text()
    assert panel.list_model.rowCount() == 2
    panel.table.selectRow(names_in(panel.list_model, 1).index("Kreung"))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert names_in(panel.list_model, 1) == ["Phnong"]


def test_the_list_models_pass_the_model_tester(window: Any, qtbot: Any, qtmodeltester: Any) -> None:
    from dialogue_desktop.core.services.organisations import OrganisationRow
    from dialogue_desktop.core.services.participants import IndigenousGroupRow

    panel = organisations_tab(qtbot, window)
    panel.list_model.set_rows([OrganisationRow("a", "ក", "A", "AA", OrganisationKind.CSO, Group.CSO, "07")])
    qtmodeltester.check(panel.list_model)
    groups = groups_tab(qtbot, window)
    groups.list_model.set_rows([IndigenousGroupRow("g", "ព្នង", "Bunong")])
    qtmodeltester.check(groups.list_model)


def test_organisations_are_filtered_by_kind_and_province(window: Any, qtbot: Any, store: Store) -> None:
    from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation

    with store.unit_of_work() as session:
        for name, kind, province in (
            ("Kampot Women's Network", OrganisationKind.CSO, "07"),
            ("Siem Reap Youth Forum", OrganisationKind.CSO, "17"),
            ("Provincial Department of Water", OrganisationKind.PROVINCIAL_DEPARTMENT, "07"),
            ("Ministry of Interior", OrganisationKind.NATIONAL_INSTITUTION, None),
        ):
            create_organisation(session, OrganisationInput(name_en=name, kind=kind, province_code=province))
    panel = organisations_tab(qtbot, window)
    assert len(names_in(panel.list_model, 1)) == 4
    panel.kind_filter.set_value(OrganisationKind.CSO.value)
    assert sorted(names_in(panel.list_model, 1)) == ["Kampot Women's Network", "Siem Reap Youth Forum"]
    panel.province_filter.setCurrentIndex(panel.province_filter.findData("07"))
    assert names_in(panel.list_model, 1) == ["Kampot Women's Network"]
    panel.kind_filter.set_value(None)  # every kind in Kampot: national ones work there too
    assert sorted(names_in(panel.list_model, 1)) == [
        "Kampot Women's Network", "Ministry of Interior", "Provincial Department of Water",
    ]  # fmt: skip
    assert panel.count.text() == "3 organisations"
