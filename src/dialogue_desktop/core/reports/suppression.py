"""Small counts protected in exports: counts of people below a threshold are not shown.

A donor export can hide small counts (e.g. three persons with disabilities at one commune dialogue): with
`min_count` N, every count of people from 1 to N − 1 is shown as "<N" (0 is shown: it identifies nobody).
What counts as a count of people: attendance and unique participants by group, in every breakdown row and
for each dialogue (the typed counts of a tally-only dialogue included), and the people present in the
voice table. Counts of dialogues, needs, actions and speaking turns are not about people and stay.

A hidden count must not come back by subtraction. The cells are tied by sums: in each row, the four sex
counts add up to the total and so do the four group counts; the rows of one breakdown (every province,
every kind...) add up to the "All" row; and the dialogues of one province, kind, level or quarter add up to
that row. Whenever one of those sums has exactly one hidden cell, a second one is hidden: its total when
the total is shown, else its smallest shown part; again until no sum has a single hidden cell. Such a
count, hidden only to protect another, reads "hidden" (it is not small: "<5" would be false). A share is
hidden when its count or its total is (count ÷ share would give the total back). This stops subtraction
within a sum; it is not a full statistical audit (several sums solved together may still narrow a hidden
count down), and person-level rows (the raw attendance sheet) are left out of such an export altogether.

Everything is decided once per export, on the indicators, so the workbook, the CSV files and the PDF
report hide the same cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from dialogue_desktop.core.errors import UserError
from dialogue_desktop.core.i18n import N_, translate_in
from dialogue_desktop.core.reports.indicators import AttendanceRow, Breakdown, Indicators
from dialogue_desktop.core.reports.sources import PERSON_FLAGS
from dialogue_desktop.core.services.validation import Checker
from dialogue_desktop.core.store.store import get_setting, set_setting

#: The setting (local to this database) that exports use unless told otherwise.
MIN_COUNT_SETTING = "export_min_count"
MIN_COUNT_LIMITS = (0, 100)
MIN_COUNT_LABEL = N_("Hide counts of people below")
#: What a count or share hidden to protect a small count reads (it is not small itself).
HIDDEN_WORD = N_("hidden")

SEX = ("female", "male", "other_sex", "not_stated")
GROUPS = ("government", "cso", "community", "other_group")
COUNTS = ("total", *PERSON_FLAGS)
DIMENSIONS = ("province", "kind", "level", "quarter")
#: A voice group's people present are the attendance of this field.
VOICE_FIELD = {"women": "female", "men": "male", "youth": "youth", "indigenous": "indigenous",
               "disability": "disability", "government": "government", "cso": "cso", "community": "community"}  # fmt: skip

#: A cell: ("att" | "uniq", dimension, key, group) for a breakdown row, ("dlg", dialogue id, group).
Cell = tuple[str, ...]


@dataclass(frozen=True)
class Suppression:
    """Which counts of one export are hidden (none when `min_count` is 0): `small` ones read "<N", the
    others of `hidden` (and hidden shares) read `hidden_text` (see `for_language`)."""

    min_count: int = 0
    hidden: frozenset[Cell] = field(default_factory=frozenset)
    small: frozenset[Cell] = field(default_factory=frozenset)
    hidden_text: str = "hidden"

    def for_language(self, language: str) -> Suppression:
        """The same cells, with the word for a hidden total in `language`."""
        return replace(self, hidden_text=translate_in(language, HIDDEN_WORD))

    @property
    def active(self) -> bool:
        return self.min_count > 0

    @property
    def text(self) -> str:
        """What a hidden count shows: "<5"."""
        return f"<{self.min_count}"

    def is_hidden(self, *cell: str) -> bool:
        return cell in self.hidden

    def marker(self, *cell: str) -> str | None:
        """What a hidden cell reads ("<5", or the word for a total hidden to protect one); None if shown."""
        if cell not in self.hidden:
            return None
        return self.text if cell in self.small else self.hidden_text

    def show(self, value: Any, *cell: str) -> Any:
        """`value`, or what the cell reads when it is hidden."""
        marker = self.marker(*cell)
        return value if marker is None else marker

    def share_hidden(self, kind: str, dimension: str, key: str, group: str) -> bool:
        """True when the share of `group` in a row cannot be shown (its count or the total is hidden)."""
        return (kind, dimension, key, group) in self.hidden or (kind, dimension, key, "total") in self.hidden

    def share(self, value: float, kind: str, dimension: str, key: str, group: str) -> Any:
        """A share, or the word for hidden (see `share_hidden`)."""
        return self.hidden_text if self.share_hidden(kind, dimension, key, group) else value


NO_SUPPRESSION = Suppression()


def breakdown_rows(breakdown: Breakdown[Any]) -> Iterator[tuple[str, Any]]:
    """(dimension, row) for the total and every row by province, kind, level and quarter."""
    yield "total", breakdown.total
    for dimension in DIMENSIONS:
        for row in getattr(breakdown, f"by_{dimension}"):
            yield dimension, row


def _cells_and_sums(indicators: Indicators) -> tuple[dict[Cell, int], list[tuple[Cell, tuple[Cell, ...]]]]:
    values: dict[Cell, int] = {}
    sums: list[tuple[Cell, tuple[Cell, ...]]] = []
    rows: list[tuple[str, ...]] = []
    by_dimension: dict[str, list[str]] = defaultdict(list)
    row: AttendanceRow
    for dimension, row in breakdown_rows(indicators.attendance):
        for kind, counts in (("att", row.attendance), ("uniq", row.unique)):
            rows.append((kind, dimension, row.key))
            for group in COUNTS:
                values[(kind, dimension, row.key, group)] = getattr(counts, group)
        if dimension != "total":
            by_dimension[dimension].append(row.key)
    dialogues_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in indicators.per_dialogue:
        rows.append(("dlg", d.id))
        for group in COUNTS:
            values[("dlg", d.id, group)] = getattr(d.attendance, group)
        dialogues_of[("total", "")].append(d.id)
        for dimension, key in zip(DIMENSIONS, d.dimension_keys, strict=True):
            dialogues_of[(dimension, key)].append(d.id)
    for prefix in rows:  # within a row: the sexes, and the groups, add up to the total
        for parts in (SEX, GROUPS):
            sums.append(((*prefix, "total"), tuple((*prefix, part) for part in parts)))
    for group in COUNTS:  # the rows of a breakdown add up to "All"; a row's dialogues add up to the row
        for dimension, keys in by_dimension.items():
            sums.append((("att", "total", "", group), tuple(("att", dimension, key, group) for key in keys)))
        for (dimension, key), ids in dialogues_of.items():
            sums.append((("att", dimension, key, group), tuple(("dlg", d_id, group) for d_id in ids)))
    return values, sums


def suppress(indicators: Indicators, min_count: int) -> Suppression:
    """The cells of `indicators` an export with `min_count` hides (needs the unique breakdowns)."""
    if min_count <= 0:
        return NO_SUPPRESSION
    values, sums = _cells_and_sums(indicators)
    small = frozenset(cell for cell, value in values.items() if 0 < value < min_count)
    hidden: set[Cell] = set()
    sums_of: dict[Cell, list[int]] = defaultdict(list)
    for number, (total, parts) in enumerate(sums):
        for cell in (total, *parts):
            sums_of[cell].append(number)
    # How many hidden cells each sum holds: only a sum with exactly one needs a look (a sum of every
    # dialogue is not scanned again for each small count hidden in it).
    count = [0] * len(sums)
    waiting: list[int] = []

    def hide(cell: Cell) -> None:
        hidden.add(cell)
        for n in sums_of[cell]:
            count[n] += 1
            if count[n] == 1:
                waiting.append(n)

    for cell in sorted(small):  # in a fixed order: the same data always hides the same cells
        hide(cell)
    while waiting:
        number = waiting.pop()
        if count[number] != 1:
            continue
        total, parts = sums[number]
        cells = (total, *parts)
        secret = next(cell for cell in cells if cell in hidden)
        if secret != total and values.get(total, 0) > 0:
            hide(total)
            continue
        shown = [
            (values.get(cell, 0), cell) for cell in cells if cell not in hidden and values.get(cell, 0) > 0
        ]
        if shown:  # else every other cell is 0: the hidden one is 0 as well, nothing to protect
            hide(min(shown)[1])
    return Suppression(min_count, frozenset(hidden), small)


def min_count_setting(session: Session) -> int:
    """The minimum count set for this database's exports (0: every count shown)."""
    text = get_setting(session, MIN_COUNT_SETTING)
    try:
        return check_min_count(text) if text else 0
    except UserError:
        return 0  # a value written by another tool: the safe default is the old behaviour, said in Settings


def check_min_count(value: object) -> int:
    """`value` as a minimum count, 0 to 100; ValidationError (a translated reason) otherwise."""
    checker = Checker()
    low, high = MIN_COUNT_LIMITS
    number = checker.integer("min_count", MIN_COUNT_LABEL, value, low=low, high=high, required=True)
    checker.done()
    assert number is not None
    return number


def set_min_count(session: Session, value: object) -> int:
    """Store the minimum count for this database's exports (validated: a whole number, 0 to 100)."""
    number = check_min_count(value)
    set_setting(session, MIN_COUNT_SETTING, str(number))
    return number
