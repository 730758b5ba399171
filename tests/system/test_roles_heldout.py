"""Parents, staff and young people's situations: intent F1 on the held-out roles set, through
the running bot (rig/roles_eval.py maps categories to intents; only totals are printed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from rig.harness import BotServers
from rig.roles_eval import (
    ADULT_CATEGORIES,
    CATEGORIES,
    YOUTH_CATEGORIES,
    examples,
    read_category,
    score,
    table,
)

RESULTS = Path(__file__).resolve().parents[2] / "results" / "roles_heldout.json"
# Issue #13 asks for 0.92 on the whole roles set; it is not met yet (README). These floors
# sit just under what the merged model reached on 2026-11-23 (whole 0.802, young people
# 0.847, parents and staff 0.776, weakest category 0.606), so any real step back fails.
MIN_MACRO_F1 = {"whole": 0.77, "youth": 0.82, "adults": 0.74}
MIN_CATEGORY_F1 = 0.5


def test_every_youth_category_is_in_the_set_with_at_least_15_messages() -> None:
    counts: dict[str, int] = {}
    for category, _ in examples(YOUTH_CATEGORIES):
        counts[category] = counts.get(category, 0) + 1
    assert set(counts) == set(YOUTH_CATEGORIES)
    assert min(counts.values()) >= 15, counts


def test_every_mapped_intent_is_one_the_bot_has() -> None:
    domain_dir = Path(__file__).resolve().parents[2] / "domain"
    intents = {
        intent
        for path in domain_dir.glob("*.yml")
        for intent in (yaml.safe_load(path.read_text()) or {}).get("intents") or []
    }
    assert {i for accepted in CATEGORIES.values() for i in accepted} <= intents


def test_no_heldout_message_is_in_the_training_data_written_after_it() -> None:
    """The situation files were written after the set; older files may share a few very
    short common phrases with it ("are you real"), written before it existed."""
    data = Path(__file__).resolve().parents[2] / "data" / "nlu"
    trained = {
        line.strip()[2:].strip().lower()
        for path in data.glob("situation_*.yml")
        for line in path.read_text().splitlines()
        if line.strip().startswith("- ")
    }
    heldout = [
        text.lower()
        for path in (Path(__file__).resolve().parents[1] / "heldout" / "roles").glob("*.yml")
        for text in read_category(path)[1]
    ]
    # Counted, not listed: the messages stay unread by whoever tunes the bot.
    assert sum(text in trained for text in heldout) == 0


@pytest.mark.servers
def test_roles_and_situations_are_understood_on_messages_never_seen(servers: BotServers) -> None:
    """One parse per message; the whole set, the young people's and the adults' categories
    are scored from the same predictions."""
    said: dict[str, str] = {}

    def predict(text: str) -> str:
        if text not in said:
            said[text] = str(servers.parse(text)["intent"]["name"])
        return said[text]

    found = {
        name: score(categories, predict)
        for name, categories in (
            ("whole", CATEGORIES),
            ("youth", YOUTH_CATEGORIES),
            ("adults", ADULT_CATEGORIES),
        )
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                name: {
                    "examples": scores.total,
                    "macro_f1": scores.macro_f1,
                    "per_category": scores.per_category,
                    "predicted_counts": {c: dict(n) for c, n in scores.went_to.items()},
                }
                for name, scores in found.items()
            },
            indent=2,
        )
    )
    for name, scores in found.items():
        print(f"\n{name}, held out:\n{table(scores)}")
    assert found["whole"].macro_f1 >= MIN_MACRO_F1["whole"], table(found["whole"])
    assert found["youth"].macro_f1 >= MIN_MACRO_F1["youth"], table(found["youth"])
    assert found["adults"].macro_f1 >= MIN_MACRO_F1["adults"], table(found["adults"])
    worst = min(found["whole"].per_category.values())
    assert worst >= MIN_CATEGORY_F1, found["whole"].per_category
