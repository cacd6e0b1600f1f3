"""The action tracker report: groups, latest follow-up, overdue actions marked in text and colour."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from tests.core.printing.test_minutes import glyph_problems, make_dialogue
from tests.pdf_tools import pdf_text

from dialogue_desktop.core.printing.action_report import MARGINS, write_action_report
from dialogue_desktop.core.printing.data import gather_action_report
from dialogue_desktop.core.printing.text import record_drawing
from dialogue_desktop.core.services import actions
from dialogue_desktop.core.services.listing import ActionFilters, list_actions
from dialogue_desktop.core.store.store import Store

TODAY = date(2024, 8, 1)  # after the actions' deadline (30 June 2024)


@pytest.fixture
def report_data(store: Store):  # type: ignore[no-untyped-def]
    d = make_dialogue(store, participants=2, action_count=3)
    with store.unit_of_work() as s:
        rows = list_actions(s, ActionFilters(dialogue_id=d))
        actions.add_follow_up(s, rows[0].id, actions.FollowUpInput(date=date(2024, 7, 1), progress_percent=100,
                                                                    status="done", note="Road finished", visit="Site visit"))  # fmt: skip
        actions.add_follow_up(s, rows[1].id, actions.FollowUpInput(date=date(2024, 7, 2), progress_percent=30,
                                                                    note="Gravel delivered", visit="Site visit"))  # fmt: skip
        return gather_action_report(s, today=TODAY)


def test_groups_by_status_with_latest_follow_up_and_overdue_marks(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "status.pdf"
    with record_drawing() as drawn:
        write_action_report(report_data, pdf, "en", "status")
    text = pdf_text(pdf)
    assert "Action tracker" in text and "As of Thursday 1 August 2024" in text
    assert "In progress (1)" in text and "Done (1)" in text and "Agreed (1)" in text
    assert "Road finished" in text and "Gravel delivered" in text
    # Two actions are past their deadline and not done: the word is printed, not only the colour.
    marks = [line for line in drawn if line.text == "! Overdue"]
    assert len(marks) == 2 and all(line.font.endswith("Bold") for line in marks)
    assert "Overdue: 2" in text
    assert glyph_problems(drawn, *landscape(A4), margin=MARGINS.left, margin_y=MARGINS.bottom) == []


def test_groups_by_organisation_and_province_in_khmer(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "org.pdf"
    write_action_report(report_data, pdf, "km", "organisation")
    text = pdf_text(pdf)
    assert "មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្តកំពង់ចាម (៣)" in text and "ហួសកំណត់" in text
    assert "៣០/០៦/២០២៤" in text  # deadlines in Khmer digits
    write_action_report(report_data, pdf, "both", "province")
    text = pdf_text(pdf)
    assert "កំពង់ចាម / Kampong Cham (3)" in text
    assert "ហួសកំណត់" in text and "Overdue" in text


def test_report_is_deterministic_and_refuses_unknown_grouping(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_action_report(report_data, a)
    write_action_report(report_data, b)
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError):
        write_action_report(report_data, a, group_by="colour")  # type: ignore[arg-type]
