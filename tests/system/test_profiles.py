"""Deployment profiles through the running bot: live edits, overrides, country and origins."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from rig.harness import BotServers

SCHOOL_ORIGIN = "https://www.greenfield.sch.uk"


@pytest.fixture
def live_profile(servers: BotServers) -> Iterator[tuple[str, Path]]:
    """A profile file written into the servers' profiles folder while the bot runs."""
    profile_id = f"test-{uuid.uuid4().hex[:8]}"
    path = servers.profiles_dir / f"{profile_id}.yml"
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
    import urllib.request

    from rig.http import post as post_to

    def post(origin: str) -> int:
        body = {"sender": f"o-{uuid.uuid4().hex}", "message": "hi", "profile": "greenfield-high"}
        url = f"{servers.url}/webhooks/widget/webhook"
        return post_to(url, body, headers={"Origin": origin}, timeout=30).status

    assert post("https://evil.example.org") == 403
    assert post(SCHOOL_ORIGIN) == 200
    with urllib.request.urlopen(
        f"{servers.url}/webhooks/widget/frame?profile=greenfield-high", timeout=30
    ) as frame:
        assert f"frame-ancestors 'self' {SCHOOL_ORIGIN}" in frame.headers["Content-Security-Policy"]
