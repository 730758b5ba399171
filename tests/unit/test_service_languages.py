"""Each service says which languages it works in, with a source; replies prefer those."""

from __future__ import annotations

import pytest

from bot.languages import languages
from bot.nlg import template_values
from bot.registry import RegistryError, default_registry
from bot.service_languages import for_language, parse, render, service_languages
from bot.signposting import select

REGISTRY = default_registry()


def lines(need: str, country: str, code: str) -> str:
    return render(for_language(select(REGISTRY, need, country, None), code), code, False)


def test_every_language_fact_has_a_source_and_names_a_registry_service() -> None:
    facts = service_languages()
    ids = {service.id for service in REGISTRY.services}
    assert set(facts) <= ids
    assert all(fact.source.startswith("https://") and fact.languages for fact in facts.values())


def test_spanish_puts_the_service_that_speaks_spanish_first_and_says_how() -> None:
    text = lines("crisis", "us", "es")
    assert text.splitlines()[0].startswith("• 988 Suicide and Crisis Lifeline")
    assert "marca 2 para hablar en español" in text


def test_french_in_canada_names_the_french_services_by_their_french_names() -> None:
    assert "Cyberaide.ca" in lines("report", "ca", "fr")
    assert "https://aidezmoisvp.ca" in lines("remove", "ca", "fr")
    assert "Jeunesse, J'écoute" in lines("talk", "ca", "fr")


def test_a_service_in_english_only_says_so_plainly_in_another_language() -> None:
    text = lines("crisis", "uk", "es")
    samaritans = next(line for line in text.splitlines() if "Samaritans" in line)
    assert "en inglés" in samaritans
    childline = next(line for line in lines("talk", "uk", "cy").splitlines() if "Childline" in line)
    assert "Saesneg yn unig" not in childline and "Cymraeg" in childline


def test_a_welsh_only_offer_shows_in_welsh_conversations_only() -> None:
    assert "Meic" in lines("talk", "uk", "cy")
    assert "Meic" not in lines("talk", "uk", "en")
    english = template_values(REGISTRY, "uk", None, "uk")
    assert "Meic" not in english["talk_lines"]


def test_english_lines_are_unchanged_by_languages() -> None:
    assert "English only" not in template_values(REGISTRY, "uk", None, "uk")["crisis_lines"]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"services": {"nobody": {"languages": ["en"]}}}, "not a registry service"),
        (
            {"services": {"childline_uk": {"languages": ["xx"], "source": "https://a.org"}}},
            "'languages'",
        ),
        (
            {"services": {"childline_uk": {"languages": ["cy"], "evidence": "official"}}},
            "'source'",
        ),
    ],
)
def test_a_wrong_language_fact_is_refused_with_its_reason(
    document: dict[str, object], problem: str
) -> None:
    with pytest.raises(RegistryError, match=problem):
        parse(document, REGISTRY, languages())
