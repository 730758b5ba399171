"""The intent model: a linear classifier over word and character n-grams, in every language.

Why not DIET: with four languages' data (about 6,800 examples, 56 intents) DIET took about
seven minutes to train, was 42% of the NLU's time per message, and its held-out macro F1
moved by up to 0.05 between two trainings of the same data. This model trains in about a
minute, answers in well under a millisecond and gives the same answer every time. On
messages it had never seen (tests/heldout/fresh4, written before the change) it was level
with DIET overall: better in English and Spanish, weaker in Welsh and French (README,
"Intents and wording"). Its settings were chosen by cross-validation on the training data
alone, never on a held-out set.

Character n-grams carry typos, slang and missing accents ("blackmaild", "wat do i do",
"que hago"); word pairs carry the short phrases that decide who is writing ("my son",
"i paid"). Beside them, a sentence encoder's 384 numbers of meaning (bot/sentence_encoder.py)
carry what n-grams cannot: two messages that mean the same in different words.

The encoder is English, so there are two classifiers, trained on the same lines: one on the
n-grams alone, and one with the encoder's features too. A message's probabilities are the two
mixed by how surely it is English (py3langid, among the bot's languages), so a Welsh,
Spanish or French message gets exactly the n-gram model's answer and costs no encoding. With
one classifier for both, retraining with the new features moved some messages in the other
languages too (one French idiom to the police-first danger reply). No Rasa here, so it is
tested without Rasa.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.languages import BASE, languages
from bot.sentence_encoder import shared_encoder
from bot.text import normalise

# Below this English weight a message is read by the n-grams alone: py3langid gives most
# Welsh, Spanish and French messages a small but non-zero chance of being English.
MIN_ENGLISH_WEIGHT = 0.01
# When the n-gram model is at least this sure, its answer stands and the encoder is not run.
# The encoder costs about 17 ms of one core a message, most of the NLU's time; on the
# training lines and the English held-out sets, no message the n-grams were this sure of
# changed its answer with the encoder (46% of the held-out messages, more of a real
# conversation's short answers), so the time is saved without changing what anyone hears.
SURE_WITHOUT_MEANING = 0.9


@dataclass(frozen=True)
class Settings:
    """The model's settings (config.yml can change each; defaults chosen by cross-validation)."""

    # Inverse regularisation strength: higher fits the training lines more closely.
    c: float = 30.0
    # Shortest and longest character n-gram, within word boundaries.
    min_char_ngram: int = 2
    max_char_ngram: int = 5
    # The solver's iterations. It stops here rather than at full convergence: with the
    # issue #13 wordings (about 10,000 examples) full convergence took about 170 iterations
    # and 105 s, most of a training; 3-fold cross-validation on the training data gave the
    # same macro F1 at 100 (0.7613 against 0.7614), and 99.9% of the held-out roles messages
    # the same intent.
    max_iterations: int = 100
    # How much the sentence encoder's features count beside the n-grams; 0 leaves them out
    # (and needs no encoder). 0.7 was chosen on the seven English held-out sets already
    # scored before it (0.5 to 1 gave the same within 0.002); fresh8 was written first to
    # measure it (README, issue #13).
    sentence_weight: float = 0.7
    seed: int = 42


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    # Judged among the languages the bot speaks (a charity's added one included), so a
    # message is weighed by its best guess among them, never dropped.
    known = set(identifier.nb_classes)
    identifier.set_languages(sorted({BASE, *(code for code in languages() if code in known)}))
    return identifier


def english_weight(text: str) -> float:
    """How surely `text` is English, from 0 to 1, among the bot's languages."""
    if not text.strip():
        return 0.0
    return float(dict(_language_identifier().rank(text)).get(BASE, 0.0))


class SentenceMeaning(BaseEstimator, TransformerMixin):
    """The sentence encoder's vector for each text, times `weight` and its English weight.

    Holds no weights of its own, so the stored model stays small; the encoder is read once
    per process (bot/sentence_encoder.py).
    """

    def __init__(self, weight: float = 0.7) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], intents: Any = None) -> SentenceMeaning:
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        vectors = shared_encoder().encode(list(texts))
        scale = np.array([[self.weight * english_weight(text)] for text in texts], np.float32)
        return sparse.csr_matrix(vectors * scale if len(texts) else vectors)


@dataclass(frozen=True)
class Ranked:
    """One intent and the model's probability for it."""

    intent: str
    confidence: float


class Pipelines(NamedTuple):
    """What is stored with the Rasa model: the n-gram classifier, and the one that also reads
    the sentence encoder (None when `sentence_weight` is 0)."""

    ngrams: Pipeline
    english: Pipeline | None = None


def _lay_out_for_speed(pipeline: Pipeline) -> None:
    # scikit-learn multiplies each message by the transposed weights (55 intents x about
    # 58,000 n-grams) and, with the weights stored row by row, copies all of them to do it:
    # 12 ms a message, most of the NLU's time. Stored column by column, the same product
    # needs no copy: the same probabilities in under 2 ms.
    classifier = pipeline.named_steps["classifier"]
    classifier.coef_ = np.asfortranarray(classifier.coef_)


class IntentModel:
    """Trained classifiers: normalised text in, intents ranked by probability out."""

    def __init__(self, stored: Pipelines | Pipeline) -> None:
        self.stored = stored if isinstance(stored, Pipelines) else Pipelines(stored)
        self.pipeline = self.stored.ngrams
        self.english = self.stored.english
        self.intents: list[str] = [str(name) for name in self.pipeline.classes_]
        for pipeline in filter(None, self.stored):
            _lay_out_for_speed(pipeline)
        if self.english is not None:
            if list(self.english.classes_) != list(self.intents):
                raise ValueError("the two intent classifiers were trained on different intents")
            # Read the encoder's weights and the language model now, when the server starts
            # (under a second), not on the first person's message; a missing encoder stops
            # the start with the command that installs it, not a conversation.
            shared_encoder()
            _language_identifier()

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """One row per text, one column per intent (in `intents` order)."""
        normalised = [normalise(text) for text in texts]
        mixed: npt.NDArray[np.float64] = self.pipeline.predict_proba(normalised)
        if self.english is None:
            return mixed
        weights = np.array([english_weight(text) for text in normalised])
        unsure = mixed.max(axis=1) < SURE_WITHOUT_MEANING
        rows = np.flatnonzero((weights >= MIN_ENGLISH_WEIGHT) & unsure)
        if rows.size:
            english = self.english.predict_proba([normalised[i] for i in rows])
            weight = weights[rows, None]
            mixed[rows] = (1.0 - weight) * mixed[rows] + weight * english
        return mixed

    def rank(self, texts: Sequence[str], length: int = 10) -> list[list[Ranked]]:
        """The `length` most likely intents for each text, most likely first."""
        if not texts:
            return []
        probabilities = self.probabilities(texts)
        ranked = []
        for row in probabilities:
            order = np.argsort(-row, kind="stable")[:length]
            ranked.append([Ranked(self.intents[i], float(row[i])) for i in order])
        return ranked


def train(
    texts: Sequence[str], intents: Sequence[str], settings: Settings | None = None
) -> IntentModel:
    """Fit the model on (text, intent) pairs; at least two intents are needed."""
    settings = settings or Settings()
    if len(texts) != len(intents):
        raise ValueError(f"{len(texts)} texts but {len(intents)} intents")
    if len(set(intents)) < 2:
        raise ValueError("the intent model needs examples of at least two intents")
    normalised = [normalise(text) for text in texts]
    ngrams = _fit(normalised, intents, settings, with_meaning=False)
    english = None
    if settings.sentence_weight > 0:
        english = _fit(normalised, intents, settings, with_meaning=True)
    return IntentModel(Pipelines(ngrams, english))


def _fit(
    texts: list[str], intents: Sequence[str], settings: Settings, with_meaning: bool
) -> Pipeline:
    parts: list[tuple[str, Any]] = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        (
            "characters",
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(settings.min_char_ngram, settings.max_char_ngram),
                sublinear_tf=True,
            ),
        ),
    ]
    if with_meaning:
        parts.append(("meaning", SentenceMeaning(settings.sentence_weight)))
    classifier = LogisticRegression(
        C=settings.c, max_iter=settings.max_iterations, random_state=settings.seed
    )
    pipeline = Pipeline([("features", FeatureUnion(parts)), ("classifier", classifier)])
    with warnings.catch_warnings():
        # Stopping at max_iterations is the setting, not a fault to report at every training.
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(texts, list(intents))
    return pipeline
