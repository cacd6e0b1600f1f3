"""Every export is recorded (who, when, what) when its data is read, with its outcome after; the file is
written whole or not at all."""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from pathlib import Path

import pytest
from tests.core.reports.report_dataset import TODAY, Ids

from dialogue_desktop.core.reports.export_log import finish_export, list_exports
from dialogue_desktop.core.reports.exporting import ExportData, ExportRequest, gather_export, write_export
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.output import CancelToken, ExportCancelled
from dialogue_desktop.core.services.errors import UserError
from dialogue_desktop.core.services.places import SIEM_REAP
from dialogue_desktop.core.store.store import Store


def gather(store: Store, request: ExportRequest) -> ExportData:
    with store.unit_of_work() as session:
        return gather_export(session, request)


def test_an_export_is_recorded_with_who_when_and_what(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, _ids = sqlite_programme
    report = ReportFilter(date_from=date(2024, 1, 1), date_to=date(2024, 3, 31), province_code=SIEM_REAP)
    data = gather(store, ExportRequest("csv", report, TODAY, "km", personal_data=True, via="cli"))
    with store.unit_of_work() as session:
        (entry,) = list_exports(session)
    assert entry.id == data.log_id and entry.outcome == "started"  # recorded with the data it read
    assert entry.device_id == store.device_id and entry.device_name
    assert entry.os_user  # the account running the program
    assert (entry.format, entry.language, entry.via, entry.min_count) == ("csv", "km", "cli", 0)
    assert entry.personal_data is True
    assert entry.filters == {"date_from": "2024-01-01", "date_to": "2024-03-31", "province": SIEM_REAP,
                             "kind": None, "level": None}  # fmt: skip
    write_export(data, tmp_path / "report.zip")
    with store.unit_of_work() as session:
        finish_export(session, data.log_id, "written")
    second = gather(store, ExportRequest("pdf", today=TODAY, min_count=5))
    with store.unit_of_work() as session:
        newest, first = list_exports(session)
    assert newest.id == second.log_id and newest.min_count == 5 and newest.outcome == "started"
    assert first.outcome == "written" and first.finished_at is not None


def test_a_refused_export_is_not_recorded(sqlite_programme: tuple[Store, Ids]) -> None:
    store, _ids = sqlite_programme
    with pytest.raises(Exception, match="Names cannot be exported"):
        gather(store, ExportRequest("xlsx", today=TODAY, personal_data=True, min_count=5))
    with store.unit_of_work() as session:
        assert list_exports(session) == []


@pytest.mark.parametrize(
    "format, name", [("xlsx", "r.xlsx"), ("csv", "r.zip"), ("csv", "folder"), ("pdf", "r.pdf")]
)
def test_a_cancelled_export_leaves_nothing(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path, format: str, name: str
) -> None:
    store, _ids = sqlite_programme
    data = gather(store, ExportRequest(format, today=TODAY))
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        assert token.cancel()  # cancelled while it writes

    with pytest.raises(ExportCancelled):
        write_export(data, out / name, progress, token)
    assert seen and list(out.iterdir()) == []  # neither the file nor a temporary part of it


def test_a_failed_export_leaves_nothing_and_an_old_file_untouched(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, _ids = sqlite_programme
    data = gather(store, ExportRequest("xlsx", today=TODAY))
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "r.xlsx"
    target.write_bytes(b"last month's report")

    def broken(done: int, total: int) -> None:
        raise OSError("disk full")

    with pytest.raises(UserError) as refused:
        write_export(data, target, broken)
    assert isinstance(refused.value.__cause__, OSError)
    # The file by its name and a reason of the app's (no error number: "could not be written"), no folder.
    assert refused.value.text() == (
        "The report r.xlsx could not be saved: the file could not be written. Choose another place; nothing "
        "was written."
    )
    assert [p.name for p in target.parent.iterdir()] == ["r.xlsx"]
    assert target.read_bytes() == b"last month's report"


def test_cancelling_after_the_file_is_in_place_is_refused(
    sqlite_programme: tuple[Store, Ids], tmp_path: Path
) -> None:
    store, _ids = sqlite_programme
    data = gather(store, ExportRequest("xlsx", today=TODAY))
    token = CancelToken()
    write_export(data, tmp_path / "r.xlsx", token=token)
    assert not token.cancel()  # too late: the file is whole and stays
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    # A cancel from another thread waits for the rename and is refused, or wins and leaves no file.
    data = gather(store, ExportRequest("pdf", today=TODAY))
    token = CancelToken()
    result: list[bool] = []
    canceller = threading.Thread(target=lambda: result.append(token.cancel()))
    canceller.start()
    with contextlib.suppress(ExportCancelled):
        write_export(data, tmp_path / "r.pdf", token=token)
    canceller.join()
    assert (tmp_path / "r.pdf").exists() is (not result[0])
