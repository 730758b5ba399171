"""What the bot says next in the step-by-step guidance, as plain data.

The custom actions are thin: they read slots, call `plan_step` or `plan_services`, and
send the replies. Keeping the decisions here means they are unit-tested without Rasa,
and the wording stays in the domain (and in deployment profiles), never in code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.adults import render_for_adults, report_routes
from bot.registry import Registry
from bot.roles import ADULT_ROLES
from bot.signposting import AGE_BANDS, link_buttons, select, signpost

# The NCA's order (guidance.md §2.6): each step is one short message the user moves through.
STEPS: tuple[str, ...] = (
    "dont_pay",
    "stop_replying",
    "save_evidence",
    "block_and_report",
    "report",
    "remove",
    "talk",
)
# Steps whose advice depends on country and age: they show services from the registry.
SERVICE_STEPS = frozenset({"report", "remove", "talk"})
# Step messages are named utter_step_<step> (sent by a rule) or say_step_<step> (by an action).
_STEP_RESPONSE = re.compile(r"^(?:utter|say)_step_([a-z_]+)$")
# Steps a rule says straight after a disclosure, so they never wait on the action server. The
# action says them with the same domain response when someone asks "what now?" first.
RULE_STEPS = frozenset({"dont_pay"})

# A direct question about one of these needs is answered with services straight away.
NEED_FOR_INTENT: dict[str, str] = {
    "ask_how_report": "report",
    "ask_remove_images": "remove",
    "ask_already_posted": "remove",
    "ask_who_to_tell": "talk",
    "ask_report_secretly": "report",
    "fake_image": "remove",
    "classmate_sharing": "remove",
}
# Said after services shown for a country or age we were not told, with the buttons that
# correct it (bot/nlg.py adds them): the answer never waits on the question.
ASK_TOO = {"country": "say_ask_country_too", "age": "say_ask_age_too"}
ASK_TOO_ADULT = {**ASK_TOO, "age": "say_ask_age_of_child_too"}


@dataclass(frozen=True)
class Reply:
    """One bot message: a domain response name, its template values and extra buttons."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    # Registry ids of the services shown, kept (without text) for the anonymous counts.
    service_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """The replies to send and the slots to set."""

    replies: list[Reply]
    slots: dict[str, Any] = field(default_factory=dict)


def missing_fact(
    registry: Registry, need: str, country: str | None, age_band: str | None
) -> str | None:
    """Which question to ask before answering, or None.

    Country is always needed for services. Age is asked only when it would change the
    answer: when the services for this need and country differ between age bands.
    """
    if not country:
        return "country"
    if age_band in AGE_BANDS:
        return None
    choices = {tuple(s.id for s in select(registry, need, country, band)) for band in AGE_BANDS}
    return "age" if len(choices) > 1 else None


def _ask(fact: str, need: str, role: str | None) -> Plan:
    if fact == "country":
        return Plan([Reply("say_ask_country")], {"pending_need": need})
    response = "say_ask_age_of_child" if role in ADULT_ROLES else "say_ask_age"
    return Plan([Reply(response)], {"pending_need": need})


def plan_services(
    registry: Registry,
    need: str,
    country: str | None,
    age_band: str | None,
    role: str | None,
    in_guidance: bool,
    answer_for: str | None = None,
    now: dt.datetime | None = None,
) -> Plan:
    """Show the services for a need, or ask the one question that decides them.

    With `answer_for` (the deployment's default country), a direct question is answered
    at once: for that country when we don't know theirs, and with only the services that
    take under-18s when we don't know the age (the person may be 13). The question that
    would change the answer comes with it, so someone who reads one reply has the links.
    `now` says which services are open (those closed go last); None is the real clock.
    """
    fact = missing_fact(registry, need, country, age_band)
    if fact and answer_for is None:
        return _ask(fact, need, role)
    where = country or answer_for
    assert where is not None  # missing_fact asked for it otherwise
    found = signpost(registry, need, where, age_band, now=now)
    services, text = list(found.services), found.text
    if role in ADULT_ROLES:
        # An adult hears how they use each service for the child (bot/adults.py).
        if need == "report":
            services = report_routes(registry, where, age_band, role)
        text = render_for_adults(services, now)
    replies = [
        Reply(
            f"say_services_{need}" if services else "say_services_none",
            {"services": text},
            link_buttons(services),
            [service.id for service in services],
        )
    ]
    if fact:
        ask_too = ASK_TOO_ADULT if role in ADULT_ROLES else ASK_TOO
        return Plan([*replies, Reply(ask_too[fact])], {"pending_need": need})
    if in_guidance:
        replies.append(Reply("say_steps_done" if need == STEPS[-1] else "say_offer_next_step"))
    return Plan(replies, {"pending_need": None})


def step_of(name: object) -> str | None:
    """The guidance step a response name says (utter_step_x or say_step_x), or None."""
    match = _STEP_RESPONSE.match(name) if isinstance(name, str) else None
    return match.group(1) if match and match.group(1) in STEPS else None


def is_step_response(name: object) -> bool:
    """Whether a response name is one of the guidance steps."""
    return step_of(name) is not None


def step_response(step: str) -> str:
    """The name of the response that says one guidance step."""
    return f"utter_step_{step}" if step in RULE_STEPS else f"say_step_{step}"


def current_step(responses_said: Iterable[str]) -> str | None:
    """The last guidance step the bot said, from the names of the responses it sent.

    Derived from the conversation rather than kept in a slot, so a step said by a rule
    (step 1, which must not wait on the action server) counts the same as one said here.
    """
    step = None
    for name in responses_said:
        step = step_of(name) or step
    return step


def next_step(current: str | None) -> str | None:
    """The step after `current` (the first if None), or None when all are done."""
    if current not in STEPS:
        return STEPS[0]
    position = STEPS.index(current) + 1
    return STEPS[position] if position < len(STEPS) else None


def plan_step(
    registry: Registry,
    current: str | None,
    country: str | None,
    age_band: str | None,
    role: str | None,
    now: dt.datetime | None = None,
) -> Plan:
    """Move on to the next guidance step and say it."""
    step = next_step(current)
    if step is None:
        return Plan([Reply("say_steps_done")])
    intro = Reply(step_response(step))
    if step not in SERVICE_STEPS:
        return Plan([intro])
    services = plan_services(registry, step, country, age_band, role, True, now=now)
    return Plan([intro, *services.replies], services.slots)


def plan_answer_to_question(
    registry: Registry,
    pending_need: str | None,
    step: str | None,
    country: str | None,
    age_band: str | None,
    role: str | None,
    fact_given: bool = True,
    answer_for: str | None = None,
    now: dt.datetime | None = None,
) -> Plan:
    """After the user says their country or age: finish what was waiting for it.

    If nothing was waiting and no country or age was actually recognised, the message was
    not an answer at all, so it gets the fallback reply (menu and real people), not "noted".
    """
    if not pending_need:
        return Plan([Reply("say_noted" if fact_given else "utter_default")])
    return plan_services(
        registry,
        pending_need,
        country,
        age_band,
        role,
        in_guidance=step == pending_need,
        answer_for=answer_for,
        now=now,
    )
