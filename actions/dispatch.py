"""Turn a `bot.guidance.Plan` into messages and slot events."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import hours, runtime
from bot.facts import AGE_ENTITIES
from bot.guidance import Plan
from bot.profiles.loader import Profile, conversation_profile_id
from bot.registry import Registry
from bot.signposting import age_band_concerned


def send(plan: Plan, dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """Send each reply through the NLG (so profiles can reword it) and return slot events."""
    for reply in plan.replies:
        extra = {"service_ids": reply.service_ids} if reply.service_ids else {}
        dispatcher.utter_message(
            response=reply.response, buttons=reply.buttons, **reply.values, **extra
        )
    return [SlotSet(name, value) for name, value in plan.slots.items()]


def responses_said(tracker: Tracker) -> list[str]:
    """Names of the responses the bot sent in this session, oldest first."""
    names: list[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            names.clear()
        elif event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                names.append(name)
    return names


def facts(tracker: Tracker) -> dict[str, Any]:
    """The slots that decide which services apply (the age is the young person's), and the
    time that decides which are open (SAFE_STEPS_CLOCK in tests and drills)."""
    role = tracker.get_slot("role")
    return {
        "country": tracker.get_slot("country"),
        "age_band": age_band_concerned(role, *(tracker.get_slot(name) for name in AGE_ENTITIES)),
        "role": role,
        "now": hours.now(runtime.current().settings),
    }


def profile_for(tracker: Tracker) -> Profile:
    """This conversation's deployment profile (from the widget's metadata)."""
    session = tracker.get_slot("session_started_metadata")
    latest = (tracker.latest_message or {}).get("metadata")
    profile_id = conversation_profile_id(session, latest)
    return runtime.current().profiles.get(profile_id)


def registry_for(tracker: Tracker) -> Registry:
    """The services of this conversation's deployment profile (national plus its own)."""
    return profile_for(tracker).registry
