"""Deployment profiles: precise errors, a safety floor, live edits, and the docs."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import PROJECT
from bot.harness import BotServers
from bot.profiles.fields import FIELDS, field_table
from bot.profiles.loader import (
    PROFILES_DIR,
    ProfileStore,
    contrast_with_white,
    load_profiles,
    parse_profile,
)
from bot.registry import default_registry

SCHOOL_ORIGIN = "https://www.greenfield.sch.uk"


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


@pytest.fixture
def live_profile(servers: BotServers) -> Iterator[tuple[str, Path]]:
    """A profile file written into profiles/ while the bot runs, removed afterwards."""
    profile_id = f"test-{uuid.uuid4().hex[:8]}"
    path = PROFILES_DIR / f"{profile_id}.yml"
    try:
        yield profile_id, path
    finally:
        path.unlink(missing_ok=True)


def publish(path: Path, body: str) -> None:
    """Save a profile file as a charity would, then wait past the store's reload interval."""
    path.write_text(body)
    time.sleep(1.1)


def say(servers: BotServers, sender: str, message: str, profile: str) -> str:
    replies = servers.say(sender, message, {"profile": profile})
    return "\n".join(r.get("text") or "" for r in replies)


@pytest.mark.servers
def test_an_override_changes_the_reply_live_without_retraining_or_restart(
    servers: BotServers, live_profile: tuple[str, Path]
) -> None:
    profile_id, path = live_profile
    publish(
        path, f"id: {profile_id}\nresponses:\n  utter_thanks: 'Any time, from the Otter Club.'\n"
    )
    assert "Otter Club" in say(servers, f"a-{profile_id}", "thanks", profile_id)
    publish(
        path, f"id: {profile_id}\nresponses:\n  utter_thanks: 'Cheers, from the Badger Club.'\n"
    )
    assert "Badger Club" in say(servers, f"b-{profile_id}", "thank you so much", profile_id)
    # Other profiles still get the domain's wording.
    assert "You're welcome" in say(servers, f"c-{profile_id}", "thanks", "default")


@pytest.mark.servers
def test_the_profiles_default_country_drives_the_crisis_numbers(
    servers: BotServers, live_profile: tuple[str, Path]
) -> None:
    profile_id, path = live_profile
    publish(path, f"id: {profile_id}\ndefault_country: au\n")
    text = say(servers, f"d-{profile_id}", "i want to kill myself", profile_id)
    assert "1800 55 1800" in text and "000" in text and "116 123" not in text


@pytest.mark.servers
def test_a_profile_that_hides_crisis_lines_is_refused_and_the_default_serves(
    servers: BotServers, live_profile: tuple[str, Path]
) -> None:
    profile_id, path = live_profile
    publish(path, f"id: {profile_id}\nhide_services: [samaritans_uk, shout]\n")
    text = say(servers, f"e-{profile_id}", "i want to die", profile_id)
    assert "116 123" in text and "85258" in text


@pytest.mark.servers
def test_the_schools_safeguarding_lead_appears_when_asking_who_to_tell(
    servers: BotServers,
) -> None:
    sender = f"school-{uuid.uuid4().hex}"
    say(servers, sender, "who should i tell about this", "greenfield-high")
    say(servers, sender, '/inform_country{"country":"uk"}', "greenfield-high")
    text = say(servers, sender, '/inform_age{"age_band":"13_17"}', "greenfield-high")
    assert "Mrs Patel" in text and "Childline" in text


@pytest.mark.servers
def test_a_disallowed_origin_is_refused(servers: BotServers) -> None:
    import json
    import urllib.error
    import urllib.request

    def post(origin: str) -> int:
        request = urllib.request.Request(
            f"{servers.url}/webhooks/widget/webhook",
            data=json.dumps(
                {"sender": f"o-{uuid.uuid4().hex}", "message": "hi", "profile": "greenfield-high"}
            ).encode(),
            headers={"Content-Type": "application/json", "Origin": origin},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    assert post("https://evil.example.org") == 403
    assert post(SCHOOL_ORIGIN) == 200
    with urllib.request.urlopen(
        f"{servers.url}/webhooks/widget/frame?profile=greenfield-high", timeout=30
    ) as frame:
        assert f"frame-ancestors 'self' {SCHOOL_ORIGIN}" in frame.headers["Content-Security-Policy"]


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
