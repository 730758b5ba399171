"""Shared helpers for tests that read the bot's wording (domain and action messages)."""

from __future__ import annotations

from pathlib import Path

from bot.messages import all_responses

PROJECT = Path(__file__).resolve().parent.parent


def texts() -> list[tuple[str, str]]:
    """(response name, text) for every variation."""
    return [
        (name, variation["text"])
        for name, variations in all_responses().items()
        for variation in variations
    ]
