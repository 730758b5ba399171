"""Structured opening hours: open or closed now, in the service's own time zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import PROJECT
from bot.hours import HoursError, describe, now, parse_hours, status
from bot.live_help import talk_lines
from bot.profiles.loader import load_profiles, parse_profile
from bot.registry import default_registry
from bot.settings import SettingError, Settings
from bot.signposting import signpost

WEEKDAYS = {"time_zone": "Europe/London", "open": {"mon-fri": "10:00-16:00"}}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_any_time_is_a_value_of_its_own() -> None:
    hours = parse_hours("any time")
    assert hours.always and status(hours, at("2026-11-28T02:00+00:00")).open
    assert describe(
        parse_hours({"for": ["phone"], "open": "any time"}), at("2026-11-28T02:00+00:00")
    ) == ("phone any time")


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        ("2026-11-23T11:00+00:00", "open now until 4pm"),  # Monday morning
        ("2026-11-23T16:00+00:00", "closed now, opens tomorrow 10am"),  # closes on the hour
        ("2026-11-28T02:00+00:00", "closed now, opens Monday 10am"),  # Saturday, 2 a.m.
        ("2026-11-23T07:30+00:00", "closed now, opens today 10am"),
        ("2026-11-27T15:59+00:00", "open now until 4pm"),
    ],
)
def test_weekday_hours_are_said_as_open_or_closed(moment: str, said: str) -> None:
    assert describe(parse_hours(WEEKDAYS), at(moment)) == said


def test_hours_are_counted_in_the_service_s_time_zone() -> None:
    # 10:30 in London in summer (BST) is 09:30 UTC: open. In Sydney, 9:30 UTC is evening.
    summer = at("2026-07-06T09:30+00:00")
    assert status(parse_hours(WEEKDAYS), summer).open
    sydney = parse_hours({"time_zone": "Australia/Sydney", "open": {"mon-fri": "10:00-16:00"}})
    assert describe(sydney, summer) == "closed now, opens tomorrow 10am"


def test_hours_past_midnight_run_into_the_next_day() -> None:
    late = parse_hours({"time_zone": "Europe/London", "open": {"every day": "08:00-24:00"}})
    assert describe(late, at("2026-11-23T23:30+00:00")) == "open now until midnight"
    night = parse_hours({"time_zone": "Europe/London", "open": {"sun": "20:00-02:00"}})
    assert describe(night, at("2026-11-23T01:00+00:00")) == "open now until 2am"  # Monday 1am
    assert describe(night, at("2026-11-29T21:00+00:00")) == "open now until 2am"
    assert describe(night, at("2026-11-23T03:00+00:00")) == "closed now, opens Sunday 8pm"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("school days, 8am to 4pm", "cannot be read"),
        ({"open": {"mon-fri": "10:00-16:00"}}, "'time_zone' is required"),
        ({"time_zone": "Mars/Olympus", "open": {"mon": "10:00-16:00"}}, "not a time zone"),
        ({"time_zone": "Europe/London", "open": {"weekdays": "10:00-16:00"}}, "not a day"),
        ({"time_zone": "Europe/London", "open": {"mon": "10am-4pm"}}, "not a time range"),
        ({"time_zone": "Europe/London", "open": {"mon": "10:00-10:00"}}, "not a time range"),
        ({"time_zone": "Europe/London", "open": {"mon": "25:00-26:00"}}, "not a time range"),
        ({"for": ["chat"], "open": "any time"}, "'for' must list"),
        ({"opens": "any time"}, "unknown field 'opens'"),
    ],
)
def test_bad_hours_get_a_clear_reason(raw: object, reason: str) -> None:
    with pytest.raises(HoursError, match=reason):
        parse_hours(raw)


def test_a_profile_with_bad_hours_is_refused_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "school.yml"
    path.write_text(
        "id: school\nlive_help:\n  phone: '01632 960 000'\n  hours: weekdays 9 to 5\n"
        "extra_services:\n  - id: dsl\n    name: Our lead\n    purpose: to talk\n"
        "    needs: [talk]\n    countries: [uk]\n    min_age: 11\n    max_age: 18\n"
        "    contact: {phone: '01632 960 001', hours: {open: {mon: '09:00-17:00'}}}\n"
        "    source: https://www.example.org\n    last_checked: 2026-11-22\n"
        "    evidence: official\n",
        encoding="utf-8",
    )
    profile, problems = parse_profile(path, default_registry())
    assert profile is None
    said = [str(problem) for problem in problems]
    assert any("live_help: field 'hours': 'weekdays 9 to 5' cannot be read" in s for s in said)
    assert any("extra_services[0]" in s and "'time_zone' is required" in s for s in said)


def test_a_closed_service_is_listed_after_the_open_ones() -> None:
    profiles, _ = load_profiles(PROJECT / "profiles")
    registry = profiles["greenfield-high"].registry
    saturday = signpost(registry, "talk", "uk", "13_17", now=at("2026-11-28T02:00+00:00"))
    assert [s.id for s in saturday.services] == ["childline_uk", "samaritans_uk", "greenfield_dsl"]
    assert "(closed now, opens Monday 8am)" in saturday.text.splitlines()[-1]
    tuesday = signpost(registry, "talk", "uk", "13_17", now=at("2026-11-24T09:00+00:00"))
    assert tuesday.services[0].id == "greenfield_dsl"
    assert "(open now until 4pm)" in tuesday.text.splitlines()[0]


def test_the_organisation_s_own_line_comes_first_while_open() -> None:
    profiles, _ = load_profiles(PROJECT / "profiles")
    brightside = profiles["brightside"]
    own_line = brightside.live_help
    assert own_line is not None

    def lines(moment: str) -> list[str]:
        return talk_lines(
            brightside.organisation,
            own_line,
            brightside.registry,
            "uk",
            None,
            at(moment),
        ).splitlines()

    open_lines = lines("2026-11-24T10:00+00:00")
    assert open_lines[0].startswith("• Talk to someone at Brightside Youth Trust now: call 01632")
    closed = lines("2026-11-28T15:00+00:00")  # Saturday afternoon: opens Monday
    assert closed[0] == (
        "• Brightside Youth Trust is closed now. It opens Monday 9am. "
        "These lines are open any time:"
    )
    assert all("any time" in line for line in closed[1:]) and len(closed) >= 3


def test_the_clock_setting_is_for_tests_and_must_have_an_offset() -> None:
    fixed = Settings().replace(SAFE_STEPS_CLOCK="2026-11-28T02:00+00:00")
    assert now(fixed) == at("2026-11-28T02:00+00:00")
    with pytest.raises(SettingError, match="with its offset"):
        now(Settings().replace(SAFE_STEPS_CLOCK="2026-11-28T02:00"))
    assert abs((now(Settings()) - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 5
