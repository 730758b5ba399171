"""Recall and false alarms of the deterministic crisis and danger safety net."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safety import (
    CRISIS,
    DANGER,
    DISCLOSURE,
    SECTIONS,
    THREAT,
    PatternError,
    default_patterns,
    load_patterns,
)
from bot.text import normalise

HERE = Path(__file__).parent / "safety"


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
    alarms = [(m, label) for m, label in labels(lines("not_crisis.txt")) if label]
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
