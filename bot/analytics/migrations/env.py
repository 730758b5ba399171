"""Alembic environment: runs migrations on the connection bot/analytics/migrate.py passes in."""

from __future__ import annotations

from alembic import context

from bot.analytics.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
