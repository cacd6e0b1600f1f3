"""Temporary tables for one report run: facts computed once, then aggregated many ways.

`Scratch(session)` materialises a SELECT into a session-local TEMPORARY table (SQLite and PostgreSQL
alike) and drops every table it made when closed, so a report leaves nothing behind. `repoint` re-aims a
condition written for a model (e.g. `counts.youth_condition` on `Participant`) at a temporary copy of the
model's columns, so the copy is counted by the very same rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Column, Enum, FromClause, Index, MetaData, Select, String, Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.types import TypeEngine

E = TypeVar("E", bound=Any)
_NUMBERS = itertools.count(1)


def _plain(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    """A column type for a copy: enums become plain strings (no CHECK constraint or named type to create)."""
    if isinstance(type_, Enum):
        return String(type_.length or 64)
    return type_


class Scratch:
    """Temporary tables on the session's connection, all dropped by `close()`."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.metadata = MetaData()
        self.tables: list[Table] = []

    def materialise(self, name: str, statement: Select[Any], *indexed: tuple[str, ...]) -> Table:
        """A temporary table holding the rows of `statement` (column names and types as selected),
        with an index on each tuple of column names in `indexed` (built after the rows are in)."""
        # A number per table: two reports on one connection (or a table left by a failed run) never clash.
        table = Table(
            f"{name}_{next(_NUMBERS)}",
            self.metadata,
            *(Column(column.name, _plain(column.type)) for column in statement.selected_columns),
            prefixes=["TEMPORARY"],
        )
        table.create(self.connection)
        self.tables.append(table)
        self.connection.execute(insert(table).from_select([c.name for c in table.columns], statement))
        for number, columns in enumerate(indexed):
            Index(f"ix_{table.name}_{number}", *(table.c[c] for c in columns)).create(self.connection)
        return table

    def close(self) -> None:
        """Drop the tables made (newest first)."""
        while self.tables:
            self.tables.pop().drop(self.connection)


@contextmanager
def scratch(session: Session) -> Iterator[Scratch]:
    """A `Scratch` whose tables are dropped when the block ends, even on error."""
    tables = Scratch(session)
    try:
        yield tables
    finally:
        tables.close()


def repoint(expression: E, copies: Mapping[FromClause, FromClause]) -> E:
    """`expression` with every column of a table (or alias) in `copies` replaced by the column of the
    same name in its copy."""

    def replace(element: Any, **_kw: Any) -> Any:
        table = getattr(element, "table", None)
        if isinstance(element, Column) or getattr(element, "_is_column_element", False):
            for original, copy in copies.items():
                if table is not None and table is original:
                    return copy.c[element.name]
        return None

    return visitors.replacement_traverse(expression, {}, replace)
