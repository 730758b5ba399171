"""Recall and false alarms of the deterministic crisis and danger safety net."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import PROJECT
from bot.nlu.safety_net import Thresholds, decide
from bot.risk import RiskScores
from bot.safety import (
    CRISIS,
    DANGER,
    DISCLOSURE,
    SCARED_TO_TELL,
    SECTIONS,
    THREAT,
    PatternError,
    default_patterns,
    load_patterns,
)
from bot.text import normalise

HERE = PROJECT / "tests" / "safety"


def lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def labels(messages: list[str]) -> list[tuple[str, str | None]]:
    patterns = default_patterns()
    return [(m, (patterns.classify(m) or (None, None))[0]) for m in messages]


def test_every_pattern_matches_its_own_examples() -> None:
    patterns = default_patterns()
    for label in SECTIONS:
        for rule in patterns.sections[label]:
            for example in rule.examples:
                verdict = patterns.classify(example)
                assert verdict is not None and verdict[0] == label, (rule.id, example)
    for rule in patterns.ignore:
        for example in rule.examples:
            assert patterns.classify(example) is None, example


def test_crisis_recall_on_held_out_messages_is_100_percent() -> None:
    results = labels(lines("crisis_heldout.txt"))
    missed = [m for m, label in results if label != CRISIS]
    recall = 1 - len(missed) / len(results)
    print(f"\nsafety-net crisis recall: {recall:.1%} of {len(results)} held-out messages")
    assert missed == []


def test_danger_recall_on_held_out_messages_is_100_percent() -> None:
    # Since the risk tiers, someone they know asking for pictures is a disclosure (child
    # protection first) and "he found my address" a threat (reassure, report): each still
    # caught, each with its own reply; only danger right now leads with the police.
    results = labels(lines("danger_heldout.txt"))
    missed = [m for m, label in results if label not in {DANGER, CRISIS, DISCLOSURE, THREAT}]
    assert missed == []


def test_no_false_alarms_on_everyday_messages() -> None:
    # A parent's anger ("my mum will kill me") is not an alarm: it gets reassurance.
    alarms = [
        (m, label)
        for m, label in labels(lines("not_crisis.txt"))
        if label not in {None, SCARED_TO_TELL}
    ]
    assert alarms == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("I'm gonna k1ll myselffff!!", "im gonna kill myselff"),
        ("su1c1dal", "suicidal"),
        ("call 0800 1111", "call 0800 1111"),
        ("Can\u2019t go on", "cant go on"),
    ],
)
def test_normalise_reads_what_young_people_type(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_a_pattern_that_misses_its_example_still_loads_but_a_broken_one_is_refused(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "patterns.yml"
    broken.write_text("crisis:\n  - id: bad\n    pattern: '(unclosed'\n    examples: [x]\n")
    with pytest.raises(PatternError, match=r"crisis\[0\] \(bad\): bad pattern"):
        load_patterns(broken)
    empty = tmp_path / "empty.yml"
    empty.write_text("danger: []\n")
    with pytest.raises(PatternError, match="non-empty 'crisis'"):
        load_patterns(empty)


# The decision between patterns, the risk model and the classifier (bot/nlu/safety_net.py).
THRESHOLDS = Thresholds(risk=0.3, agreement=0.2, help_line=0.1)
CALM = RiskScores(crisis=0.01, despair=0.02)


def test_a_crisis_pattern_wins_whatever_the_models_say() -> None:
    decision = decide(default_patterns(), "i want to kill myself", ["greet"], CALM, THRESHOLDS)
    assert decision == ("crisis", "harm_myself")


def test_the_risk_model_catches_what_no_pattern_names() -> None:
    scores = RiskScores(crisis=0.1, despair=0.5)
    decision = decide(
        default_patterns(), "any words at all", ["feeling_scared"], scores, THRESHOLDS
    )
    assert decision == ("despair", "risk_model")
    scores = RiskScores(crisis=0.6, despair=0.1)
    assert decide(default_patterns(), "x", ["greet"], scores, THRESHOLDS) == (
        "crisis",
        "risk_model",
    )


def test_the_classifier_alone_cannot_call_an_ordinary_question_despair() -> None:
    ranking = ["despair", "ask_how_report", "greet"]
    assert decide(default_patterns(), "x", ranking, CALM, THRESHOLDS) == (
        "ask_how_report",
        "risk_model_disagrees",
    )
    leaning = RiskScores(crisis=0.05, despair=0.2)
    assert decide(default_patterns(), "x", ranking, leaning, THRESHOLDS) is None


def test_an_overruled_despair_does_not_fall_to_danger_and_the_police() -> None:
    # "je suis un homme mort si ma copine l'apprend": the classifier heard despair, then danger.
    ranking = ["despair", "danger", "ask_tell_parents"]
    assert decide(default_patterns(), "x", ranking, CALM, THRESHOLDS) == (
        "ask_tell_parents",
        "risk_model_disagrees",
    )


def test_disclosures_and_threats_get_their_own_routes_not_police_first() -> None:
    patterns = default_patterns()
    coach = decide(patterns, "my coach keeps asking me for nudes", ["danger"], CALM, THRESHOLDS)
    assert coach is not None and coach[0] == "abuse_disclosure"
    assert decide(patterns, "he says he knows where i live", ["danger"], CALM, THRESHOLDS) == (
        "threat_knows_me",
        "knows_where_i_live",
    )
    assert decide(patterns, "hes outside my house right now", ["greet"], CALM, THRESHOLDS) == (
        "danger",
        "coming_now",
    )


def test_parents_anger_idioms_are_not_danger_or_crisis() -> None:
    patterns = default_patterns()
    for idiom in ("my mum is gonna kill me", "im so dead if my dad finds out"):
        verdict = patterns.classify(idiom)
        assert verdict is not None and verdict[0] == SCARED_TO_TELL, idiom
