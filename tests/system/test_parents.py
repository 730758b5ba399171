"""Parents and carers: direct answers about their child, with the links, in the first reply,
sent the way a parent would type them to the running bot."""

from __future__ import annotations

import re

import pytest

from bot.registry import default_registry
from rig.harness import Chat

REGISTRY = default_registry()
# Victim wording aimed at the parent, which the issue found: the child is the victim.
AT_THE_PARENT = [
    re.compile(r"\byou are not in trouble\b", re.I),
    re.compile(r"\bthis is not your fault\b", re.I),
    re.compile(r"\bdon'?t send (any )?more pics\b", re.I),
]


def web(service_id: str) -> str:
    address = REGISTRY.service(service_id).contact.web
    assert address
    return address


pytestmark = pytest.mark.servers


def test_a_parents_first_message_gets_the_plan_the_routes_and_the_links(chat: Chat) -> None:
    first = chat.say(
        "hi im a mum, my 15 year old son sent pics to someone on snap and now theyre "
        "threatening to send them to his friends unless he pays, what do i do"
    )[0]
    text = first["text"]
    assert "not in trouble" in text and "not their fault" in text
    assert re.search(r"pay", text) and "Don't delete" in text
    assert web("ceop") in text and "101" in text  # where to report, with the link
    assert web("report_remove") in text and "makes this report themselves" in text
    assert web("take_it_down") in text
    assert "These are for the UK" in text  # country not said: the answer says whose it is
    assert "US" in [b["title"] for b in first.get("buttons", [])]
    for pattern in AT_THE_PARENT:
        assert not pattern.search(text), pattern.pattern


def test_a_parent_who_taps_their_country_gets_that_countrys_routes(chat: Chat) -> None:
    chat.say("my daughter is being blackmailed by someone who has photos of her")
    text = chat.text('/inform_country{"country":"us"}')
    assert web("cybertipline") in text and "Anyone can report" in text
    assert web("ceop") not in text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("we're in australia, how do i report this for my 14 year old", ["esafety", "accce"]),
        ("my son is 16 and we live in canada, can i report it for him", ["cybertip_ca"]),
        ("can i report it to ceop myself as his dad? we are in wales", ["ceop"]),
    ],
)
def test_a_parent_asking_how_to_report_gets_the_answer_and_links_at_once(
    chat: Chat, message: str, expected: list[str]
) -> None:
    text = chat.say(message)[0]["text"]
    for service_id in expected:
        assert web(service_id) in text, (service_id, text)
    assert "These are for" not in text  # the country was given: no question about it


def test_a_parent_whose_child_paid_is_told_not_to_pay_more_and_where_to_report(
    chat: Chat,
) -> None:
    text = chat.text("my son already paid them £200 from his savings and now they want more")
    assert re.search(r"don'?t pay anything more", text, re.I)
    assert "payment details" in text and web("ceop") in text
    assert not re.search(r"\bdon'?t be angry\b.*\byou\b are not in trouble", text)


def test_a_parent_asking_about_the_phone_hears_what_the_guidance_does_and_does_not_say(
    chat: Chat,
) -> None:
    text = chat.text("should i take my daughters phone off her after this")
    assert "No official guidance" in text or "no official rule" in text.lower()
    assert "NSPCC" in text and "evidence" in text
    assert re.search(r"don'?t (delete|wipe)", text, re.I) or "Wiping" in text


def test_a_parent_asking_how_to_talk_gets_no_blame_wording(chat: Chat) -> None:
    text = chat.text("how do i talk to my son about this without him shutting down")
    assert "not their fault" in text or "not your fault, you're not in trouble" in text
    assert "Don't ask why they sent" in text
    assert "0800 1111" in text  # Childline, if talking to a parent is hard


def test_a_child_who_wants_to_die_gets_crisis_lines_and_how_to_stay_with_them(
    chat: Chat,
) -> None:
    chat.say("my son is being blackmailed over a video")
    text = chat.say("he just told me he wants to kill himself")[0]["text"]
    assert "stay with your child" in text.lower()
    assert all(n in text for n in ("0800 1111", "116 123", "85258", "999"))


def test_the_same_question_twice_never_gets_the_same_reply_word_for_word(chat: Chat) -> None:
    first = chat.text("should we take his phone away")
    second = chat.text("so should i take the phone off him or not")
    assert first != second
    third = chat.text("my kid already paid them, what now")
    fourth = chat.text("he already paid them, what do we do")
    assert third != fourth


def test_a_young_person_taken_for_a_parent_once_still_hears_words_for_them(chat: Chat) -> None:
    chat.say("he posted it to my story and everyone from school has seen it")
    text = chat.text("/next_step")
    # Youth words (a post already up: step 1 is not "don't pay", issue #13), not a parent's.
    assert text.startswith("Step 1: Don't") and "don't send any more pics" in text, text
    assert "Help them" not in text and "your child" not in text.lower(), text


def test_a_parents_first_reply_is_short_and_offers_the_uk_nations(chat: Chat) -> None:
    first = chat.say("my son is 14 and someone is blackmailing him over photos he sent")[0]
    words = len(first["text"].split())
    assert words <= 180, (words, first["text"])
    text = first["text"]
    for kept in ("not in trouble", "Don't delete", web("ceop"), web("report_remove"), "0800 1111"):
        assert kept in text, kept  # the plan, where to report, removal and support stay
    titles = [b["title"] for b in first.get("buttons", [])]
    for nation in ("England", "Wales", "Scotland", "Northern Ireland", "US"):
        assert nation in titles, titles
