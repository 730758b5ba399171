"""A Rasa NLU component that sends messages with no words to the fallback reply.

An emoji-only or punctuation-only message leaves the tokenizer nothing to read, and the
classifier then guesses confidently at random. Markup is the same: "<script>alert(1)</script>"
has letters but no words a person wrote to us, and with four languages in the model the
classifier read it as a question about saving evidence. The fallback reply is the honest
answer: it says what the bot can do and shows real people to talk to. Crisis words inside
markup still reach the safety net, which runs after this component and has the last word.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message

FALLBACK_INTENT = "nlu_fallback"
_WORD = re.compile(r"[^\W_]", re.UNICODE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Outside any tags, this many words of two letters or more make it a message, not markup.
_MIN_WORDS_BESIDE_MARKUP = 2


def has_no_words(text: str) -> bool:
    """No letters or digits at all, or markup with fewer than two words outside its tags."""
    if not _WORD.search(text):
        return True
    if not _TAG.search(text):
        return False
    outside = _TAG.sub(" ", text)
    return len(re.findall(r"[^\W\d_]{2,}", outside)) < _MIN_WORDS_BESIDE_MARKUP


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NoWordsGuard(GraphComponent, IntentClassifier):
    """Sets the fallback intent when a message has no words: no letters or digits, or
    markup alone."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NoWordsGuard:
        """No configuration and nothing to train."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the guess for word-less messages; leave every other message alone."""
        for message in messages:
            if not has_no_words(message.get("text") or ""):
                continue
            fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
            message.set("intent", fallback, add_to_output=True)
            message.set("intent_ranking", [fallback], add_to_output=True)
        return messages
