"""The Reports page: charts equal the core's indicators, filters recompute them, a number lists its records,
the exports write a workbook, CSV files and a PDF off the database thread (cancellable, leaving nothing when
cancelled, recorded in the export log and listed), and Khmer mode shows Khmer words and digits."""

from __future__ import annotations

import re
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select
from tests.gui.conftest import visible_texts, wait_idle

from dialogue_desktop.core.domain.enums import DialogueKind, Sex
from dialogue_desktop.core.domain.models import Participant
from dialogue_desktop.core.i18n import set_language
from dialogue_desktop.core.reports.export_log import list_exports
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import compute_indicators
from dialogue_desktop.core.reports.suppression import min_count_setting
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.services.dialogues import DialogueInput, create_dialogue
from dialogue_desktop.core.services.participants import ParticipantInput, create_participant
from dialogue_desktop.core.services.places import KAMPOT, PROGRAMME_PROVINCES
from dialogue_desktop.core.services.youth import youth_ages
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.context import AppContext, DeviceInfo
from dialogue_desktop.gui.models.report_figures import GROUPS
from dialogue_desktop.gui.models.report_table import (
    FigureRole,
    IndicatorTableModel,
    TracedRecord,
    TraceModel,
    ValueRole,
)
from dialogue_desktop.gui.operations import attendance as attendance_ops
from dialogue_desktop.gui.operations import reports as reports_ops
from dialogue_desktop.gui.operations.reports import ExportProgress
from dialogue_desktop.gui.pages.reports import ReportsPage
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.worker import DbWorker

SHOTS = Path("/tmp/reports-shots")


@pytest.fixture
def demo_store(store: Store) -> Store:
    make_demo(store, dialogues=30, seed=2)
    return store


def _context(store: Store, province: str | None = None) -> AppContext:
    return AppContext(worker=DbWorker(store), settings=GuiSettings.load(),
                      device=DeviceInfo(name="test laptop", province_code=province))  # fmt: skip


@pytest.fixture
def page(qtbot: Any, demo_store: Store, shown_boxes: list[tuple[str, str]]) -> Iterator[ReportsPage]:
    ctx = _context(demo_store)
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    reports.resize(1280, 860)
    reports.show()
    with qtbot.waitSignal(reports.refreshed, timeout=20000):
        reports.page_shown()
    yield reports
    wait_idle(qtbot, ctx.worker)
    ctx.worker.stop()
    set_language("en")


def _core(store: Store, report: ReportFilter, today: date) -> Any:
    with store.unit_of_work() as session:
        return compute_indicators(
            session, ReportFilter(**{**report.__dict__, "youth_ages": youth_ages(session)}), today
        )


def _values(view: Any, set_index: int) -> list[float]:
    return list(view.values(set_index))


def test_charts_show_the_core_indicators(page: ReportsPage, demo_store: Store) -> None:
    core = _core(demo_store, ReportFilter(), page._today)
    assert core.dialogues.total.dialogues > 0
    dialogues = page.charts["dialogues"]
    assert _values(dialogues, 0) == [r.dialogues for r in core.dialogues.by_province]
    assert dialogues.category_labels() == [r.label_en for r in core.dialogues.by_province]
    attendance = page.charts["attendance"]
    assert _values(attendance, 0) == [getattr(core.attendance.total.attendance, f) for f, _v, _l in GROUPS]
    assert _values(attendance, 1) == [getattr(core.attendance.total.unique, f) for f, _v, _l in GROUPS]
    voice = page.charts["voice"]
    shares = {s.key: s for s in core.voice.total.voice.rows()}
    assert _values(voice, 0) == pytest.approx([shares[flag].spoke_share for _f, flag, _l in GROUPS])
    assert _values(voice, 1) == pytest.approx([shares[flag].present_share for _f, flag, _l in GROUPS])
    actions = _values(page.charts["actions"], 0)
    total = core.actions.breakdown.total
    assert actions == [
        total.agreed,
        total.in_progress,
        total.delayed,
        total.overdue,
        total.done,
        total.dropped,
    ]
    # The numbers on the bars are the values a person reads.
    assert page.charts["attendance"].value_texts()[0][0] == f"{core.attendance.total.attendance.female:,}"


def test_province_filter_recomputes_the_charts(qtbot: Any, page: ReportsPage, demo_store: Store) -> None:
    before = _values(page.charts["attendance"], 0)
    province = next(r.key for r in page.indicators.dialogues.by_province if r.key)  # type: ignore[union-attr]
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        page.set_province(province)
    core = _core(demo_store, ReportFilter(province_code=province), page._today)
    assert page.indicators is not None and page.indicators.filter.province_code == province
    assert _values(page.charts["dialogues"], 0) == [r.dialogues for r in core.dialogues.by_province]
    assert page.charts["dialogues"].category_labels() == [r.label_en for r in core.dialogues.by_province]
    after = _values(page.charts["attendance"], 0)
    assert after == [getattr(core.attendance.total.attendance, f) for f, _v, _l in GROUPS]
    assert after != before
    assert page.table_model.rowCount() == 2  # all, and the one province


def test_field_laptop_starts_with_its_own_province(qtbot: Any, demo_store: Store) -> None:
    ctx = _context(demo_store, province=KAMPOT)
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    with qtbot.waitSignal(reports.refreshed, timeout=20000):
        reports.page_shown()
    assert reports.province.currentData() == KAMPOT
    assert reports.indicators is not None and reports.indicators.filter.province_code == KAMPOT
    # The programme's five provinces come first in the list, after "every province".
    assert [reports.province.itemData(i) for i in range(1, 6)] == list(PROGRAMME_PROVINCES)
    wait_idle(qtbot, ctx.worker)
    ctx.worker.stop()


def test_clicking_a_cell_lists_the_records_and_opens_the_dialogue(qtbot: Any, page: ReportsPage) -> None:
    model = page.table_model
    women = next(c for c in range(model.columnCount()) if model.headerData(c, _horizontal()) == "Women")
    index = model.index(0, women)
    expected = int(model.data(index, ValueRole))
    assert expected > 0
    page.table.clicked.emit(index)
    wait_idle(qtbot, page.ctx.worker)
    panel = page.trace_panel
    assert panel.isVisible()
    records = panel.model.records
    assert sum(r.count for r in records) == expected
    assert "Women" in panel.title.text()
    # Pick a record and open its dialogue.
    panel.table.selectRow(0)
    assert panel.open_button.isEnabled()
    with qtbot.waitSignal(page.open_dialogue_requested) as opened:
        panel.open_button.click()
    assert opened.args == [records[0].dialogue_id]


def test_clicking_a_bar_lists_its_actions(qtbot: Any, page: ReportsPage) -> None:
    overdue = page.indicators.actions.breakdown.total.overdue  # type: ignore[union-attr]
    page.charts["actions"].click_bar(0, 3)  # the overdue bar
    wait_idle(qtbot, page.ctx.worker)
    records = page.trace_panel.model.records
    assert len(records) == overdue
    assert all(r.table == "action" and r.dialogue_id for r in records)


def test_models_pass_the_model_tester(qtmodeltester: Any, page: ReportsPage) -> None:
    qtmodeltester.check(page.table_model)
    qtmodeltester.check(IndicatorTableModel())
    trace = TraceModel()
    trace.set_records(
        [
            TracedRecord("dialogue", "d1", "2025-01-01 Kampot", "d1"),
            TracedRecord("participant", "p", "Sokha", None),
        ]
    )
    qtmodeltester.check(trace)
    assert page.table_model.data(page.table_model.index(0, 1), FigureRole) is not None


def _workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    assert len(book.sheetnames) > 1
    return " ".join(
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )


def test_export_workbook(
    qtbot: Any, page: ReportsPage, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report"  # the page adds the suffix
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    exports = page.exports
    assert exports.buttons["xlsx"].isEnabled()
    with qtbot.waitSignal(exports.exported, timeout=30000) as written:
        exports.buttons["xlsx"].click()
        assert exports.progress.isVisible() and exports.cancel_button.isVisible()
        assert not exports.buttons["xlsx"].isEnabled()
    assert written.args == [str(tmp_path / "report.xlsx")]
    assert not exports.progress.isVisible() and not exports.cancel_button.isVisible()
    text = _workbook_text(tmp_path / "report.xlsx")
    assert "Attendance" in text
    # A person in the raw data (by pseudonymous id) who agreed to share their data.
    with demo_store.unit_of_work() as session:
        people = session.execute(
            select(Participant.id, Participant.name_latin).where(
                Participant.consent_data.is_(True), Participant.name_latin != ""
            )
        ).all()
    consenting = next(name for person_id, name in people if person_id in text)
    assert consenting not in text  # no names unless asked
    exports.personal.setChecked(True)
    with qtbot.waitSignal(exports.exported, timeout=30000):
        exports.buttons["xlsx"].click()
    text = _workbook_text(tmp_path / "report.xlsx")
    assert "Name in Latin letters" in text
    assert consenting in text


def test_export_csv_and_pdf(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, name in (("csv", "report.zip"), ("pdf", "report.pdf")):
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *_a, name=name, **_k: (str(tmp_path / name), "")
        )
        with qtbot.waitSignal(page.exports.exported, timeout=60000):
            page.exports.buttons[key].click()
    with zipfile.ZipFile(tmp_path / "report.zip") as archive:
        assert any(n.endswith(".csv") for n in archive.namelist())
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_khmer_labels(qtbot: Any, page: ReportsPage) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.charts["attendance"].click_bar(0, 0)
    wait_idle(qtbot, page.ctx.worker)
    page.grab().save(str(SHOTS / "reports-en.png"))
    set_language("km")
    page.retranslate_ui()
    wait_idle(qtbot, page.ctx.worker)
    assert page.trace_panel.title.text() == "វត្តមាន៖ ស្ត្រី"  # the records' caption follows the language
    page.grab().save(str(SHOTS / "reports-km.png"))
    page.tabs.setCurrentIndex(1)
    page.grab().save(str(SHOTS / "reports-km-table.png"))
    page.tabs.setCurrentIndex(0)
    proper_names = {"CSO", "XLSX", "CSV", "PDF", "zip", "Q"}
    texts = visible_texts(page)
    for view in page.charts.values():
        chart = view.chart()
        texts += [chart.title(), *view.category_labels(), *view.value_axis_labels()]
        texts += [t for per_set in view.value_texts() for t in per_set]
        texts += [s.label() for s in view.sets]
    for index in range(page.table_model.rowCount()):
        for column in range(1, page.table_model.columnCount()):
            texts.append(page.table_model.data(page.table_model.index(index, column)))
    texts = [re.sub(r"<[^>]+>|&\w+;", " ", t) for t in texts]  # rich-text legends: what is read
    offending = [
        t for t in texts if set(re.findall(r"[A-Za-z]+", t)) - proper_names or re.search(r"[0-9]", t)
    ]
    # Place and dialogue names typed in Latin are proper names; only the trace list may hold them.
    assert offending == [], offending


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _drawn(view: Any) -> Counter[str]:
    """What the chart's scene holds, by kind of item (axes' lines, labels, grid, bars)."""
    return Counter(type(item).__name__ for item in view.scene().items())


def test_a_language_switch_redraws_the_axes_once(qtbot: Any, page: ReportsPage) -> None:
    drawn = {name: _drawn(view) for name, view in page.charts.items()}
    english = {name: view.category_labels() for name, view in page.charts.items()}
    for language in ("km", "en", "km"):
        set_language(language)
        page.retranslate_ui()
        wait_idle(qtbot, page.ctx.worker)
        QApplication.processEvents()
        for name, view in page.charts.items():
            assert _drawn(view) == drawn[name], f"{name}: old axes still drawn after switching to {language}"
            assert view.chart().axes() and len(view.chart().axes()) == 2
            ticks = view.value_axis_labels()
            assert ticks and all(
                re.fullmatch(r"[០-៩,.%]+" if language == "km" else r"[0-9,.%]+", t) for t in ticks
            )
            if language == "en":
                assert view.category_labels() == english[name]
            else:
                assert view.category_labels() != english[name]


# --- exports off the database thread ---------------------------------------------------------------------


class PausedExport:
    """Holds the export's writing on the printing thread at its first progress report (the file half
    written), until released; the real writing goes on after."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paused = threading.Event()
        self.release = threading.Event()
        self.threads: list[str] = []
        real = ExportProgress.report

        def report(progress: ExportProgress, done: int, total: int) -> None:
            if not self.paused.is_set():
                self.threads.append(threading.current_thread().name)
                self.paused.set()
                assert self.release.wait(20)
            real(progress, done, total)

        monkeypatch.setattr(ExportProgress, "report", report)


def _save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))


def _logged(store: Store) -> list[Any]:
    with store.unit_of_work() as session:
        return list_exports(session)


def test_a_cancelled_export_leaves_nothing_and_is_recorded_as_cancelled(
    qtbot: Any, page: ReportsPage, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _save_to(monkeypatch, out / "report.xlsx")
    held = PausedExport(monkeypatch)
    exports = page.exports
    exports.buttons["xlsx"].click()
    qtbot.waitUntil(held.paused.is_set, timeout=20000)  # being written now, on the printing thread
    assert held.threads == ["pdf-render"]
    assert [p.name for p in out.iterdir()][0].startswith(".dialogue-export-")  # only a temporary part
    assert exports.cancel_button.isVisible() and exports.progress.isVisible()
    with qtbot.waitSignal(exports.stopped, timeout=5000):
        exports.cancel_button.click()
    held.release.set()
    wait_idle(qtbot, page.ctx.worker, timeout=20000)
    assert list(out.iterdir()) == []  # neither the file nor a part of it
    assert exports.status.text() == "Export cancelled: no file was written."
    assert exports.buttons["xlsx"].isEnabled() and not exports.cancel_button.isVisible()
    (entry,) = _logged(demo_store)
    assert (entry.format, entry.outcome, entry.via) == ("xlsx", "cancelled", "app")
    # The Exports made tab lists it.
    page.tabs.setCurrentIndex(2)
    wait_idle(qtbot, page.ctx.worker)
    model = page.export_list.model
    assert model.rowCount() == 1 and model.text(0, 5) == "Cancelled" and model.text(0, 1) == "Workbook (XLSX)"


def test_a_door_registration_completes_while_an_export_is_written(
    qtbot: Any, page: ReportsPage, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_store.unit_of_work() as session:
        dialogue_id = create_dialogue(session, DialogueInput(
            title_en="Water forum", kind=DialogueKind.COMMUNE, date=date(2026, 3, 4), province_code="07"))  # fmt: skip
        person_id = create_participant(session, ParticipantInput(name_latin="Srey Sokha", sex=Sex.FEMALE))
    _save_to(monkeypatch, tmp_path / "report.zip")
    held = PausedExport(monkeypatch)
    page.exports.buttons["csv"].click()
    qtbot.waitUntil(held.paused.is_set, timeout=20000)
    registered: list[str] = []
    attendance_ops.register(dialogue_id, person_id).success(registered.append).run(page.ctx.worker)
    qtbot.waitUntil(lambda: bool(registered), timeout=5000)  # the database is free while the file is written
    assert page.exports.busy and not (tmp_path / "report.zip").exists()
    with qtbot.waitSignal(page.exports.exported, timeout=30000):
        held.release.set()
    wait_idle(qtbot, page.ctx.worker)
    with zipfile.ZipFile(tmp_path / "report.zip") as archive:
        assert "attendance.csv" in archive.namelist()
    assert [e.outcome for e in _logged(demo_store)] == ["written"]
    assert page.exports.status.text() == f"Saved: {tmp_path / 'report.zip'}"


def test_the_minimum_count_of_settings_applies_to_the_page_s_exports(
    qtbot: Any, page: ReportsPage, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = page.exports
    assert exports.personal.isEnabled()
    assert exports.small_counts.text() == "Every count is shown in exports (Settings: small counts)."
    exports.personal.setChecked(True)
    with qtbot.waitSignal(page.ctx.worker.finished, timeout=5000):
        reports_ops.set_min_count("5").run(page.ctx.worker)  # as the Settings page saves it
    wait_idle(qtbot, page.ctx.worker)
    assert exports.small_counts.text() == "Counts of people below 5 are hidden in exports (Settings)."
    assert (
        not exports.personal.isEnabled() and not exports.personal.isChecked()
    )  # no names with hidden counts
    _save_to(monkeypatch, tmp_path / "donor.xlsx")
    with qtbot.waitSignal(exports.exported, timeout=30000):
        exports.buttons["xlsx"].click()
    book = openpyxl.load_workbook(tmp_path / "donor.xlsx")
    assert "raw_attendance" not in book.sheetnames
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert "Counts below 5 are not shown" in str(about["Small counts"])
    (entry,) = _logged(demo_store)
    assert entry.min_count == 5 and not entry.personal_data and entry.outcome == "written"


def test_the_exports_made_tab_in_both_languages(
    qtbot: Any, qtmodeltester: Any, page: ReportsPage, demo_store: Store, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _save_to(monkeypatch, tmp_path / "board.pdf")
    with qtbot.waitSignal(page.exports.exported, timeout=60000):
        page.exports.buttons["pdf"].click()
    page.resize(1366, 728)
    page.tabs.setCurrentIndex(2)
    wait_idle(qtbot, page.ctx.worker)
    model = page.export_list.model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.text(0, 1) == "PDF report" and model.text(0, 5) == "Saved"
    assert model.text(0, 3) == "All shown"
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "reports-exports-en.png"))
    set_language("km")
    page.retranslate_ui()
    wait_idle(qtbot, page.ctx.worker)
    page.grab().save(str(SHOTS / "reports-exports-km.png"))
    texts = [model.text(0, c) for c in (1, 3, 5)] + [page.tabs.tabText(2), page.exports.small_counts.text()]
    assert not [t for t in texts if re.search(r"[A-Za-z0-9]", t.replace("PDF", ""))], texts


def test_the_minimum_count_is_set_in_settings_and_checked(qtbot: Any, demo_store: Store) -> None:
    from dialogue_desktop.gui.pages.settings import SettingsPage

    ctx = _context(demo_store)
    settings = SettingsPage(ctx)
    qtbot.addWidget(settings)
    settings.resize(1366, 728)
    settings.show()
    settings.page_shown()
    wait_idle(qtbot, ctx.worker)
    field = settings.min_count
    assert field.label.text() == "Hide counts of people below" and field.edit.text() == "0"
    for typed, reason in (("abc", "Enter a whole number."), ("101", "Enter a number from 0 to 100.")):
        field.edit.setText(typed)
        field.edit.editingFinished.emit()  # leaving the field saves it
        wait_idle(qtbot, ctx.worker)
        assert field.error.isVisible() and field.error.text().endswith(reason)
    with demo_store.unit_of_work() as session:
        assert min_count_setting(session) == 0  # nothing wrong was saved
    field.edit.setText("5")
    field.edit.editingFinished.emit()
    wait_idle(qtbot, ctx.worker)
    assert not field.error.isVisible() and field.edit.text() == "5"
    with demo_store.unit_of_work() as session:
        assert min_count_setting(session) == 5
    SHOTS.mkdir(exist_ok=True)
    settings.grab().save(str(SHOTS / "settings-en.png"))
    set_language("km")
    settings.retranslate_ui()
    wait_idle(qtbot, ctx.worker)
    assert field.edit.text() == "៥"  # Khmer digits in Khmer mode
    settings.grab().save(str(SHOTS / "settings-km.png"))
    set_language("en")
    ctx.worker.stop()


def test_an_export_that_cannot_be_written_says_why_and_is_recorded_as_failed(
    qtbot: Any, page: ReportsPage, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_to(monkeypatch, tmp_path / "gone" / "report.xlsx")  # a folder removed meanwhile (a USB stick)
    with qtbot.waitSignal(page.exports.stopped, timeout=30000):
        page.exports.buttons["xlsx"].click()
    wait_idle(qtbot, page.ctx.worker)
    status = page.exports.status.text()  # why, and the file by its name (not the folder's path)
    assert status.startswith("The report report.xlsx could not be saved: the folder is not there any more")
    assert str(tmp_path) not in status
    assert page.exports.buttons["xlsx"].isEnabled() and not page.exports.progress.isVisible()
    assert [e.outcome for e in _logged(demo_store)] == ["failed"]
    assert not (tmp_path / "gone").exists()
