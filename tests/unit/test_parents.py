"""Parents and carers: their wording and the routes they are shown (tests/system has the
conversations through the running bot)."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.adults import adult_services, render_for_adults, report_routes
from bot.cli import PROJECT
from bot.registry import default_registry

REGISTRY = default_registry()
PARENT_DOMAIN = PROJECT / "domain" / "parents.yml"
RESEARCH_FILES = ("guidance.md", "milestone2-facts.md")

# Victim wording aimed at the parent, which the issue found: the child is the victim.
AT_THE_PARENT = [
    re.compile(r"\byou are not in trouble\b", re.I),
    re.compile(r"\bthis is not your fault\b", re.I),
    re.compile(r"\bdon'?t send (any )?more pics\b", re.I),
]


def parent_texts() -> list[tuple[str, str]]:
    """(response, text) of every variation a parent can be shown from domain/parents.yml."""
    document = yaml.safe_load(PARENT_DOMAIN.read_text(encoding="utf-8"))
    return [
        (name, variation["text"])
        for name, variations in document["responses"].items()
        for variation in variations
    ]


def test_parent_answers_never_speak_to_the_parent_as_the_victim() -> None:
    for name, text in parent_texts():
        for pattern in AT_THE_PARENT:
            assert not pattern.search(text), (name, pattern.pattern)


def test_every_parent_answer_names_its_sources_in_the_research() -> None:
    document = yaml.safe_load(PARENT_DOMAIN.read_text(encoding="utf-8"))
    for name, variations in document["responses"].items():
        for variation in variations:
            sources = (variation.get("metadata") or {}).get("sources") or []
            assert sources, name
            assert all(any(f in source for f in RESEARCH_FILES) for source in sources), name


def test_every_parent_answer_has_a_second_wording_so_it_is_never_repeated() -> None:
    document = yaml.safe_load(PARENT_DOMAIN.read_text(encoding="utf-8"))
    for name, variations in document["responses"].items():
        texts = {v["text"] for v in variations if not v.get("condition")}
        assert len(texts) >= 2, name


def test_a_parent_in_the_uk_can_report_to_ceop_and_101_and_is_told_it_is_not_anonymous() -> None:
    routes = report_routes(REGISTRY, "uk", None, "parent")
    assert [s.id for s in routes][:2] == ["ceop", "uk_police_101"]
    text = render_for_adults(routes).lower()
    assert "can report for a child" in text and "not anonymous" in text


def test_a_parent_hears_which_removal_tools_the_child_must_use_themselves() -> None:
    services = adult_services(REGISTRY, "uk", "13_17", "parent")
    removal = render_for_adults(services["adult_remove_lines"]).lower()
    assert "report remove" in removal and "the young person makes this report themselves" in removal
    assert "take it down" in removal and "on the device used" in removal
    assert "stopncii" not in removal  # adults only: never for a child's pictures


def test_the_childs_age_decides_the_routes_never_the_parents() -> None:
    routes = {s.id for s in report_routes(REGISTRY, "uk", "18_plus", "parent")}
    assert "ceop" not in routes  # CEOP is for under-18s: an adult child goes to the police
    child = {s.id for s in adult_services(REGISTRY, "uk", "13_17", "parent")["adult_remove_lines"]}
    assert "stopncii" not in child and "revenge_porn_helpline" not in child


@pytest.mark.parametrize(
    ("country", "route", "who"),
    [
        ("us", "cybertipline", "anyone can report"),
        ("ca", "cybertip_ca", "anyone can report"),
        ("au", "esafety", "a parent can report for a child under 16"),
    ],
)
def test_each_country_says_who_may_report(country: str, route: str, who: str) -> None:
    routes = report_routes(REGISTRY, country, "13_17", "parent")
    assert route in {s.id for s in routes}
    assert who in render_for_adults(routes).lower()


def test_the_short_lists_for_a_parents_first_reply_keep_who_makes_each_report() -> None:
    registry = default_registry()
    services = adult_services(registry, "uk", None, "parent")
    removal = render_for_adults(services["adult_remove_lines"], short=True)
    assert "makes this report themselves" in removal
    report = render_for_adults(services["adult_report_lines"], short=True)
    assert "Not anonymous" in report
    full = render_for_adults(services["adult_report_lines"]) + removal
    assert len(report.split()) + len(removal.split()) < len(full.split()) / 2 + 20
