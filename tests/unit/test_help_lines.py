"""Crisis lines added to a reply that already lists people to talk to are not said twice."""

from __future__ import annotations

import datetime as dt

from bot.nlg import lines_not_shown, template_values
from bot.registry import default_registry

NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)


def test_only_the_crisis_lines_the_reply_has_not_listed_are_added() -> None:
    values = template_values(default_registry(), "uk", "13_17", "uk", NOON)
    added = lines_not_shown(values)["crisis_lines"]
    assert "85258" in added  # Shout, not among the talk lines
    assert "0800 1111" in values["talk_lines"] and "0800 1111" not in added
    every = set(values["talk_lines"].splitlines()) | set(added.splitlines())
    assert set(values["crisis_lines"].splitlines()) <= every  # nothing lost


def test_all_of_them_when_the_reply_already_lists_every_one() -> None:
    values = {"talk_lines": "• A\n• B", "crisis_lines": "• A\n• B"}
    assert lines_not_shown(values) == values
