"""Answer the question a young person asked before the crisis help, once they say they are safe."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.held_question import held_question

ACTION_LISTEN = "action_listen"


class ActionAnswerHeldQuestion(Action):
    """Replay what they asked as their next message, so the reply is the one the rules give
    that question (in their language, for their country and age), not a copy of it here."""

    def name(self) -> str:
        return "action_answer_held_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = held_question(tracker.events)
        if intent is None:
            return []
        # As Rasa's own two-stage fallback does: a listen, then the user's message as an
        # intent (no text), so the rules for that intent answer it now.
        asked = UserUttered(
            None,
            parse_data={"intent": {"name": intent, "confidence": 1.0}, "entities": []},
            input_channel=tracker.get_latest_input_channel(),
        )
        # Their language and the school's profile travel with their messages' metadata.
        asked["metadata"] = dict((tracker.latest_message or {}).get("metadata") or {})
        return [ActionExecuted(ACTION_LISTEN), asked]
