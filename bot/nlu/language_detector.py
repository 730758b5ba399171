"""Guess the language a message is written in, to offer a one-tap switch; never to decide.

The guess only offers a hint ("¿Prefieres hablar en español?", bot/nlg.py): the
conversation's language is always the user's explicit choice or the profile's default,
and safety never waits on it (the safety net reads every language at once).

Two detectors that ship their own models, so nothing is downloaded (compared with others
in benchmarks/language_detection.py, figures in README.md):
- lingua-language-detector, in its low-accuracy mode (about 20 MB; its high-accuracy
  models add about 155 MB to the Rasa process), proposes a language when it is at least
  `min_confidence` sure;
- py3langid vetoes the proposal when it reads the message as English, unless lingua is
  nearly certain (`trust_above`). Short English messages are where lingua's small models
  go wrong most, and a false hint interrupts someone who is fine in English; py3langid
  in turn reads much short Welsh as English, hence lingua's say when it is sure. On the
  NLU examples this cut false hints on English from 126 to 18 in 1,620 messages, and
  still caught 77% of Welsh and 86-89% of Spanish and French messages one by one.
Both are restricted to the languages the bot speaks. Messages shorter than `min_words` get
no guess: one or two words ("Wales", "ok merci") are too few to tell languages apart, and
a wrong hint in answer to "Wales" only gets in the way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.languages import BASE, languages

DETECTED_KEY = "language_detected"


class Detector:
    """lingua proposes, py3langid vetoes English; None when neither is sure."""

    def __init__(
        self,
        codes: Iterable[str],
        min_confidence: float = 0.5,
        trust_above: float = 0.95,
        min_words: int = 3,
    ) -> None:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        def iso(code: str) -> IsoCode639_1 | None:
            try:
                return IsoCode639_1.from_str(code)
            except ValueError:
                return None

        # A language the detectors do not know (a charity's new one) is simply never hinted.
        isos = {code: iso(code) for code in {*codes, BASE}}
        usable = {code: found for code, found in isos.items() if found is not None}
        self.codes = frozenset(usable)
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*usable.values())
        self._lingua = builder.with_low_accuracy_mode().with_preloaded_language_models().build()
        self._langid = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
        self._langid.set_languages(sorted(usable))
        self.min_confidence = min_confidence
        self.trust_above = trust_above
        self.min_words = min_words

    def detect(self, text: str) -> str | None:
        """The language of the text if both detectors allow it, else None."""
        if len(text.split()) < self.min_words:
            return None
        values = self._lingua.compute_language_confidence_values(text)
        if not values or values[0].value < self.min_confidence:
            return None
        proposed = str(values[0].language.iso_code_639_1.name.lower())
        sure = values[0].value >= self.trust_above
        if proposed != BASE and not sure and str(self._langid.classify(text)[0]) == BASE:
            return None
        return proposed


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageDetector(GraphComponent):
    """Adds `language_detected` (a code, or nothing) to each message's parse data."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"min_confidence": 0.5, "trust_above": 0.95, "min_words": 3}

    def __init__(self, detector: Detector) -> None:
        self.detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Load the detectors' shipped models when the model loads (nothing is trained)."""
        return cls(
            Detector(
                languages(),
                float(config["min_confidence"]),
                float(config["trust_above"]),
                int(config["min_words"]),
            )
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Guess each message's language; payloads like /greet are nobody's language."""
        for message in messages:
            text = message.get("text") or ""
            if text and not text.startswith("/"):
                found = self.detector.detect(text)
                if found:
                    message.set(DETECTED_KEY, found, add_to_output=True)
        return messages
