"""Young people's situations (issue #13), driven the way a user would drive them.

The server tests send real messages, worded differently from the training data, to the
running Rasa server and action server, and check what the first reply says and links to.
"""

from __future__ import annotations

import re

import pytest

from bot.registry import default_registry
from rig.harness import Chat

REGISTRY = default_registry()
NOT_YOUR_FAULT = re.compile(r"not your fault", re.I)


def url(service_id: str) -> str:
    web = REGISTRY.service(service_id).contact.web
    assert web
    return web


def links(replies: list[dict[str, object]]) -> set[str]:
    return {
        str(b["url"])
        for r in replies
        for b in r.get("buttons") or []  # type: ignore[attr-defined]
        if b.get("url")
    }


def titles(replies: list[dict[str, object]]) -> list[str]:
    return [str(b["title"]) for r in replies for b in r.get("buttons") or []]  # type: ignore[attr-defined]


def text_of(replies: list[dict[str, object]]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies)


# ------------------------------------------------------------------ through the bot

servers_only = pytest.mark.servers


@servers_only
def test_the_first_reply_to_a_disclosure_gives_the_whole_plan_then_step_one(chat: Chat) -> None:
    replies = chat.say("some guy from insta has my nudes n says pay him or everyone sees")
    text = text_of(replies)
    assert NOT_YOUR_FAULT.search(text)
    overview = replies[1]["text"].lower()
    for point in ("don't pay", "stop replying", "don't delete", "screenshot", "block", "report"):
        assert point in overview, point
    assert "taken down" in overview and "talk to someone" in overview
    assert replies[-1]["text"].startswith("Step 1")


@servers_only
@pytest.mark.parametrize(
    ("message", "must_say", "must_not_say"),
    [
        (
            "i ended up sending him 2 more pictures last night because i was terrified",
            [r"don't send any more", NOT_YOUR_FAULT.pattern, r"not in trouble"],
            [r"already paid", r"payment"],
        ),
        (
            "i've sent her money 3 times now and she just keeps wanting more",
            [r"don't pay any more", NOT_YOUR_FAULT.pattern, r"ask for more"],
            [],
        ),
        (
            "they keep demanding steam cards and google play codes",
            [r"still paying", r"don't send"],
            [],
        ),
        (
            "the girl who added me on snap was probably a fake account right",
            [r"not real", NOT_YOUR_FAULT.pattern, r"teenage boys"],
            [],
        ),
        (
            "this person says they will tell my family i'm gay unless i send money",
            [r"nothing to be ashamed", r"blackmail", r"don't pay", r"0800 1111"],
            [],
        ),
    ],
)
def test_each_situation_gets_its_own_warm_answer(
    chat: Chat, message: str, must_say: list[str], must_not_say: list[str]
) -> None:
    text = chat.text(message)
    for pattern in must_say:
        assert re.search(pattern, text, re.I), (pattern, text)
    for pattern in must_not_say:
        assert not re.search(pattern, text, re.I), (pattern, text)


@servers_only
def test_a_classmate_sharing_gets_the_school_route_and_report_remove(chat: Chat) -> None:
    replies = chat.say("a lad in my year keeps sending my nude to people on snapchat")
    text = text_of(replies)
    assert re.search(r"teacher|adult you trust", text, re.I)
    assert "Report Remove" in text and url("report_remove") in links(replies)
    assert not re.search(r"criminal|gang", text, re.I)  # peers, not organised crime


@servers_only
def test_an_ai_fake_is_a_crime_to_report_and_removal_is_honest(chat: Chat) -> None:
    replies = chat.say("some1 used an ai app to make a naked pic of me, i never took it")
    text = text_of(replies)
    assert re.search(r"still a crime", text, re.I) and NOT_YOUR_FAULT.search(text)
    assert url("ceop") in text  # where to report it
    # Each removal tool, with what it needs: Report Remove takes fakes and a link; Take It
    # Down needs the picture on the phone, which someone faked often doesn't have.
    assert url("report_remove") in links(replies) and "fake pics too" in text
    assert re.search(r"You need the picture on your phone", text)


@servers_only
def test_a_hacked_account_used_for_blackmail_deals_with_the_blackmail_first(chat: Chat) -> None:
    text = chat.text("a hacker got into my snap and found my saved pics, wants money now")
    assert text.index("Don't pay") < text.index("forgot password"), text
    assert "don't hack them back" in text


@servers_only
def test_pics_already_sent_to_family_get_warmth_and_a_check_in_before_removal(
    chat: Chat,
) -> None:
    replies = chat.say("he went ahead and sent the video to my mum and my older brother")
    text = text_of(replies)
    check_in = text.index("How are you feeling")
    assert text.index("sorry") < check_in < text.index("taken down")
    assert "0800 1111" in text  # someone to talk to, now
    assert url("report_remove") in links(replies) and url("ceop") in text


@servers_only
@pytest.mark.parametrize(
    ("message", "expected", "not_expected"),
    [
        ("how do i report this", {"ceop"}, {"uk_police_101"}),
        ("im 15 and in the us, where can i report it", {"cybertipline"}, set()),
        ("im in canada how do i get my pics taken down", {"needhelpnow"}, {"stopncii"}),
        ("i'm 16 from australia, can i get the photos removed", {"esafety"}, {"stopncii"}),
        ("im 19 in the uk how do i report it", {"uk_police_101"}, {"ceop"}),
    ],
)
def test_direct_questions_get_links_in_the_first_reply_for_their_country_and_age(
    chat: Chat, message: str, expected: set[str], not_expected: set[str]
) -> None:
    replies = chat.say(message)
    shown = links(replies) | {m for m in re.findall(r"https://\S+", text_of(replies))}
    for service in expected:
        web = REGISTRY.service(service).contact.web or ""
        phone = REGISTRY.service(service).contact.phone or ""
        assert web in shown or (phone and phone in text_of(replies)), (service, replies)
    for service in not_expected:
        assert REGISTRY.service(service).contact.web not in shown, service


@servers_only
def test_with_the_country_unknown_the_answer_comes_with_the_question(chat: Chat) -> None:
    replies = chat.say("how do i get my pics taken down")
    assert url("report_remove") in links(replies)
    assert "England" in titles(replies) and "Somewhere else" in titles(replies)
    us = chat.say('/inform_country{"country":"us"}')
    assert url("take_it_down") in links(us) and url("report_remove") not in links(us)


@servers_only
def test_reporting_without_a_parent_gets_the_link_and_says_ceop_is_not_anonymous(
    chat: Chat,
) -> None:
    replies = chat.say("can i report this on my own so my mum and dad never find out")
    text = text_of(replies)
    assert re.search(r"you can report it yourself", text, re.I)
    assert "not anonymous" in text and "phone or email" in text
    assert url("ceop") in links(replies)


@servers_only
def test_reporting_without_a_parent_in_the_us_says_no_name_is_needed(chat: Chat) -> None:
    chat.say("im 14 and i live in the us")
    text = chat.text("do i need my parents to make a report or can i do it alone")
    assert "do not have to give your name" in text and "CyberTipline" in text


@servers_only
def test_asking_whether_the_bot_tells_anyone_is_about_the_bot(chat: Chat) -> None:
    replies = chat.say("if i tell you everything are you gonna tell my parents or the school")
    text = text_of(replies)
    assert re.search(r"I don't tell anyone", text), text
    assert "How do I report it?" in titles(replies)
    assert not links(replies)  # an answer about the bot, not a list of reporting services


@servers_only
def test_paying_then_being_asked_for_more_never_repeats_a_reply(chat: Chat) -> None:
    chat.say("im being blackmailed for money over pics")
    first = chat.say("i already sent them £30")
    second = chat.say("i paid them again and now they want £100 more")
    third = chat.say("they messaged again wanting even more money after i paid")
    for before, after in ((first, second), (second, third)):
        assert text_of(before) != text_of(after)
        assert not {r["text"] for r in after} & {r["text"] for r in before}
    assert re.search(r"don'?t pay", text_of(third), re.I)


@servers_only
def test_the_tell_an_adult_reply_does_not_repeat_after_an_idiom(chat: Chat) -> None:
    first = chat.text("my mum is literally going to kill me when she sees this")
    second = chat.text("how do i even tell her")
    assert first != second
    assert "adult you trust" in second
    assert "no adult" in second and "real person" in second  # one tap from a real person (#13)


@servers_only
def test_the_same_question_three_times_never_gets_the_same_reply_twice_running(
    chat: Chat,
) -> None:
    answers = [chat.say("should i just pay them") for _ in range(3)]
    texts = [text_of(a) for a in answers]
    assert texts[0] != texts[1] and texts[1] != texts[2]
    assert all(re.search(r"don'?t pay", t, re.I) for t in texts)


@servers_only
def test_a_crisis_said_twice_gets_the_crisis_lines_both_times_in_new_words(chat: Chat) -> None:
    first = chat.say("i want to kill myself")
    second = chat.say("i want to kill myself")
    samaritans = REGISTRY.service("samaritans_uk").contact.phone or ""
    assert samaritans in first[0]["text"] and samaritans in second[0]["text"]
    assert not {r["text"] for r in second} & {r["text"] for r in first}


# ------------------------------------------------------------------ safeguarding review (#13)

DONT_PAY_FIRST = re.compile(r"^Step 1: Don'?t pay", re.M)
THREATENER = re.compile(r"person threatening you|criminal|gang", re.I)


@servers_only
def test_a_post_sent_to_family_and_feeling_low_gets_warmth_then_steps_without_dont_pay_first(
    chat: Chat,
) -> None:
    first = text_of(chat.say("they put my video on their story and sent it to my mum"))
    assert "not anonymous" in first  # CEOP, offered to them, says so
    low = chat.text("honestly i feel awful, i cant stop crying")
    assert re.search(r"thank you for telling me|sorry", low, re.I), low
    assert "not your fault" in low and "0800 1111" in low  # someone to talk to now
    assert not low.startswith("Step"), low
    steps = chat.text("what do i do now")
    assert steps.startswith("Step 1"), steps
    assert not DONT_PAY_FIRST.search(steps), steps
    assert re.search(r"don'?t (share|send)", steps, re.I)


@pytest.mark.parametrize("answer", ["no im ok", "im safe", "/deny"])
@servers_only
def test_safe_after_the_check_in_is_asked_to_tell_an_adult_today_with_a_real_person(
    chat: Chat, answer: str
) -> None:
    check_in = chat.text("everything is ruined and i honestly dont see the point anymore")
    assert "hurting yourself" in check_in, check_in
    text = chat.text(answer)
    assert re.search(r"tell an adult you trust about this today", text, re.I), text
    assert "0800 1111" in text  # a real person to reach
    assert not text.startswith("Step"), text


@pytest.mark.parametrize(
    ("message", "crisis_reply", "answer"),
    [
        (
            "i sent more pics like he asked and now its worse, i feel hopeless",
            "hurting yourself",  # the check-in
            r"please don'?t send any more",
        ),
        (
            "i paid him twice and he still wants more money, i cant take this anymore",
            "You matter",  # the crisis reply
            r"paying again won'?t",
        ),
    ],
)
@servers_only
def test_safe_after_crisis_help_then_gets_the_answer_to_what_they_had_asked(
    chat: Chat, message: str, crisis_reply: str, answer: str
) -> None:
    first = chat.text(message)
    assert crisis_reply in first and "0800 1111" in first, first
    assert not re.search(answer, first, re.I), first  # crisis help comes first, alone
    replies = chat.say("/deny")
    texts = [r.get("text") or "" for r in replies]
    assert re.search(r"tell an adult you trust about this today", texts[0], re.I), texts
    assert "0800 1111" in "\n".join(texts)  # a real person to reach, still
    assert re.search(answer, texts[-1], re.I), texts  # then what they had asked


@servers_only
def test_safe_after_the_check_in_with_no_question_in_it_gets_no_extra_answer(chat: Chat) -> None:
    chat.say("everything is ruined and i honestly dont see the point anymore")
    replies = chat.say("/deny")
    assert len(replies) == 2, [r.get("text") for r in replies]


@servers_only
def test_a_classmate_sharing_is_never_told_about_the_person_threatening_them(chat: Chat) -> None:
    chat.say("a boy in my year has been sending my nude to loads of people at school")
    trouble = chat.text("will i get in trouble for it")
    assert "not in trouble" in trouble and not THREATENER.search(trouble), trouble
    steps = chat.text("what do i do now")
    assert not DONT_PAY_FIRST.search(steps), steps
    assert re.search(r"teacher|adult you trust", steps, re.I)
    second = chat.text("/next_step")
    assert "make a deal" not in second and not THREATENER.search(second), second


@servers_only
def test_an_ai_fake_is_not_told_about_the_person_threatening_them(chat: Chat) -> None:
    first = chat.text("im 15 and someone made a fake nude of me with ai, i never sent anything")
    assert not re.search(r"It's not your fault\. Don't pay", first), first
    trouble = chat.text("will i get in trouble")
    assert "not in trouble" in trouble and not THREATENER.search(trouble), trouble
    assert "fake" in trouble
    steps = chat.text("what do i do now")
    assert not DONT_PAY_FIRST.search(steps), steps


@servers_only
def test_someone_who_says_they_want_money_gets_dont_pay_first_after_all(chat: Chat) -> None:
    chat.say("a boy in my year has been sending my nude to loads of people at school")
    text = chat.text("now someone is saying i have to pay them or they'll send it to more people")
    assert re.search(r"don'?t pay", text, re.I), text


@pytest.mark.parametrize("message", ["how do i tell a teacher", "how do i tell my mum about this"])
@servers_only
def test_how_to_tell_an_adult_gets_a_short_script_and_a_real_person(
    chat: Chat, message: str
) -> None:
    chat.say("someone online tricked me into sending nudes and now wants money")
    text = chat.text(message)
    assert "Something bad happened online" in text, text  # first words to say
    assert re.search(r"not be angry|won'?t be angry", text), text
    assert "tricked" in text and "not your fault" in text
    assert "0800 1111" in text and re.search(r"no adult", text)  # if there is no adult


@servers_only
def test_how_to_tell_a_teacher_about_a_classmate_is_not_about_being_tricked(chat: Chat) -> None:
    chat.say("a boy in my year has been sending my nude to loads of people at school")
    text = chat.text("how do i tell a teacher")
    assert "Something bad happened online" in text and "who shared it" in text, text
    assert "tricked" not in text and "not your fault" in text
    assert "0800 1111" in text
