"""What the bot decides to say next, without Rasa."""

from __future__ import annotations

from collections.abc import Sequence

from bot.guidance import (
    NEED_FOR_INTENT,
    SERVICE_STEPS,
    STEPS,
    current_step,
    missing_fact,
    next_step,
    plan_answer_to_question,
    plan_services,
    plan_step,
)
from bot.messages import known_response_names
from bot.registry import default_registry
from bot.signposting import AGE_BANDS

REGISTRY = default_registry()


def responses(plan_replies: Sequence[object]) -> list[str]:
    return [reply.response for reply in plan_replies]  # type: ignore[attr-defined]


def test_steps_follow_the_nca_order() -> None:
    assert STEPS == (
        "dont_pay",
        "stop_replying",
        "save_evidence",
        "block_and_report",
        "report",
        "remove",
        "talk",
    )
    assert next_step(None) == "dont_pay"
    assert next_step("talk") is None


def test_current_step_comes_from_what_the_bot_said_last() -> None:
    said = ["utter_greet", "utter_step_dont_pay", "utter_already_paid", "say_step_stop_replying"]
    assert current_step(said) == "stop_replying"
    assert current_step(["utter_greet"]) is None


def test_country_is_asked_first_then_age_only_when_it_changes_the_answer() -> None:
    assert missing_fact(REGISTRY, "report", None, None) == "country"
    assert missing_fact(REGISTRY, "report", "uk", None) == "age"  # CEOP (under 18) or 101
    assert missing_fact(REGISTRY, "talk", "nz", None) is None  # 1737 takes everyone
    assert missing_fact(REGISTRY, "report", "uk", "13_17") is None


def test_an_answer_waits_for_the_missing_fact_and_remembers_the_need() -> None:
    plan = plan_services(REGISTRY, "report", None, None, None, in_guidance=False)
    assert responses(plan.replies) == ["say_ask_country"]
    assert plan.slots == {"pending_need": "report"}
    parent = plan_services(REGISTRY, "report", "uk", None, "parent", in_guidance=False)
    assert responses(parent.replies) == ["say_ask_age_of_child"]


def test_services_are_shown_with_link_buttons_once_known() -> None:
    plan = plan_services(REGISTRY, "report", "uk", "13_17", None, in_guidance=False)
    (reply,) = plan.replies
    assert reply.response == "say_services_report"
    assert "CEOP Safety Centre" in reply.values["services"]
    assert reply.buttons == [
        {"title": "Open CEOP Safety Centre", "url": "https://www.ceop.police.uk/Safety-Centre/"}
    ]
    assert plan.slots == {"pending_need": None}


def test_a_country_with_no_service_for_the_need_says_so() -> None:
    plan = plan_services(REGISTRY, "report", "other", "13_17", None, in_guidance=False)
    assert responses(plan.replies) == ["say_services_none"]


def test_the_steps_ask_for_country_at_the_report_step_and_resume_after() -> None:
    step5 = plan_step(REGISTRY, "block_and_report", None, None, None)
    assert responses(step5.replies) == ["say_step_report", "say_ask_country"]
    resumed = plan_answer_to_question(REGISTRY, "report", "report", "uk", "13_17", None)
    assert responses(resumed.replies) == ["say_services_report", "say_offer_next_step"]
    last = plan_step(REGISTRY, "remove", "uk", "13_17", None)
    assert responses(last.replies) == ["say_step_talk", "say_services_talk", "say_steps_done"]
    assert responses(plan_step(REGISTRY, "talk", "uk", "13_17", None).replies) == ["say_steps_done"]


def test_an_answer_with_nothing_waiting_is_acknowledged() -> None:
    plan = plan_answer_to_question(REGISTRY, None, None, "uk", None, None)
    assert responses(plan.replies) == ["say_noted"]
    not_an_answer = plan_answer_to_question(REGISTRY, None, None, None, None, None, False)
    assert responses(not_an_answer.replies) == ["utter_default"]


def test_every_reply_the_steps_can_plan_is_a_response_the_bot_has() -> None:
    """A reply naming a missing response is sent as nothing at all: a silent dead end."""
    known = known_response_names()
    countries = [*REGISTRY.countries, None]
    for current in (None, *STEPS):
        for country in countries:
            for age_band in (*AGE_BANDS, None):
                for role in (None, "parent", "professional"):
                    plans = [plan_step(REGISTRY, current, country, age_band, role)]
                    plans += [
                        plan_services(REGISTRY, need, country, age_band, role, in_guidance=True)
                        for need in {*SERVICE_STEPS, *NEED_FOR_INTENT.values()}
                    ]
                    plans.append(
                        plan_answer_to_question(REGISTRY, current, current, country, age_band, role)
                    )
                    for plan in plans:
                        missing = set(responses(plan.replies)) - known
                        assert not missing, (current, country, age_band, role, missing)


def test_asking_what_to_do_before_any_step_gives_step_one() -> None:
    assert responses(plan_step(REGISTRY, None, None, None, None).replies) == ["utter_step_dont_pay"]
