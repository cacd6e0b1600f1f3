"""The indicator table shows the headline first: unique participants per row wait for their numbers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from tests.core.reports.report_dataset import TODAY, build

from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.indicators import add_unique_breakdowns, compute_indicators
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.models.report_table import PENDING, IndicatorTableModel


def test_unique_participants_per_row_show_once_computed(store: Store) -> None:
    build(store)
    first_half = ReportFilter(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))  # all of it, filtered
    with store.unit_of_work() as session:
        headline = compute_indicators(session, first_half, today=TODAY, unique_breakdowns=False)
        complete = add_unique_breakdowns(session, headline)
    model = IndicatorTableModel()
    column = 1 + next(i for i, c in enumerate(model.columns) if c.indicator == "participants")

    def shown() -> list[str]:
        return [model.index(row, column).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]

    model.set_indicators(headline, "province")
    assert shown() == ["5", PENDING, PENDING]  # the total is known at once; Kampong Cham and Siem Reap wait
    model.set_indicators(complete)
    assert shown() == ["5", "5", "2"]
