"""A learned detector of suicide, self-harm and despair, trained for recall.

The reviewed patterns (bot/safety.py) catch the direct words; people say it indirectly
far more often ("everyone would be better off", "i wont have to deal with it much
longer"). This model learns the shape of such messages from the NLU training data, so
a phrasing nobody wrote a pattern for still gets help in the first reply.

It is a linear model over word and character n-grams of the normalised text: small,
fast (well under a millisecond a message), deterministic with a fixed seed, and built
only from scikit-learn, which Rasa already depends on. Nothing is downloaded.
Pure Python apart from scikit-learn, so it is tested without Rasa.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.text import normalise

CRISIS = "crisis"
DESPAIR = "despair"
# The intents the model learns as risk; every other intent is "none".
RISK_INTENTS: tuple[str, ...] = (CRISIS, DESPAIR)
NONE = "none"
# Intents the model does not learn from at all. A parent describing their child's low mood
# ("she won't eat, he just sleeps all day") is a sign of risk in somebody else, not safe
# words: learned as "none", such examples taught the model that a young person's own "can't
# eat, can't sleep" was safe, and pushed an indirect Welsh message under the help-line score.
LEFT_OUT: frozenset[str] = frozenset({"parent_child_distressed"})


@dataclass(frozen=True)
class RiskScores:
    """How likely a message is explicit crisis, or despair, by the model's reading."""

    crisis: float
    despair: float

    @property
    def risk(self) -> float:
        """Probability that the message is either (the model's three classes sum to 1)."""
        return self.crisis + self.despair

    @property
    def tier(self) -> str:
        """The more likely of the two risk intents."""
        return CRISIS if self.crisis >= self.despair else DESPAIR


class RiskModel:
    """A trained pipeline: normalised text in, risk scores out."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._classes = list(pipeline.classes_)

    def scores(self, texts: Sequence[str]) -> list[RiskScores]:
        """Scores for each text, in order."""
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba([normalise(t) for t in texts])
        crisis, despair = (self._classes.index(label) for label in RISK_INTENTS)
        return [RiskScores(float(row[crisis]), float(row[despair])) for row in probabilities]


class CorpusError(ValueError):
    """A risk corpus file is missing, malformed or has an example without a label."""


def load_corpus(folder: Path) -> tuple[list[str], list[str]]:
    """(texts, labels) from every YAML file in the risk corpus folder (data/risk/).

    The corpus is read by this model only, never by the intent classifier, so hundreds of
    crisis, despair and hard everyday examples teach risk without skewing other intents.
    """
    texts: list[str] = []
    labels: list[str] = []
    for path in sorted(folder.glob("*.yml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise CorpusError(f"{path}: cannot be read: {error}") from error
        blocks = document.get("risk") if isinstance(document, dict) else None
        if not isinstance(blocks, list):
            raise CorpusError(f"{path}: needs a 'risk' list of labels with examples")
        for position, block in enumerate(blocks):
            if not isinstance(block, dict) or not isinstance(block.get("label"), str):
                raise CorpusError(f"{path}: risk[{position}] needs a 'label'")
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.append(line.strip()[2:].strip())
                    labels.append(block["label"])
    return texts, labels


def label_for(intent: str) -> str:
    """The model's class for a training example's intent."""
    return intent if intent in RISK_INTENTS else NONE


def train(texts: Sequence[str], intents: Sequence[str], seed: int = 42) -> RiskModel:
    """Fit the model on NLU examples; every intent but the risk intents counts as none,
    and those in LEFT_OUT are not learned from.

    Classes keep their natural weights, so the scores stay calibrated: a message unlike
    anything in training scores low rather than a third for each class (with balanced
    weights, "whats the weather tomorrow" scored as risk). Recall is then set by the
    decision thresholds (bot/nlu/safety_net.py).
    """
    if len(texts) != len(intents):
        raise ValueError(f"{len(texts)} texts but {len(intents)} intents")
    pairs = zip(texts, intents, strict=True)
    kept = [(text, intent) for text, intent in pairs if intent not in LEFT_OUT]
    labels = [label_for(intent) for _, intent in kept]
    missing = set(RISK_INTENTS) - set(labels)
    if missing or NONE not in labels:
        raise ValueError(
            f"the risk model needs examples of {sorted({*RISK_INTENTS, NONE})}; "
            f"missing: {sorted(missing | ({NONE} - set(labels)))}"
        )
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "characters",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
            ),
        ]
    )
    classifier = LogisticRegression(C=8.0, max_iter=5000, random_state=seed)
    pipeline = Pipeline([("features", features), ("classifier", classifier)])
    pipeline.fit([normalise(text) for text, _ in kept], labels)
    return RiskModel(pipeline)
