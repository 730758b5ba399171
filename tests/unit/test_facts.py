"""Country and age found in what people type."""

from __future__ import annotations

import pytest

from bot.facts import (
    AGE_OF_YOUNG_PERSON,
    OWN_AGE,
    THEIR_AGE,
    find_ages,
    find_country,
    find_nation,
    find_role,
)
from bot.registry import default_registry
from bot.signposting import age_band_concerned


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("im 15 from scotland", "uk"),
        ("i live in northern ireland", "uk"),
        ("im from ireland", "ie"),
        ("im in the us", "us"),
        ("USA", "us"),
        ("aged 16, in oz", "au"),
        ("new zealand", "nz"),
        ("uk", "uk"),
        ("us", "us"),
        ("they want us to pay", None),
        ("im not in the uk", None),
        ("i dont live in england im in canada", "ca"),
        ("i paid them", None),
        # Where they say they live, not where the blackmailer is or says they are.
        ("I am 16 from India", "other"),
        ("we live in spain", "other"),
        ("some guy from nigeria has my nudes", None),
        ("im talking to a girl from india", None),
        ("the girl said she was from the us", None),
        ("she said she was american", None),
        ("the guy says hes australian lol", None),
        ("im australian", "au"),
        ("he is 15 and we live in canada", "ca"),
        ("she said shes from australia but im in ireland", "ie"),
        ("my daughter is in the us", "us"),
        ("Is there an Australian number I can ring?", "au"),
    ],
)
def test_country(text: str, country: str | None) -> None:
    found = find_country(default_registry(), text)
    assert (found.value if found else None) == country


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("im 15", {OWN_AGE: "13_17"}),
        ("15", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("19", {AGE_OF_YOUNG_PERSON: "18_plus"}),
        ("15yo", {OWN_AGE: "13_17"}),
        ("I'm 12 years old", {OWN_AGE: "under_13"}),
        ("im 19 and someone has my nudes", {OWN_AGE: "18_plus"}),
        ("my 14 year old is being blackmailed", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("im an adult", {OWN_AGE: "18_plus"}),
        ("im under 13", {AGE_OF_YOUNG_PERSON: "under_13"}),
        ("i paid 50 quid", {}),
        ("im 100% sure", {}),
        ("they want £200", {}),
        # Whose age it is: a parent's or teacher's own age is never the child's.
        ("im 45 and my son is 14", {OWN_AGE: "18_plus", AGE_OF_YOUNG_PERSON: "13_17"}),
        ("My son is 14", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("she's 15", {THEIR_AGE: "13_17"}),
        ("hes only 13", {THEIR_AGE: "13_17"}),
        ("a 15 year old pupil told me", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("one of my students, aged 14, came to me", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("our daughter who is 16", {AGE_OF_YOUNG_PERSON: "13_17"}),
        ("im his mum, im 42", {OWN_AGE: "18_plus"}),
        ("he said hes 19", {THEIR_AGE: "18_plus"}),
    ],
)
def test_ages_say_whose_age_they_are(text: str, ages: dict[str, str]) -> None:
    assert {found.entity: found.value for found in find_ages(text)} == ages


@pytest.mark.parametrize(
    ("role", "slots", "concerned"),
    [
        (None, {OWN_AGE: "13_17"}, "13_17"),
        (None, {AGE_OF_YOUNG_PERSON: "18_plus"}, "18_plus"),
        # A young person quoting the blackmailer's claimed age: not their age.
        (None, {THEIR_AGE: "18_plus"}, None),
        ("parent", {OWN_AGE: "18_plus"}, None),
        ("parent", {OWN_AGE: "18_plus", AGE_OF_YOUNG_PERSON: "13_17"}, "13_17"),
        ("parent", {THEIR_AGE: "13_17"}, "13_17"),
        ("professional", {OWN_AGE: "18_plus"}, None),
        ("professional", {AGE_OF_YOUNG_PERSON: "under_13"}, "under_13"),
    ],
)
def test_the_role_decides_whose_age_counts(
    role: str | None, slots: dict[str, str], concerned: str | None
) -> None:
    assert (
        age_band_concerned(
            role,
            slots.get(AGE_OF_YOUNG_PERSON),
            slots.get(OWN_AGE),
            slots.get(THEIR_AGE),
        )
        == concerned
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("im a teacher and a pupil told me", "professional"),
        ("one of my students is being blackmailed", "professional"),
        ("im the dsl", "dsl"),
        ("as designated safeguarding lead what do we do", "dsl"),
        ("im a form tutor and a boy told me", "professional"),
        ("my son is being sextorted", "parent"),
        ("my 14 year old sent a pic", "parent"),
        ("im his mum", "parent"),
        ("someone has my nudes", None),
        ("im 15 and scared", None),
    ],
)
def test_role(text: str, role: str | None) -> None:
    found = find_role(text)
    assert (found.value if found else None) == role


@pytest.mark.parametrize(
    ("text", "nation"),
    [
        ("I'm the DSL at a Scottish secondary", "scotland"),
        ("we're a school in wales", "wales"),
        ("ysgol yng nghymru", None),  # a mutated name is not guessed at
        ("ysgol uwchradd, Cymru", "wales"),
        ("head of year, northern ireland", "northern_ireland"),
        ("were not in scotland", None),
        ("my son is 15", None),
    ],
)
def test_nation(text: str, nation: str | None) -> None:
    found = find_nation(text)
    assert (found.value if found else None) == nation
