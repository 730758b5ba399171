"""The "next step" of the NCA guidance, worked out from the steps already said."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dispatch import facts, registry_for, responses_said, send
from bot.guidance import current_step, plan_step


class ActionNextStep(Action):
    """Say the next guidance step, asking for country or age first if the step needs it."""

    def name(self) -> str:
        return "action_next_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        step = current_step(responses_said(tracker))
        plan = plan_step(registry_for(tracker), step, **facts(tracker))
        return send(plan, dispatcher)
