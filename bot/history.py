"""Keep a stored conversation short, without losing anything the dialogue still needs.

Rasa rebuilds, replays and re-serialises the whole conversation on every message, and its
policies re-read all of it, so each turn costs more than the last (measured: turn 95 took
five times as long as turn 5). The dialogue only needs the last few turns plus three
facts from before them:
- the slots' values (country, age band, role, the question waiting for an answer, profile);
- that a session started, and when (session expiry and the anonymous counts need it);
- the last guidance step said (`bot.guidance.current_step` reads it from bot events).

`compact` replaces everything before the last `keep_turns` user turns with exactly those
facts. It works on serialised, already redacted events, so it never sees personal text.
"""

from __future__ import annotations

from typing import Any

from bot.guidance import is_step_response

# Compact once a conversation has more user turns than this, down to KEEP_TURNS: the
# longest rule needs two turns and MemoizationPolicy looks back five actions, so six turns
# is ample, and the gap means the SQL backend rewrites a conversation every four turns,
# not on every message.
KEEP_TURNS = 6
COMPACT_AFTER_TURNS = 10

_ACTION = "action"
_SESSION_START_ACTION = "action_session_start"
_ACTION_LISTEN = "action_listen"
# Events after which no slot keeps its value (a restart, a reset, a new session).
_CLEARS_SLOTS = frozenset({"restart", "reset_slots", "session_started"})


def _summary(head: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The few events that leave the dialogue in the same state as `head` did."""
    slots: dict[str, Any] = {}
    session_start: list[dict[str, Any]] = []
    last_step: dict[str, Any] | None = None
    for position, event in enumerate(head):
        kind = event.get("event")
        if kind in _CLEARS_SLOTS:
            slots.clear()
            last_step = None
        if kind == "session_started":
            before = head[position - 1] if position else None
            starts_with_action = (
                before is not None
                and before.get("event") == _ACTION
                and before.get("name") == _SESSION_START_ACTION
            )
            session_start = [before, event] if starts_with_action and before else [event]
        elif kind == "slot":
            slots[event["name"]] = event.get("value")
        elif kind == "bot" and is_step_response((event.get("metadata") or {}).get("utter_action")):
            last_step = event
    # Stamped with the last dropped event's time: never newer than what they stand for.
    stamp = head[-1].get("timestamp")
    slot_events = [
        {"event": "slot", "timestamp": stamp, "name": name, "value": value}
        for name, value in slots.items()
        if value is not None
    ]
    return session_start + slot_events + ([last_step] if last_step else [])


def compact(
    events: list[dict[str, Any]],
    keep_turns: int = KEEP_TURNS,
    compact_after_turns: int = COMPACT_AFTER_TURNS,
) -> list[dict[str, Any]] | None:
    """The conversation cut to its last `keep_turns` user turns, or None if it is short."""
    user_positions = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if len(user_positions) <= compact_after_turns:
        return None
    cut = user_positions[-keep_turns]
    # Start the kept part where a turn starts, at the action_listen before the message.
    previous = events[cut - 1]
    if previous.get("event") == _ACTION and previous.get("name") == _ACTION_LISTEN:
        cut -= 1
    return _summary(events[:cut]) + events[cut:]
