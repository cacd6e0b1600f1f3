"""The database schema's version: create a new store, back up and upgrade an older one, refuse a newer one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, inspect, select

from dialogue_desktop.core.domain.models import Base
from dialogue_desktop.core.errors import UserError
from dialogue_desktop.core.i18n import N_

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration. Opening a current database then needs no Alembic at all (a faster start);
#: a test checks this equals the head of the migration scripts.
HEAD = "0008"

_version_table = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


class SchemaError(UserError):
    """The database cannot be used by this version of the app; the message says why and what to do."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The schema revision this version of the app writes (read from the migration scripts)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows how to upgrade from."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at, or None for an empty database (or one without a version table)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    versions = list(connection.scalars(select(_version_table.c.version_num)))
    return versions[0] if len(versions) == 1 else None


def refuse_unknown(current: str | None, tables: set[str]) -> None:
    """Raise SchemaError for a database of another program (`tables` but no revision) or of a newer app."""
    if current is None:
        if tables - {"alembic_version"}:
            raise SchemaError(N_("This file is not a Dialogue Desktop database."))
    elif current != HEAD and current not in known_revisions():
        raise SchemaError(
            N_(
                "This database was written by a newer version of Dialogue Desktop. "
                "Install the newer version to open it; nothing was changed."
            )
        )


def prepare_schema(engine: Engine, backup: Callable[[], object] | None = None) -> str:
    """Make the database ready for this version of the app; returns what was done.

    A new database gets the current schema; an older one is backed up (by `backup`) and upgraded; a
    database from a newer version of the app, or not from this app at all, is refused with SchemaError.
    """
    with engine.connect() as connection:
        current = current_revision(connection)
        if current == HEAD:
            return "current"
        tables = set(inspect(connection).get_table_names())
    refuse_unknown(current, tables)
    head = head_revision()
    if current is None:
        from alembic import command

        with engine.begin() as connection:
            Base.metadata.create_all(connection)
            command.stamp(alembic_config(connection), "head")
        return "created"
    if current == head:
        return "current"
    if backup is not None:
        backup()
    upgrade(engine)
    return "upgraded"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
