"""Which metrics a conversation's new (already redacted) events add up to.

Counted here: conversations started, each guidance step shown, each service offered (by id),
crisis and danger replies shown, fallbacks, and the country (and, once the bot has one, the
language) a conversation says, as `country:uk` when that slot is set: a code from the
registry, never text. Quick exits are counted by the widget channel,
which hears of them without any conversation. Each is counted per day,
deployment profile and country; nothing identifies a person or a conversation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from bot.analytics.recorder import Count, Recorder
from bot.guidance import step_of
from bot.profiles.loader import conversation_profile_id
from bot.settings import Settings

# Slots whose value is a breakdown of the counts (the dashboard has a chart for each). A
# `language` slot drops in here with no change to the schema or the dashboard.
DIMENSION_SLOTS = ("country", "language")
_CODE = re.compile(r"^[a-z][a-z_-]{0,15}$")
RESPONSE_METRICS = {
    "utter_crisis": "crisis_reply",
    "utter_help_now": "crisis_reply",
    "utter_danger": "danger_reply",
    # Despair's check-in, and a child disclosing abuse by someone they know: counted apart,
    # so a charity sees how often each tier is reached (never what was said).
    "utter_check_in": "check_in_reply",
    "utter_abuse_disclosure": "disclosure_reply",
    "utter_default": "fallback",
}


class SlotReader(Protocol):
    """The part of a tracker the counter reads (and its `latest_message`, if it has one)."""

    def get_slot(self, key: str) -> Any: ...


def metrics_for(event: dict[str, Any]) -> list[str]:
    """The metric names one event adds, if any."""
    kind = event.get("event")
    if kind == "session_started":
        return ["conversation_started"]
    if kind == "slot" and event.get("name") in DIMENSION_SLOTS:
        value = event.get("value")
        return [f"{event['name']}:{value}"] if isinstance(value, str) and _CODE.match(value) else []
    if kind != "bot":
        return []
    metadata = event.get("metadata") or {}
    name = str(metadata.get("utter_action") or "")
    found = []
    step = step_of(name)
    if step:
        found.append(f"step:{step}")
    if name in RESPONSE_METRICS:
        found.append(RESPONSE_METRICS[name])
    found += [f"service:{service_id}" for service_id in metadata.get("service_ids") or []]
    return found


def _profile(tracker: SlotReader) -> str:
    message = getattr(tracker, "latest_message", None)
    latest = getattr(message, "metadata", None)
    profile = conversation_profile_id(tracker.get_slot("session_started_metadata"), latest)
    return profile[:64] if profile else "default"


class Counter:
    """Turns new events into counts for the recorder."""

    def __init__(self, recorder: Recorder, known: Callable[[str], str] | None = None) -> None:
        self.recorder = recorder
        # Maps the profile id a client sent to a profile that exists, so a made-up id (which
        # could be any text) is never stored; the running bot passes the profile store's.
        self.known = known or (lambda profile: profile)

    def count(self, new_events: Iterable[dict[str, Any]], tracker: SlotReader) -> None:
        """Count the new events of one conversation, with its current profile and country."""
        country = str(tracker.get_slot("country") or "unknown")[:16]
        profile = self.known(_profile(tracker))
        today = dt.datetime.now(dt.timezone.utc).date()
        for event in new_events:
            for metric in metrics_for(event):
                self.recorder.add(Count(today, profile, country, metric))


def counter_for(settings: Settings, known: Callable[[str], str] | None = None) -> Counter | None:
    """A counter writing to SAFE_STEPS_ANALYTICS_URL, or None if that is set to "off".

    Each call starts a writer thread with its own engine: a process makes one, through
    bot/runtime.py. `known` maps a profile id to one that exists (see Counter).
    """
    url = settings.get("SAFE_STEPS_ANALYTICS_URL")
    if url.lower() == "off":
        return None
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return Counter(Recorder(url), known)
