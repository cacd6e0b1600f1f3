"""What a report covers: a period, a province, a kind and a level of dialogue.

Only dialogues that took place count (status held or later, not deleted); everything else in a report
(attendance, needs, actions, speaking turns) hangs off those dialogues. The period is that of the dialogue's
date, both ends included; an action belongs to the period of the dialogue that agreed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, literal
from sqlalchemy.sql.elements import Case

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus, LabelledEnum
from dialogue_desktop.core.domain.models import Dialogue
from dialogue_desktop.core.domain.rules import DEFAULT_YOUTH_AGES
from dialogue_desktop.core.i18n import N_

#: A dialogue "was held" in every status from held on.
HELD_STATUSES: tuple[DialogueStatus, ...] = (
    DialogueStatus.HELD,
    DialogueStatus.MINUTES_DRAFTED,
    DialogueStatus.MINUTES_APPROVED,
)


class Level(LabelledEnum):
    """The administrative level a dialogue works at (derived: the kind, or the place of a consultation)."""

    NATIONAL = "national", N_("National")
    PROVINCIAL = "provincial", N_("Provincial")
    DISTRICT = "district", N_("District")
    COMMUNE = "commune", N_("Commune")


def level_expression() -> Case[Any]:
    """SQL for the level of `Dialogue`: from its kind; a preparatory consultation takes its place's level."""
    return case(
        (Dialogue.kind == DialogueKind.NATIONAL_FORUM, literal(Level.NATIONAL.value)),
        (Dialogue.kind == DialogueKind.PROVINCIAL, literal(Level.PROVINCIAL.value)),
        (Dialogue.kind == DialogueKind.DISTRICT, literal(Level.DISTRICT.value)),
        (Dialogue.kind == DialogueKind.COMMUNE, literal(Level.COMMUNE.value)),
        (Dialogue.commune_code.is_not(None), literal(Level.COMMUNE.value)),
        (Dialogue.district_code.is_not(None), literal(Level.DISTRICT.value)),
        else_=literal(Level.PROVINCIAL.value),
    )


def quarter_expression() -> ColumnElement[int]:
    """SQL for the quarter of `Dialogue.date` as year × 10 + quarter (20241 is 2024 Q1).

    SQLite has no extract('quarter'); the month is extracted (both databases know that) and mapped.
    """
    month = extract("month", Dialogue.date)
    quarter = case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4)
    return (extract("year", Dialogue.date) * 10 + quarter).label("quarter")


@dataclass(frozen=True)
class ReportFilter:
    """The dialogues a report covers; empty fields match everything."""

    date_from: date | None = None
    date_to: date | None = None  # inclusive
    province_code: str | None = None
    kind: DialogueKind | None = None
    level: Level | None = None
    youth_ages: tuple[int, int] = DEFAULT_YOUTH_AGES

    def conditions(self) -> list[ColumnElement[bool]]:
        """SQL conditions on `Dialogue` selecting the live dialogues held that this filter covers."""
        conditions: list[ColumnElement[bool]] = [
            Dialogue.deleted.is_(False),
            Dialogue.status.in_(HELD_STATUSES),
        ]
        if self.date_from is not None:
            conditions.append(Dialogue.date >= self.date_from)
        if self.date_to is not None:
            conditions.append(Dialogue.date <= self.date_to)
        if self.province_code:
            conditions.append(Dialogue.province_code == self.province_code)
        if self.kind is not None:
            conditions.append(Dialogue.kind == self.kind)
        if self.level is not None:
            conditions.append(level_expression() == self.level.value)
        return conditions

    def condition(self) -> ColumnElement[bool]:
        """All of `conditions()` as one expression."""
        return and_(*self.conditions())
