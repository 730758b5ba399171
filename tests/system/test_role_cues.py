"""Who is writing, through the running bot: the same situation from a young person, a parent
and school staff gets each writer's intent and reply (bot/nlu/role_cues.py, after the intent
model)."""

from __future__ import annotations

import re

import pytest

from bot.nlu.role_cues import CUES_KEY, PROTECTED
from rig.harness import BotServers, Chat

pytestmark = pytest.mark.servers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i paid them twice and they still want more money", {"paid_more_than_once"}),
        ("ive sent him money 3 times now and he wont stop", {"paid_more_than_once"}),
        ("my daughter paid them twice and now they want more", {"parent_child_paid"}),
        ("how do i get the pictures of my son taken down", {"parent_report_remove"}),
        ("can i report it without my mum finding out", {"ask_report_secretly"}),
        ("a pupil made me promise not to tell her parents", {"staff_confidential"}),
    ],
)
def test_the_writers_own_intent_wins(servers: BotServers, text: str, expected: set[str]) -> None:
    parsed = servers.parse(text)
    assert parsed["intent"]["name"] in expected, parsed["intent"]
    moved = parsed.get(CUES_KEY)
    if moved:  # recorded only when the classifier was overruled: kinds, never words
        assert moved["to"] == parsed["intent"]["name"] and moved["cues"]
        assert not any(word in str(moved) for word in text.split() if len(word) > 4)


def test_a_crisis_stays_a_crisis_whoever_writes(servers: BotServers) -> None:
    for text in (
        "my son paid them twice and i want to end my life",
        "i paid them twice and i want to kill myself",
        "a pupil told me and now i want to die",
    ):
        parsed = servers.parse(text)
        assert parsed["intent"]["name"] in PROTECTED - {"nlu_fallback"}, parsed["intent"]


def test_a_young_person_who_paid_again_is_not_answered_as_a_parent(chat: Chat) -> None:
    text = chat.text("i paid them twice already and they keep asking me for more")
    assert not re.search(r"\byour (child|son|daughter)\b", text, re.I), text
    assert re.search(r"don'?t pay", text, re.I), text
