"""A dialogue's ordered records: agenda items, needs raised, decisions. Each kind names its topic once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dialogue_desktop.core.services import agenda as agenda_service
from dialogue_desktop.core.services import needs as needs_service
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.worker import Op, op


@dataclass(frozen=True)
class RecordKind:
    """The operations on one kind of a dialogue's records; every write announces `topic`."""

    topic: Topic
    _read: Callable[..., list[Any]]
    _add: Callable[..., str]
    _delete: Callable[..., None]
    _update: Callable[..., None]
    _move: Callable[..., None] | None = None

    @property
    def movable(self) -> bool:
        """True when the records have an order the facilitator can change."""
        return self._move is not None

    def read(self, dialogue_id: str) -> Op:
        """The dialogue's records of this kind, in order (plain views)."""
        return op(self._read, dialogue_id)

    def add(self, dialogue_id: str, data: Any) -> Op:
        """Add one record at the end; its id."""
        return op(self._add, dialogue_id, data, changes={self.topic})

    def update(self, record_id: str, data: Any) -> Op:
        """Replace a record's fields with the corrected ones (its place in the order stays)."""
        return op(self._update, record_id, data, changes={self.topic})

    def move(self, record_id: str, position: int) -> Op:
        """Move a record to this place in the order."""
        if self._move is None:
            raise TypeError(f"{self.topic.value} have no order")
        return op(self._move, record_id, position, changes={self.topic})

    def delete(self, record_id: str) -> Op:
        """Delete a record."""
        return op(self._delete, record_id, changes={self.topic})


AGENDA = RecordKind(
    Topic.AGENDA, agenda_service.agenda_items, agenda_service.add_agenda_item, agenda_service.delete_agenda_item,
    agenda_service.update_agenda_item, agenda_service.move_agenda_item,
)  # fmt: skip
NEEDS = RecordKind(
    Topic.NEEDS, needs_service.list_needs, needs_service.add_need, needs_service.delete_need, needs_service.update_need,
)  # fmt: skip
DECISIONS = RecordKind(
    Topic.DECISIONS, needs_service.list_decisions, needs_service.add_decision, needs_service.delete_decision,
    needs_service.update_decision, needs_service.move_decision,
)  # fmt: skip
