"""A Rasa NLU component that scores each message for suicide, self-harm and despair.

It trains with the model (`rasa train`) from every NLU example (the `crisis` and
`despair` intents against all the others) plus the risk corpus in data/risk/, which the
intent classifier never sees, and stores its scores on the message for the SafetyNet,
which makes the decision. See bot/risk.py for the model itself.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import risk, text
from bot.risk import RiskModel, load_corpus, train

SCORES_KEY = "risk_scores"
_FILE = "risk_model.pkl"


CORPUS = Path("data") / "risk"


def _code_fingerprint() -> str:
    """A hash of the model code and the risk corpus: the parts Rasa's cache cannot see."""
    files = [Path(module.__file__ or "") for module in (risk, text)]
    files += sorted(CORPUS.glob("*.yml"))
    return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest()[:16]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RiskClassifier(GraphComponent):
    """Adds {"crisis": p, "despair": p} to each message; never changes the intent itself."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Rasa reuses a cached component when its config and data are unchanged; the
        # code's hash is part of the config, so a change to the model code retrains it.
        return {"random_seed": 42, "corpus": str(CORPUS), "code_fingerprint": _code_fingerprint()}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: RiskModel | None = None,
    ) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every intent example and store the fitted pipeline with the model."""
        examples = [m for m in training_data.intent_examples if m.get("text")]
        corpus_texts, corpus_labels = load_corpus(Path(self.config["corpus"]))
        self.model = train(
            [m.get("text") for m in examples] + corpus_texts,
            [m.get("intent") for m in examples] + corpus_labels,
            seed=int(self.config["random_seed"]),
        )
        with self.model_storage.write_to(self.resource) as directory:
            (directory / _FILE).write_bytes(pickle.dumps(self.model.pipeline))
        return self.resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RiskClassifier:
        """Read the pipeline this model trained (our own file inside our own model)."""
        with model_storage.read_from(resource) as directory:
            pipeline = pickle.loads((directory / _FILE).read_bytes())
        return cls(config, model_storage, resource, RiskModel(pipeline))

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
