"""No reply ever shows a service to someone outside the ages it takes.

Exhaustive over every reply that lists services (responses with registry placeholders,
which the in-process NLG fills, and the services the actions plan), every country, every
age band including "not known yet", and every role. An adult writer always states their
own age too ("im 45"), so a parent's or teacher's own age being taken for the child's
would show up here as an adult-only service shown for a child.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest

from bot.guidance import STEPS, plan_services, plan_step
from bot.nlg import PLACEHOLDER_NEEDS, shown_service_ids
from bot.registry import Registry, Service, default_registry
from bot.signposting import AGE_BANDS, UNKNOWN_AGE, age_band_concerned
from tests.unit.wording import texts

ROLES = (None, "parent", "professional")
# The writer's own age: a young person's own age counts, an adult's never does.
OWN_AGE_OF = {None: None, "parent": "18_plus", "professional": "18_plus"}
BANDS = (*AGE_BANDS, None)
NEEDS = ("report", "remove", "talk", "crisis", "emergency")


def ages_of(band: str | None) -> tuple[int, int]:
    return AGE_BANDS.get(band or "", UNKNOWN_AGE)


def eligible(service: Service, band: str | None) -> bool:
    low, high = ages_of(band)
    return service.serves_age(low, high)


@cache
def responses_with_services() -> list[str]:
    placeholder = re.compile("|".join(re.escape(f"{{{p}}}") for p in PLACEHOLDER_NEEDS))
    return sorted({name for name, text in texts() if placeholder.search(text)})


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


def test_the_placeholders_are_used_by_the_replies_that_matter() -> None:
    names = responses_with_services()
    for name in ("utter_crisis", "utter_check_in", "utter_danger", "utter_abuse_disclosure"):
        assert name in names


@pytest.mark.parametrize("role", ROLES)
def test_no_reply_shows_a_service_outside_its_ages(registry: Registry, role: str | None) -> None:
    templates = {name: text for name, text in texts() if name in responses_with_services()}
    checked = 0
    for country, band in itertools.product(registry.countries, BANDS):
        concerned = age_band_concerned(role, band, OWN_AGE_OF[role], None)
        assert concerned == band  # the adult's own age never stands in for the child's
        for name, text in templates.items():
            for service_id in shown_service_ids(registry, text, country, concerned, "uk"):
                assert eligible(registry.service(service_id), band), (name, country, band, role)
                checked += 1
        for need in NEEDS:
            for reply in plan_services(registry, need, country, concerned, role, False).replies:
                for service_id in reply.service_ids:
                    assert eligible(registry.service(service_id), band), (need, country, band)
                    checked += 1
        for step in (None, *STEPS):
            for reply in plan_step(registry, step, country, concerned, role).replies:
                for service_id in reply.service_ids:
                    assert eligible(registry.service(service_id), band), (step, country, band)
                    checked += 1
    assert checked > 500


def test_when_the_age_is_unknown_no_adult_only_service_is_shown(registry: Registry) -> None:
    adult_only = {s.id for s in registry.services if s.min_age >= 18}
    assert {"revenge_porn_helpline", "stopncii", "uk_police_101"} <= adult_only
    for country, name in itertools.product(registry.countries, responses_with_services()):
        text = dict(texts())[name]
        assert not set(shown_service_ids(registry, text, country, None, "uk")) & adult_only


def test_adults_still_hear_about_the_removal_tool_for_pictures_taken_under_18(
    registry: Registry,
) -> None:
    shown = {
        service_id
        for reply in plan_services(registry, "remove", "uk", "18_plus", None, False).replies
        for service_id in reply.service_ids
    }
    assert "take_it_down" in shown
    assert "taken when you were under 18" in registry.service("take_it_down").purpose
    assert "report_remove" not in shown  # under-18s only, whenever the picture was taken
