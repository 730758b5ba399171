"""A Rasa NLU component that forces the crisis or danger intent when the patterns match.

It runs after the classifier and the FallbackClassifier, so it wins whatever they said:
a message the model has never seen, or scored low, still gets crisis help first.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message

from bot.safety import SafetyPatterns, default_patterns

FLAG_KEY = "safety_net"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNet(GraphComponent, IntentClassifier):
    """Overrides the predicted intent with `crisis` or `danger` on a pattern match."""

    def __init__(self, patterns: SafetyPatterns) -> None:
        self.patterns = patterns

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        """Compile the patterns when the model loads (they are read from the file, not trained)."""
        return cls(default_patterns())

    def process(self, messages: list[Message]) -> list[Message]:
        """Flag each message the patterns match; leave the others as the classifier left them."""
        for message in messages:
            verdict = self.patterns.classify(message.get("text") or "")
            if verdict is None:
                continue
            label, rule_id = verdict
            forced = {"name": label, "confidence": 1.0}
            ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != label]
            message.set("intent", forced, add_to_output=True)
            message.set("intent_ranking", [forced, *ranking], add_to_output=True)
            # The rule id (never the text) says why, for tests and anonymous counts.
            message.set(FLAG_KEY, rule_id, add_to_output=True)
        return messages
