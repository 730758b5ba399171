"""Who is writing: the role-cue component moves a twin intent to the writer the cues name,
and leaves mixed, absent and safety cases alone (bot/nlu/role_cues.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.role_cues import CUES_KEY, PROTECTED, RoleCues, decide, read_writer
from bot.roles import ADULT_INTENTS, LEAD, PARENT, STAFF, TWINS, YOUTH

MIN = 0.25


def ranked(*names: str) -> list[tuple[str, float]]:
    """A classifier ranking, most likely first, with falling confidences."""
    return [(name, 0.6 / (n + 1)) for n, name in enumerate(names)]


def moved_to(text: str, *names: str) -> str | None:
    decision = decide(text, names[0], ranked(*names), MIN)
    return decision.intent if decision else None


@pytest.mark.parametrize(
    ("text", "writer"),
    [
        ("ive paid him 3 times now and he still wants more", YOUTH),
        ("i sent them 40 quid on paypal", YOUTH),
        ("is there a way to report without my dad finding out", YOUTH),
        ("someone online is blackmailing me", YOUTH),
        ("they have my nudes", YOUTH),
        ("im 14 what do i do", YOUTH),
        ("my son paid them last night", PARENT),
        ("our 13 year old has been sending them money", PARENT),
        ("as his mum can i report this", PARENT),
        ("my 15yo is being threatened", PARENT),
        ("one of my students asked me to keep it quiet", STAFF),
        ("a year 8 girl came to me at lunch", STAFF),
        ("as a TA what do i do", STAFF),
        ("teacher here, quick question", STAFF),
        ("im the dsl and a pupil told a colleague", LEAD),
        ("as designated safeguarding lead, who do we call", LEAD),
    ],
)
def test_each_kind_of_writer_is_read_from_their_own_words(text: str, writer: str) -> None:
    assert read_writer(text).role == writer


@pytest.mark.parametrize(
    "text",
    [
        "what do i do now",  # no cue
        "he wants more",  # "he" could be the child or the blackmailer
        "we paid them",  # "we" could be a family or friends
        "my sons teacher says a pupil shared it",  # parent and staff
        "a boy in my class has been sharing it",  # a pupil or a teacher could say it
        "a friend of mine got blackmailed",  # anyone could have a friend
        "my daughter told me they have my pics",  # parent and youth
        "a pupil said they have my nudes",  # staff quoting a young person
        "im 45 and i paid them for him",  # an adult's own age: not a young person
    ],
)
def test_absent_or_mixed_cues_name_no_writer(text: str) -> None:
    assert read_writer(text).role is None


def test_a_young_person_who_paid_again_gets_the_paid_more_than_once_reply() -> None:
    text = "i paid them twice and now they want even more"
    assert moved_to(text, "parent_child_paid", "already_paid") == "paid_more_than_once"
    assert moved_to("i paid them", "parent_child_paid", "already_paid") == "already_paid"


def test_a_parent_whose_child_paid_gets_the_parents_reply() -> None:
    text = "my lad has paid them twice and they want more"
    assert moved_to(text, "paid_more_than_once", "parent_child_paid") == "parent_child_paid"
    # Not in the ranking at all: the group's own intent for the writer.
    assert moved_to(text, "already_paid", "greet") == "parent_child_paid"


def test_a_parent_asking_how_to_report_for_their_child_gets_the_parents_reply() -> None:
    text = "how do i get the pictures of my daughter taken down"
    assert moved_to(text, "ask_remove_images", "parent_report_remove") == "parent_report_remove"


def test_a_young_person_asking_to_report_secretly_keeps_the_youth_reply() -> None:
    text = "can i report it without my parents knowing"
    assert moved_to(text, "parent_report_remove", "ask_report_secretly") == "ask_report_secretly"
    assert moved_to(text, "staff_confidential", "privacy") == "privacy"


def test_staff_asked_to_keep_a_secret_get_the_staff_reply() -> None:
    assert moved_to("a year 10 boy asked me to keep it secret", "privacy") == "staff_confidential"
    text = "she begged me not to tell her parents"
    assert moved_to(text, "ask_report_secretly", "staff_confidential") == "staff_confidential"


def test_a_secret_asked_of_the_writer_counts_only_when_the_question_is_a_secret() -> None:
    """ "He made me promise not to tell" in a young person's disclosure is the blackmailer."""
    text = "this guy made me promise not to tell anyone and now wants money"
    assert moved_to(text, "disclose", "professional_help") is None


def test_a_lead_disclosing_gets_the_leads_reply_and_staff_keep_theirs() -> None:
    text = "im the dsl, a pupil told me shes being blackmailed"
    assert moved_to(text, "professional_help") == "dsl_procedure"
    # Staff asking about the procedure is what dsl_procedure answers: not moved.
    assert moved_to("im a teacher, do we call the police", "dsl_procedure") is None


def test_the_writers_own_intent_is_left_alone() -> None:
    assert moved_to("my son paid them", "parent_child_paid", "paid_more_than_once") is None
    assert moved_to("i paid them again", "paid_more_than_once", "parent_child_paid") is None


def test_mixed_cues_are_left_as_the_classifier_said() -> None:
    text = "my daughter says they want more money from me"
    assert moved_to(text, "parent_child_paid", "paid_more_than_once") is None


@pytest.mark.parametrize("protected", sorted(PROTECTED - {"nlu_fallback"}))
def test_crisis_danger_and_risk_intents_are_never_moved_away(protected: str) -> None:
    for text in ("my son says he wants to die", "i paid them and i want to die"):
        assert moved_to(text, protected, "parent_child_distressed", "feeling_scared") is None


def test_nothing_is_ever_moved_to_a_protected_intent() -> None:
    twins = {i for group in TWINS.values() for names in group.values() for i in names}
    assert not twins & PROTECTED
    text = "my son is so scared he wont leave his room"
    decision = decide(text, "feeling_scared", ranked("feeling_scared", "crisis", "despair"), MIN)
    assert decision is not None and decision.intent == "parent_child_distressed"


def test_every_adult_intent_has_a_twin_group() -> None:
    twins = {i for group in TWINS.values() for names in group.values() for i in names}
    assert twins >= ADULT_INTENTS


def test_a_fallback_is_settled_only_when_it_was_a_tie_between_twins() -> None:
    tie = [("nlu_fallback", 0.25), ("paid_more_than_once", 0.40), ("parent_child_paid", 0.39)]
    decision = decide("my son paid them", "nlu_fallback", tie, MIN)
    assert decision is not None and decision.intent == "parent_child_paid"
    decision = decide("i paid them again", "nlu_fallback", tie, MIN)
    assert decision is not None and decision.intent == "paid_more_than_once"
    unsure = [("nlu_fallback", 0.25), ("paid_more_than_once", 0.2), ("parent_child_paid", 0.19)]
    assert decide("my son paid them", "nlu_fallback", unsure, MIN) is None
    not_twins = [("nlu_fallback", 0.25), ("parent_child_paid", 0.40), ("greet", 0.39)]
    assert decide("i paid them again", "nlu_fallback", not_twins, MIN) is None


def test_the_component_records_why_and_puts_the_twin_first() -> None:
    message = Message(data={"text": "i paid them twice and they want more"})
    message.set("intent", {"name": "parent_child_paid", "confidence": 0.7})
    message.set(
        "intent_ranking",
        [
            {"name": "parent_child_paid", "confidence": 0.7},
            {"name": "paid_more_than_once", "confidence": 0.2},
        ],
    )
    RoleCues(MIN).process([message])
    assert message.get("intent") == {"name": "paid_more_than_once", "confidence": 0.7}
    assert [r["name"] for r in message.get("intent_ranking")] == [
        "paid_more_than_once",
        "parent_child_paid",
    ]
    why = message.get(CUES_KEY)
    assert why["writer"] == YOUTH and why["from"] == "parent_child_paid"
    assert why["to"] == "paid_more_than_once" and "youth_paid" in why["cues"]
    assert "twice" not in str(why)  # the kinds of cue, never the text


def test_the_component_leaves_a_crisis_message_untouched() -> None:
    message = Message(data={"text": "my son paid them and now he wants to kill himself"})
    message.set("intent", {"name": "crisis", "confidence": 0.9})
    message.set("intent_ranking", [{"name": "crisis", "confidence": 0.9}])
    RoleCues(MIN).process([message])
    assert message.get("intent")["name"] == "crisis"
    assert message.get(CUES_KEY) is None


def test_someone_elses_pictures_say_an_adult_only_about_reporting_or_removal() -> None:
    text = "how do i get her photos taken down"
    assert moved_to(text, "ask_remove_images", "parent_report_remove") == "parent_report_remove"
    # In a young person's disclosure "her pics" is the fake girl's.
    assert moved_to("she sent her pics first then asked for mine", "disclose") is None


def test_a_parent_asked_to_keep_it_quiet_gets_a_parents_reply_not_the_staff_one() -> None:
    text = "my son doesnt want me to tell his dad, should i keep it between us"
    assert moved_to(text, "staff_confidential", "parent_talk") == "parent_talk"


def test_a_pupil_showing_the_writer_the_image_is_staffs_question() -> None:
    tie = [("nlu_fallback", 0.25), ("offer_image", 0.49), ("staff_image", 0.48)]
    decision = decide("she wants to show me the picture on her phone", "nlu_fallback", tie, MIN)
    assert decision is not None and decision.intent == "staff_image"
    # In a young person's story, not an image question: no cue.
    assert moved_to("he showed me his pics first and then asked for mine", "disclose") is None
