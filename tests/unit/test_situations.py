"""Young people's situations (issue #13): direct answers and honest services, without Rasa."""

from __future__ import annotations

from bot.guidance import plan_answer_to_question, plan_services
from bot.registry import default_registry

REGISTRY = default_registry()


def names(plan: object) -> list[str]:
    return [reply.response for reply in plan.replies]  # type: ignore[attr-defined]


def test_a_direct_question_is_answered_for_the_default_country_and_asks_with_the_answer() -> None:
    plan = plan_services(REGISTRY, "report", None, None, None, False, answer_for="uk")
    assert names(plan) == ["say_services_report", "say_ask_country_too"]
    assert plan.replies[0].service_ids == ["ceop"]  # under-18 services only: the age is unknown
    assert plan.slots == {"pending_need": "report"}


def test_once_the_country_is_known_the_age_is_asked_only_with_an_answer() -> None:
    plan = plan_answer_to_question(REGISTRY, "remove", None, "au", None, None, answer_for="uk")
    assert names(plan) == ["say_services_remove", "say_ask_age_too"]
    assert "stopncii" not in plan.replies[0].service_ids  # adults only
    parent = plan_services(REGISTRY, "report", "uk", None, "parent", False, answer_for="uk")
    assert names(parent) == ["say_services_report", "say_ask_age_of_child_too"]
    known = plan_services(REGISTRY, "report", "us", "13_17", None, False, answer_for="uk")
    assert names(known) == ["say_services_report"]


def test_removal_tools_say_honestly_what_each_one_needs() -> None:
    take_it_down = REGISTRY.service("take_it_down")
    assert "picture on your phone" in take_it_down.purpose
    assert "fake" in REGISTRY.service("report_remove").purpose
    assert "link" in REGISTRY.service("report_remove").purpose
    assert "not anonymous" in (REGISTRY.service("ceop").privacy or "")
