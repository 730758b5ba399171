"""Choosing services by need, country and age, and saying them plainly."""

from __future__ import annotations

import pytest

from bot.registry import default_registry
from bot.signposting import age_band_for, age_buttons, country_buttons, how_to_reach, select


def ids(need: str, country: str, age_band: str | None) -> list[str]:
    return [s.id for s in select(default_registry(), need, country, age_band)]


def test_uk_under_18s_report_to_ceop_and_adults_to_the_police() -> None:
    assert ids("report", "uk", "13_17") == ["ceop"]
    assert set(ids("report", "uk", "18_plus")) == {"uk_police_101", "revenge_porn_helpline"}


def test_image_removal_follows_the_age_cut_offs() -> None:
    assert ids("remove", "uk", "13_17") == ["report_remove", "take_it_down"]
    # Take It Down is for pictures taken before 18, whatever the age now (its purpose says so).
    assert ids("remove", "uk", "18_plus") == ["revenge_porn_helpline", "take_it_down", "stopncii"]
    assert ids("remove", "other", "under_13") == ["take_it_down"]


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        # People to talk to; the emergency number is said after them, in the reply's words
        # ("if you are in danger right now"), never as the first bullet.
        ("uk", {"childline_uk", "samaritans_uk", "shout", "papyrus"}),
        ("us", {"lifeline_988_us"}),
        ("au", {"kids_helpline_au"}),
        ("nz", {"need_to_talk_1737"}),
        ("ca", {"kids_help_phone", "crisis_988_ca"}),
        ("ie", {"childline_ie", "samaritans_ie"}),
    ],
)
def test_a_15_year_old_in_crisis_gets_their_countrys_lines(
    country: str, expected: set[str]
) -> None:
    assert set(ids("crisis", country, "13_17")) == expected


def test_age_bands() -> None:
    assert [age_band_for(a) for a in (9, 12, 13, 17, 18, 40)] == [
        "under_13",
        "under_13",
        "13_17",
        "13_17",
        "18_plus",
        "18_plus",
    ]


def test_contacts_are_said_in_plain_words() -> None:
    registry = default_registry()
    assert how_to_reach(registry.service("shout")) == (
        "text SHOUT to 85258 or go to https://giveusashout.org (any time)"
    )
    assert how_to_reach(registry.service("lifeline_988_us")).startswith("call or text 988")


def test_question_buttons_come_from_the_registry_and_age_bands() -> None:
    titles = [b["title"] for b in country_buttons(default_registry())]
    assert titles[:4] == ["England", "Scotland", "Wales", "Northern Ireland"]
    assert titles[-1] == "Somewhere else"
    assert age_buttons()[1] == {"title": "13 to 17", "payload": '/inform_age{"age_band":"13_17"}'}


def test_the_uk_buttons_say_which_nation_was_tapped_and_other_countries_do_not() -> None:
    buttons = {b["title"]: b["payload"] for b in country_buttons(default_registry())}
    assert buttons["Northern Ireland"] == (
        '/inform_country{"country":"uk","nation":"northern_ireland"}'
    )
    assert buttons["Wales"] == '/inform_country{"country":"uk","nation":"wales"}'
    assert buttons["US"] == '/inform_country{"country":"us"}'


def test_a_short_list_of_where_to_report_still_says_ceop_is_not_anonymous() -> None:
    from bot.signposting import render_lines

    ceop = [default_registry().service("ceop")]
    assert "not anonymous" in render_lines(ceop, with_purpose=False, with_privacy=True)
    assert "not anonymous" not in render_lines(ceop, with_purpose=False)
