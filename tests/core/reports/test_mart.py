"""The report mart follows every kind of change, on SQLite and PostgreSQL.

After each change the indicators (read from the mart, refreshed incrementally) must equal those read
from a mart rebuilt from scratch, and the change must show in the figure it moves. The dataset is the
fixed programme of `report_dataset` (see test_indicators for who is who).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from tests.core.reports.report_dataset import TODAY, Ids, build

from dialogue_desktop.core.domain.enums import DialogueStatus, OrganisationKind, Sex
from dialogue_desktop.core.domain.models import Attendance, ChangeRecord, Dialogue, Organisation, Participant
from dialogue_desktop.core.domain.report_models import ReportDialogue, ReportPresence, ReportState
from dialogue_desktop.core.reports import mart
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators, add_unique_breakdowns, compute_indicators
from dialogue_desktop.core.services import attendance, dialogues
from dialogue_desktop.core.services import participants as people
from dialogue_desktop.core.services.places import KAMPONG_CHAM
from dialogue_desktop.core.store.bulk import bulk_insert
from dialogue_desktop.core.store.engine import make_engine
from dialogue_desktop.core.store.schema import upgrade
from dialogue_desktop.core.store.store import Store


def indicators(store: Store) -> tuple[Indicators, mart.Refresh]:
    """The indicators after the refresh a report does (and what that refresh did)."""
    with store.unit_of_work() as session:
        done = mart.refresh(session)
        return compute_indicators(session, today=TODAY), done


def rebuilt(store: Store) -> Indicators:
    """The indicators from a mart rebuilt from the records."""
    with store.unit_of_work() as session:
        assert mart.refresh(session, full=True).kind == "rebuilt"
        return compute_indicators(session, today=TODAY)


def edit(store: Store, change: Callable[[Session], object]) -> None:
    with store.unit_of_work() as session:
        change(session)


def follows(store: Store, change: Callable[[Session], object]) -> tuple[Indicators, Indicators]:
    """(before, after) a change, checking the incremental refresh gives what a rebuild gives."""
    before, _done = indicators(store)
    edit(store, change)
    after, done = indicators(store)
    assert done.kind == "incremental" and done.dialogues >= 1
    with store.unit_of_work() as session:  # counted from the presence rows, not the kept histogram
        everything = compute_indicators(session, ReportFilter(date_from=date(1990, 1, 1)), today=TODAY)
    assert everything.attendance == after.attendance
    assert after == rebuilt(store)
    return before, after


def test_editing_a_participants_sex_moves_attendance_and_unique_figures(programme: tuple[Store, Ids]) -> None:
    store, ids = programme

    def make_b_a_woman(session: Session) -> None:
        session.get_one(Participant, ids.people["B"]).sex = Sex.FEMALE

    before, after = follows(store, make_b_a_woman)
    # B attended d1 and d2 (d6 is deleted): two more women present, one more unique woman.
    assert after.attendance.total.attendance.female == before.attendance.total.attendance.female + 2
    assert after.attendance.total.unique.female == before.attendance.total.unique.female + 1
    assert after.voice.total.voice.women.spoke == before.voice.total.voice.women.spoke + 1  # B spoke at d1


def test_deleting_an_attendance(programme: tuple[Store, Ids]) -> None:
    store, ids = programme
    before, after = follows(store, lambda s: attendance.unregister(s, ids.attendance["d4:C"]))
    assert after.attendance.total.attendance.total == before.attendance.total.attendance.total - 1
    d4 = next(row for row in after.per_dialogue if row.id == ids.dialogues["d4"])
    assert d4.attendance.total == 1


def test_merging_two_people_counts_them_once(programme: tuple[Store, Ids]) -> None:
    store, ids = programme
    before, after = follows(store, lambda s: people.merge_participants(s, ids.people["A"], ids.people["C"]))
    assert after.attendance.total.unique.total == before.attendance.total.unique.total - 1
    # A and C were both at d1: one attendance stays there.
    assert after.attendance.total.attendance.total == before.attendance.total.attendance.total - 1


def test_an_organisations_kind_moves_its_people(programme: tuple[Store, Ids]) -> None:
    store, ids = programme

    def dp_becomes_a_cso(session: Session) -> None:
        session.get_one(Organisation, ids.organisations["dp"]).kind = OrganisationKind.CSO

    before, after = follows(store, dp_becomes_a_cso)
    assert after.attendance.total.attendance.cso == before.attendance.total.attendance.cso + 1  # D at d1


def test_a_dialogue_leaving_and_joining_the_report(programme: tuple[Store, Ids]) -> None:
    store, ids = programme
    before, after = follows(store, lambda s: dialogues.delete_dialogue(s, ids.dialogues["d4"]))
    assert after.dialogues.total.dialogues == before.dialogues.total.dialogues - 1

    def hold_d5(session: Session) -> None:
        dialogues.set_status(session, ids.dialogues["d5"], DialogueStatus.HELD)

    _before, held = follows(store, hold_d5)
    assert held.dialogues.total.dialogues == after.dialogues.total.dialogues + 1


def test_a_bulk_insert_and_a_sync_like_update_are_followed(programme: tuple[Store, Ids]) -> None:
    store, ids = programme

    def bulk(session: Session) -> None:  # the fast path of imports and demo data, with its change log
        bulk_insert(
            session, Attendance, [{"dialogue_id": ids.dialogues["d4"], "participant_id": ids.people["B"]}]
        )

    before, after = follows(store, bulk)
    assert after.attendance.total.attendance.total == before.attendance.total.attendance.total + 1

    def merged_from_a_bundle(session: Session) -> None:
        # What `sync.merge` does for a received change: a Core update and its change-log row, no ORM.
        session.execute(update(Participant).where(Participant.id == ids.people["D"]).values(sex=Sex.FEMALE))
        session.add(ChangeRecord(revision="zzzz-remote", base_revision="", table_name="participant",
                                 record_id=ids.people["D"], op="update", values={"sex": "female"},
                                 old_values={"sex": "male"}, device_id="remote-laptop"))  # fmt: skip

    before, after = follows(store, merged_from_a_bundle)
    assert after.attendance.total.attendance.female == before.attendance.total.attendance.female + 1


def test_unique_breakdowns_later_equal_those_computed_at_once(programme: tuple[Store, Ids]) -> None:
    store, _ids = programme
    spring = ReportFilter(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))  # every dialogue, filtered
    with store.unit_of_work() as session:
        whole = compute_indicators(session, spring, today=TODAY)
        headline = compute_indicators(session, spring, today=TODAY, unique_breakdowns=False)
        assert not headline.unique_breakdowns
        assert headline.attendance.total == whole.attendance.total
        assert all(row.unique.total == 0 for row in headline.attendance.by_province)
        assert add_unique_breakdowns(session, headline) == whole
        # Without a filter the mart has them at once.
        assert compute_indicators(session, today=TODAY, unique_breakdowns=False).unique_breakdowns
    assert {row.key: row.unique.total for row in whole.attendance.by_province}[KAMPONG_CHAM] == 5


def _mart_rows(session: Session) -> tuple[int, int, int]:
    state = session.get_one(ReportState, 1)
    return (
        state.watermark,
        session.scalar(select(func.count()).select_from(ReportPresence)) or 0,
        session.scalar(select(func.sum(ReportDialogue.att_total))) or 0,
    )


def test_a_failing_refresh_leaves_the_mart_as_it_was(
    programme: tuple[Store, Ids], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids = programme
    indicators(store)
    edit(store, lambda s: attendance.unregister(s, ids.attendance["d1:A"]))
    real_build = mart._build

    def build_then_fail(*args: object) -> None:
        real_build(*args)  # type: ignore[arg-type]
        raise RuntimeError("disk full")

    monkeypatch.setattr(mart, "_build", build_then_fail)
    with store.unit_of_work() as session:
        before = _mart_rows(session)
        with pytest.raises(RuntimeError, match="disk full"):
            mart.refresh(session)
        assert _mart_rows(session) == before  # the savepoint rolled back, the session goes on
    monkeypatch.setattr(mart, "_build", real_build)
    after, done = indicators(store)
    assert done.kind == "incremental"
    assert after == rebuilt(store)


def test_a_change_committed_late_below_the_watermark_is_not_lost(programme: tuple[Store, Ids]) -> None:
    """PostgreSQL may commit change 41 after 42: the mart looks for 41 again at its next refresh."""
    store, ids = programme
    indicators(store)
    with store.unit_of_work() as session:
        top = session.scalar(select(func.max(ChangeRecord.seq))) or 0

    def change(session: Session, seq: int, person: str) -> None:
        session.execute(update(Participant).where(Participant.id == ids.people[person]).values(sex=Sex.OTHER))
        session.add(ChangeRecord(seq=seq, revision=f"late-{seq}", base_revision="", table_name="participant",
                                 record_id=ids.people[person], op="update", values={"sex": "other"},
                                 old_values={}, device_id="laptop"))  # fmt: skip

    edit(store, lambda s: change(s, top + 2, "A"))  # committed first
    _first, done = indicators(store)
    assert done.kind == "incremental"
    with store.unit_of_work() as session:
        state = session.get_one(ReportState, 1)
        assert state.watermark == top + 2 and [gap[:2] for gap in state.gaps] == [[top + 1, top + 1]]
    edit(store, lambda s: change(s, top + 1, "B"))  # number handed out earlier, committed later
    late, done = indicators(store)
    assert done.kind == "incremental" and done.changes == 1
    assert late.attendance.total.attendance.other_sex == 4  # A at d1 and d2, B at d1 and d2
    assert late == rebuilt(store)
    with store.unit_of_work() as session:
        assert session.get_one(ReportState, 1).gaps == []


def test_gap_bookkeeping() -> None:
    assert mart._missing(5, 10, [5, 7, 8]) == [[6, 6], [9, 10]]
    assert mart._missing(5, 4, []) == []
    assert mart._remaining_gaps([[6, 6, 100], [9, 12, 100]], [10], now=200) == [
        [6, 6, 100],
        [9, 9, 100],
        [11, 12, 100],
    ]
    assert mart._remaining_gaps([[6, 6, 100]], [], now=100 + mart.GAP_SECONDS + 1) == []


def test_a_new_youth_range_rebuilds_the_youth_figures(programme: tuple[Store, Ids]) -> None:
    store, _ids = programme
    with store.unit_of_work() as session:
        default = compute_indicators(session, today=TODAY)
        wider = compute_indicators(session, ReportFilter(youth_ages=(15, 60)), today=TODAY)
        assert session.get_one(ReportState, 1).youth_high == 60
    assert wider.attendance.total.attendance.youth > default.attendance.total.attendance.youth


def test_a_database_at_0003_upgrades_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0003")
    assert "report_presence" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    store = Store.open(path)
    try:
        assert "report_presence" in sa.inspect(store.engine).get_table_names()
        build(store)
        result, done = indicators(store)
        assert done.kind == "rebuilt"
        assert result.attendance.total.attendance.total == 27
        assert result.attendance.total.unique.total == 5
    finally:
        store.close()


def test_the_mart_never_enters_the_change_log(programme: tuple[Store, Ids]) -> None:
    store, _ids = programme
    with store.unit_of_work() as session:
        before = session.scalar(select(func.count()).select_from(ChangeRecord))
        mart.refresh(session, full=True)
        assert session.scalar(select(func.count()).select_from(ChangeRecord)) == before
        tables = set(session.scalars(select(ChangeRecord.table_name).distinct()))
    assert not {t for t in tables if t.startswith("report_")}
    from dialogue_desktop.core.domain.models import MODEL_BY_TABLE

    assert not {t for t in MODEL_BY_TABLE if t.startswith("report_")}


def test_dialogue_dates_stay_in_step(programme: tuple[Store, Ids]) -> None:
    store, ids = programme

    def move_d1(session: Session) -> None:
        session.get_one(Dialogue, ids.dialogues["d1"]).date = date(2024, 8, 1)

    _before, after = follows(store, move_d1)
    assert [row.key for row in after.dialogues.by_quarter] == ["2024-Q1", "2024-Q2", "2024-Q3"]
