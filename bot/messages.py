"""Load the messages that only custom actions send (resources/action_messages.yml).

Pure Python, so tests can check their wording without starting Rasa.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import paths

ACTION_MESSAGES_PATH = Path(__file__).parent / "resources" / "action_messages.yml"
# Sent only by the NLG or actions for the situations and direct answers (issue #13).
SITUATION_MESSAGES_PATH = Path(__file__).parent / "resources" / "situation_messages.yml"


class MessagesError(ValueError):
    """The action messages file is not a mapping of response names to variations."""


def load_action_messages(path: Path = ACTION_MESSAGES_PATH) -> dict[str, list[dict[str, Any]]]:
    """Response name -> list of variations, exactly as in a domain's `responses:`."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    responses = document.get("responses") if isinstance(document, dict) else None
    if not isinstance(responses, dict):
        raise MessagesError(f"{path}: needs a 'responses' mapping")
    for name, variations in responses.items():
        if not isinstance(variations, list) or not all(
            isinstance(v, dict) and isinstance(v.get("text"), str) for v in variations
        ):
            raise MessagesError(f"{path}: '{name}' must be a list of variations with 'text'")
    return responses


@lru_cache(maxsize=1)
def action_messages() -> dict[str, list[dict[str, Any]]]:
    """The shipped action messages, read once per process."""
    return {**load_action_messages(), **load_action_messages(SITUATION_MESSAGES_PATH)}


DOMAIN_DIR = paths.shipped("domain")


def all_responses() -> dict[str, list[dict[str, Any]]]:
    """Every response the bot can send: domain responses plus action messages, read now."""
    responses: dict[str, list[dict[str, Any]]] = dict(action_messages())
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses.update(document.get("responses") or {})
    return responses


@lru_cache(maxsize=1)
def known_response_names() -> frozenset[str]:
    """Names of every response the bot can send (domain and action messages)."""
    return frozenset(all_responses())
