"""Alembic environment: migrations run on the connection the app hands over (see `core.store.schema`)."""

from alembic import context

from dialogue_desktop.core.domain.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
