"""Parents and carers: direct answers about their child, with the links, in the first reply.

The unit tests read the wording and the routes; the `servers` tests send what a parent would
type to the running bot and check what comes back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.adults import adult_services, render_for_adults, report_routes
from bot.registry import default_registry
from tests.conftest import Chat

REGISTRY = default_registry()
PROJECT = Path(__file__).resolve().parent.parent
PARENT_DOMAIN = PROJECT / "domain" / "parents.yml"
RESEARCH_FILES = ("guidance.md", "milestone2-facts.md")

# Victim wording aimed at the parent, which the issue found: the child is the victim.
AT_THE_PARENT = [
    re.compile(r"\byou are not in trouble\b", re.I),
    re.compile(r"\bthis is not your fault\b", re.I),
    re.compile(r"\bdon'?t send (any )?more pics\b", re.I),
]


def parent_texts() -> list[tuple[str, str]]:
    """(response, text) of every variation a parent can be shown from domain/parents.yml."""
    document = yaml.safe_load(PARENT_DOMAIN.read_text(encoding="utf-8"))
    return [
        (name, variation["text"])
        for name, variations in document["responses"].items()
        for variation in variations
    ]


def web(service_id: str) -> str:
    address = REGISTRY.service(service_id).contact.web
    assert address
    return address


def test_parent_answers_never_speak_to_the_parent_as_the_victim() -> None:
    for name, text in parent_texts():
        for pattern in AT_THE_PARENT:
            assert not pattern.search(text), (name, pattern.pattern)


def test_every_parent_answer_names_its_sources_in_the_research() -> None:
    document = yaml.safe_load(PARENT_DOMAIN.read_text(encoding="utf-8"))
    for name, variations in document["responses"].items():
        for variation in variations:
            sources = (variation.get("metadata") or {}).get("sources") or []
            assert sources, name
            assert all(any(f in source for f in RESEARCH_FILES) for source in sources), name


def test_every_parent_answer_has_a_second_wording_so_it_is_never_repeated() -> None:
    document = yaml.safe_load(PARENT_DOMAIN.read_text(encoding="utf-8"))
    for name, variations in document["responses"].items():
        texts = {v["text"] for v in variations if not v.get("condition")}
        assert len(texts) >= 2, name


def test_a_parent_in_the_uk_can_report_to_ceop_and_101_and_is_told_it_is_not_anonymous() -> None:
    routes = report_routes(REGISTRY, "uk", None, "parent")
    assert [s.id for s in routes][:2] == ["ceop", "uk_police_101"]
    text = render_for_adults(routes).lower()
    assert "can report for a child" in text and "not anonymous" in text


def test_a_parent_hears_which_removal_tools_the_child_must_use_themselves() -> None:
    services = adult_services(REGISTRY, "uk", "13_17", "parent")
    removal = render_for_adults(services["adult_remove_lines"]).lower()
    assert "report remove" in removal and "the young person makes this report themselves" in removal
    assert "take it down" in removal and "on the device used" in removal
    assert "stopncii" not in removal  # adults only: never for a child's pictures


def test_the_childs_age_decides_the_routes_never_the_parents() -> None:
    routes = {s.id for s in report_routes(REGISTRY, "uk", "18_plus", "parent")}
    assert "ceop" not in routes  # CEOP is for under-18s: an adult child goes to the police
    child = {s.id for s in adult_services(REGISTRY, "uk", "13_17", "parent")["adult_remove_lines"]}
    assert "stopncii" not in child and "revenge_porn_helpline" not in child


@pytest.mark.parametrize(
    ("country", "route", "who"),
    [
        ("us", "cybertipline", "anyone can report"),
        ("ca", "cybertip_ca", "anyone can report"),
        ("au", "esafety", "a parent can report for a child under 16"),
    ],
)
def test_each_country_says_who_may_report(country: str, route: str, who: str) -> None:
    routes = report_routes(REGISTRY, country, "13_17", "parent")
    assert route in {s.id for s in routes}
    assert who in render_for_adults(routes).lower()


# ------------------------------------------------------------- through the running bot

servers = pytest.mark.servers


@servers
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


@servers
def test_a_parent_who_taps_their_country_gets_that_countrys_routes(chat: Chat) -> None:
    chat.say("my daughter is being blackmailed by someone who has photos of her")
    text = chat.text('/inform_country{"country":"us"}')
    assert web("cybertipline") in text and "Anyone can report" in text
    assert web("ceop") not in text


@servers
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


@servers
def test_a_parent_whose_child_paid_is_told_not_to_pay_more_and_where_to_report(
    chat: Chat,
) -> None:
    text = chat.text("my son already paid them £200 from his savings and now they want more")
    assert re.search(r"don'?t pay anything more", text, re.I)
    assert "payment details" in text and web("ceop") in text
    assert not re.search(r"\bdon'?t be angry\b.*\byou\b are not in trouble", text)


@servers
def test_a_parent_asking_about_the_phone_hears_what_the_guidance_does_and_does_not_say(
    chat: Chat,
) -> None:
    text = chat.text("should i take my daughters phone off her after this")
    assert "No official guidance" in text or "no official rule" in text.lower()
    assert "NSPCC" in text and "evidence" in text
    assert re.search(r"don'?t (delete|wipe)", text, re.I) or "Wiping" in text


@servers
def test_a_parent_asking_how_to_talk_gets_no_blame_wording(chat: Chat) -> None:
    text = chat.text("how do i talk to my son about this without him shutting down")
    assert "not their fault" in text or "not your fault, you're not in trouble" in text
    assert "Don't ask why they sent" in text
    assert "0800 1111" in text  # Childline, if talking to a parent is hard


@servers
def test_a_child_who_wants_to_die_gets_crisis_lines_and_how_to_stay_with_them(
    chat: Chat,
) -> None:
    chat.say("my son is being blackmailed over a video")
    text = chat.say("he just told me he wants to kill himself")[0]["text"]
    assert "stay with your child" in text.lower()
    assert all(n in text for n in ("0800 1111", "116 123", "85258", "999"))


@servers
def test_the_same_question_twice_never_gets_the_same_reply_word_for_word(chat: Chat) -> None:
    first = chat.text("should we take his phone away")
    second = chat.text("so should i take the phone off him or not")
    assert first != second
    third = chat.text("my kid already paid them, what now")
    fourth = chat.text("he already paid them, what do we do")
    assert third != fourth


@servers
def test_a_young_person_taken_for_a_parent_once_still_hears_words_for_them(chat: Chat) -> None:
    chat.say("he posted it to my story and everyone from school has seen it")
    text = chat.text("/next_step")
    assert "Step 1: Don't pay, and don't send any more pics" in text, text
