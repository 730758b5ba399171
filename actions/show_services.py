"""Services for the user's need, country and age, from the registry."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dispatch import facts, profile_for, responses_said, send
from bot.guidance import NEED_FOR_INTENT, current_step, plan_answer_to_question, plan_services
from bot.roles import ADULT_ROLES

FACT_ENTITIES = frozenset({"country", "age_band"})
# Parents and staff are not asked where they live before they hear where to report.
ADULTS_ANSWERED_AT_ONCE = frozenset({"report", "remove"})
ADULT_ANSWER = "utter_parent_report_remove"


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
        known = facts(tracker)
        adult = known["role"] in ADULT_ROLES
        if need in ADULTS_ANSWERED_AT_ONCE and adult and not known["country"]:
            # An adult gets the answer and the links now, for the default country, with a
            # button for each other country (bot/nlg.py); a tap finishes this need there.
            dispatcher.utter_message(response=ADULT_ANSWER)
            return [SlotSet("pending_need", need)]
        profile = profile_for(tracker)
        # A direct question gets its answer now, for the default country if need be.
        answer_for = profile.default_country
        if need:
            plan = plan_services(
                profile.registry, need, in_guidance=False, answer_for=answer_for, **facts(tracker)
            )
        else:
            entities = tracker.latest_message.get("entities") or []
            plan = plan_answer_to_question(
                profile.registry,
                tracker.get_slot("pending_need"),
                current_step(responses_said(tracker)),
                **facts(tracker),
                fact_given=any(e.get("entity") in FACT_ENTITIES for e in entities),
                answer_for=answer_for,
            )
        return send(plan, dispatcher)
