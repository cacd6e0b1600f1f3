"""A table view set up for reading at arm's length: whole rows selected, roomy rows, no editing in place."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def make_table(parent: QWidget | None = None, *, stretch_column: int | None = None) -> QTableView:
    """A read-only table selecting whole rows; `stretch_column` takes the spare width."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() * 2)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(view.fontMetrics().horizontalAdvance("0000"))
    if stretch_column is not None:
        view.setProperty("stretch_column", stretch_column)
    return view


def stretch(view: QTableView, column: int, *shared: int, fit_others: bool = True) -> None:
    """Give `column` (and the `shared` columns, in equal parts) the spare width, the other columns the width
    of their contents (small tables only: fitting reads every row; big lazy tables pass `fit_others=False` and
    set widths themselves). Stretched columns elide long texts rather than scroll sideways."""
    header = view.horizontalHeader()
    if fit_others:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for stretched in (column, *shared):
        header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
