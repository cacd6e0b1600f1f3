"""The action tracker report: agreed actions grouped by status, responsible organisation or province.

Each action shows the dialogue that agreed it, who is responsible, the deadline, its status and its latest
follow-up. Overdue actions (past the deadline, neither done nor dropped) are shaded *and* marked with the
word "Overdue" next to the deadline, so the mark survives a black-and-white copy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from dialogue_desktop.core.domain.enums import ActionStatus
from dialogue_desktop.core.i18n import N_, format_date, format_number, format_percent
from dialogue_desktop.core.printing import common as c
from dialogue_desktop.core.printing.common import Mode
from dialogue_desktop.core.printing.data import ActionReportData, Bilingual
from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.text import TextStyle
from dialogue_desktop.core.services.listing import ActionRow

GroupBy = Literal["status", "organisation", "province"]
GROUPINGS: tuple[GroupBy, ...] = ("status", "organisation", "province")
PAGE = landscape(A4)
MARGINS = c.Margins(left=12 * mm, right=12 * mm, top=12 * mm, bottom=8 * mm)
WIDTH = c.frame_width(PAGE, MARGINS)
TRACKER = N_("Action tracker")
OVERDUE = N_("Overdue")
COLUMNS = (
    (N_("No."), 9 * mm),
    (N_("Action"), 0.0),
    (N_("Dialogue"), 46 * mm),
    (N_("Responsible"), 40 * mm),
    (N_("Deadline"), 25 * mm),
    (N_("Status"), 22 * mm),
    (N_("Latest follow-up"), 56 * mm),
)
OVERDUE_STYLE = TextStyle(size=8, bold=True, colour=c.WARN, align="center")


def write_action_report(
    data: ActionReportData,
    target: str | os.PathLike[str] | IO[bytes],
    mode: Mode = "both",
    group_by: GroupBy = "status",
) -> int:
    """Write the report to `target`; returns the number of pages."""
    if mode not in c.MODES:
        raise ValueError(f"unknown language mode {mode!r}")
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    digits = "km" if mode == "km" else "en"
    overdue = sum(1 for a in data.actions if a.overdue)
    story: list[Flowable] = [
        Para(c.label(TRACKER, mode), c.TITLE),
        Para(
            " / ".join(
                c.tr(lang, N_("As of {date}")).format(date=format_date(data.today, lang))
                for lang in c.languages(mode)
            ),
            TextStyle(size=10, align="center"),
        ),
        Spacer(1, 3 * mm),
        Para(
            " · ".join(
                [
                    c.label(N_("Actions"), mode) + ": " + format_number(len(data.actions), digits),
                    c.label(OVERDUE, mode) + ": " + format_number(overdue, digits),
                ]
            ),
            TextStyle(size=10, bold=True),
        ),
        Para(
            c.label(N_("Overdue actions are shaded and marked “Overdue” under their deadline."), mode),
            c.SMALL,
        ),
    ]
    if not data.actions:
        story.append(Para(c.label(N_("None recorded."), mode), c.BODY))
    for name, rows in _groups(data, group_by, mode):
        heading = f"{name} ({format_number(len(rows), digits)})"
        story += [CondPageBreak(35 * mm), Spacer(1, 4 * mm), Para(heading, c.HEADING), Spacer(1, 1 * mm)]
        story.append(_table(rows, mode, digits))
    footer = c.Footer(mode)
    return c.build_pdf(
        target, story, pagesize=PAGE, footer=footer, title=c.label(TRACKER, mode), margins=MARGINS
    )


def _groups(data: ActionReportData, group_by: GroupBy, mode: Mode) -> list[tuple[str, list[ActionRow]]]:
    """The actions in groups, in a stable order: statuses in their natural order, names alphabetically."""
    key: Callable[[ActionRow], tuple[object, str]]
    if group_by == "status":
        order = list(ActionStatus)

        def key(a: ActionRow) -> tuple[object, str]:
            return order.index(a.status), c.label(a.status.label, mode)

    elif group_by == "organisation":

        def key(a: ActionRow) -> tuple[object, str]:
            name = c.cell_text(
                Bilingual(a.responsible_name_km, a.responsible_name_en or a.responsible_acronym), mode
            )
            name = name.replace("\n", " / ")
            return (0 if name else 1, name), name or c.label(N_("No responsible organisation"), mode)

    else:

        def key(a: ActionRow) -> tuple[object, str]:
            names = data.provinces.get(a.province_code or "")
            name = c.cell_text(names, mode).replace("\n", " / ") if names else ""
            return (a.province_code or "~", name), name or c.label(N_("No province"), mode)

    groups: dict[tuple[object, str], list[ActionRow]] = {}
    for action in data.actions:
        groups.setdefault(key(action), []).append(action)
    return [(label, rows) for (_, label), rows in sorted(groups.items(), key=lambda item: item[0][0])]  # type: ignore[arg-type,return-value]


def _table(rows: list[ActionRow], mode: Mode, digits: str) -> Flowable:
    widths = [w for _, w in COLUMNS]
    widths[1] = WIDTH - sum(widths)
    head: list[Flowable | list[Flowable]] = [
        Para(c.head_label(msgid, mode), c.CELL_HEAD) for msgid, _ in COLUMNS
    ]
    table_rows: list[list[Flowable | list[Flowable]]] = [head]
    extra: list[tuple[object, ...]] = []
    for i, a in enumerate(rows, start=1):
        responsible = c.cell_text(
            Bilingual(a.responsible_name_km, a.responsible_name_en or a.responsible_acronym), mode
        )
        if a.responsible_person:
            responsible = "\n".join(x for x in (responsible, a.responsible_person) if x)
        dialogue = "\n".join(
            x for x in (c.cell_text(Bilingual(a.dialogue_title_km, a.dialogue_title_en), mode), format_date(a.dialogue_date, digits, "short")) if x
        )  # fmt: skip
        deadline: list[Flowable] = [
            Para(format_date(a.deadline, digits, "short") if a.deadline else "—", c.CELL_CENTER)
        ]
        if a.overdue:
            deadline.append(Para("! " + c.label(OVERDUE, mode, sep="\n"), OVERDUE_STYLE))
            extra.append(("BACKGROUND", (0, i), (-1, i), c.WARN_FILL))
        follow = ""
        if a.latest_follow_up is not None:
            f = a.latest_follow_up
            first = f"{format_date(f.date, digits, 'short')} · {c.label(f.status.label, mode)} · {format_percent(f.progress_percent / 100, digits)}"
            follow = "\n".join(x for x in (first, f.note) if x)
        table_rows.append(
            [
                Para(format_number(i, digits), c.CELL_RIGHT),
                c.texts(Bilingual(a.text_km, a.text_en), mode, c.CELL, c.CELL_EN),
                Para(dialogue, c.CELL),
                Para(responsible, c.CELL),
                deadline,
                Para(c.head_label(a.status.label, mode), c.CELL_CENTER),
                Para(follow or "—", c.CELL),
            ]
        )
    return c.table(table_rows, widths, extra=extra)
