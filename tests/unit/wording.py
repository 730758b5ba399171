"""Shared helpers for tests that read the bot's wording (domain and action messages)."""

from __future__ import annotations

from functools import cache

from bot import paths
from bot.messages import all_responses
from bot.roles import ADULT_ROLES

PROJECT = paths.PACKAGE.parent


@cache
def texts() -> list[tuple[str, str]]:
    """(response name, text) for every variation (read once: the files do not change in a run)."""
    return [
        (name, variation["text"])
        for name, variations in all_responses().items()
        for variation in variations
    ]


def is_for_adults(variation: dict[str, object]) -> bool:
    """Whether a response variation is shown only to a parent or a member of staff."""
    conditions = variation.get("condition") or []
    return any(
        isinstance(c, dict) and c.get("name") == "role" and c.get("value") in ADULT_ROLES
        for c in conditions  # type: ignore[attr-defined]
    )


def texts_by_reader() -> list[tuple[str, str, bool]]:
    """(response name, text, written for adults) for every variation."""
    return [
        (name, variation["text"], is_for_adults(variation))
        for name, variations in all_responses().items()
        for variation in variations
    ]
