"""Absolute promises in a profile's wording: things no school or service can promise.

A safeguarding lead must pass a disclosure on, takedown tools cannot guarantee removal,
and nobody can promise what the police will do (guidance.md section 6, MUST NOT). These
are warnings, not errors: the wording is the deployment's, and a person should reread it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.profiles.loader import Problem

_PROMISES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "promises they will not be in trouble; nobody can promise what others will decide",
        re.compile(
            r"\b(will not|won'?t|will never|'ll never|never) (be|get) in(to)? trouble\b", re.I
        ),
    ),
    (
        "promises removal; the services can only ask for images to be taken down",
        re.compile(
            r"\b(will|'ll) (definitely |always )?(be )?(removed|taken down|deleted)\b", re.I
        ),
    ),
    (
        "promises secrecy; a disclosure may have to be passed on to keep someone safe",
        re.compile(
            r"\b(won'?t|will not|never) (tell|share|pass (it|this) on)\b|"
            r"\b(no ?one|nobody) will (ever )?(know|find out|see)\b|\bcompletely confidential\b",
            re.I,
        ),
    ),
    ("guarantees an outcome", re.compile(r"\bguarantee", re.I)),
)


def _texts(raw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) for every piece of wording in a profile that users read."""
    responses = raw.get("responses") or {}
    if raw.get("greeting") is not None:
        responses = {**responses, "utter_greet": raw["greeting"]}
    for name, value in responses.items() if isinstance(responses, dict) else []:
        variations = value if isinstance(value, list) else [value]
        for number, variation in enumerate(variations, start=1):
            text = variation.get("text") if isinstance(variation, dict) else variation
            if isinstance(text, str):
                yield f"responses.{name}[{number}]", text
    for position, service in enumerate(raw.get("extra_services") or []):
        if isinstance(service, dict) and isinstance(service.get("purpose"), str):
            yield f"extra_services[{position}].purpose", service["purpose"]


def promises_in(text: str) -> list[str]:
    """Why each absolute promise in `text` is one (empty if there are none)."""
    return [why for why, pattern in _PROMISES if pattern.search(text)]


def promise_warnings(path: Path) -> list[Problem]:
    """Every absolute promise in one profile file, with where it is."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []  # the loader reports files it cannot read
    if not isinstance(raw, dict):
        return []
    return [
        Problem(path.name, where, why) for where, text in _texts(raw) for why in promises_in(text)
    ]
