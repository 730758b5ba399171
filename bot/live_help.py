"""A charity's own people first: its live chat or phone line, while it is open.

A profile may name its own line (`live_help`, with hours). Replies that offer real people
then start with "talk to someone at ORGANISATION now" while it is open. While it is closed
they say when it opens and lead with the lines that answer any time, so a young person
writing at 2 a.m. is never handed only a closed door.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import hours as opening
from bot.languages import BASE, phrase
from bot.registry import Contact, Registry, Service
from bot.service_languages import for_language, hours_words, render, say_hours
from bot.signposting import open_first, reach, select


def _always_open(service: Service) -> bool:
    return service.contact.hours is not None and service.contact.hours.always


def talk_lines(
    organisation: str,
    live_help: Contact,
    registry: Registry,
    country: str,
    age_band: str | None,
    now: dt.datetime,
    with_purpose: bool = False,
    language: str = BASE,
) -> str:
    """The lines for "talk to someone", with the organisation's own line placed by its hours,
    said in the conversation's language (English where a phrase is not translated yet)."""

    def listed(need: str) -> list[Service]:
        return open_first(for_language(select(registry, need, country, age_band), language), now)

    def lines_of(services: list[Service]) -> str:
        return render(services, language, with_purpose, now)

    talk = listed("talk")
    assert live_help.hours is not None  # the profile loader requires hours for live_help
    state = opening.status(live_help.hours, now)
    if state.open:
        how = reach(live_help, now) if language == BASE else reach_in(live_help, language, now)
        lead = phrase(language, "own_line_open", "Talk to someone at {organisation} now: {how}.")
        first = "• " + lead.format(organisation=organisation, how=how)
        return "\n".join([first, lines_of(talk)]).strip()
    words = hours_words(language)
    opens = (
        " "
        + phrase(language, "own_line_opens", "It opens {when}.").format(
            when=opening.when(state.opens, now, words)
        )
        if state.opens
        else ""
    )
    any_time = [service for service in talk if _always_open(service)]
    if not any_time:
        any_time = [s for s in listed("crisis") if _always_open(s)]
    later = [service for service in talk if service not in any_time]
    closed = phrase(
        language,
        "own_line_closed",
        "{organisation} is closed now.{opens} These lines are open any time:",
    )
    lines = [
        "• " + closed.format(organisation=organisation, opens=opens),
        lines_of(any_time),
        lines_of(later),
    ]
    return "\n".join(line for line in lines if line)


def reach_in(contact: Contact, language: str, now: dt.datetime) -> str:
    """How to reach the organisation's own line, in the conversation's language."""
    ways = []
    if contact.phone:
        ways.append(phrase(language, "call", "call {phone}").format(phone=contact.phone))
    if contact.web:
        ways.append(phrase(language, "web", "go to {web}").format(web=contact.web))
    said = phrase(language, "or", " or ").join(ways)
    if contact.hours is None:
        return said
    return f"{said} ({say_hours(contact.hours, language, now)})"


# The action's reply listing "talk" services: its {services} are people, like {talk_lines}.
TALK_SERVICES_RESPONSE = "say_services_talk"


def with_own_line(
    organisation: str,
    live_help: Contact | None,
    values: dict[str, Any],
    utter_action: str,
    registry: Registry,
    country: str,
    age_band: str | None,
    now: dt.datetime,
    language: str = BASE,
) -> dict[str, Any]:
    """Template values with the talk lines led by the organisation's own line, if it has one."""
    if live_help is None:
        return values
    changed = {
        **values,
        "talk_lines": talk_lines(
            organisation, live_help, registry, country, age_band, now, language=language
        ),
    }
    if utter_action == TALK_SERVICES_RESPONSE:
        changed["services"] = talk_lines(
            organisation,
            live_help,
            registry,
            country,
            age_band,
            now,
            with_purpose=language == BASE,
            language=language,
        )
    return changed
