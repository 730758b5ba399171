"""Which languages each service works in, and how to list services in a conversation's language.

The facts live in resources/service_languages.yml, each with a source; a service it does not
list is English only. In a conversation in another language, services that work in it come
first, each is named and linked as it is in that language (Cyberaide.ca for Cybertip.ca),
and a service that works only in English says so plainly, so nobody calls expecting Welsh.
Pure Python: the NLG and tests use it without Rasa.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import hours as opening
from bot.languages import BASE, languages, phrase, phrase_map
from bot.registry import EVIDENCE, Registry, RegistryError, Service, default_registry
from bot.signposting import render_lines

PATH = Path(__file__).parent / "resources" / "service_languages.yml"
_HTTPS = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$", re.IGNORECASE)
_FIELDS = frozenset({"languages", "source", "evidence", "names", "webs", "notes", "offer_in"})


@dataclass(frozen=True)
class ServiceLanguages:
    """The languages one service works in, with the source that says so."""

    languages: frozenset[str]
    source: str
    evidence: str
    names: dict[str, str] = field(default_factory=dict)
    webs: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    offer_in: frozenset[str] | None = None


ENGLISH_ONLY = ServiceLanguages(frozenset({BASE}), "", "official")


def parse(document: Any, registry: Registry, codes: Iterable[str]) -> dict[str, ServiceLanguages]:
    """Check the file against the registry and the known languages; RegistryError if wrong."""
    known = set(codes)
    ids = {service.id for service in registry.services}
    entries = document.get("services") if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        raise RegistryError(f"{PATH.name}: needs a 'services' mapping")
    found: dict[str, ServiceLanguages] = {}
    for service_id, raw in entries.items():
        where = f"{PATH.name}: {service_id}"
        if service_id not in ids:
            raise RegistryError(f"{where}: not a registry service")
        if not isinstance(raw, dict) or set(raw) - _FIELDS:
            raise RegistryError(f"{where}: fields may only be {', '.join(sorted(_FIELDS))}")
        spoken = raw.get("languages")
        if not isinstance(spoken, list) or not spoken or not set(spoken) <= known:
            raise RegistryError(f"{where}: 'languages' must list some of {sorted(known)}")
        if not isinstance(raw.get("source"), str) or not _HTTPS.match(raw["source"]):
            raise RegistryError(f"{where}: 'source' must be an https address")
        if raw.get("evidence") not in EVIDENCE:
            raise RegistryError(f"{where}: 'evidence' must be one of {sorted(EVIDENCE)}")
        per_language = {}
        for key in ("names", "webs", "notes"):
            value = raw.get(key) or {}
            if not isinstance(value, dict) or not set(value) <= set(spoken):
                raise RegistryError(f"{where}: '{key}' is only for the languages it lists")
            per_language[key] = {str(k): str(v) for k, v in value.items()}
        if not all(_HTTPS.match(web) for web in per_language["webs"].values()):
            raise RegistryError(f"{where}: 'webs' must be https addresses")
        offer_in = raw.get("offer_in")
        if offer_in is not None and (not isinstance(offer_in, list) or not set(offer_in) <= known):
            raise RegistryError(f"{where}: 'offer_in' must list some of {sorted(known)}")
        found[service_id] = ServiceLanguages(
            languages=frozenset(spoken),
            source=raw["source"],
            evidence=raw["evidence"],
            offer_in=frozenset(offer_in) if offer_in is not None else None,
            **per_language,
        )
    return found


@lru_cache(maxsize=1)
def service_languages() -> dict[str, ServiceLanguages]:
    """The shipped facts, checked once per process."""
    document = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return parse(document, default_registry(), languages())


def spoken(service: Service) -> ServiceLanguages:
    """What is known of a service's languages (English only when nothing is)."""
    return service_languages().get(service.id, ENGLISH_ONLY)


def for_language(services: Iterable[Service], code: str) -> list[Service]:
    """The services to show in this language: those for other languages only are left out,
    and those that work in it come first (otherwise the registry's order is kept)."""

    def offered(service: Service) -> bool:
        only = spoken(service).offer_in
        return only is None or code in only

    shown = [service for service in services if offered(service)]
    return sorted(shown, key=lambda s: code not in spoken(s).languages)


def hours_words(code: str) -> opening.HoursWords:
    """How a language says opening hours (`phrases: opening:` in its language.yml); any
    word it lacks is said in English, so a missing word never hides when a line is open."""
    language = languages().get(code)
    given = language.phrases.get("opening") if language else None
    if not isinstance(given, dict):
        return opening.ENGLISH
    english = opening.ENGLISH
    days = given.get("days")
    return opening.HoursWords(
        channels={**english.channels, **(given.get("channels") or {})},
        joiner=str(given.get("and", english.joiner)),
        any_time=str(given.get("any_time", english.any_time)),
        open_until=str(given.get("open_until", english.open_until)),
        closed_opens=str(given.get("closed_opens", english.closed_opens)),
        closed=str(given.get("closed", english.closed)),
        at=str(given.get("at", english.at)),
        today=str(given.get("today", english.today)),
        tomorrow=str(given.get("tomorrow", english.tomorrow)),
        days=tuple(str(day) for day in days)
        if isinstance(days, list) and len(days) == 7
        else english.days,
        clock=str(given["clock"]) if given.get("clock") else None,
        midnight=str(given.get("midnight", english.midnight)),
    )


def say_hours(hours: opening.Hours, code: str, now: dt.datetime) -> str:
    """A service's hours in the language: a reviewed phrase for the English wording if the
    language has one, else built from its opening words."""
    english = opening.describe(hours, now)
    reviewed = phrase_map(code, "hours").get(english)
    return reviewed or opening.describe(hours, now, hours_words(code))


def _reach(service: Service, code: str, now: dt.datetime | None = None) -> str:
    """How to reach a service, in the language's words ('llama al 988 o escribe ...')."""
    contact, facts = service.contact, spoken(service)
    ways = []
    if contact.phone and contact.phone == contact.text_number and not contact.text_keyword:
        ways.append(
            phrase(code, "call_or_text", "call or text {phone}").format(phone=contact.phone)
        )
    else:
        if contact.phone:
            ways.append(phrase(code, "call", "call {phone}").format(phone=contact.phone))
        if contact.text_number:
            keyword = f"{contact.text_keyword} " if contact.text_keyword else ""
            text = phrase(code, "text", "text {keyword}to {number}")
            ways.append(text.format(keyword=keyword, number=contact.text_number))
    web = facts.webs.get(code, contact.web)
    if web:
        ways.append(phrase(code, "web", "go to {web}").format(web=web))
    said = phrase(code, "or", " or ").join(ways)
    if contact.hours is None:
        return said
    moment = now or dt.datetime.now(dt.timezone.utc)
    return f"{said} ({say_hours(contact.hours, code, moment)})"


def render(
    services: Iterable[Service],
    code: str,
    with_purpose: bool = True,
    now: dt.datetime | None = None,
    with_privacy: bool | None = None,
) -> str:
    """A bullet line per service in the conversation's language.

    English is rendered exactly as before (bot/signposting.py). In another language, the
    registry's English purpose is left out (the reply around the list says what it is for),
    and a service that does not work in the language says so.
    """
    chosen = list(services)
    if code == BASE:
        return render_lines(chosen, with_purpose=with_purpose, now=now, with_privacy=with_privacy)
    lines = []
    for service in chosen:
        facts = spoken(service)
        name = facts.names.get(code, service.name)
        extras = [facts.notes[code]] if code in facts.notes else []
        if code not in facts.languages:
            extras.append(phrase(code, "english_only", "English only"))
        tail = f" ({'; '.join(extras)})" if extras else ""
        lines.append(f"• {name}: {_reach(service, code, now)}{tail}.")
    return "\n".join(lines)


def link_titles(buttons: list[dict[str, Any]], services: Iterable[Service], code: str) -> None:
    """Rename, in place, an action's 'Open <service>' link buttons for this language."""
    if code == BASE:
        return
    by_web = {s.contact.web: s for s in services if s.contact.web}
    for button in buttons:
        service = by_web.get(str(button.get("url")))
        if service is not None:
            facts = spoken(service)
            name = facts.names.get(code, service.name)
            button["title"] = phrase(code, "open", "Open {name}").format(name=name)
            button["url"] = facts.webs.get(code, button["url"])
