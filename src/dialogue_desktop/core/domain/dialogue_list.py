"""The dialogue list's filters, sort order and rows: plain values, without the database.

The list's page and the start-up snapshot of the first list (`core/store/list_snapshot.py`) use them before
SQLAlchemy is loaded; `core/services/listing.py` fills them in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from dialogue_desktop.core.domain.enums import DialogueKind, DialogueStatus
from dialogue_desktop.core.i18n import current_language


class DialogueSortKey(StrEnum):
    DATE = "date"
    TITLE = "title"
    PROVINCE = "province"
    STATUS = "status"
    ATTENDANCE = "attendance"


@dataclass(frozen=True)
class DialogueFilters:
    """What the dialogue list shows: every field left empty matches everything."""

    text: str = ""  # in either title or the venue
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    province_code: str | None = None
    kind: DialogueKind | None = None
    status: DialogueStatus | None = None


@dataclass(frozen=True)
class DialogueSort:
    key: DialogueSortKey = DialogueSortKey.DATE
    descending: bool = True


@dataclass(frozen=True)
class DialogueRow:
    id: str
    kind: DialogueKind
    title_km: str
    title_en: str
    date: date
    start_time: time | None
    province_code: str | None
    province_name_km: str
    province_name_en: str
    district_code: str | None
    commune_code: str | None
    venue: str
    status: DialogueStatus
    tally_only: bool
    attendance_count: int
    actions_count: int

    def title(self, language: str | None = None) -> str:
        """The title in `language` (current language when None), else the other one."""
        language = language or current_language()
        first, second = (self.title_km, self.title_en) if language == "km" else (self.title_en, self.title_km)
        return first or second
