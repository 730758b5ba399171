"""Welsh, Spanish and French through the running bot: one model, one process.

A crisis in any supported language gets crisis help in the first reply whatever language
is chosen (or none); a chosen language gets replies in that language, marked with `lang`.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.registry import default_registry
from bot.signposting import select
from rig.harness import BotServers, Chat

pytestmark = pytest.mark.servers

UK_CRISIS = {
    number
    for service in select(default_registry(), "crisis", "uk", None)
    for number in (service.contact.phone, service.contact.text_number)
    if number
}
# Messages written for this test, not taken from any training or held-out file.
CRISIS = {
    "es": "ya no quiero estar viva, esta noche me tomo todas las pastillas",
    "fr": "jai décidé, ce soir je me tue",
    "cy": "dwi wir isio lladd fy hun heno",
}
IDIOM = {
    "es": "mi papá me va a matar si ve esas fotos",
    "fr": "mon père va me tuer sil voit les photos",
    "cy": "mae dad am ladd fi os welith o'r lluniau",
}
DANGER = {
    "es": "hay un hombre afuera de mi casa ahora mismo",
    "fr": "il y a un homme devant chez moi en ce moment",
    "cy": "mae dyn tu allan i'r tŷ rwan",
}
# A word of each language's own reply, to tell the reply's language from its numbers.
GREETING_WORD = {"es": "chatbot", "fr": "chatbot", "cy": "Chatbot"}
HELLO = {"es": "hola", "fr": "salut", "cy": "shwmae"}
CRISIS_WORD = {"es": "importas", "fr": "Tu comptes", "cy": "bwysig"}
PARENT_WORD = {"es": "adulto", "fr": "adulte", "cy": "oedolyn"}


def chat_in(servers: BotServers, code: str | None) -> Chat:
    return Chat(servers, {"lang": code} if code else None)


def first(replies: list[dict[str, Any]]) -> dict[str, Any]:
    assert replies, "the bot said nothing"
    return replies[0]


@pytest.mark.parametrize("code", sorted(CRISIS))
@pytest.mark.parametrize("chosen", [None, "en", "es", "fr", "cy"])
def test_a_crisis_in_any_language_gets_crisis_lines_first_whatever_is_chosen(
    servers: BotServers, code: str, chosen: str | None
) -> None:
    reply = first(chat_in(servers, chosen).say(CRISIS[code]))
    assert all(number in reply["text"] for number in UK_CRISIS), reply["text"]
    assert "?" not in reply["text"].split("\n")[0]


@pytest.mark.parametrize("code", sorted(CRISIS))
def test_the_crisis_reply_is_in_the_chosen_language(servers: BotServers, code: str) -> None:
    reply = first(chat_in(servers, code).say(CRISIS[code]))
    assert reply.get("lang") == code
    assert CRISIS_WORD[code] in reply["text"]


@pytest.mark.parametrize("code", sorted(IDIOM))
def test_a_parents_anger_is_reassurance_in_that_language_never_police_first(
    servers: BotServers, code: str
) -> None:
    reply = first(chat_in(servers, code).say(IDIOM[code]))
    assert reply.get("lang") == code
    assert "999" not in reply["text"]
    assert PARENT_WORD[code] in reply["text"]


@pytest.mark.parametrize("code", sorted(DANGER))
def test_danger_right_now_leads_with_the_emergency_number(servers: BotServers, code: str) -> None:
    reply = first(chat_in(servers, code).say(DANGER[code]))
    assert "999" in reply["text"].split("\n")[0]


@pytest.mark.parametrize("code", sorted(HELLO))
def test_the_greeting_comes_in_the_chosen_language(servers: BotServers, code: str) -> None:
    replies = chat_in(servers, code).say(HELLO[code])
    assert all(r.get("lang") == code for r in replies)
    assert GREETING_WORD[code] in replies[0]["text"]


def test_without_a_choice_the_reply_is_in_the_profiles_language(servers: BotServers) -> None:
    replies = chat_in(servers, None).say("hola")
    assert all(r.get("lang") == "en" for r in replies)


def test_a_language_the_bot_does_not_speak_falls_back_to_the_default(
    servers: BotServers,
) -> None:
    replies = chat_in(servers, "de").say("hello")
    assert all(r.get("lang") == "en" for r in replies)


def hints(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for r in replies for b in r.get("buttons") or [] if b.get("lang")]


def test_a_message_in_another_language_gets_a_one_tap_question_in_it(
    servers: BotServers,
) -> None:
    chat = chat_in(servers, None)
    replies = chat.say("hola, alguien tiene mis fotos y me pide dinero")
    assert all(r.get("lang") == "en" for r in replies)  # the hint never switches by itself
    assert [(b["title"], b["lang"]) for b in hints(replies)] == [
        ("¿Prefieres hablar en español?", "es")
    ]
    # Offered once per conversation, not on every message.
    assert hints(chat.say("no sé qué hacer, tengo mucho miedo")) == []


def test_tapping_the_question_switches_the_language(servers: BotServers) -> None:
    chat = chat_in(servers, None)
    button = hints(chat.say("bonjour, quelquun menace de publier mes photos"))[0]
    chat.metadata = {"lang": button["lang"]}  # what the widget does with the button
    replies = chat.say(button["payload"])
    assert replies and all(r.get("lang") == "fr" for r in replies)


def test_no_question_when_the_message_is_in_the_chosen_language(servers: BotServers) -> None:
    assert hints(chat_in(servers, "cy").say("shwmae, dwi angen help efo lluniau")) == []
    assert hints(chat_in(servers, None).say("someone has my pics and wants money")) == []


def test_a_crisis_message_in_another_language_offers_help_again_in_it(
    servers: BotServers,
) -> None:
    replies = chat_in(servers, None).say(CRISIS["fr"])
    assert all(number in replies[0]["text"] for number in UK_CRISIS)
    assert [b["payload"] for b in hints(replies)] == ["/help_now"]


def test_spanish_in_the_us_puts_the_line_that_speaks_spanish_first(servers: BotServers) -> None:
    chat = chat_in(servers, "es")
    chat.say('/inform_country{"country":"us"}')
    text = first(chat.say(CRISIS["es"]))["text"]
    lines = [line for line in text.splitlines() if line.startswith("•")]
    assert lines[0].startswith("• 988") and "marca 2 para hablar en español" in lines[0]


def test_a_country_typed_in_spanish_is_understood_without_asking(servers: BotServers) -> None:
    chat = chat_in(servers, "es")
    chat.say("tengo 15 años y vivo en Estados Unidos, un tipo tiene mis fotos y quiere dinero")
    text = first(chat.say(CRISIS["es"]))["text"]
    lines = [line for line in text.splitlines() if line.startswith("•")]
    assert lines[0].startswith("• 988"), text  # the US line, not the UK's


def crisis_numbers(country: str) -> set[str]:
    return {
        number
        for service in select(default_registry(), "crisis", country, "13_17")
        for number in (service.contact.phone, service.contact.text_number)
        if number
    }


@pytest.mark.parametrize(
    ("code", "where", "country"),
    [
        ("cy", "dwi'n 14 oed ac yn byw yn Iwerddon", "ie"),
        ("fr", "j'ai 15 ans, on habite au Québec", "ca"),
    ],
)
def test_a_country_typed_in_welsh_or_french_is_understood(
    servers: BotServers, code: str, where: str, country: str
) -> None:
    chat = chat_in(servers, code)
    chat.say(where)
    numbers = crisis_numbers(country)
    assert numbers and numbers != UK_CRISIS
    text = first(chat.say(CRISIS[code]))["text"]
    assert all(n in text for n in numbers), text


def test_welsh_offers_welsh_language_help_and_marks_english_only_services(
    servers: BotServers,
) -> None:
    text = first(chat_in(servers, "cy").say("/ask_human"))["text"]
    assert "Meic" in text
    assert "Meic" not in first(chat_in(servers, "en").say("/ask_human"))["text"]
