"""On a laptop, the organisations and groups editors offer Delete only for the entries the laptop added: for
one the central office (or another laptop) added, Delete is off and its tooltip says why, in the user's
language, since the office would refuse that deletion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from tests.core.sync.conftest import Office, export_to
from tests.gui.conftest import close_window, make_window, wait_idle
from tests.gui.test_organisations import groups_tab, names_in, organisations_tab

from dialogue_desktop.core.domain.models import IndigenousGroup, Organisation
from dialogue_desktop.core.services.organisations import OrganisationInput, create_organisation
from dialogue_desktop.core.services.participants import create_indigenous_group
from dialogue_desktop.core.services.shared_lists import NOT_YOURS_TO_DELETE
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.core.sync.import_ import import_file
from dialogue_desktop.gui.widgets import dialogs


@pytest.fixture
def laptop_window(qtbot: Any, store: Store, tmp_path: Path, shown_boxes: Any) -> Iterator[Any]:
    """The window of a joined laptop holding the office's organisation and group, and one of its own."""
    folder = tmp_path / "office"
    folder.mkdir()
    office = Office(folder)
    office.join(store, office.enrol())
    with store.unit_of_work() as session:
        create_organisation(session, OrganisationInput(name_en="Kampot Women's Network", kind="cso"))
    assert office.import_(export_to(store, folder))[0].status == "imported"
    with office.store.unit_of_work() as session:
        session.add_all(
            [
                Organisation(name_en="Ministry of Interior", kind="national_institution"),
                IndigenousGroup(name_km="ព្នង", name_en="Bunong"),
            ]
        )
    assert import_file(store, office.receipt(store)).status == "imported"
    office.store.close()
    win = make_window(qtbot, store)
    yield win
    close_window(win)


def select(panel: Any, name: str, column: int = 1) -> None:
    panel.table.selectRow(names_in(panel.list_model, column).index(name))


def test_delete_is_offered_only_for_the_laptops_own_organisations(
    laptop_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = organisations_tab(qtbot, laptop_window)
    select(panel, "Ministry of Interior")
    assert not panel.delete_button.isEnabled()
    assert panel.delete_button.toolTip() == NOT_YOURS_TO_DELETE
    # Its name may still be corrected, and saving leaves Delete off.
    panel.name_km.setText("ក្រសួងមហាផ្ទៃ")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, laptop_window.ctx.worker)
    assert panel.message.text() == "Saved." and not panel.delete_button.isEnabled()
    select(panel, "Kampot Women's Network")
    assert panel.delete_button.isEnabled() and panel.delete_button.toolTip() == ""
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, laptop_window.ctx.worker)
    assert names_in(panel.list_model, 1) == ["Ministry of Interior"]


def test_delete_is_off_for_the_offices_group(laptop_window: Any, qtbot: Any) -> None:
    panel = groups_tab(qtbot, laptop_window)
    select(panel, "Bunong")
    assert not panel.delete_button.isEnabled()
    assert panel.delete_button.toolTip() == NOT_YOURS_TO_DELETE
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)  # a new entry: nothing to delete, no reason
    assert not panel.delete_button.isEnabled() and panel.delete_button.toolTip() == ""


def test_the_office_may_delete_every_entry(qtbot: Any, tmp_path: Path, shown_boxes: Any) -> None:
    office = Office(tmp_path)
    with office.store.unit_of_work() as session:
        create_indigenous_group(session, "ព្នង", "Bunong")
    win = make_window(qtbot, office.store)
    try:
        panel = groups_tab(qtbot, win)
        select(panel, "Bunong")
        assert panel.delete_button.isEnabled()
    finally:
        close_window(win)
        office.store.close()
