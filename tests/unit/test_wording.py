"""What the bot says: readable at about age 11, safe, and numbers only from the registry."""

from __future__ import annotations

import re

import textstat
import yaml

from bot.messages import all_responses
from bot.nlg import first_wording_not_just_said, variation_id
from bot.registry import default_registry
from bot.settings import SETTINGS
from tests.unit.wording import PROJECT, texts, texts_by_reader

# Written for adults (parents, school staff); still plain, but not scored for age 11. Every
# response in the parents' and staff domain files answers an adult's intent.
ADULT_FACING = {
    name
    for part in ("parents", "staff")
    for name in yaml.safe_load((PROJECT / "domain" / f"{part}.yml").read_text())["responses"]
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _grades(for_adults: bool) -> dict[str, float]:
    """Flesch-Kincaid grade of each variation written for that reader."""
    return {
        f"{name}: {text[:40]}": textstat.flesch_kincaid_grade(PLACEHOLDER.sub("", text))
        for name, text, adult in texts_by_reader()
        if (adult or name in ADULT_FACING) == for_adults
    }


def test_every_youth_facing_response_reads_at_grade_6_or_below() -> None:
    scores = _grades(for_adults=False)
    too_hard = {name: score for name, score in scores.items() if score > 6}
    print(f"\nhardest response: {max(scores, key=lambda n: scores[n])} ({max(scores.values())})")
    assert too_hard == {}, f"responses above grade 6: {too_hard}"


def test_every_response_for_parents_and_staff_reads_at_grade_9_or_below() -> None:
    scores = _grades(for_adults=True)
    too_hard = {name: score for name, score in scores.items() if score > 9}
    assert too_hard == {}, f"adult responses above grade 9: {too_hard}"


def _contact_strings() -> set[str]:
    found: set[str] = set()
    for service in default_registry().services:
        contact = service.contact
        found.update(v for v in (contact.phone, contact.text_number, contact.web) if v)
        found.add(service.source)
    return found


def test_no_phone_number_or_web_address_outside_the_registry() -> None:
    contacts = _contact_strings()
    places = [
        *PROJECT.glob("domain/*.yml"),
        *PROJECT.glob("data/**/*.yml"),
        *PROJECT.glob("bot/**/*.py"),
        *PROJECT.glob("actions/**/*.py"),
        *PROJECT.glob("bot/widget/*"),
        PROJECT / "bot" / "resources" / "widget_text.yml",
        PROJECT / "bot" / "resources" / "action_messages.yml",
        PROJECT / "bot" / "resources" / "safety_patterns.yml",
        PROJECT / "config.yml",
        PROJECT / "endpoints.yml",
        PROJECT / "credentials.yml",
    ]
    # A real host has a dot: placeholders such as https://HOST in a comment are not addresses.
    # RFC 2606 example domains are placeholders in documentation, not addresses.
    web_address = re.compile(
        r"https?://(?!localhost|127\.0\.0\.1|0\.0\.0\.0|(?:www\.)?example\.(?:org|com|net)\b)"
        r"[\w-]+\.[\w.-]+"
    )
    # Setting defaults are declared once (the neutral quick-exit page is not a service).
    setting_hosts = {
        m for setting in SETTINGS.values() for m in web_address.findall(setting.default)
    }
    phone_like = re.compile(r"\b\d{3,5}[ -]\d{3,4}(?:[ -]\d{3,4})?\b")
    offenders = []
    for path in places:
        text = path.read_text(encoding="utf-8")
        offenders += [(path.name, c) for c in contacts if len(c) >= 5 and c in text]
        offenders += [(path.name, m) for m in web_address.findall(text) if m not in setting_hosts]
        offenders += [(path.name, m) for m in phone_like.findall(text)]
    assert offenders == []


def test_responses_never_carry_a_short_emergency_number_directly() -> None:
    short_numbers = {
        v
        for s in default_registry().services
        for v in (s.contact.phone, s.contact.text_number)
        if v and len(v) < 5
    }
    for name, text in texts():
        for number in short_numbers:
            assert not re.search(rf"(?<![\w{{]){re.escape(number)}\b", text), (name, number)


def test_crisis_replies_carry_the_registry_lines_and_emergency_number() -> None:
    responses = all_responses()
    for name in ("utter_crisis", "utter_help_now"):
        default = responses[name][0]["text"]
        assert "{crisis_lines}" in default and "{emergency_number}" in default, name
        for variation in responses[name][1:]:
            assert "{emergency_number}" in variation["text"], name
    assert "{emergency_number}" in responses["utter_danger"][0]["text"]


FORBIDDEN_ADVICE = [
    re.compile(
        r"\b(you should|you could|just|best to|better to) (pay|send (them )?(more|the))", re.I
    ),
    re.compile(r"\bdelete (your|the) (account|chat|messages)\b(?! yet)", re.I),
    re.compile(r"\bsend (me|us) (the|a|your) (pic|photo|image|picture|video)", re.I),
    re.compile(r"\bwill (definitely|always) (be )?(removed|taken down)\b", re.I),
    re.compile(r"\b(no one|nobody) will (ever )?(know|find out|be told)\b", re.I),
    re.compile(r"\bwhy did you\b", re.I),
]


def test_no_response_gives_unsafe_advice_or_promises() -> None:
    found = [
        (name, pattern.pattern)
        for name, text in texts()
        for pattern in FORBIDDEN_ADVICE
        if pattern.search(text) and "Don't" not in text[: pattern.search(text).start()][-12:]  # type: ignore[union-attr]
    ]
    assert found == []


def test_the_greeting_says_it_is_automated_not_the_police_and_keeps_nothing() -> None:
    greeting = all_responses()["utter_greet"][0]["text"].lower()
    assert "chatbot" in greeting and "not a person" in greeting
    assert "not the police" in greeting
    assert "don't keep anything you type" in greeting


def test_every_question_the_bot_asks_offers_buttons_or_gets_them_from_the_registry() -> None:
    from bot.nlg import ASKS_AGE, ASKS_COUNTRY

    for name, variations in all_responses().items():
        for variation in variations:
            if variation["text"].rstrip().endswith("?"):
                assert variation.get("buttons") or name in ASKS_AGE | ASKS_COUNTRY, name


def test_the_first_wording_is_always_the_reviewed_one_and_a_repeat_gets_the_next() -> None:
    wordings = [{"text": "first"}, {"text": "second"}, {"text": "third"}]
    said_first = variation_id("utter_x", wordings[0])
    assert first_wording_not_just_said("utter_x", wordings, None) is wordings[0]
    assert first_wording_not_just_said("utter_x", wordings, said_first) is wordings[1]
    # Another response's wording said last does not move this one off its first wording.
    said_elsewhere = variation_id("utter_y", wordings[0])
    assert first_wording_not_just_said("utter_x", wordings, said_elsewhere) is wordings[0]
    # With one wording only, it is said (the NLG then marks it as said again).
    assert first_wording_not_just_said("utter_x", wordings[:1], said_first) is wordings[0]


def test_a_reply_counts_as_said_again_only_in_the_language_it_was_said_in() -> None:
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.nlg import said_last_turn

    greeted_in_english = [
        UserUttered("hi"),
        BotUttered("Hi", metadata={"utter_action": "utter_greet", "lang": "en"}),
        UserUttered("/greet"),
    ]
    tracker = DialogueStateTracker.from_events("said-again", greeted_in_english)
    said = said_last_turn(tracker)
    assert ("utter_greet", (), "en") in said
    # After a switch to Spanish, the greeting in Spanish is not a repeat ("Hola de nuevo").
    assert ("utter_greet", (), "es") not in said
    # A second wording already said does not count, so a third ask gets the first back.
    again = [
        *greeted_in_english[:1],
        BotUttered("Hi", metadata={"utter_action": "utter_greet", "said_again": True}),
    ]
    assert (
        said_last_turn(DialogueStateTracker.from_events("x", [*again, UserUttered("hi")])) == set()
    )


def test_a_reply_that_points_to_people_below_lists_them() -> None:
    """A reply saying "the people below can help" with nobody below breaks a promise of help."""
    pointing = re.compile(r"\b(people below|these people|the people here)\b", re.I)
    empty = [
        name
        for name, text in texts()
        if pointing.search(text) and not re.search(r"\{[a-z_]*lines\}", text)
    ]
    assert not empty, empty
