"""Through the running bot: after crisis help, the bot stays with the person until they answer,
a question about calling the emergency number is answered with it, and where the writer says
they live (not where the blackmailer is) picks the services."""

from __future__ import annotations

import re

import pytest

from rig.harness import Chat

pytestmark = pytest.mark.servers
ASKED_AGAIN = "Are you thinking about hurting yourself or ending your life?"


def test_a_barrier_after_the_check_in_gets_help_without_talking_and_the_question_again(
    chat: Chat,
) -> None:
    check_in = chat.text("everything is ruined and i honestly dont see the point anymore")
    assert "hurting yourself" in check_in
    again = chat.text("i dont want to call anyone my parents will hear")
    assert "other ways to reach them" in again and "85258" in again, again
    assert again.rstrip().endswith(ASKED_AGAIN), again
    assert "report" not in again.lower(), again  # not the reporting steps
    safe = chat.text("/deny")
    assert re.search(r"tell an adult you trust about this today", safe, re.I), safe


def test_a_question_after_the_crisis_reply_is_answered_once_they_say_they_are_safe(
    chat: Chat,
) -> None:
    chat.say("i want to kill myself")
    again = chat.text("how do i report him")
    assert ASKED_AGAIN in again and "0800 1111" in again, again
    assert "CEOP" not in again, again
    replies = [r.get("text") or "" for r in chat.say("/deny")]
    assert re.search(r"tell an adult you trust", replies[0], re.I), replies
    assert "CEOP" in "\n".join(replies[2:]), replies  # then what they had asked


def test_a_parent_asking_whether_to_call_after_the_crisis_reply_is_told_to_call_now(
    chat: Chat,
) -> None:
    first = chat.text("My son is 15 and he just told me he doesn't want to be here anymore")
    assert "Stay close to your child" in first, first
    now = chat.text("What do I do?? Should I call someone now")
    assert "call 999 now" in now and "Stay with them" in now, now
    assert not now.startswith("Step"), now


@pytest.mark.parametrize("question", ["should i call 999", "do i ring 999??"])
def test_asking_whether_to_call_the_emergency_number_is_answered_with_it(
    chat: Chat, question: str
) -> None:
    chat.say("the person says they know where i live and theyll come round if i dont pay")
    answer = chat.text(question)
    assert answer.startswith("Your safety comes first") and "call 999" in answer, answer


def test_a_young_person_who_lives_outside_the_registry_is_not_sent_to_uk_services(
    chat: Chat,
) -> None:
    chat.say("I am 16 from India. A girl on Instagram recorded our video call and wants money")
    answer = chat.text("where do I report")
    assert "CEOP" not in answer and "0800 1111" not in answer, answer
    assert "local emergency number" in answer, answer


def test_where_the_blackmailer_is_does_not_change_the_services(chat: Chat) -> None:
    chat.say("im 15 and some guy from nigeria has my nudes and wants money")
    assert "CEOP" in chat.text("where can i report it")


def test_a_country_named_as_an_adjective_gets_that_countrys_numbers(chat: Chat) -> None:
    assert "1800 55 1800" in chat.text("Is there an Australian number I can ring?")


def test_a_safeguarding_lead_in_scotland_gets_scotlands_guidance_first(chat: Chat) -> None:
    answer = chat.text(
        "I'm the DSL at a Scottish secondary. A pupil is being sextorted. What's the procedure?"
    )
    assert answer.startswith("In Scotland"), answer


def test_a_parent_whose_child_is_in_danger_hears_the_parents_danger_reply(chat: Chat) -> None:
    chat.say("My son is 15 and someone online is blackmailing him with photos")
    answer = chat.text("there is a man outside our house right now")
    assert answer.startswith("If your child is in danger right now, call 999"), answer
    assert "This is not your fault" not in answer, answer  # the young person's words


def test_a_child_who_locked_himself_in_is_not_read_as_the_writer_locked_in(chat: Chat) -> None:
    chat.say("My son is 15 and someone online is blackmailing him with photos")
    answer = chat.text(
        "He just told me he doesn't want to be here anymore. He's locked in his room"
    )
    assert "Stay close to your child" in answer, answer  # the parent's check-in
