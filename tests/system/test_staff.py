"""School staff and safeguarding leads, as a teacher or a DSL would type to the running bot."""

from __future__ import annotations

import re

import pytest

from rig.harness import BotServers, Chat

pytestmark = pytest.mark.servers
TELL_THE_LEAD = re.compile(
    r"\b(tell|pass it to|go to|report (it )?to) (your|the) (safeguarding lead|dsl)\b", re.I
)
SCHOOL = {"profile": "greenfield-high"}


def test_a_teacher_after_a_disclosure_is_told_what_to_do_today(chat: Chat) -> None:
    text = chat.say("im a teacher and a year 10 boy just told me hes being sextorted")[0]["text"]
    assert TELL_THE_LEAD.search(text) or "Pass it to your safeguarding lead" in text
    assert re.search(r"don'?t (view|look)|never look", text, re.I)
    assert "secre" in text and ("investigate" in text or "questions to your DSL" in text)
    assert not re.search(r"\byour child\b(?! protection)", text)  # not the parent's wording


def test_a_school_profile_names_its_own_lead_for_staff(servers: BotServers) -> None:
    chat = Chat(servers, SCHOOL)
    text = chat.text("a pupil in my tutor group told me someone is blackmailing him with nudes")
    assert "Mrs Patel" in text and "01632 960 123" in text
    secret = chat.text("he made me promise not to tell anyone, can i keep it between us")
    assert "can't" in secret and "Mrs Patel" in secret


def test_a_teacher_shown_the_image_is_told_not_to_view_copy_forward_or_delete(chat: Chat) -> None:
    chat.say("im a form tutor, a student says someone is extorting her over a photo")
    text = chat.text("she wants to show me the picture on her phone")
    assert re.search(r"don'?t (look|view)", text, re.I)
    assert "forward" in text and re.search(r"don'?t delete", text, re.I)


def test_a_dsl_gets_the_guidance_the_routes_and_the_nations_not_tell_your_dsl(chat: Chat) -> None:
    replies = chat.say("im the dsl, do we need to involve the police or ceop for a sextortion case")
    first = replies[0]["text"]
    assert "UKCIS" in first and "Sharing nudes and semi-nudes" in first
    assert "police urgently" in first and "children's social care" in first
    assert "https://www.ceop.police.uk/Safety-Centre/" in first and "101" in first
    assert "Report Remove" in first
    everything = "\n".join(r.get("text") or "" for r in replies)
    assert "Scotland" in everything and "Wales" in everything and "Northern Ireland" in everything
    assert not TELL_THE_LEAD.search(everything)
    later = chat.text("a year 9 girl told her form tutor this morning that shes being blackmailed")
    assert not TELL_THE_LEAD.search(later), later  # still the lead: given the routes
    assert "https://www.ceop.police.uk/Safety-Centre/" in later


def test_a_dsl_outside_the_uk_is_pointed_to_national_guidance(chat: Chat) -> None:
    text = chat.text("as designated safeguarding lead at a school in canada, who do we report to")
    assert "national or state child protection guidance" in text
    assert "https://www.cybertip.ca" in text and "UKCIS" not in text


def test_a_staff_question_asked_twice_gets_a_different_wording(chat: Chat) -> None:
    first = chat.text("the student begged me not to tell anyone, can i keep it secret")
    second = chat.text("but she made me promise to keep it confidential, do i have to tell")
    assert first != second


@pytest.mark.parametrize(
    "message",
    [
        "im the dsl at a secondary school, a year 10 boy is being sextorted. police or ceop?",
        "as the designated safeguarding lead, a pupil told staff hes being blackmailed with nudes",
    ],
)
def test_a_dsls_first_reply_says_when_to_call_999_the_police_and_social_care(
    chat: Chat, message: str
) -> None:
    first = chat.say(message)[0]["text"]
    assert re.search(r"immediate risk of harm.*999", first, re.I), first
    assert "police urgently" in first or "police must be told urgently" in first
    assert "children's social care" in first
    # Telling parents is not in the checked research (milestone2-facts.md B1): not said.
    assert not re.search(r"\b(tell|inform|involve|contact) (the |their )?parents\b", first, re.I)
    assert not TELL_THE_LEAD.search(first)


def test_a_dsl_who_taps_a_uk_nation_gets_that_nations_guidance(chat: Chat) -> None:
    replies = chat.say("im the dsl, do we need to involve the police or ceop for a sextortion case")
    titles = [b["title"] for r in replies for b in r.get("buttons") or []]
    assert "Wales" in titles and "Scotland" in titles, titles
    wales = chat.text('/inform_country{"country":"uk","nation":"wales"}')
    assert "Hwb" in wales and "police urgently" in wales and "999" in wales
    scotland = chat.text('/inform_country{"country":"uk","nation":"scotland"}')
    assert "Police Scotland or social work" in scotland


def test_a_dsls_first_reply_for_a_nation_they_tap_is_that_nations(chat: Chat) -> None:
    chat.say("im the dsl at a secondary school, a year 10 boy is being sextorted")
    wales = chat.text('/inform_country{"country":"uk","nation":"wales"}')
    assert "Hwb" in wales and "police urgently" in wales and "UKCIS" not in wales, wales
    ni = chat.text('/inform_country{"country":"uk","nation":"northern_ireland"}')
    assert "Circular 2017/04" in ni and "999" in ni, ni
