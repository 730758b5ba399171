"""Deployment profiles: precise errors, a safety floor, live edits, the docs and the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import PROJECT
from bot.profiles.fields import FIELDS, field_table
from bot.profiles.loader import (
    PROFILES_DIR,
    ProfileStore,
    contrast_with_white,
    load_profiles,
    parse_profile,
)
from bot.registry import default_registry
from bot.runtime import Runtime
from bot.settings import SETTINGS, Settings


def problems_of(tmp_path: Path, name: str, text: str) -> list[str]:
    path = tmp_path / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    profile, problems = parse_profile(path, default_registry())
    assert profile is None or not problems
    return [str(problem) for problem in problems]


def test_the_shipped_profiles_are_valid() -> None:
    profiles, problems = load_profiles(PROFILES_DIR)
    assert problems == []
    assert {"default", "greenfield-high", "brightside"} <= set(profiles)
    school = profiles["greenfield-high"]
    assert school.registry.services[0].id == "greenfield_dsl"


def test_the_docs_list_every_field_with_its_default_and_example() -> None:
    docs = (PROJECT / "docs" / "customising.md").read_text(encoding="utf-8")
    assert field_table() in docs
    assert all(f"`{field.name}`" in docs for field in FIELDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: wrong-name\n", "bad.yml: id: 'wrong-name' must match the file name 'bad'"),
        ("id: bad\nfavourite_food: pizza\n", "bad.yml: favourite_food: unknown field"),
        ("id: bad\ndefault_country: fr\n", "bad.yml: default_country: 'fr' is not one of"),
        ("id: bad\ncolours: {primary: '#ffd700'}\n", "bad.yml: colours.primary: contrast with"),
        (
            "id: bad\nhide_services: [childline_uk]\n",
            "bad.yml: hide_services: 'childline_uk' is a crisis line or emergency number",
        ),
        ("id: bad\nhide_services: [uk_emergency]\n", "cannot be hidden"),
        (
            "id: bad\nresponses: {utter_crisis: 'Call someone.'}\n",
            "responses.utter_crisis[1]: is safety-critical and must keep: the crisis lines",
        ),
        (
            "id: bad\nresponses: {utter_dont_pay: 'Maybe pay them.'}\n",
            "responses.utter_dont_pay[1]: is safety-critical and must keep: says not to pay",
        ),
        (
            "id: bad\ngreeting: 'Hi, I am Sam from the team!'\n",
            "responses.utter_greet[1]: is safety-critical and must keep: says it is a chatbot",
        ),
        (
            "id: bad\nresponses: {utter_made_up: 'x'}\n",
            "responses.utter_made_up: is not a response",
        ),
        ("id: bad\nallowed_origins: [greenfield.sch.uk]\n", "bad.yml: allowed_origins: must be"),
        (
            "id: bad\nextra_services: [{id: lead, name: Lead}]\n",
            "bad.yml: extra_services[0]: service 'lead': field",
        ),
        ("id: bad\nlogo: ../../etc/passwd\n", "bad.yml: logo: must be a .png or .svg file"),
    ],
)
def test_invalid_profiles_get_precise_errors(tmp_path: Path, text: str, expected: str) -> None:
    problems = problems_of(tmp_path, "bad", text)
    assert any(expected in problem for problem in problems), problems


def test_contrast_is_measured_like_wcag() -> None:
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    assert contrast_with_white("#2f4f2f") >= 4.5


def test_edits_are_picked_up_without_a_restart_and_unknown_ids_get_the_default(
    tmp_path: Path,
) -> None:
    store = ProfileStore(tmp_path, check_every=0)
    path = tmp_path / "club.yml"
    path.write_text("id: club\norganisation: Club One\n")
    assert store.get("club").organisation == "Club One"
    path.write_text("id: club\norganisation: Club Two\n")
    assert store.get("club").organisation == "Club Two"
    path.write_text("id: club\ncolours: {primary: '#eeeeee'}\n")  # now invalid: refused
    assert store.get("club").id == "default"
    assert store.get("no-such-profile").id == "default"


def test_absolute_promises_in_a_profile_are_warned_about(tmp_path: Path) -> None:
    from bot.profiles.promises import promise_warnings, promises_in

    school = tmp_path / "school.yml"
    school.write_text(
        "id: school\n"
        "responses:\n"
        "  utter_tell_someone: Tell Mr Jones. You won't be in trouble and he won't tell anyone.\n"
        "extra_services:\n"
        "  - purpose: your pics will be removed within a day\n"
    )
    warnings = [str(w) for w in promise_warnings(school)]
    assert any(
        "responses.utter_tell_someone[1]: promises they will not be in trouble" in w
        for w in warnings
    )
    assert any("promises secrecy" in w for w in warnings)
    assert any("extra_services[0].purpose: promises removal" in w for w in warnings)
    assert promises_in("She is there to help you, not to judge you") == []
    shipped = [
        w for path in sorted((PROJECT / "profiles").glob("*.yml")) for w in promise_warnings(path)
    ]
    assert shipped == []


def test_a_profile_without_a_default_country_follows_the_deployment_setting(
    tmp_path: Path,
) -> None:
    """SAFE_STEPS_DEFAULT_COUNTRY applies to the built-in default and to every profile that
    does not choose a country; one that chooses keeps its own."""
    (tmp_path / "club.yml").write_text("id: club\norganisation: Club\n")
    (tmp_path / "kiwi.yml").write_text("id: kiwi\ndefault_country: nz\n")
    settings = Settings.from_env(
        {}, SAFE_STEPS_PROFILES_DIR=str(tmp_path), SAFE_STEPS_DEFAULT_COUNTRY="ie"
    )
    store = Runtime(settings).profiles
    assert store.get("club").default_country == "ie"
    assert store.get(None).default_country == "ie"
    assert store.get("kiwi").default_country == "nz"
    profiles, problems = load_profiles(tmp_path)  # no deployment setting: the declared default
    assert problems == []
    assert profiles["club"].default_country == SETTINGS["SAFE_STEPS_DEFAULT_COUNTRY"].default
