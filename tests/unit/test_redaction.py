"""Redaction of Rasa events: nothing personal survives, the dialogue's needs do."""

from __future__ import annotations

import json
from typing import Any

from bot.redaction import redact_event, redact_events

CANARY = "CANARY-5f0e"


def test_a_user_message_keeps_its_intent_and_entity_types_only() -> None:
    event = {
        "event": "user",
        "timestamp": 1.0,
        "text": f"im 15 in scotland {CANARY}",
        "parse_data": {
            "text": f"im 15 in scotland {CANARY}",
            "intent": {"name": "inform_country", "confidence": 0.9},
            "entities": [{"entity": "country", "value": "uk", "start": 9, "end": 17}],
            "intent_ranking": [{"name": "inform_country", "confidence": 0.9}],
            "message_id": "m1",
        },
        "metadata": {"profile": "school-a", "note": CANARY},
        "input_channel": "rest",
        "message_id": "m1",
    }
    clean = redact_event(event)
    assert CANARY not in json.dumps(clean)
    assert "uk" not in json.dumps(clean["parse_data"])
    assert clean["text"] is None
    assert clean["parse_data"] == {
        "intent": {"name": "inform_country", "confidence": 0.9},
        "entities": [{"entity": "country"}],
    }
    assert clean["metadata"] == {"profile": "school-a"}


def test_a_bot_message_keeps_the_response_name_and_service_ids_only() -> None:
    event = {
        "event": "bot",
        "timestamp": 2.0,
        "text": f"Here is help {CANARY}",
        "data": {"buttons": [{"title": CANARY, "payload": "/x"}]},
        "metadata": {"utter_action": "say_services_report", "service_ids": ["ceop"], "x": CANARY},
    }
    clean = redact_event(event)
    assert CANARY not in json.dumps(clean)
    assert clean["metadata"] == {"utter_action": "say_services_report", "service_ids": ["ceop"]}


def test_session_metadata_and_reminder_kwargs_are_stripped() -> None:
    events: list[dict[str, Any]] = [
        {"event": "session_started", "timestamp": 0.0, "metadata": {"profile": "p", "ip": CANARY}},
        {"event": "slot", "name": "session_started_metadata", "value": {"ip": CANARY}},
        {"event": "reminder", "intent": "x", "kwargs": {"text": CANARY}},
        {"event": "action", "name": "utter_greet", "action_text": CANARY},
        {"event": "entities", "entities": [{"entity": "country", "value": CANARY}]},
    ]
    clean = redact_events(events)
    assert len(clean) == len(events)
    assert CANARY not in json.dumps(clean)
    assert clean[3]["name"] == "utter_greet"
