"""Shared helpers for tests that read the bot's wording (domain and action messages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.messages import action_messages

PROJECT = Path(__file__).resolve().parent.parent


def all_responses() -> dict[str, list[dict[str, Any]]]:
    """Every response the bot can send: domain responses plus action messages."""
    responses: dict[str, list[dict[str, Any]]] = dict(action_messages())
    for path in sorted((PROJECT / "domain").glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses.update(document.get("responses") or {})
    return responses


def texts() -> list[tuple[str, str]]:
    """(response name, text) for every variation."""
    return [
        (name, variation["text"])
        for name, variations in all_responses().items()
        for variation in variations
    ]
