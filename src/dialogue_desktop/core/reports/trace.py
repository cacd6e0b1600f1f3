"""From a figure to the records behind it.

`trace(session, "attendance", CellKey("province", "03", "female"), report)` lists the attendance entries
(and tally-only dialogues) that make the number of women present in Kampong Cham. The rows come from the
same facts queries as the indicators (`sources`), filtered by the same columns, so the list always matches
the figure: the attendance figure is the number of attendance items plus the counts of tally items.

Indicators and their measures:
- "dialogues": total, tally_only — dialogue records;
- "attendance": total and `sources.PERSON_FLAGS` — attendance records, plus tally-only dialogues;
- "participants": the same measures — participant records (each person once);
- "needs": total — need records (dimensions also "sector" and "cell" = "sector|province");
- "actions": total and `sources.ACTION_FLAGS` — action records (dimension also "organisation");
- "interventions": total and `sources.VOICE_FLAGS` — speaking-turn records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import Action, Dialogue, Intervention, Need, Participant
from dialogue_desktop.core.i18n import N_, _, format_number
from dialogue_desktop.core.reports import sources
from dialogue_desktop.core.reports.filters import ReportFilter
from dialogue_desktop.core.reports.sources import QuarterKey

INDICATORS: tuple[str, ...] = ("dialogues", "attendance", "participants", "needs", "actions", "interventions")
_CHUNK = 500
UNNAMED = N_("Unnamed speaker")
TALLY = N_("{count} counted (counts only)")


@dataclass(frozen=True)
class CellKey:
    """One figure: its row (dimension and key, as in the indicator rows) and its column (measure)."""

    dimension: str = "total"
    key: str = ""
    measure: str = "total"


@dataclass(frozen=True)
class TraceItem:
    """A record behind a figure: its table, id, a short label (in the current language) and the dialogue
    it belongs to (to open it from the report; None for a person)."""

    table: str
    id: str
    label: str
    count: int = 1  # a tally-only dialogue stands for this many people
    dialogue_id: str | None = None


def _facts(session: Session, indicator: str, report: ReportFilter, today: date) -> tuple[Any, str, str]:
    """(facts subquery, id column, table) for an indicator."""
    if indicator == "dialogues":
        return sources.dialogue_facts(report).subquery(), "dialogue", "dialogue"
    if indicator in ("attendance", "participants"):
        column = "attendance_id" if indicator == "attendance" else "person_id"
        return (
            sources.attendance_facts(report).subquery(),
            column,
            "participant" if column == "person_id" else "attendance",
        )
    if indicator == "needs":
        facts = sources.need_facts(report).subquery()
        cell = (facts.c.sector + "|" + facts.c.province).label("cell")
        return select(facts, cell).subquery(), "need_id", "need"
    if indicator == "actions":
        return sources.action_facts(session, report, today).subquery(), "action_id", "action"
    if indicator == "interventions":
        return sources.intervention_facts(report).subquery(), "intervention_id", "intervention"
    raise ValueError(f"unknown indicator {indicator!r}; expected one of {INDICATORS}")


def _where(facts: Any, cell: CellKey) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if cell.dimension != "total":
        if cell.dimension not in facts.c:
            raise ValueError(f"unknown dimension {cell.dimension!r}")
        key: Any = QuarterKey.parse(cell.key).number if cell.dimension == "quarter" else cell.key
        column = facts.c[cell.dimension]
        conditions.append(column == key if cell.dimension == "quarter" else column.cast(String) == key)
    if cell.measure != "total":
        if cell.measure not in facts.c:
            raise ValueError(f"unknown measure {cell.measure!r}")
        conditions.append(facts.c[cell.measure] > 0)
    return conditions


def trace(
    session: Session,
    indicator: str,
    cell: CellKey,
    report: ReportFilter | None = None,
    today: date | None = None,
) -> list[TraceItem]:
    """The records behind one figure of `compute_indicators(session, report, today)`, with short labels."""
    report = report or ReportFilter()
    today = today or date.today()
    facts, id_column, table = _facts(session, indicator, report, today)
    conditions = _where(facts, cell)
    ids = list(dict.fromkeys(session.scalars(select(facts.c[id_column]).where(*conditions))))
    items = _labelled(session, table, ids)
    if indicator == "attendance":
        items += _tallies(session, report, cell)
    return items


def _tallies(session: Session, report: ReportFilter, cell: CellKey) -> list[TraceItem]:
    """Tally-only dialogues behind an attendance figure, each with the count it adds."""
    facts = (
        sources.tally_facts(report)
        .add_columns(Dialogue.title_en, Dialogue.title_km, Dialogue.date)
        .subquery()
    )
    measure = cell.measure if cell.measure != "total" else "total"
    where = _where(facts, CellKey(cell.dimension, cell.key, "total"))
    rows = session.execute(
        select(facts.c.dialogue, facts.c[measure], facts.c.title_en, facts.c.title_km, facts.c.date)
        .where(*where, facts.c[measure] > 0)
        .order_by(facts.c.date)
    )
    return [
        TraceItem(
            "dialogue",
            d_id,
            f"{_title(en, km)} — {_(TALLY).format(count=format_number(int(n)))}",
            int(n),
            d_id,
        )
        for d_id, n, en, km, _day in rows
    ]


def _title(en: str | None, km: str | None) -> str:
    from dialogue_desktop.core.i18n import current_language

    first, second = (km, en) if current_language() == "km" else (en, km)
    return first or second or ""


def _name(name_km: str | None, name_latin: str | None) -> str:
    return _title(name_latin, name_km)


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _labelled(session: Session, table: str, ids: list[str]) -> list[TraceItem]:
    """Items for `ids`, in a stable order (by dialogue date, then label)."""
    from dialogue_desktop.core.domain.models import Attendance

    found: list[tuple[Any, str, str, str | None]] = []  # (sort key, id, label, dialogue id)
    for chunk in _chunks(ids):
        if table == "dialogue":
            rows: Any = session.execute(
                select(Dialogue.id, Dialogue.date, Dialogue.title_en, Dialogue.title_km).where(
                    Dialogue.id.in_(chunk)
                )
            )
            found += [((day, i), i, f"{day.isoformat()} {_title(en, km)}", i) for i, day, en, km in rows]
        elif table == "attendance":
            rows = session.execute(
                select(Attendance.id, Dialogue.date, Dialogue.title_en, Dialogue.title_km, Participant.name_km,
                       Participant.name_latin, Dialogue.id)
                .join(Dialogue, Dialogue.id == Attendance.dialogue_id)
                .join(Participant, Participant.id == Attendance.participant_id)
                .where(Attendance.id.in_(chunk))
            )  # fmt: skip
            found += [
                ((day, _name(nk, nl)), i, f"{_name(nk, nl)} — {day.isoformat()} {_title(en, km)}", d)
                for i, day, en, km, nk, nl, d in rows
            ]
        elif table == "participant":
            rows = session.execute(
                select(Participant.id, Participant.name_km, Participant.name_latin).where(
                    Participant.id.in_(chunk)
                )
            )
            found += [((_name(nk, nl),), i, _name(nk, nl), None) for i, nk, nl in rows]
        elif table == "need":
            rows = session.execute(
                select(Need.id, Dialogue.date, Need.text_en, Need.text_km, Dialogue.id)
                .join(Dialogue, Dialogue.id == Need.dialogue_id)
                .where(Need.id.in_(chunk))
            )
            found += [
                ((day, i), i, f"{day.isoformat()} {_title(en, km)[:120]}", d) for i, day, en, km, d in rows
            ]
        elif table == "action":
            rows = session.execute(
                select(Action.id, Dialogue.date, Action.text_en, Action.text_km, Dialogue.id)
                .join(Dialogue, Dialogue.id == Action.dialogue_id)
                .where(Action.id.in_(chunk))
            )
            found += [
                ((day, i), i, f"{day.isoformat()} {_title(en, km)[:120]}", d) for i, day, en, km, d in rows
            ]
        else:  # intervention
            rows = session.execute(
                select(Intervention.id, Dialogue.date, Dialogue.title_en, Dialogue.title_km, Participant.name_km,
                       Participant.name_latin, Dialogue.id)
                .join(Dialogue, Dialogue.id == Intervention.dialogue_id)
                .outerjoin(Participant, Participant.id == Intervention.participant_id)
                .where(Intervention.id.in_(chunk))
            )  # fmt: skip
            found += [
                ((day, i), i, f"{_name(nk, nl) or _(UNNAMED)} — {day.isoformat()} {_title(en, km)}", d)
                for i, day, en, km, nk, nl, d in rows
            ]
    found.sort(key=lambda item: (item[0], item[1]))
    return [TraceItem(table, i, label, dialogue_id=d) for _key, i, label, d in found]
