"""Load and validate the services registry, the single home of every contact detail.

A helpline number shown to a frightened child must be right, so the loader is strict:
unknown fields, a bad address, a missing source or an impossible age range stop start-up
with a message naming the entry and field, rather than quietly showing a wrong number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.hours import Hours, HoursError, parse_hours

REGISTRY_PATH = Path(__file__).parent / "resources" / "services.yml"

# parent: for adults worried about a child; staff: who school staff tell (a school's own lead).
NEEDS = frozenset({"crisis", "emergency", "report", "remove", "talk", "parent", "staff"})
EVIDENCE = frozenset({"official", "secondary"})
_SERVICE_FIELDS = frozenset(
    {
        "id",
        "name",
        "purpose",
        "needs",
        "countries",
        "min_age",
        "max_age",
        "contact",
        "source",
        "last_checked",
        "evidence",
        "for_adults",
        "for_adults_short",
        "privacy",
    }
)
_CONTACT_FIELDS = frozenset({"phone", "text_number", "text_keyword", "web", "hours"})
_COUNTRY_FIELDS = frozenset({"id", "name", "aliases", "choices"})
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Letters are allowed in phone numbers because some services publish them as words.
_PHONE = re.compile(r"^[0-9A-Z][0-9A-Z -]{1,20}$")
_SHORT_CODE = re.compile(r"^[0-9]{3,8}$")
_HTTPS = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$", re.IGNORECASE)


class RegistryError(ValueError):
    """The registry (or a profile's extra services) is not safe to serve."""


@dataclass(frozen=True)
class Contact:
    """How to reach a service. At least one of phone, text or web is set."""

    phone: str | None = None
    text_number: str | None = None
    text_keyword: str | None = None
    web: str | None = None
    # None when the research gives no hours: then nothing is said about them.
    hours: Hours | None = None


@dataclass(frozen=True)
class Service:
    """One helpline, reporting route or removal tool."""

    id: str
    name: str
    purpose: str
    needs: frozenset[str]
    countries: frozenset[str]
    min_age: int
    max_age: int | None
    contact: Contact
    source: str
    last_checked: dt.date
    evidence: str
    # How a parent or member of staff uses it for a child (who submits, anonymity), from the
    # same source; said to adults instead of `purpose`, which speaks to the young person.
    for_adults: str | None = None
    # The same in a few words, for an answer that must stay short (a parent's first reply).
    for_adults_short: str | None = None
    # What the service asks of you and who it tells, in one plain sentence, from its source
    # (for example "not anonymous: an adviser will contact you"). None if the source is silent.
    privacy: str | None = None

    def serves_age(self, low: int, high: int) -> bool:
        """True if the service takes anyone in the inclusive age band low..high."""
        upper = self.max_age if self.max_age is not None else 200
        return self.min_age <= high and low <= upper


@dataclass(frozen=True)
class Country:
    """A country the bot can route for, and the words people use for it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    """Every service and country, validated."""

    countries: dict[str, Country]
    services: tuple[Service, ...]

    def service(self, service_id: str) -> Service:
        """Return one service by id, or raise KeyError naming it."""
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(f"no service with id {service_id!r} in the registry")


def _fail(where: str, field: str, reason: str) -> RegistryError:
    return RegistryError(f"{where}: field '{field}': {reason}")


def _require(entry: dict[str, Any], field: str, kind: type, where: str) -> Any:
    if field not in entry or entry[field] is None:
        raise _fail(where, field, "is required")
    value = entry[field]
    if not isinstance(value, kind):
        raise _fail(where, field, f"must be {kind.__name__}, got {type(value).__name__}")
    return value


def _check_unknown(entry: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _fail(where, unknown[0], f"unknown field (allowed: {', '.join(sorted(allowed))})")


def _optional_text(entry: dict[str, Any], field: str, where: str) -> str | None:
    value = entry.get(field)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _fail(where, field, "must be text, or left out")
    return value


def parse_contact(raw: Any, where: str) -> Contact:
    """Validate a contact block: real-looking numbers and https addresses only."""
    if not isinstance(raw, dict):
        raise _fail(where, "contact", "must be a mapping")
    _check_unknown(raw, _CONTACT_FIELDS, f"{where}.contact")
    hours = None
    if raw.get("hours") is not None:
        try:
            hours = parse_hours(raw["hours"])
        except HoursError as error:
            raise _fail(where, "contact.hours", str(error)) from None
    values = {
        key: (str(value) if value is not None else None)
        for key, value in raw.items()
        if key != "hours"
    }
    phone, web = values.get("phone"), values.get("web")
    text_number = values.get("text_number")
    if phone is not None and not _PHONE.match(phone):
        raise _fail(where, "contact.phone", f"{phone!r} is not a phone number")
    if text_number is not None and not _SHORT_CODE.match(text_number):
        raise _fail(where, "contact.text_number", f"{text_number!r} is not a text number")
    if values.get("text_keyword") and not text_number:
        raise _fail(where, "contact.text_keyword", "needs a text_number")
    if web is not None and not _HTTPS.match(web):
        raise _fail(where, "contact.web", f"{web!r} must be an https:// address")
    if not (phone or text_number or web):
        raise _fail(where, "contact", "needs at least one of phone, text_number or web")
    return Contact(**values, hours=hours)


def parse_service(raw: Any, country_ids: frozenset[str], position: int) -> Service:
    """Validate one registry entry; `position` names it in errors before its id is known."""
    if not isinstance(raw, dict):
        raise RegistryError(f"services[{position}]: must be a mapping")
    where = f"service '{raw.get('id', f'#{position}')}'"
    _check_unknown(raw, _SERVICE_FIELDS, where)
    service_id = _require(raw, "id", str, where)
    if not _ID.match(service_id):
        raise _fail(where, "id", "use lower case letters, digits and _")
    needs = frozenset(_require(raw, "needs", list, where))
    if not needs or not needs <= NEEDS:
        raise _fail(where, "needs", f"must be some of {', '.join(sorted(NEEDS))}")
    countries = frozenset(_require(raw, "countries", list, where))
    if not countries or not countries <= country_ids:
        raise _fail(where, "countries", f"must be some of {', '.join(sorted(country_ids))}")
    min_age = _require(raw, "min_age", int, where)
    max_age = raw.get("max_age")
    if max_age is not None and (not isinstance(max_age, int) or max_age < min_age):
        raise _fail(where, "max_age", "must be a whole number at least min_age, or null")
    source = _require(raw, "source", str, where)
    if not _HTTPS.match(source):
        raise _fail(where, "source", f"{source!r} must be an https:// address")
    last_checked = _require(raw, "last_checked", dt.date, where)
    evidence = _require(raw, "evidence", str, where)
    if evidence not in EVIDENCE:
        raise _fail(where, "evidence", f"must be one of {', '.join(sorted(EVIDENCE))}")
    privacy = raw.get("privacy")
    if privacy is not None and not (isinstance(privacy, str) and privacy.strip()):
        raise _fail(where, "privacy", "must be a sentence, or left out")
    return Service(
        id=service_id,
        name=_require(raw, "name", str, where),
        purpose=_require(raw, "purpose", str, where),
        needs=needs,
        countries=countries,
        min_age=min_age,
        max_age=max_age,
        contact=parse_contact(raw.get("contact"), where),
        source=source,
        last_checked=last_checked,
        evidence=evidence,
        for_adults=_optional_text(raw, "for_adults", where),
        for_adults_short=_optional_text(raw, "for_adults_short", where),
        privacy=privacy,
    )


def parse_registry(document: Any) -> Registry:
    """Build a Registry from the parsed YAML document, or raise RegistryError."""
    if not isinstance(document, dict):
        raise RegistryError("registry: must be a mapping with 'countries' and 'services'")
    _check_unknown(document, frozenset({"countries", "services"}), "registry")
    countries: dict[str, Country] = {}
    for position, raw in enumerate(document.get("countries") or []):
        where = f"country '{raw.get('id', f'#{position}') if isinstance(raw, dict) else position}'"
        if not isinstance(raw, dict):
            raise RegistryError(f"{where}: must be a mapping")
        _check_unknown(raw, _COUNTRY_FIELDS, where)
        country = Country(
            id=_require(raw, "id", str, where),
            name=_require(raw, "name", str, where),
            aliases=tuple(str(alias).lower() for alias in raw.get("aliases") or []),
            choices=tuple(str(choice) for choice in raw.get("choices") or [raw["name"]]),
        )
        countries[country.id] = country
    if not countries:
        raise RegistryError("registry: 'countries' must list at least one country")
    services = tuple(
        parse_service(raw, frozenset(countries), position)
        for position, raw in enumerate(document.get("services") or [])
    )
    seen: set[str] = set()
    for service in services:
        if service.id in seen:
            raise _fail(f"service '{service.id}'", "id", "is used twice")
        seen.add(service.id)
    return Registry(countries=countries, services=services)


def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """Read and validate a registry file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegistryError(f"{path}: cannot be read: {error}") from error
    try:
        return parse_registry(document)
    except RegistryError as error:
        raise RegistryError(f"{path}: {error}") from error


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The shipped registry, loaded once per process."""
    return load_registry()
