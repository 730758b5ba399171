"""Strip everything personal from Rasa events before they are stored or counted.

What stays is what the dialogue needs: which intent, which entity types, which slots (our
slots hold codes such as "uk" or "13_17", never free text), which actions and responses,
timestamps for session expiry, and the deployment profile id. What goes: the user's text,
the bot's text and buttons, entity values and offsets, and any other metadata.
"""

from __future__ import annotations

from typing import Any

from bot.held_question import CLASSIFIER_INTENT_KEY

# Metadata keys that carry no personal content and that the bot needs later.
_RASA_IDS = frozenset({"model_id", "assistant_id"})
# "lang" is a language code the user chose; "language_hint" the one the bot offered once;
# "variation": which wording of a response was said (bot/nlg.py), a hash of our own template;
# "said_again" marks a reply said in its second wording. None of them carries any text.
USER_METADATA_ALLOWED = frozenset({"profile", "lang"}) | _RASA_IDS
BOT_METADATA_ALLOWED = (
    frozenset({"utter_action", "service_ids", "lang", "language_hint", "variation", "said_again"})
    | _RASA_IDS
)
SESSION_METADATA_SLOT = "session_started_metadata"


def _allowed(metadata: Any, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        return {}
    return {key: value for key, value in metadata.items() if key in keys}


def _entity_types(entities: Any) -> list[dict[str, Any]]:
    """Entity types only: featurisation needs which entities were present, not their values."""
    if not isinstance(entities, list):
        return []
    return [
        {key: e[key] for key in ("entity", "role", "group") if e.get(key) is not None}
        for e in entities
        if isinstance(e, dict) and e.get("entity")
    ]


def redact_event(event: dict[str, Any]) -> dict[str, Any]:
    """A copy of one serialised Rasa event with no personal content.

    Every event is kept (never dropped), so event counts and order stay the same and
    Rasa's stores can still tell which events are new.
    """
    kind = event.get("event")
    clean = dict(event)
    if "text" in clean:
        clean["text"] = None
    if "action_text" in clean:
        clean["action_text"] = None
    if "data" in clean:
        clean["data"] = {}
    if "metadata" in clean:
        allowed = BOT_METADATA_ALLOWED if kind == "bot" else USER_METADATA_ALLOWED
        clean["metadata"] = _allowed(clean["metadata"], allowed)
    if kind == "user":
        raw_parse = event.get("parse_data")
        parse: dict[str, Any] = raw_parse if isinstance(raw_parse, dict) else {}
        raw_intent = parse.get("intent")
        intent: dict[str, Any] = raw_intent if isinstance(raw_intent, dict) else {}
        clean["parse_data"] = {
            "intent": {"name": intent.get("name"), "confidence": intent.get("confidence")},
            "entities": _entity_types(parse.get("entities")),
        }
        # What the classifier heard before the safety net put crisis help first: answered
        # once the user says they are safe (bot/held_question.py). A name and a number.
        heard = parse.get(CLASSIFIER_INTENT_KEY)
        if isinstance(heard, dict):
            clean["parse_data"][CLASSIFIER_INTENT_KEY] = {
                "name": heard.get("name"),
                "confidence": heard.get("confidence"),
            }
    if kind == "entities":
        clean["entities"] = _entity_types(event.get("entities"))
    if kind == "slot" and clean.get("name") == SESSION_METADATA_SLOT:
        clean["value"] = _allowed(clean.get("value"), USER_METADATA_ALLOWED)
    if kind == "reminder":
        clean["kwargs"] = None
    return clean


def redact_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Redact a whole conversation's events."""
    return [redact_event(event) for event in events]
