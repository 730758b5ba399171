"""A dialogue policy that stays with someone after crisis help until they answer it.

The crisis reply and the check-in end by asking, in effect, "are you safe right now?". A
frightened young person often answers with something else: "i dont want to call anyone my
parents will hear", "what do i do about the pics", or a parent asks "should I call someone
now?". The rules would answer that message as if the crisis had never been raised (the
reporting steps, the first step of the plan). This policy answers it first with
`utter_crisis_follow_up`: help they can reach without talking out loud, an adult near them,
the emergency number, and the question again (for a parent or staff: call now if they might
act on it, and don't leave them alone). Once: if they still don't answer, the conversation
goes on as they lead it, with the help lines already in front of them.

Not for the answers the crisis replies expect, which the rules already handle (safe, not
safe, more despair, the buttons under each reply, a country for the right numbers).
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

FOLLOW_UP = "utter_crisis_follow_up"
# Crisis replies that ask whether they are safe, and the intents that answer them as asked:
# their buttons, and what the rules do from any point (crisis, despair, danger, a country).
ANSWERS_EVERYWHERE = frozenset(
    {
        "deny",
        "affirm",
        "crisis",
        "despair",
        "danger",
        "help_now",
        "not_in_default_country",
        "inform_country",
        "abuse_disclosure",
        "threat_knows_me",
    }
)
EXPECTED_ANSWERS = {
    # Its buttons: yes, no, not sure; for a parent or staff, what else they can do.
    "utter_check_in": ANSWERS_EVERYWHERE | {"parent_help", "professional_help", "dsl_procedure"},
    # Its buttons: what to do next, a real person.
    "utter_crisis_stay": ANSWERS_EVERYWHERE | {"next_step", "ask_human"},
}


def needs_follow_up(reply_before: str | None, intent: str | None) -> bool:
    """Whether a message that followed `reply_before` leaves the crisis question unanswered."""
    expected = EXPECTED_ANSWERS.get(reply_before or "")
    return expected is not None and intent is not None and intent not in expected


def reply_before_latest_message(tracker: DialogueStateTracker) -> str | None:
    """The last action the bot took before the user's latest message (a response's name).

    Read from the actions, not the messages, so test stories (which run no action) see it too.
    """
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None
            seen_user = True
        elif isinstance(event, ActionExecuted) and seen_user:
            if event.action_name and event.action_name != ACTION_LISTEN_NAME:
                return str(event.action_name)
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class CrisisFollowUpPolicy(Policy):
    """Predicts `utter_crisis_follow_up` for a message that leaves the crisis question
    unanswered, then listens. It has nothing to learn."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above the RulePolicy (4): the rule for the message's intent would otherwise win.
        return {"priority": 5}

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        """Nothing to learn: the decision is the reviewed table above."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """Certain of the follow-up straight after such a message, and of listening after it;
        otherwise no opinion, so the other policies decide."""
        probabilities = self._default_predictions(domain)
        if FOLLOW_UP in domain.action_names_or_texts:
            if tracker.latest_action_name == FOLLOW_UP:
                probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
            elif tracker.latest_action_name == ACTION_LISTEN_NAME and needs_follow_up(
                reply_before_latest_message(tracker), tracker.latest_message.intent.get("name")
            ):
                probabilities[domain.index_for_action(FOLLOW_UP)] = 1.0
        return self._prediction(probabilities)
