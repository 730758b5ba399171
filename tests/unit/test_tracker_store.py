"""The redacting tracker store, in process: redaction, expiry and eviction."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot import runtime
from bot.cli import PROJECT
from bot.tracker_store import RedactingTrackerStore, TrackerStoreStartupError

DOMAIN = Domain.load(str(PROJECT / "domain"))


@pytest.fixture(autouse=True)
def no_analytics() -> Iterator[None]:
    """These stores count nothing: the process's runtime has analytics off."""
    before = runtime.current()
    runtime.configure(before.settings.replace(SAFE_STEPS_ANALYTICS_URL="off"))
    yield
    runtime.configure(before.settings)


def tracker(sender: str) -> DialogueStateTracker:
    events = [
        UserUttered(
            "im 15 from scotland SECRET",
            {"name": "inform_country", "confidence": 0.9},
            [{"entity": "country", "value": "uk", "start": 11, "end": 19}],
        ),
        SlotSet("country", "uk"),
        ActionExecuted("action_show_services"),
        BotUttered("Here is help SECRET", {"buttons": []}, {"utter_action": "say_noted"}),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def test_only_intents_slots_and_actions_are_stored() -> None:
    store = RedactingTrackerStore(DOMAIN)
    asyncio.run(store.save(tracker("a")))
    stored = asyncio.run(store.retrieve("a"))
    assert stored is not None
    state = json.dumps(stored.current_state(EventVerbosity.ALL))
    assert "SECRET" not in state
    assert stored.get_slot("country") == "uk"
    assert stored.latest_message is not None
    assert stored.latest_message.intent["name"] == "inform_country"
    assert [e.action_name for e in stored.events if isinstance(e, ActionExecuted)] == [
        "action_show_services"
    ]


def test_idle_conversations_expire_and_the_oldest_are_evicted_beyond_the_cap() -> None:
    store = RedactingTrackerStore(DOMAIN, expiry_seconds=1, max_conversations=2)
    for sender in ("a", "b", "c"):
        asyncio.run(store.save(tracker(sender)))
    assert sorted(asyncio.run(store.keys())) == ["b", "c"]
    time.sleep(1.2)
    assert asyncio.run(store.retrieve("c")) is None


def test_an_unknown_backend_refuses_to_start() -> None:
    with pytest.raises(TrackerStoreStartupError, match="cannot create its 'mongo' tracker store"):
        RedactingTrackerStore(DOMAIN, backend="mongo")


def test_idle_conversations_are_purged_from_the_sql_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RedactingTrackerStore, "SQL_PURGE_INTERVAL_SECONDS", 0)
    store = RedactingTrackerStore(
        DOMAIN, backend="sql", dialect="sqlite", db=str(tmp_path / "t.db"), expiry_seconds=1
    )
    asyncio.run(store.save(tracker("old")))
    time.sleep(1.2)
    asyncio.run(store.save(tracker("new")))  # purges what has been idle for over a second
    assert asyncio.run(store.retrieve("old")) is None
    kept = asyncio.run(store.retrieve("new"))
    assert kept is not None and kept.get_slot("country") == "uk"
