"""A Rasa NLU component that scores each message for suicide, self-harm and despair.

It trains with the model (`rasa train`) from every NLU example (the `crisis` and
`despair` intents against all the others) plus the risk corpus in data/risk/, which the
intent classifier never sees, and stores its scores on the message for the SafetyNet,
which makes the decision. See bot/risk.py for the model itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import risk, text
from bot.nlu.stored_pipeline import StoredModelComponent, fingerprint
from bot.risk import RiskModel, load_corpus, train

SCORES_KEY = "risk_scores"


CORPUS = Path("data") / "risk"


def _code_fingerprint() -> str:
    """A hash of the model code and the risk corpus: the parts Rasa's cache cannot see."""
    files = [Path(module.__file__ or "") for module in (risk, text)]
    return fingerprint([*files, *sorted(CORPUS.glob("*.yml"))])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RiskClassifier(StoredModelComponent[RiskModel]):
    """Adds {"crisis": p, "despair": p} to each message; never changes the intent itself."""

    stored_file = "risk_model.pkl"
    model_type = RiskModel

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Rasa reuses a cached component when its config and data are unchanged; the
        # code's hash is part of the config, so a change to the model code retrains it.
        return {"random_seed": 42, "corpus": str(CORPUS), "code_fingerprint": _code_fingerprint()}

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every intent example and store the fitted pipeline with the model."""
        examples = [m for m in training_data.intent_examples if m.get("text")]
        corpus_texts, corpus_labels = load_corpus(Path(self.config["corpus"]))
        self.model = train(
            [m.get("text") for m in examples] + corpus_texts,
            [m.get("intent") for m in examples] + corpus_labels,
            seed=int(self.config["random_seed"]),
        )
        return self.store(self.model.pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        """Score each message; the SafetyNet decides what the scores mean."""
        if self.model is None:
            return messages
        texts = [message.get("text") or "" for message in messages]
        for message, scores in zip(messages, self.model.scores(texts), strict=False):
            message.set(SCORES_KEY, {"crisis": scores.crisis, "despair": scores.despair})
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
