"""After crisis help, a message that does not answer it gets help and the question again."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies.crisis_follow_up import (
    EXPECTED_ANSWERS,
    FOLLOW_UP,
    needs_follow_up,
    reply_before_latest_message,
)


@pytest.mark.parametrize("reply", sorted(EXPECTED_ANSWERS))
def test_a_practical_question_or_a_barrier_after_crisis_help_gets_the_follow_up(reply: str) -> None:
    for intent in ("ask_how_report", "paid_more_than_once", "out_of_scope", "nlu_fallback"):
        assert needs_follow_up(reply, intent), (reply, intent)


def test_the_answers_the_crisis_replies_ask_for_are_left_to_the_rules() -> None:
    for intent in ("deny", "affirm", "despair", "crisis", "danger", "help_now", "inform_country"):
        assert not needs_follow_up("utter_check_in", intent)
        assert not needs_follow_up("utter_crisis_stay", intent)
    assert not needs_follow_up("utter_check_in", "parent_help")  # a parent's button
    assert not needs_follow_up("utter_crisis_stay", "next_step")  # "What do I do next?"


def test_only_straight_after_crisis_help_and_only_once() -> None:
    assert not needs_follow_up("utter_paid_more_than_once", "ask_how_report")
    assert not needs_follow_up(FOLLOW_UP, "ask_how_report")  # asked again once: they lead now
    assert not needs_follow_up(None, "ask_how_report")


def tracker(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("test", list(events))


def test_the_reply_before_is_read_from_the_actions_not_the_text() -> None:
    current = tracker(
        ActionExecuted("action_listen"),
        UserUttered("x", {"name": "crisis", "confidence": 1.0}),
        ActionExecuted("utter_crisis"),
        BotUttered("help"),
        ActionExecuted("utter_crisis_stay"),
        BotUttered("still here"),
        ActionExecuted("action_listen"),
        UserUttered("y", {"name": "ask_how_report", "confidence": 1.0}),
    )
    assert reply_before_latest_message(current) == "utter_crisis_stay"
    assert reply_before_latest_message(tracker(UserUttered("first"))) is None


def test_the_follow_up_is_a_response_of_the_domain() -> None:
    assert FOLLOW_UP in Domain.load("domain").responses
