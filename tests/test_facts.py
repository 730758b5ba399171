"""Country and age found in what people type."""

from __future__ import annotations

import pytest

from bot.facts import find_age_band, find_country, find_role
from bot.registry import default_registry


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
    ],
)
def test_country(text: str, country: str | None) -> None:
    found = find_country(default_registry(), text)
    assert (found.value if found else None) == country


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("im 15", "13_17"),
        ("15", "13_17"),
        ("19", "18_plus"),
        ("15yo", "13_17"),
        ("I'm 12 years old", "under_13"),
        ("im 19 and someone has my nudes", "18_plus"),
        ("my 14 year old is being blackmailed", "13_17"),
        ("im an adult", "18_plus"),
        ("im under 13", "under_13"),
        ("i paid 50 quid", None),
        ("im 100% sure", None),
        ("they want £200", None),
    ],
)
def test_age_band(text: str, band: str | None) -> None:
    found = find_age_band(text)
    assert (found.value if found else None) == band


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("im a teacher and a pupil told me", "professional"),
        ("one of my students is being blackmailed", "professional"),
        ("im the dsl", "professional"),
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
