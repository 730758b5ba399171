"""The question a young person asked in a message that got crisis help first.

"i paid him twice and he wants more, i cant take this anymore" needs crisis help first, and
the safety net gives it (bot/nlu/safety_net.py), keeping what the classifier had heard
(`classifier_intent`: an intent name and its confidence, never the text). Once they answer
that they are safe right now, they still need the answer to what they asked, so the bot gives
it then, instead of making them ask again. Only for a young person's own situations and
practical questions, and only when the classifier was confident: a parent's or a teacher's
crisis reply already leads on to their own next step, and a guess is worse than asking.
The same for a question asked just after the crisis reply ("how do i report him"), which got
the question about their safety again first (bot/policies/crisis_follow_up.py).

Pure functions over serialised events, so the action server (rasa-sdk only) can use them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# The replies that put crisis help before anything else, and ask whether they are safe (the
# follow-up asks again when the next message did not answer: bot/policies/crisis_follow_up.py).
CRISIS_REPLIES = frozenset({"utter_check_in", "utter_crisis", "utter_crisis_follow_up"})
# Kept by the safety net on a message it overrode (bot/redaction.py keeps the name and
# confidence only).
CLASSIFIER_INTENT_KEY = "classifier_intent"
# A young person's own situations and practical questions, answered once they are safe.
ANSWERED_ONCE_SAFE = frozenset(
    {
        "account_hacked",
        "already_paid",
        "ask_already_posted",
        "ask_delete",
        "ask_evidence",
        "ask_how_report",
        "ask_in_trouble",
        "ask_keep_replying",
        "ask_remove_images",
        "ask_report_secretly",
        "ask_save_pictures",
        "ask_should_pay",
        "ask_tell_parents",
        "ask_who_to_tell",
        "catfished",
        "classmate_sharing",
        "disclose",
        "fake_image",
        "games_gift_cards_crypto",
        "outing_threat",
        "paid_more_than_once",
        "sent_more_images",
    }
)
# Below this the classifier's intent is a guess: the next-step button is better than a wrong
# answer. Half, where the classifier's first answer outweighs all the others together.
MIN_CONFIDENCE = 0.5


def held_question(events: Sequence[Mapping[str, Any]]) -> str | None:
    """The intent to answer now: what the message before the latest crisis or check-in reply
    asked, if it is one of ANSWERED_ONCE_SAFE and the classifier was sure of it; else None."""
    crisis_reply_seen = False
    answers_since = 0
    for event in reversed(events):
        kind = event.get("event")
        if kind == "session_started":
            return None
        if kind == "bot" and not crisis_reply_seen:
            metadata = event.get("metadata") or {}
            crisis_reply_seen = metadata.get("utter_action") in CRISIS_REPLIES
        elif kind == "user" and crisis_reply_seen:
            return _confident_answerable(event.get("parse_data") or {})
        elif kind == "user":
            # Only their answer to that reply ("no, I'm safe") may come after it: an older
            # question is not the one on their mind now.
            answers_since += 1
            if answers_since > 1:
                return None
    return None


def _confident_answerable(parse_data: Mapping[str, Any]) -> str | None:
    # What the classifier heard, if the safety net put crisis help first; else the message's
    # own intent ("how do i report him", asked after the crisis reply).
    heard = parse_data.get(CLASSIFIER_INTENT_KEY) or parse_data.get("intent")
    if not isinstance(heard, Mapping):
        return None
    name, confidence = heard.get("name"), heard.get("confidence")
    if name not in ANSWERED_ONCE_SAFE or not isinstance(confidence, (int, float)):
        return None
    return str(name) if confidence >= MIN_CONFIDENCE else None
