"""Importing a participant list from the Attendance tab: preview, columns by hand, bad rows, cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from tests.gui.conftest import wait_idle
from tests.gui.test_flows import open_workspace, seed
from tests.hostile_lists import huge_sheet_3, sheet_bomb, workbook_with_sheets

from dialogue_desktop.core.domain.models import Attendance, Participant
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.services.attendance import list_attendance
from dialogue_desktop.core.services.importing import RowStatus
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.widgets.list_import import ListImportDialog

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# Khmer headers the app knows, and one it does not ("លេខ Tel." holds the phones: mapped by hand).
KHMER_LIST = (
    "ឈ្មោះ,ឈ្មោះឡាតាំង,ភេទ,ឆ្នាំកំណើត,អង្គភាព,លេខ Tel.\n"
    "ស្រី សុខា,Srey Sokha,ស្រី,1998,Kampot Women's Network,\n"
    "ណុប វាសនា,Nop Veasna,ប្រុស,1985,Provincial Department of Water,012 345 678\n"
    "ចាន់ ស្រីមុំ,Chan Sreymom,ស្រី,2001,Kampot Youth Club,097 111 2222\n"
)


def registered(store: Store, dialogue_id: str) -> dict[str, Any]:
    with store.unit_of_work() as s:
        return {row.name_latin: row for row in list_attendance(s, dialogue_id)}


def people(store: Store) -> int:
    with store.unit_of_work() as s:
        return int(s.scalar(select(func.count()).select_from(Participant)) or 0)


def open_dialog(qtbot: Any, window: Any, dialogue_id: str) -> ListImportDialog:
    door = open_workspace(qtbot, window, dialogue_id, tab=2).attendance
    window.activateWindow()  # offscreen, a closed dialog does not give the activation back
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    door.search.setFocus()
    qtbot.keyClick(door.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in door.findChildren(ListImportDialog) if d.isVisible()]
    assert len(dialogs) == 1, "Ctrl+I opens the import dialog"
    return dialogs[0]


def load(qtbot: Any, dialog: ListImportDialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.open_file(path)


def test_khmer_headers_preview_a_column_mapped_by_hand_and_import(
    window: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    path = tmp_path / "invited.csv"
    path.write_text(KHMER_LIST, encoding="utf-8-sig")
    dialog = open_dialog(qtbot, window, ids["dialogue"])
    assert not dialog.import_button.isEnabled()
    load(qtbot, dialog, path)
    preview = dialog.preview
    assert preview is not None
    assert [row.status for row in preview.rows] == [RowStatus.IN_REGISTRY, RowStatus.NEW, RowStatus.NEW]
    assert dialog.rows.rowCount() == 3 and dialog.rows.item(0, 1).text() == "In the registry"
    assert "UTF-8 (BOM)" in dialog.summary.text() and "commas" in dialog.summary.text()
    assert "1 found in the registry" in dialog.summary.text() and "2 new people" in dialog.summary.text()
    # The columns recognised from Khmer names; the phone column has a name the app does not know.
    assert dialog.chosen_columns() == {
        "name_km": 0,
        "name_latin": 1,
        "sex": 2,
        "birth_year": 3,
        "organisation": 4,
    }
    assert dialog.combos[5].currentData() == ""
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.choose_column(5, "phone")
    assert dialog.chosen_columns()["phone"] == 5
    assert "Phone" in dialog.rows.horizontalHeaderItem(7).text()
    assert dialog.rows.item(1, 7).text() == "012 345 678"
    assert people(store) == 2  # nothing written yet
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 3 people"
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert not dialog.isVisible()
    rows = registered(store, ids["dialogue"])
    assert set(rows) == {"Srey Sokha", "Nop Veasna", "Chan Sreymom"}
    assert rows["Srey Sokha"].participant_id == ids["sokha"]  # the registry's person, not a copy
    assert people(store) == 4
    with store.unit_of_work() as s:
        phones = {p.name_latin: p.phone for p in s.scalars(select(Participant))}
    assert (
        phones["Nop Veasna"] == ""
    )  # read from the column mapped by hand, not kept: a list records no consent
    door = window.show_page("dialogues").workspace.attendance
    qtbot.waitUntil(lambda: door.counts.counts.total == 3)


def test_a_bad_row_is_listed_by_line_and_nothing_is_written(
    window: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    path = tmp_path / "bad.csv"
    path.write_text(
        "name_latin;sex;birth_year\nSok Dara;M;1990\n;F;1991\nLy Bopha;X;3000\n", encoding="utf-8"
    )
    dialog = open_dialog(qtbot, window, ids["dialogue"])
    # Dropped on the dialog rather than chosen.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.dropEvent(event)
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any(p.startswith("Line 3:") for p in problems), problems
    assert sum(p.startswith("Line 4:") for p in problems) == 2, problems  # sex and year
    assert "semicolons" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.confirm()  # even forced, nothing happens
    wait_idle(qtbot, window.ctx.worker)
    dialog.reject()
    assert registered(store, ids["dialogue"]) == {} and people(store) == 2


def test_cancel_while_reading_or_after_the_preview_writes_nothing(
    window: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    big = tmp_path / "big.csv"
    big.write_text("name_latin,sex\n" + "".join(f"Person {i},F\n" for i in range(15000)), encoding="utf-8")
    dialog = open_dialog(qtbot, window, ids["dialogue"])
    dialog.open_file(big)
    assert dialog.busy.isVisibleTo(dialog)
    dialog.stop_reading()
    assert not dialog.busy.isVisibleTo(dialog)
    wait_idle(qtbot, window.ctx.worker, timeout=30000)
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    small = tmp_path / "small.csv"
    small.write_text("name_latin,sex\nSok Dara,M\n", encoding="utf-8")
    load(qtbot, dialog, small)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.worker)
    assert not dialog.isVisible()
    assert registered(store, ids["dialogue"]) == {} and people(store) == 2
    with store.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(Attendance)) == 0


def test_the_dialog_fits_1366_by_728_in_both_languages(
    window: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    path = tmp_path / "kobo.csv"
    path.write_text(
        "start,end,Q1. ឈ្មោះ,Q2. ភេទ,ឆ្នាំកំណើត,អង្គភាព,លេខទូរស័ព្ទ\n"
        + "".join(f"2025-03-14,2025-03-14,ស្រី សុខា {i},{'ស្រី' if i % 2 else 'X'},1990,Kampot Youth Club,012 {i:03d} 456\n"
                  for i in range(30)),
        encoding="utf-8",
    )  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("km", "en"):
        set_language(language)
        dialog = open_dialog(qtbot, window, ids["dialogue"])
        load(qtbot, dialog, path)
        if dialog.chosen_columns().get("name_km") is None:
            with qtbot.waitSignal(dialog.previewed, timeout=20000):
                dialog.choose_column(2, "name_km")
        dialog.resize(1366, 728)
        qtbot.waitUntil(lambda d=dialog: d.width() == 1366)
        assert dialog.grab().save(str(SCREENSHOTS / f"{language}-list-import.png"))
        for widget in (dialog.import_button, dialog.cancel_button, dialog.choose_button):
            assert widget.width() >= widget.sizeHint().width(), widget.text()  # no button text cut off
        dialog.reject()
    set_language("en")


def test_every_sheet_is_previewed_and_bad_rows_are_named_by_sheet_and_line(
    window: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    path = tmp_path / "sheets.xlsx"
    path.write_bytes(
        workbook_with_sheets(
            {
                "Invited": [
                    ["name_latin", "sex", "birth_year"],
                    ["Sok Dara", "M", 1990],
                    ["Ly Bopha", "F", 1992],
                ],
                # The same columns in another order: read, shown under the first sheet's columns.
                "Late arrivals": [["sex", "name_latin"], ["F", "Chan Sophea"], ["?", "Kim Sok"]],
                "Organisations": [["Organisation", "Province"], ["Kampot Youth Club", "Kampot"]],
            }
        )
    )
    dialog = open_dialog(qtbot, window, ids["dialogue"])
    load(qtbot, dialog, path)
    assert "sheets “Invited”, “Late arrivals”" in dialog.summary.text()
    assert "Sheet “Organisations” was not read" in dialog.summary.text()
    labels = [dialog.rows.item(r, 0).text() for r in range(dialog.rows.rowCount())]
    assert labels == ["“Invited” 2", "“Invited” 3", "“Late arrivals” 2", "“Late arrivals” 3"]
    assert [dialog.rows.item(2, c).text() for c in (2, 3)] == ["Chan Sophea", "F"]  # name, then sex
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems == ["Sheet “Late arrivals”, line 3: sex: “?” is not a sex: write F, M or other."]
    assert not dialog.import_button.isEnabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1366, 728)
    qtbot.waitUntil(lambda: dialog.width() == 1366)
    assert dialog.grab().save(str(SCREENSHOTS / "en-list-import-sheets.png"))
    set_language("km")
    try:
        dialog.retranslate_ui()
        assert dialog.grab().save(str(SCREENSHOTS / "km-list-import-sheets.png"))
        assert dialog.combos[0].currentText() == "ឈ្មោះជាអក្សរឡាតាំង"  # the choices follow the language
        assert dialog.chosen_columns() == {"name_latin": 0, "sex": 1, "birth_year": 2}
        # Named in Khmer (this fails until the Khmer catalog translates the sheets' messages).
        assert "Organisations" in dialog.summary.text() and "was not read" not in dialog.summary.text()
        assert not dialog.problems.item(0).text().startswith("Sheet")
    finally:
        set_language("en")
    dialog.reject()
    assert registered(store, ids["dialogue"]) == {} and people(store) == 2


def test_a_hostile_workbook_is_refused_with_its_reason_and_nothing_is_written(
    window: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    dialog = open_dialog(qtbot, window, ids["dialogue"])
    good = tmp_path / "good.csv"
    good.write_text("name_latin,sex\nSok Dara,M\n", encoding="utf-8")
    load(qtbot, dialog, good)
    for path, words in (
        (huge_sheet_3(tmp_path / "huge-sheet-3.xlsx"), "more than 20,000 rows"),
        (sheet_bomb(tmp_path / "bomb-in-sheet-3.xlsx", 3), "more than 100 MB"),
    ):
        dialog.open_file(path)
        qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=60000)
        assert words in dialog.error.text()
        assert (
            dialog.preview is None and not dialog.import_button.isEnabled()
        )  # the good list's preview is gone
        assert not dialog.busy.isVisibleTo(dialog)
    dialog.confirm()  # even forced, nothing happens
    wait_idle(qtbot, window.ctx.worker)
    dialog.reject()
    assert registered(store, ids["dialogue"]) == {} and people(store) == 2
