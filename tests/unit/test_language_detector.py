"""The language hint's detector: offline, restricted to the bot's languages, slow to guess."""

from __future__ import annotations

import pytest

from bot.languages import languages
from bot.nlu.language_detector import Detector


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(languages())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hola, alguien tiene mis fotos y me pide dinero", "es"),
        ("bonjour, quelqu'un menace de publier mes photos", "fr"),
        ("shwmae, mae rhywun yn bygwth rhannu lluniau fi", "cy"),
        ("someone has my pics and wants money", "en"),
    ],
)
def test_a_sentence_is_read_in_its_language(detector: Detector, text: str, expected: str) -> None:
    assert detector.detect(text) == expected


@pytest.mark.parametrize("text", ["i want to die", "ok", "what do i do now", "lol ty"])
def test_short_english_is_never_taken_for_another_language(detector: Detector, text: str) -> None:
    assert detector.detect(text) in (None, "en")


def test_a_language_the_detectors_do_not_know_is_left_out_not_an_error() -> None:
    assert Detector(["en", "es", "zz"]).codes == frozenset({"en", "es"})


@pytest.mark.parametrize("text", ["Wales", "New Zealand", "ok merci", "hola"])
def test_one_or_two_words_get_no_guess(detector: Detector, text: str) -> None:
    """A country or a word or two is too little to tell languages apart: no hint at all."""
    assert detector.detect(text) is None


def test_three_words_are_enough_to_guess(detector: Detector) -> None:
    assert detector.detect("tengo mucho miedo") == "es"
