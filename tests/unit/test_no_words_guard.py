"""Messages with no words get the fallback reply (bot/nlu/no_words_guard.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.no_words_guard import NoWordsGuard, has_no_words


@pytest.mark.parametrize(
    "text",
    ["😭😭😭", "???", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>hi</b>"],
)
def test_emoji_punctuation_and_markup_alone_have_no_words(text: str) -> None:
    assert has_no_words(text)


@pytest.mark.parametrize(
    "text",
    ["hi", "asdfghjkl", "he has my pics <3", "<b>he wants money</b>", "i'm 15 and scared"],
)
def test_a_person_s_words_are_words_even_with_a_tag_or_a_heart(text: str) -> None:
    assert not has_no_words(text)


def test_the_guess_is_replaced_by_the_fallback_and_other_messages_are_left_alone() -> None:
    markup = Message({"text": "<script>alert(1)</script>"})
    markup.set("intent", {"name": "ask_evidence", "confidence": 0.9})
    words = Message({"text": "he wants money"})
    words.set("intent", {"name": "disclose", "confidence": 0.9})
    NoWordsGuard().process([markup, words])
    assert markup.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert words.get("intent")["name"] == "disclose"
