"""The linear intent model (bot/intent_model.py) and the Rasa component that runs it."""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import sentence_encoder
from bot.intent_model import (
    MIN_ENGLISH_WEIGHT,
    SURE_WITHOUT_MEANING,
    IntentModel,
    Settings,
    english_weight,
    train,
)
from bot.nlu.linear_intent_classifier import LinearIntentClassifier
from bot.sentence_encoder import shared_encoder
from bot.text import normalise

# A few intents in two languages, worded the way the real training data is.
EXAMPLES = {
    "ask_should_pay": [
        "should i pay him",
        "do i send the money they want",
        "is it worth paying so they delete it",
        "debo pagarle",
        "le pago lo que pide",
    ],
    "ask_evidence": [
        "what proof should i keep",
        "do i screenshot the chat",
        "how do i save his username",
        "que pruebas guardo",
        "hago capturas del chat",
    ],
    "greet": ["hi", "hello there", "hey", "hola", "buenas"],
}


def pairs() -> tuple[list[str], list[str]]:
    texts = [text for examples in EXAMPLES.values() for text in examples]
    intents = [intent for intent, examples in EXAMPLES.items() for _ in examples]
    return texts, intents


@pytest.fixture(scope="module")
def model() -> IntentModel:
    return train(*pairs())


def test_it_ranks_the_intent_of_a_new_wording_first(model: IntentModel) -> None:
    assert model.rank(["shud i pay them"])[0][0].intent == "ask_should_pay"
    assert model.rank(["can i screenshot the chats as proof"])[0][0].intent == "ask_evidence"


def test_accents_and_capitals_do_not_change_the_answer(model: IntentModel) -> None:
    # normalise() drops accents and case before the model reads the text.
    assert model.rank(["¿Qué pruebas GUARDO?"]) == model.rank(["que pruebas guardo"])


def test_the_ranking_is_ordered_and_as_long_as_asked(model: IntentModel) -> None:
    ranked = model.rank(["hola"], length=2)[0]
    assert len(ranked) == 2
    assert ranked[0].confidence >= ranked[1].confidence
    assert len(model.rank(["hola"])[0]) == len(EXAMPLES)
    assert sum(r.confidence for r in model.rank(["hola"])[0]) == pytest.approx(1.0)


def test_loading_keeps_the_probabilities_exactly(model: IntentModel) -> None:
    # Loading re-lays the weights out in memory, for speed; the answer must not move.
    texts = [normalise(t) for t in ("should i pay", "que pruebas guardo", "hey", "something")]
    stored = pickle.loads(pickle.dumps(model.stored))
    assert stored.english is not None
    expected = []
    for pipeline in stored:
        # As scikit-learn leaves them after fitting: row by row.
        classifier = pipeline.named_steps["classifier"]
        classifier.coef_ = np.ascontiguousarray(classifier.coef_)
        expected.append(pipeline.predict_proba(texts))
    loaded = IntentModel(stored)
    for pipeline, before in zip(loaded.stored, expected, strict=True):
        assert pipeline.named_steps["classifier"].coef_.flags["F_CONTIGUOUS"]
        assert pipeline.predict_proba(texts) == pytest.approx(before, abs=1e-12)
    assert loaded.probabilities(texts) == pytest.approx(model.probabilities(texts), abs=1e-12)


def test_a_message_in_another_language_gets_the_ngram_models_answer_exactly(
    model: IntentModel,
) -> None:
    """The encoder is English: Spanish is read by the n-grams alone, and English by both."""
    spanish, english = "que pruebas guardo", "is handing over what they demand a good idea"
    assert english_weight(spanish) < MIN_ENGLISH_WEIGHT <= english_weight(english)
    ngrams_only = model.pipeline.predict_proba([spanish, english])
    mixed = model.probabilities([spanish, english])
    assert list(mixed[0]) == list(ngrams_only[0])
    assert list(mixed[1]) != list(ngrams_only[1])
    assert mixed.sum(axis=1) == pytest.approx([1.0, 1.0])


def test_no_texts_gives_no_rankings(model: IntentModel) -> None:
    assert model.rank([]) == []


def test_training_is_deterministic(model: IntentModel) -> None:
    probe = ["do i pay", "what do i keep", "hey there"]
    assert train(*pairs()).rank(probe) == model.rank(probe)


def test_bad_training_input_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2 texts but 1 intents"):
        train(["a", "b"], ["greet"])
    with pytest.raises(ValueError, match="at least two intents"):
        train(["hi", "hello"], ["greet", "greet"])


def test_the_component_trains_stores_loads_and_sets_the_intent(tmp_path: Path) -> None:
    config = {**LinearIntentClassifier.get_default_config(), "ranking_length": 2}
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_model")
    context = ExecutionContext(GraphSchema({}), "test")
    texts, intents = pairs()
    data = TrainingData(
        [Message(data={"text": t, "intent": i}) for t, i in zip(texts, intents, strict=True)]
    )
    LinearIntentClassifier.create(config, storage, resource, context).train(data)

    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    [message] = loaded.process([Message(data={"text": "should i pay them or not"})])
    assert message.get("intent")["name"] == "ask_should_pay"
    ranking = message.get("intent_ranking")
    assert len(ranking) == 2 and ranking[0] == message.get("intent")
    assert set(message.as_dict_nlu()) >= {"intent", "intent_ranking"}


def test_the_defaults_are_the_models_own() -> None:
    settings = LinearIntentClassifier.settings(LinearIntentClassifier.get_default_config())
    assert settings == Settings()


def test_the_solver_stops_at_max_iterations_without_a_warning() -> None:
    """The cap is a setting (bot/intent_model.py says why), so reaching it warns nobody."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        capped = train(*pairs(), Settings(max_iterations=2))
    assert int(capped.pipeline.named_steps["classifier"].n_iter_[0]) == 2


def test_the_sentence_encoder_carries_a_wording_with_no_words_in_common(
    model: IntentModel,
) -> None:
    """ "good morning" shares no word with any greeting here; only its meaning says greet."""
    without_meaning = train(*pairs(), Settings(sentence_weight=0))
    assert without_meaning.english is None
    assert without_meaning.rank(["good morning to you"])[0][0].intent != "greet"
    assert model.rank(["good morning to you"])[0][0].intent == "greet"


def test_loading_a_model_reads_the_encoder_before_the_first_message(
    model: IntentModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing encoder stops the server at start-up, never in the middle of a conversation."""
    stored = pickle.loads(pickle.dumps(model.stored))
    shared_encoder.cache_clear()
    monkeypatch.setattr(sentence_encoder, "model_folder", lambda: Path("/nonexistent"))
    with pytest.raises(FileNotFoundError):
        IntentModel(stored)
    monkeypatch.undo()
    shared_encoder.cache_clear()
    IntentModel(stored)
    assert shared_encoder.cache_info().currsize == 1


def test_a_message_the_ngrams_are_sure_of_keeps_their_answer_without_the_encoder(
    model: IntentModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    sure, unsure = "hey", "is handing over what they demand a good idea"
    ngrams = model.pipeline.predict_proba([normalise(sure), normalise(unsure)])
    assert ngrams[0].max() >= SURE_WITHOUT_MEANING > ngrams[1].max()
    encoded: list[str] = []
    real_encode = sentence_encoder.SentenceEncoder.encode

    def counting(self: sentence_encoder.SentenceEncoder, texts: list[str]) -> object:
        encoded.extend(texts)
        return real_encode(self, texts)

    monkeypatch.setattr(sentence_encoder.SentenceEncoder, "encode", counting)
    mixed = model.probabilities([sure, unsure])
    assert list(mixed[0]) == list(ngrams[0])
    assert encoded == [normalise(unsure)]
