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
from bot.registry import Contact, Registry, Service
from bot.signposting import open_first, reach, render_lines, select


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
) -> str:
    """The lines for "talk to someone", with the organisation's own line placed by its hours."""
    talk = open_first(select(registry, "talk", country, age_band), now)
    assert live_help.hours is not None  # the profile loader requires hours for live_help
    state = opening.status(live_help.hours, now)
    if state.open:
        first = f"• Talk to someone at {organisation} now: {reach(live_help, now)}."
        return "\n".join([first, render_lines(talk, with_purpose, now)]).strip()
    opens = f" It opens {opening.when(state.opens, now)}." if state.opens else ""
    any_time = [service for service in talk if _always_open(service)]
    if not any_time:
        any_time = [s for s in select(registry, "crisis", country, age_band) if _always_open(s)]
    later = [service for service in talk if service not in any_time]
    lines = [
        f"• {organisation} is closed now.{opens} These lines are open any time:",
        render_lines(any_time, with_purpose, now),
        render_lines(later, with_purpose, now),
    ]
    return "\n".join(line for line in lines if line)


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
) -> dict[str, Any]:
    """Template values with the talk lines led by the organisation's own line, if it has one."""
    if live_help is None:
        return values
    changed = {
        **values,
        "talk_lines": talk_lines(organisation, live_help, registry, country, age_band, now),
    }
    if utter_action == TALK_SERVICES_RESPONSE:
        changed["services"] = talk_lines(
            organisation, live_help, registry, country, age_band, now, with_purpose=True
        )
    return changed
