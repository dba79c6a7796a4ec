"""Alembic environment: runs against the engine handed over in ``config.attributes``."""

from alembic import context

from app.store.tables import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:  # one transaction for every migration
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True)
    context.run_migrations()
