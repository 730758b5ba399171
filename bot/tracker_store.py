"""A tracker store that keeps only what the dialogue needs, and refuses to start unsafely.

Configured in endpoints.yml:

    tracker_store:
      type: bot.tracker_store.RedactingTrackerStore
      backend: memory          # or redis (with host, port, ...) or sql (with dialect, db, ...)

It wraps Rasa's own in-memory, Redis or SQL store and hands it only redacted trackers
(bot/redaction.py). Two Rasa behaviours would break the promise that nothing typed is
kept, and both are closed here:
- if a custom store raises while being created, Rasa quietly uses an in-memory store that
  keeps raw text; this store raises SystemExit instead, so the server does not start;
- if a save fails, Rasa's FailSafeTrackerStore saves the raw tracker in memory instead;
  this store handles its own backend errors, so that fallback is never reached.

It also keeps each conversation short (bot/history.py), so a reply at turn 100 costs no
more than one at turn 10, and it counts new events for the anonymous analytics without
reading the stored copy back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import (
    InMemoryTrackerStore,
    SQLTrackerStore,
    TrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_internals, runtime
from bot.analytics.counting import Counter
from bot.history import compact
from bot.rasa_internals import LatestSessionRedisStore, max_event_history
from bot.redaction import redact_events

logger = logging.getLogger(__name__)

BACKENDS = ("memory", "redis", "sql")
DEFAULT_EXPIRY_SECONDS = 30 * 60
DEFAULT_MAX_CONVERSATIONS = 10_000
# Set on each tracker this store hands out or saves: how many of its events are already
# counted. Rasa keeps using the same tracker object from retrieve to save within a message,
# so this tells which events are new without reading the stored copy back.
_COUNTED_UP_TO = "_safe_steps_counted_up_to"


class TrackerStoreStartupError(SystemExit):
    """The store cannot be created; the server must not start without it."""


def _create_backend(
    backend: str, domain: Domain, host: str | None, expiry_seconds: int, options: dict[str, Any]
) -> TrackerStore:
    if backend == "memory":
        return InMemoryTrackerStore(domain)
    if backend == "redis":
        store = LatestSessionRedisStore(
            domain, host=host or "localhost", record_exp=expiry_seconds, **options
        )
        store.red.ping()  # fail now, at start-up, not on the first message
        return store
    if backend == "sql":
        return SQLTrackerStore(domain, host=host, **options)
    raise ValueError(f"unknown backend {backend!r} (choose one of {', '.join(BACKENDS)})")


class RedactingTrackerStore(TrackerStore):
    """Stores redacted trackers in memory (default), Redis or SQL, and lets them expire."""

    # A purge is one DELETE over the whole events table, so it runs at most this often.
    SQL_PURGE_INTERVAL_SECONDS = 60

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        host: str | None = None,
        backend: str = "memory",
        expiry_seconds: int = DEFAULT_EXPIRY_SECONDS,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        counter: Counter | None = None,
        **options: Any,
    ) -> None:
        super().__init__(domain, event_broker)
        rasa_internals.require_installed("the redacting tracker store")
        self.backend_name = backend
        self.expiry_seconds = int(expiry_seconds)
        self.max_conversations = int(max_conversations)
        self._last_seen: dict[str, float] = {}
        self._last_purge = 0.0
        try:
            self._backend = _create_backend(
                backend, self.domain, host, self.expiry_seconds, options
            )
            self.counter = counter if counter is not None else runtime.current().counter
        except Exception as error:
            reason = str(error).rstrip(".")
            message = (
                f"error: Safe Steps cannot create its '{backend}' tracker store: {reason}. "
                "Not starting: Rasa would otherwise fall back to an in-memory store that "
                "keeps what people type."
            )
            logger.critical(message)
            raise TrackerStoreStartupError(message) from error

    @property
    def domain(self) -> Domain:
        return self._domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        # Rasa sets the domain after creating the store; the backend needs it too.
        self._domain = domain or Domain.empty()
        if hasattr(self, "_backend"):
            self._backend.domain = self._domain

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save a redacted, compacted copy; count what is new; never pass raw text on."""
        redacted_events = redact_events([event.as_dict() for event in tracker.events])
        compacted = compact(redacted_events)
        redacted = DialogueStateTracker.from_dict(
            tracker.sender_id,
            redacted_events if compacted is None else compacted,
            self.domain.slots,
            max_event_history(tracker),
        )
        try:
            await self.stream_events(redacted)
            if compacted is not None and isinstance(self._backend, SQLTrackerStore):
                # The SQL store only appends; a shorter conversation must be written anew.
                self._delete_sql(tracker.sender_id)
            await self._backend.save(redacted)
        except Exception as error:
            # Handled here so Rasa's FailSafeTrackerStore never saves the raw tracker.
            logger.error(
                "tracker store (%s): could not save a conversation (%s); it is not kept",
                self.backend_name,
                type(error).__name__,
            )
            return
        self._touch(tracker.sender_id)
        if self.counter is not None:
            self.counter.count(redacted_events[getattr(tracker, _COUNTED_UP_TO, 0) :], redacted)
        setattr(tracker, _COUNTED_UP_TO, len(tracker.events))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The stored (redacted) tracker, unless it has expired."""
        self._expire()
        tracker = await self._backend.retrieve(sender_id)
        if tracker is not None:
            setattr(tracker, _COUNTED_UP_TO, len(tracker.events))
        return tracker

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """All sessions of a stored (redacted) conversation, unless it has expired."""
        self._expire()
        return await self._backend.retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[str]:
        """The conversation ids currently stored."""
        self._expire()
        keys: Iterable[str] = await self._backend.keys()
        return keys

    def _touch(self, sender_id: str) -> None:
        self._last_seen.pop(sender_id, None)
        self._last_seen[sender_id] = time.monotonic()
        self._expire()

    def _expire(self) -> None:
        """Forget conversations idle for longer than the expiry, and the oldest beyond the cap.

        Redis expires keys itself (record_exp); the in-memory and SQL stores are purged here.
        """
        now = time.monotonic()
        stale = [s for s, seen in self._last_seen.items() if now - seen > self.expiry_seconds]
        overflow = max(0, len(self._last_seen) - len(stale) - self.max_conversations)
        # _last_seen is ordered oldest first, because _touch re-inserts on every save.
        stale_set = set(stale)
        active = [s for s in self._last_seen if s not in stale_set]
        for sender_id in stale + active[:overflow]:
            self._forget(sender_id)
        due = now - self._last_purge > self.SQL_PURGE_INTERVAL_SECONDS
        if isinstance(self._backend, SQLTrackerStore) and due:
            self._last_purge = now
            self._purge_sql(time.time() - self.expiry_seconds)

    def _forget(self, sender_id: str) -> None:
        self._last_seen.pop(sender_id, None)
        if isinstance(self._backend, InMemoryTrackerStore):
            self._backend.store.pop(sender_id, None)

    def _delete_sql_events(self, senders: Any) -> None:
        """Delete every stored event of the conversations matching a filter on sender_id."""
        backend = self._backend
        assert isinstance(backend, SQLTrackerStore)
        with backend.session_scope() as session:
            session.query(backend.SQLEvent).filter(senders).delete(synchronize_session=False)
            session.commit()

    def _delete_sql(self, sender_id: str) -> None:
        """Delete one conversation's stored events (errors reach `save`)."""
        assert isinstance(self._backend, SQLTrackerStore)
        self._delete_sql_events(self._backend.SQLEvent.sender_id == sender_id)

    def _purge_sql(self, cutoff: float) -> None:
        """Delete every event of conversations whose last event is older than the cutoff."""
        assert isinstance(self._backend, SQLTrackerStore)
        from sqlalchemy import func, select

        event = self._backend.SQLEvent
        idle = (
            select(event.sender_id)
            .group_by(event.sender_id)
            .having(func.max(event.timestamp) < cutoff)
        )
        try:
            self._delete_sql_events(event.sender_id.in_(idle))
        except Exception as error:
            logger.error("tracker store (sql): could not purge expired conversations (%s)", error)
