"""Consent in the forms: without it the phone box is empty and disabled and a line beside it says why;
in the registry, the line warns before the tick is taken away that this deletes the phone."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from tests.gui.conftest import wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, Sex
from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.store.store import Store

PHONE = "012 345 678"


def test_the_doors_form_keeps_no_phone_without_consent_and_says_why(
    window: Any, qtbot: Any, store: Store
) -> None:
    with store.unit_of_work() as session:
        dialogue_id = create_dialogue(
            session, DialogueInput(kind=DialogueKind.COMMUNE, title_en="Roads", date=date(2025, 3, 14), province_code="07")
        )  # fmt: skip
    page = window.show_page("dialogues")
    with qtbot.waitSignal(page.workspace.loaded):
        page.open_dialogue(dialogue_id, 2)
    wait_idle(qtbot, window.ctx.worker)
    door = page.workspace.attendance
    qtbot.keyClicks(door.search, "Chan Dara")
    qtbot.keyClick(door.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = door.form
    assert not form.phone.isEnabled() and form.phone.text() == ""
    assert form.phone_note.isVisible() and "agrees to their data being kept" in form.phone_note.text()
    # With consent the phone can be typed; taking it away again empties the box.
    qtbot.mouseClick(form.consent_data, Qt.MouseButton.LeftButton)
    assert form.phone.isEnabled()
    qtbot.keyClicks(form.phone, PHONE)
    qtbot.mouseClick(form.consent_data, Qt.MouseButton.LeftButton)
    assert form.phone.text() == "" and not form.phone.isEnabled()
    with qtbot.waitSignal(door.refreshed):
        qtbot.keyClick(form.name_latin, Qt.Key.Key_Return)
    with store.unit_of_work() as session:
        person = session.query(Participant).one()
        assert (person.name_latin, person.phone, person.consent_data) == ("Chan Dara", "", False)


def test_the_registry_warns_then_deletes_the_phone_when_consent_is_taken_away(
    window: Any, qtbot: Any, store: Store
) -> None:
    with store.unit_of_work() as session:
        pid = create_participant(
            session, ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE, phone=PHONE, consent_data=True)
        )
    page = window.show_page("participants")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert not page.person.phone_note.isVisible()  # nobody chosen: nothing to say
    page.table.selectRow(0)
    person = page.person
    qtbot.waitUntil(lambda: person.view is not None and person.view.id == pid)
    assert person.phone.text() == PHONE and person.phone.isEnabled()
    assert "deletes this phone number" in person.phone_note.text() and person.phone_note.isVisible()
    qtbot.mouseClick(person.consent_data, Qt.MouseButton.LeftButton)  # the tick saves at once
    qtbot.waitUntil(lambda: person.saved_label.text() != "")
    wait_idle(qtbot, window.ctx.worker)
    assert person.phone.text() == "" and not person.phone.isEnabled()
    assert "agrees to their data being kept" in person.phone_note.text()
    with store.unit_of_work() as session:
        stored = session.get(Participant, pid)
        assert stored is not None and (stored.consent_data, stored.phone) == (False, "")
