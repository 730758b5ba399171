"""Country, age and role said in Welsh, Spanish and French (each language's facts.yml).

The messages are written the way young people, parents and teachers type: no accents,
no apostrophes, numbers stuck to words. An age is only taken with the language's word for
years, and "he is 19" from a young person never becomes the child's age: an adult's age
read as the child's would show a child adult-only services.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.facts import AGE_OF_YOUNG_PERSON, OWN_AGE, THEIR_AGE, find_ages, find_country, find_role
from bot.language_facts import facts_of, read_facts
from bot.languages import LANGUAGES_DIR, LanguageError
from bot.registry import default_registry

REGISTRY = default_registry()


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("vivo en Inglaterra", "uk"),
        ("somos de irlanda del norte", "uk"),
        ("estoy en Irlanda", "ie"),
        ("vivimos en EEUU", "us"),
        ("no vivo en inglaterra, vivo en canada", "ca"),
        ("jhabite en Écosse", "uk"),
        ("on est au Québec", "ca"),
        ("je ne vis pas en angleterre mais au canada", "ca"),
        ("on vit en Nouvelle-Zélande", "nz"),
        ("dwi'n byw yng Nghymru", "uk"),
        ("dwi o Gymru", "uk"),
        ("dwi ddim yn byw yng nghymru, dwi yn iwerddon", "ie"),
        ("dan ni yn byw yn yr alban", "uk"),
        # Not a registry country, and English still as before.
        ("vivo en España", None),
        ("they want us to pay", None),
    ],
)
def test_country_in_any_language(text: str, country: str | None) -> None:
    found = find_country(REGISTRY, text)
    assert (found.value if found else None) == country


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("tengo 15 años", {OWN_AGE: "13_17"}),
        ("tengo 15 anos y me estan chantajeando", {OWN_AGE: "13_17"}),
        (
            "mi hijo tiene 14 años y yo tengo 45 años",
            {AGE_OF_YOUNG_PERSON: "13_17", OWN_AGE: "18_plus"},
        ),
        ("mi hija de 12 mando fotos", {AGE_OF_YOUNG_PERSON: "under_13"}),
        ("un alumno de 16 me lo conto", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("jai 15ans", {OWN_AGE: "13_17"}),
        ("j'ai 14 ans et un mec me menace", {OWN_AGE: "13_17"}),
        ("mon fils a 13 ans", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("ma fille (15)", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("dwi'n 15 oed", {OWN_AGE: "13_17"}),
        ("mae fy mab yn 14 oed", {AGE_OF_YOUNG_PERSON: "13_17"}),
        # "he is 19": the child's age only if an adult is writing (bot/signposting.py).
        ("il a 19 ans il dit", {THEIR_AGE: "18_plus"}),
        ("dice que tiene 19 años", {THEIR_AGE: "18_plus"}),
        ("mae o'n 20 oed", {THEIR_AGE: "18_plus"}),
        # Not ages: no word for years, money, counts.
        ("tengo 20 fotos suyas", {}),
        ("tengo 15", {}),
        ("j'ai 20 messages de lui", {}),
        ("il veut 50 euros", {}),
        ("dwi wedi talu 30 punt", {}),
    ],
)
def test_ages_in_any_language(text: str, ages: dict[str, str]) -> None:
    assert {fact.entity: fact.value for fact in find_ages(text)} == ages


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("mi hijo esta siendo chantajeado", "parent"),
        ("soy su madre, que hago", "parent"),
        ("soy profesora y una alumna me ha contado algo", "professional"),
        ("soy la coordinadora de bienestar del instituto", "dsl"),
        ("ma fille a envoyé des photos", "parent"),
        ("je suis prof, un élève m'a parlé", "professional"),
        ("mae fy merch wedi anfon lluniau", "parent"),
        ("athrawes ydw i, mae un o fy nisgyblion mewn trwbl", "professional"),
        ("fi yw'r person diogelu dynodedig", "dsl"),
        # A young person about themselves.
        ("tengo miedo, un chico tiene mis fotos", None),
        ("un mec menace de publier mes photos", None),
        ("mae rhywun efo lluniau fi", None),
    ],
)
def test_role_in_any_language(text: str, role: str | None) -> None:
    found = find_role(text)
    assert (found.value if found else None) == role


def test_every_shipped_facts_file_reads_and_only_names_registry_countries() -> None:
    facts = facts_of(LANGUAGES_DIR)
    assert facts.country_aliases and facts.own_age and facts.child_age and facts.roles
    assert {country for _, country in facts.country_aliases} <= set(REGISTRY.countries)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("countries: {uk: england}\n", "countries.uk must be a list of phrases"),
        ("own_age: ['tengo anos']\n", "needs {age} exactly once"),
        ("roles: {teacher: [soy profe]}\n", "roles are dsl, professional, parent"),
        ("ages: ['{age} ans']\n", "unknown field(s) ages"),
        ("- just a list\n", "needs countries"),
    ],
)
def test_a_mistake_in_facts_yml_names_the_file_and_the_field(
    tmp_path: Path, content: str, error: str
) -> None:
    path = tmp_path / "facts.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LanguageError) as raised:
        read_facts(path)
    assert str(path) in str(raised.value) and error in str(raised.value)
