"""A Rasa NLU component that sets each message's intent with the linear model (bot/intent_model.py).

It stands where DIET stood in config.yml, so everything after it (the FallbackClassifier,
role cues, the safety net) reads `intent` and `intent_ranking` exactly as before. It needs
no tokenizer or featurizer: the model reads the text itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import intent_model, sentence_encoder, text
from bot.intent_model import IntentModel, Settings, train
from bot.nlu.stored_pipeline import StoredModelComponent, fingerprint


def _code_fingerprint() -> str:
    """A hash of the model code: the part Rasa's cache cannot see."""
    modules = (intent_model, sentence_encoder, text)
    return fingerprint(Path(module.__file__ or "") for module in modules)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(StoredModelComponent[IntentModel], IntentClassifier):
    """Sets `intent` and `intent_ranking` from the model's probabilities."""

    stored_file = "intent_model.pkl"
    model_type = IntentModel

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = Settings()
        # Rasa reuses a cached component when its config and data are unchanged; the
        # code's hash is part of the config, so a change to the model code retrains it.
        return {
            "C": defaults.c,
            "min_char_ngram": defaults.min_char_ngram,
            "max_char_ngram": defaults.max_char_ngram,
            "max_iterations": defaults.max_iterations,
            "sentence_weight": defaults.sentence_weight,
            "random_seed": defaults.seed,
            # How many intents the ranking keeps (the fallback and role cues read the top few).
            "ranking_length": 10,
            "code_fingerprint": _code_fingerprint(),
        }

    @staticmethod
    def settings(config: dict[str, Any]) -> Settings:
        """The model's settings from this component's config."""
        return Settings(
            c=float(config["C"]),
            min_char_ngram=int(config["min_char_ngram"]),
            max_char_ngram=int(config["max_char_ngram"]),
            max_iterations=int(config["max_iterations"]),
            sentence_weight=float(config["sentence_weight"]),
            seed=int(config["random_seed"]),
        )

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every intent example and store the fitted pipeline with the model."""
        examples = [m for m in training_data.intent_examples if m.get("text")]
        self.model = train(
            [m.get("text") for m in examples],
            [m.get("intent") for m in examples],
            self.settings(self.config),
        )
        return self.store(self.model.stored)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the most likely intent and the ranking behind it on each message."""
        if self.model is None:
            return messages
        texts = [message.get("text") or "" for message in messages]
        rankings = self.model.rank(texts, int(self.config["ranking_length"]))
        for message, ranked in zip(messages, rankings, strict=True):
            ranking = [{"name": r.intent, "confidence": r.confidence} for r in ranked]
            message.set("intent", ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
