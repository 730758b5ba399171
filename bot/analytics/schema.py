"""The one analytics table. Its history is in migrations/ (Alembic)."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table

metadata = MetaData()

daily_counts = Table(
    "daily_counts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("profile", String(64), primary_key=True),
    Column("country", String(16), primary_key=True),
    Column("metric", String(64), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
)
