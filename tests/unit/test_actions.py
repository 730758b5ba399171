"""The custom actions, run as the action server runs them, without a server."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionNextStep, ActionShowServices


def tracker(intent: str, said: list[str], slots: dict[str, Any] | None = None) -> Tracker:
    events = [{"event": "session_started"}] + [
        {"event": "bot", "text": None, "metadata": {"utter_action": name}} for name in said
    ]
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={"intent": {"name": intent, "confidence": 1.0}, "entities": []},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Any, current: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, current, {}))
    return dispatcher.messages, events


def test_next_step_continues_after_the_step_a_rule_said() -> None:
    messages, events = run(ActionNextStep(), tracker("next_step", ["utter_step_dont_pay"]))
    assert [m["response"] for m in messages] == ["say_step_stop_replying"]
    assert events == []


def test_next_step_at_the_report_step_asks_where_the_user_lives() -> None:
    messages, events = run(ActionNextStep(), tracker("next_step", ["say_step_block_and_report"]))
    assert [m["response"] for m in messages] == ["say_step_report", "say_ask_country"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "pending_need", "value": "report"}
    ]


def test_show_services_answers_how_to_report_for_a_known_country_and_age() -> None:
    messages, events = run(
        ActionShowServices(),
        tracker("ask_how_report", [], {"country": "us", "age_band": "13_17"}),
    )
    (message,) = messages
    assert message["response"] == "say_services_report"
    assert events == [{"event": "slot", "timestamp": None, "name": "pending_need", "value": None}]
    assert "NCMEC CyberTipline: call 1-800-843-5678" in message["services"]
    assert {"title": "Open NCMEC CyberTipline", "url": "https://report.cybertip.org"} in message[
        "buttons"
    ]


def test_show_services_finishes_the_waiting_answer_after_the_country_is_given() -> None:
    messages, _ = run(
        ActionShowServices(),
        tracker(
            "inform_country",
            ["utter_step_dont_pay", "say_step_report", "say_ask_country"],
            {"country": "nz", "pending_need": "report"},
        ),
    )
    assert [m["response"] for m in messages] == ["say_services_report", "say_offer_next_step"]
    assert "Netsafe" in messages[0]["services"]
