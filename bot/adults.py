"""What parents, carers and school staff are shown: the routes they can use for a child.

A parent or teacher asking "how do I report this?" gets the answer and the links in one
reply, so these placeholders are filled in the Rasa process (bot/nlg.py) like the crisis
lines. Each service is said in words for the adult (`for_adults` in the registry: who makes
the report, whether it is anonymous) rather than its `purpose`, which speaks to the child.
The child's age decides which services apply, never the adult's own (bot/signposting.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.languages import BASE
from bot.registry import Registry, Service
from bot.roles import LEAD, STAFF
from bot.service_languages import for_language
from bot.signposting import how_to_reach, select

# Placeholders an adult-facing response may name, and the registry need behind each.
ADULT_PLACEHOLDERS = ("adult_report_lines", "adult_remove_lines", "parent_lines", "school_lead")
# The same lists in a few words each (`for_adults_short`), for a reply that must stay short:
# a parent's first reply gives the whole plan and every link in about 180 words (issue #13).
SHORT_SUFFIX = "_short"
SHORT_PLACEHOLDERS = {
    f"{name}{SHORT_SUFFIX}": name for name in ADULT_PLACEHOLDERS if name != "school_lead"
}
# Services for the adult themselves (a helpline for worried parents, police 101) take adults.
ADULT_CALLER = "18_plus"


def render_for_adults(
    services: Iterable[Service], now: dt.datetime | None = None, short: bool = False
) -> str:
    """A bullet line per service, with how an adult uses it for a child (hours as at `now`).

    `short`: only the few words of `for_adults_short`, or none where the name says enough.
    """
    lines = []
    for service in services:
        note = service.for_adults_short if short else service.for_adults or service.purpose
        reach = how_to_reach(service, now)
        tail = f" {note[0].upper()}{note[1:]}." if note else ""
        lines.append(f"• {service.name}: {reach}.{tail}")
    return "\n".join(lines)


def school_leads(registry: Registry, country: str) -> list[Service]:
    """A school profile's own safeguarding lead (need `staff`), whatever the child's age."""
    return [s for s in registry.services if "staff" in s.needs and country in s.countries]


def report_routes(
    registry: Registry, country: str, age_band: str | None, role: str | None
) -> list[Service]:
    """Where an adult can report a crime against this child: the child's routes, then the
    adult's own (police non-emergency). Staff already hear about their school's lead."""
    for_child = select(registry, "report", country, age_band)
    own = select(registry, "parent", country, ADULT_CALLER)
    for_adult = [s for s in own if "report" in s.needs]
    routes = for_child + [s for s in for_adult if s not in for_child]
    if role in {STAFF, LEAD}:
        leads = school_leads(registry, country)
        routes = [s for s in routes if s not in leads]
    return routes


def adult_services(
    registry: Registry,
    country: str,
    age_band: str | None,
    role: str | None,
    language: str = BASE,
) -> dict[str, list[Service]]:
    """The services behind each adult placeholder, for this country, child's age and the
    conversation's language (services offered only in other languages are left out)."""
    helplines = [
        s for s in select(registry, "parent", country, ADULT_CALLER) if "report" not in s.needs
    ]
    leads = school_leads(registry, country)
    for_child = [s for s in select(registry, "talk", country, age_band) if s not in leads]
    return {
        "adult_report_lines": for_language(
            report_routes(registry, country, age_band, role), language
        ),
        "adult_remove_lines": for_language(select(registry, "remove", country, age_band), language),
        "parent_lines": for_language(helplines + for_child, language),
        "school_lead": leads,
    }


def adult_values(
    registry: Registry,
    country: str,
    age_band: str | None,
    role: str | None,
    none_here: str,
    language: str = BASE,
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """Each adult placeholder's text; `none_here` where a country has no such service.

    The school's lead is added to a sentence ("Tell your safeguarding lead today."), so it
    starts on a new line when there is one and is empty when there is not.
    """
    values = {}
    chosen = adult_services(registry, country, age_band, role, language)
    for placeholder, services in chosen.items():
        text = render_for_adults(services, now)
        if placeholder == "school_lead":
            values[placeholder] = f"\n{text}" if text else ""
        else:
            values[placeholder] = text or none_here
    for short, placeholder in SHORT_PLACEHOLDERS.items():
        values[short] = render_for_adults(chosen[placeholder], now, short=True) or none_here
    return values
