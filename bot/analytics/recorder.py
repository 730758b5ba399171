"""Write counts to any SQLAlchemy database, off the conversation's path.

Counting must never slow or break a conversation: `add` only puts the count on a queue,
and one background thread writes it. If the database is down, locked or missing, the count
is dropped with a warning and the conversation carries on.

The thread writes whatever has queued up as one transaction, with equal keys summed:
under load that is one write for many messages, instead of one per count (which took a
tenth of the Rasa process's CPU in `make bench`).
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from bot.analytics.migrate import upgrade
from bot.analytics.schema import daily_counts

logger = logging.getLogger(__name__)
MAX_QUEUED = 10_000
MAX_BATCH = 1_000


@dataclass(frozen=True)
class Count:
    """One thing to add: `n` more of `metric` on `day` for a profile and country."""

    day: dt.date
    profile: str
    country: str
    metric: str
    n: int = 1


def merged(counts: list[Count]) -> list[Count]:
    """The same totals with one Count per day, profile, country and metric."""
    totals: dict[tuple[dt.date, str, str, str], int] = {}
    for count in counts:
        key = (count.day, count.profile, count.country, count.metric)
        totals[key] = totals.get(key, 0) + count.n
    return [Count(*key, n=n) for key, n in totals.items()]


def _upsert(engine: Engine, counts: list[Count]) -> None:
    """Add every count in one transaction: all of them are written, or none."""
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    with engine.begin() as connection:
        for count in counts:
            key = {"day": count.day, "profile": count.profile, "country": count.country}
            statement = insert(daily_counts).values(**key, metric=count.metric, count=count.n)
            statement = statement.on_conflict_do_update(
                index_elements=["day", "profile", "country", "metric"],
                set_={"count": daily_counts.c.count + count.n},
            )
            connection.execute(statement)


class Recorder:
    """Adds counts to the database from a background thread."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._queue: queue.Queue[Count | None] = queue.Queue(maxsize=MAX_QUEUED)
        self._engine: Engine | None = None
        self._flushed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="analytics", daemon=True)
        self._thread.start()

    def add(self, count: Count) -> None:
        """Queue a count; drop it (with a warning) if the writer has fallen far behind."""
        try:
            self._queue.put_nowait(count)
        except queue.Full:
            logger.warning("analytics: queue full, count dropped (%s)", count.metric)

    def flush(self, timeout: float = 10) -> None:
        """Wait until everything queued so far has been written or dropped."""
        self._flushed = threading.Event()
        self._queue.put(None)
        self._flushed.wait(timeout)

    def _connect(self) -> Engine:
        if self._engine is None:
            engine = create_engine(self.url, pool_pre_ping=True, connect_args=_timeouts(self.url))
            upgrade(engine)
            self._engine = engine
        return self._engine

    def _next_batch(self) -> tuple[list[Count], bool]:
        """Wait for a count, then take everything else already queued (up to MAX_BATCH).

        Also says whether a flush was asked for: it is answered once the batch is written.
        """
        items = [self._queue.get()]
        while len(items) < MAX_BATCH:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                break
        counts = [item for item in items if item is not None]
        return merged(counts), len(counts) < len(items)

    def _run(self) -> None:
        while True:
            counts, flush_asked = self._next_batch()
            if counts:
                self._write(counts)
            if flush_asked:
                self._flushed.set()

    def _write(self, counts: list[Count]) -> None:
        try:
            _upsert(self._connect(), counts)
        except Exception as error:
            self._engine = None  # reconnect (and re-check the schema) next time
            logger.warning(
                "analytics: database unavailable, count dropped (%s: %s)",
                ", ".join(sorted({count.metric for count in counts})),
                type(error).__name__,
            )


def _timeouts(url: str) -> dict[str, int]:
    """Fail fast when the database is unreachable or locked."""
    if url.startswith("postgresql"):
        return {"connect_timeout": 3}
    if url.startswith("sqlite"):
        return {"timeout": 3}
    return {}
