"""What a young person asked before the crisis help is answered once they say they are safe."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionAnswerHeldQuestion
from bot.held_question import MIN_CONFIDENCE, held_question
from bot.redaction import redact_event


def user(intent: str, heard: str | None = None, confidence: float = 0.9) -> dict[str, Any]:
    parse: dict[str, Any] = {"intent": {"name": intent, "confidence": 1.0}, "entities": []}
    if heard:
        parse["classifier_intent"] = {"name": heard, "confidence": confidence}
    return {"event": "user", "text": None, "parse_data": parse}


def bot(name: str) -> dict[str, Any]:
    return {"event": "bot", "text": None, "metadata": {"utter_action": name}}


SAFE = [bot("utter_safe_now"), bot("utter_real_person_today")]


def test_the_situation_heard_before_the_check_in_is_answered_once_they_are_safe() -> None:
    events = [user("despair", "paid_more_than_once"), bot("utter_check_in"), user("deny"), *SAFE]
    assert held_question(events) == "paid_more_than_once"


def test_after_the_crisis_reply_too() -> None:
    events = [
        user("crisis", "sent_more_images"),
        bot("utter_crisis"),
        bot("utter_crisis_stay"),
        user("deny"),
        *SAFE,
    ]
    assert held_question(events) == "sent_more_images"


def test_a_question_asked_after_the_crisis_reply_is_answered_after_the_follow_up() -> None:
    events = [
        user("crisis", "despair"),
        bot("utter_crisis"),
        bot("utter_crisis_stay"),
        user("ask_how_report"),
        bot("utter_crisis_follow_up"),
        user("deny"),
        *SAFE,
    ]
    assert held_question(events) == "ask_how_report"


def test_nothing_when_the_classifier_heard_despair_itself_or_an_adults_question() -> None:
    for heard in ("despair", "crisis", "parent_child_distressed", "greet", None):
        events = [user("despair", heard), bot("utter_check_in"), user("deny"), *SAFE]
        assert held_question(events) is None, heard


def test_nothing_when_the_classifier_was_guessing() -> None:
    unsure = MIN_CONFIDENCE - 0.01
    events = [user("despair", "paid_more_than_once", unsure), bot("utter_check_in"), user("deny")]
    assert held_question(events) is None


def test_an_older_question_or_one_from_an_earlier_session_is_never_answered() -> None:
    older = [user("despair", "paid_more_than_once"), bot("utter_check_in"), user("deny")]
    assert held_question([*older, *SAFE, user("thanks"), bot("utter_thanks")]) is None
    assert held_question([*older[:2], {"event": "session_started"}, user("deny")]) is None
    assert held_question([user("paid_more_than_once"), bot("utter_paid_more_than_once")]) is None


def test_the_stored_message_keeps_what_the_classifier_heard_and_no_text() -> None:
    event = user("despair", "sent_more_images", 0.98)
    event["text"] = "i sent more and now i feel hopeless"
    event["parse_data"]["text"] = event["text"]
    event["parse_data"]["classifier_intent"]["id"] = 123
    clean = redact_event(event)
    assert clean["text"] is None
    assert "hopeless" not in str(clean)
    assert clean["parse_data"]["classifier_intent"] == {
        "name": "sent_more_images",
        "confidence": 0.98,
    }


def test_the_action_asks_it_again_as_an_intent_in_their_language() -> None:
    events = [user("despair", "outing_threat"), bot("utter_check_in"), user("deny"), *SAFE]
    tracker = Tracker(
        sender_id="test",
        slots={},
        latest_message={"intent": {"name": "deny"}, "metadata": {"lang": "cy"}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_real_person_today",
    )
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionAnswerHeldQuestion().run(dispatcher, tracker, {}))
    assert dispatcher.messages == []
    assert [e["event"] for e in result] == ["action", "user"]
    assert result[0]["name"] == "action_listen"
    assert result[1]["parse_data"]["intent"]["name"] == "outing_threat"
    assert result[1]["text"] is None and result[1]["metadata"] == {"lang": "cy"}
    tracker.events = [user("deny"), bot("utter_safe_now")]
    assert asyncio.run(ActionAnswerHeldQuestion().run(dispatcher, tracker, {})) == []
