"""Services for the user's need, country and age, from the registry."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dispatch import facts, registry_for, responses_said, send
from bot.guidance import NEED_FOR_INTENT, current_step, plan_answer_to_question, plan_services

FACT_ENTITIES = frozenset({"country", "age_band"})


class ActionShowServices(Action):
    """Answer "how do I report / get it taken down / who can I talk to", or finish that
    answer once the user has told us their country, age or role."""

    def name(self) -> str:
        return "action_show_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        need = NEED_FOR_INTENT.get(intent or "")
        if need:
            plan = plan_services(registry_for(tracker), need, in_guidance=False, **facts(tracker))
        else:
            entities = tracker.latest_message.get("entities") or []
            plan = plan_answer_to_question(
                registry_for(tracker),
                tracker.get_slot("pending_need"),
                current_step(responses_said(tracker)),
                **facts(tracker),
                fact_given=any(e.get("entity") in FACT_ENTITIES for e in entities),
            )
        return send(plan, dispatcher)
