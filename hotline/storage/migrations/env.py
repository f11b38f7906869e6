"""Alembic environment: migrations run on the connection hotline.storage.sql hands over (never a URL from
an ini file), so the application, the tests and `python -m hotline migrate` upgrade the same way."""
from __future__ import annotations

from alembic import context

from hotline.storage.sql import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through hotline.storage.sql.migrate(engine)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
