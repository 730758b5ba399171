"""Compacting a long conversation keeps what the dialogue needs and drops the rest."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cli import PROJECT
from bot.guidance import current_step
from bot.history import COMPACT_AFTER_TURNS, KEEP_TURNS, compact
from bot.tracker_store import RedactingTrackerStore

DOMAIN = Domain.load(str(PROJECT / "domain"))


def turn(intent: str, action: str, response: str | None = None) -> list[Event]:
    """One user turn: the message, the bot's action (and what it said), then listening."""
    events: list[Event] = [UserUttered("text", {"name": intent, "confidence": 0.9})]
    events.append(ActionExecuted(action))
    if response:
        events.append(BotUttered("words", {}, {"utter_action": response}))
    events.append(ActionExecuted("action_listen"))
    return events


def conversation(chatter_turns: int) -> list[Event]:
    """A session: a disclosure (step 1), country and age given, then `chatter_turns` more."""
    events: list[Event] = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("session_started_metadata", {"profile": "school-a"}),
        ActionExecuted("action_listen"),
    ]
    events += turn("disclose_threat", "utter_step_dont_pay", "utter_step_dont_pay")
    events += turn("inform_country", "action_show_services", "say_noted")
    events.insert(-2, SlotSet("country", "uk"))
    events += turn("inform_age", "action_show_services", "say_noted")
    events.insert(-2, SlotSet("age_band", "13_17"))
    events += turn("next_step", "action_next_step", "say_step_stop_replying")
    for _ in range(chatter_turns):
        events += turn("thanks", "utter_you_are_welcome", "utter_you_are_welcome")
    return events


def as_dicts(events: list[Event]) -> list[dict[str, Any]]:
    return [event.as_dict() for event in events]


def replayed(events: list[dict[str, Any]]) -> DialogueStateTracker:
    return DialogueStateTracker.from_dict("t", events, DOMAIN.slots)


def steps_said(events: list[dict[str, Any]]) -> list[str]:
    return [
        e["metadata"]["utter_action"]
        for e in events
        if e["event"] == "bot" and (e.get("metadata") or {}).get("utter_action")
    ]


def test_a_short_conversation_is_left_alone() -> None:
    assert compact(as_dicts(conversation(chatter_turns=COMPACT_AFTER_TURNS - 4))) is None


def test_a_long_conversation_keeps_its_last_turns_slots_session_and_step() -> None:
    events = as_dicts(conversation(chatter_turns=20))
    compacted = compact(events)
    assert compacted is not None
    assert [e["event"] for e in compacted].count("user") == KEEP_TURNS
    kept = 4 * KEEP_TURNS + 1  # four events a turn, and the action_listen before them
    assert compacted[-kept:] == events[-kept:]
    # The kept part starts where a turn starts, so the rules read it as they did before.
    assert compacted[-kept]["name"] == "action_listen"
    before, after = replayed(events), replayed(compacted)
    assert after.current_slot_values() == before.current_slot_values()
    assert after.get_slot("country") == "uk" and after.get_slot("age_band") == "13_17"
    assert current_step(steps_said(compacted)) == "stop_replying"
    assert current_step(steps_said(events)) == "stop_replying"
    summary = compacted[:-kept]
    assert [e["event"] for e in summary[:2]] == ["action", "session_started"]
    # Nothing in the summary claims to be newer than what it replaced.
    assert all(e["timestamp"] <= events[-kept - 1]["timestamp"] for e in summary)


def test_slots_cleared_by_a_new_session_do_not_come_back() -> None:
    events = conversation(chatter_turns=2)
    events += [ActionExecuted("action_session_start"), SessionStarted()]
    events += [ActionExecuted("action_listen")]
    for _ in range(COMPACT_AFTER_TURNS + 1):
        events += turn("thanks", "utter_you_are_welcome", "utter_you_are_welcome")
    compacted = compact(as_dicts(events))
    assert compacted is not None
    after = replayed(compacted)
    assert after.get_slot("country") is None
    assert current_step(steps_said(compacted)) is None


class CountingRecorder:
    """Stands in for the analytics counter: keeps every event it is asked to count."""

    def __init__(self) -> None:
        self.counted: list[dict[str, Any]] = []

    def count(self, new_events: Any, tracker: Any) -> None:
        self.counted += list(new_events)


@pytest.mark.parametrize("turns", [3, 40])
def test_every_event_is_counted_once_however_long_the_conversation(turns: int) -> None:
    """Rasa's way: retrieve the stored tracker, add a turn's events to it, save it."""
    recorder = CountingRecorder()
    store = RedactingTrackerStore(DOMAIN, counter=recorder)  # type: ignore[arg-type]
    sender = f"counting-{turns}"
    sent = conversation(chatter_turns=0)
    tracker = DialogueStateTracker.from_events(sender, [], DOMAIN.slots)
    for event in sent:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    for _ in range(turns):
        stored = asyncio.run(store.retrieve(sender))
        assert stored is not None
        new = turn("thanks", "utter_you_are_welcome", "utter_you_are_welcome")
        for event in new:
            stored.update(event)
        asyncio.run(store.save(stored))
        sent += new
    assert len(recorder.counted) == len(sent)
    assert [e["event"] for e in recorder.counted] == [e.as_dict()["event"] for e in sent]
    stored = asyncio.run(store.retrieve(sender))
    assert stored is not None
    users = [e for e in stored.events if isinstance(e, UserUttered)]
    assert len(users) <= COMPACT_AFTER_TURNS
    assert stored.get_slot("country") == "uk"
