"""The services registry: every entry valid, sourced and dated; bad entries refused clearly."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

from bot.registry import REGISTRY_PATH, RegistryError, default_registry, parse_registry


@pytest.fixture
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(REGISTRY_PATH.read_text(encoding="utf-8"))
    return copy.deepcopy(loaded)


def test_shipped_registry_loads_with_a_source_and_date_for_every_service() -> None:
    registry = default_registry()
    assert len(registry.services) >= 25
    for service in registry.services:
        assert service.source.startswith("https://"), service.id
        assert service.last_checked <= dt.date.today(), service.id
        assert service.evidence in {"official", "secondary"}, service.id


def test_every_routed_country_has_crisis_lines_and_talk_lines() -> None:
    registry = default_registry()
    for country in registry.countries:
        if country == "other":
            continue
        needs = {need for s in registry.services if country in s.countries for need in s.needs}
        assert {"crisis", "talk", "report", "remove"} <= needs, country


@pytest.mark.parametrize(
    "unverified",
    [
        "88247",  # PAPYRUS text short code: not confirmed
        "07786 209697",  # PAPYRUS old SMS numbers
        "07860 039967",
        "0808 800 5000",  # NSPCC helpline: not verified
        "50101",  # Childline Ireland text: hours and keyword not confirmed
        "0800 37 66 33",  # Youthline NZ: 2012 source only
        "086 1800 280",  # Crisis Text Line Ireland: aggregator only
    ],
)
def test_facts_the_research_marks_unverified_are_not_shipped(unverified: str) -> None:
    assert unverified not in REGISTRY_PATH.read_text(encoding="utf-8")


def test_key_uk_numbers_match_the_research() -> None:
    registry = default_registry()
    assert registry.service("childline_uk").contact.phone == "0800 1111"
    assert registry.service("samaritans_uk").contact.phone == "116 123"
    assert registry.service("shout").contact.text_number == "85258"
    assert registry.service("uk_emergency").contact.phone == "999"
    assert registry.service("ceop").max_age == 17


def test_an_unknown_field_is_refused_with_the_entry_and_field(document: dict[str, Any]) -> None:
    document["services"][0]["fax"] = "123"
    with pytest.raises(RegistryError, match=r"service 'uk_emergency': field 'fax': unknown field"):
        parse_registry(document)


def test_a_missing_source_is_refused(document: dict[str, Any]) -> None:
    del document["services"][1]["source"]
    with pytest.raises(RegistryError, match=r"field 'source': is required"):
        parse_registry(document)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("web", "http://example.org", "must be an https:// address"),
        ("web", "javascript:alert(1)", "must be an https:// address"),
        ("phone", "call me maybe", "is not a phone number"),
        ("text_number", "SHOUT", "is not a text number"),
    ],
)
def test_bad_contact_details_are_refused(
    document: dict[str, Any], field: str, value: str, reason: str
) -> None:
    document["services"][3]["contact"][field] = value
    with pytest.raises(RegistryError, match=reason):
        parse_registry(document)


def test_an_age_range_that_ends_before_it_starts_is_refused(document: dict[str, Any]) -> None:
    document["services"][0]["min_age"] = 18
    document["services"][0]["max_age"] = 12
    with pytest.raises(RegistryError, match=r"field 'max_age'"):
        parse_registry(document)


def test_an_unknown_country_is_refused(document: dict[str, Any]) -> None:
    document["services"][0]["countries"] = ["uk", "narnia"]
    with pytest.raises(RegistryError, match=r"field 'countries'"):
        parse_registry(document)


def test_a_duplicate_id_is_refused(document: dict[str, Any]) -> None:
    document["services"].append(copy.deepcopy(document["services"][0]))
    with pytest.raises(RegistryError, match=r"is used twice"):
        parse_registry(document)
