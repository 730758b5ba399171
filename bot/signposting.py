"""Choose services by need, country and age, and say them in plain words.

Both the action server (for reporting, removal and talk-to-someone links) and the Rasa
process itself (for crisis replies, which must not depend on the action server) call
this module, so it imports nothing from Rasa.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot import hours as opening
from bot.registry import Contact, Registry, Service
from bot.roles import ADULT_ROLES

# Age bands the bot asks about, as slot values, with the ages each covers.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "under_13": (0, 12),
    "13_17": (13, 17),
    "18_plus": (18, 120),
}
# Until we know the age, only services that take under-18s are shown (plus emergency
# numbers, which take everyone): the person may be 13.
UNKNOWN_AGE = (0, 17)
AGE_BAND_LABELS: dict[str, str] = {
    "under_13": "Under 13",
    "13_17": "13 to 17",
    "18_plus": "18 or over",
}


@dataclass(frozen=True)
class Signpost:
    """Rendered services: lines of text for the message and link buttons."""

    services: tuple[Service, ...]
    text: str
    buttons: list[dict[str, str]]


def age_band_for(age: int) -> str:
    """Map an age in years to the band slot value."""
    if age < 13:
        return "under_13"
    if age < 18:
        return "13_17"
    return "18_plus"


def age_band_concerned(
    role: str | None,
    age_band: str | None,
    own_age_band: str | None = None,
    their_age_band: str | None = None,
) -> str | None:
    """The age band of the young person the conversation is about, or None if unknown.

    `age_band` is an answer to the bot's age question or a child's age ("my son is 14");
    `own_age_band` is the writer's own age ("im 15"); `their_age_band` is "she's 15".
    A parent's or teacher's own age never counts; a young person's own age does, and
    "she's 15" from a young person is more often the blackmailer's claimed age.
    """
    if role in ADULT_ROLES:
        return age_band or their_age_band
    return own_age_band or age_band


def select(registry: Registry, need: str, country: str, age_band: str | None) -> list[Service]:
    """Services for this need in this country that take someone of this age band.

    Registry order is kept: it is the order the maintainers chose (most urgent first).
    """
    low, high = AGE_BANDS.get(age_band or "", UNKNOWN_AGE)
    return [
        service
        for service in registry.services
        if need in service.needs and country in service.countries and service.serves_age(low, high)
    ]


def how_to_reach(service: Service, now: dt.datetime | None = None) -> str:
    """One short phrase: 'call <phone> or text <KEYWORD> to <number> (<hours>)'.

    Limited hours are said as open or closed at `now` (the real clock if None; the running
    bot passes `hours.now(settings)`, which SAFE_STEPS_CLOCK can fix for tests).
    """
    return reach(service.contact, now)


def reach(contact: Contact, now: dt.datetime | None = None) -> str:
    """How to reach one contact, with its hours (see how_to_reach)."""
    ways = []
    if contact.phone and contact.phone == contact.text_number and not contact.text_keyword:
        ways.append(f"call or text {contact.phone}")
    else:
        if contact.phone:
            ways.append(f"call {contact.phone}")
        if contact.text_number:
            keyword = f"{contact.text_keyword} " if contact.text_keyword else ""
            ways.append(f"text {keyword}to {contact.text_number}")
    if contact.web:
        ways.append(f"go to {contact.web}")
    phrase = " or ".join(ways)
    if contact.hours is None:
        return phrase
    moment = now or dt.datetime.now(dt.timezone.utc)
    return f"{phrase} ({opening.describe(contact.hours, moment)})"


def open_first(services: Iterable[Service], now: dt.datetime) -> list[Service]:
    """Registry order, except that services closed right now go after the rest."""
    listed = list(services)
    return sorted(listed, key=lambda service: not opening.open_now(service.contact.hours, now))


def render_lines(
    services: Iterable[Service],
    with_purpose: bool = True,
    now: dt.datetime | None = None,
    with_privacy: bool | None = None,
) -> str:
    """A bullet line per service, short enough to read on a phone.

    `with_privacy` (default: as `with_purpose`) adds what the service asks of you: whether
    you can stay anonymous decides whether a young person dares to use it, so a short list
    of places to report still says that CEOP is not anonymous (guidance.md 2.3).
    """
    privacy = with_purpose if with_privacy is None else with_privacy
    lines = []
    for service in services:
        line = f"• {service.name}: {how_to_reach(service, now)}."
        if with_purpose:
            line += f" {service.purpose[0].upper()}{service.purpose[1:]}."
        if privacy and service.privacy:
            line += f" {service.privacy[0].upper()}{service.privacy[1:]}."
        lines.append(line)
    return "\n".join(lines)


def link_buttons(services: Iterable[Service]) -> list[dict[str, str]]:
    """A link button per service that has a web address."""
    return [
        {"title": f"Open {service.name}", "url": service.contact.web}
        for service in services
        if service.contact.web
    ]


def nation_of(choice: str) -> str:
    """The `nation` slot value a country choice sets ("Northern Ireland": northern_ireland)."""
    return re.sub(r"[^a-z]+", "_", choice.lower()).strip("_")


def country_buttons(registry: Registry) -> list[dict[str, str]]:
    """A button per country choice (the UK offers its nations), in registry order.

    A country offered as several nations says which one was tapped, for the answers that
    differ by nation (a safeguarding lead's guidance, domain/staff.yml).
    """
    buttons = []
    for country in registry.countries.values():
        for choice in country.choices:
            facts = f'"country":"{country.id}"'
            if len(country.choices) > 1:
                facts += f',"nation":"{nation_of(choice)}"'
            buttons.append({"title": choice, "payload": f"/inform_country{{{facts}}}"})
    return buttons


def age_buttons() -> list[dict[str, str]]:
    """A button per age band."""
    return [
        {"title": AGE_BAND_LABELS[band], "payload": f'/inform_age{{"age_band":"{band}"}}'}
        for band in AGE_BANDS
    ]


def signpost(
    registry: Registry,
    need: str,
    country: str,
    age_band: str | None,
    with_purpose: bool = True,
    now: dt.datetime | None = None,
) -> Signpost:
    """Select and render the services for a need, the ones open now first."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    services = open_first(select(registry, need, country, age_band), moment)
    return Signpost(
        services=tuple(services),
        text=render_lines(services, with_purpose=with_purpose, now=moment),
        buttons=link_buttons(services),
    )
