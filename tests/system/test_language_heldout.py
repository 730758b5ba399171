"""Held-out Welsh, Spanish and French through the running bot (figures in the README).

Two sets, both written by separate sessions before any training data and never read:
- tests/heldout/languages/ (about 140 messages a language): its category totals were
  looked at while adding training data, so it is no longer a clean measure. The targets
  (macro F1 at least 0.85, crisis recall at least 99%) are NOT all met on it yet: the
  floors below are today's figures less a margin, so a change that makes things worse fails;
- tests/heldout/fresh/languages/ (42 a language): nothing was tuned on it. The crisis
  target is asserted on it in every language; the F1 target in Spanish, and floors in
  Welsh and French, where it is not met since the English-only adult and situation
  intents joined the model (see FRESH_MIN_MACRO_F1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rig.harness import BotServers
from rig.language_eval import HELDOUT, Scores, score

pytestmark = pytest.mark.servers
FRESH = HELDOUT.parent / "fresh" / "languages"
MIN_MACRO_F1 = 0.85
MIN_CRISIS_RECALL = 0.99
# Measured on 2026-12-04 with Welsh, Spanish and French data for the parents', staff and
# situation intents: cy 0.916, es 0.891, fr 0.849. French is just under the 0.85 target;
# its floor keeps it from getting worse. Crisis recall is asserted at the target everywhere.
FRESH_MIN_MACRO_F1 = {"fr": 0.80}
# The first set on 2026-12-04, every intent in every language: cy 0.824, es 0.829, fr 0.813;
# crisis 96.8-100%. Welsh's floor rose with its data (it was 0.72, at 0.765).
FIRST_SET_FLOORS = {"cy": 0.77, "es": 0.80, "fr": 0.76}
FIRST_SET_MIN_CRISIS_RECALL = 0.96


def results(servers: BotServers, folder: Path) -> list[Scores]:
    return [score(servers, path) for path in sorted(folder.glob("*.yml"))]


def test_the_fresh_set_meets_the_targets_in_every_language(servers: BotServers) -> None:
    found_all = results(servers, FRESH)
    for found in found_all:
        print(
            f"\n{found.language}: macro F1 {found.macro_f1:.3f}, crisis recall "
            f"{found.crisis_recall_chosen:.1%} / {found.crisis_recall_unchosen:.1%}"
        )
    for found in found_all:
        assert found.macro_f1 >= FRESH_MIN_MACRO_F1.get(found.language, MIN_MACRO_F1), (
            found.language
        )
        assert found.crisis_recall_chosen >= MIN_CRISIS_RECALL, found.language
        assert found.crisis_recall_unchosen >= MIN_CRISIS_RECALL, found.language
        assert found.idioms_police_first == 0, found.language


def test_the_first_set_does_not_get_worse(servers: BotServers) -> None:
    for found in results(servers, HELDOUT):
        print(
            f"\n{found.language}: macro F1 {found.macro_f1:.3f}, crisis recall "
            f"{found.crisis_recall_chosen:.1%} / {found.crisis_recall_unchosen:.1%}"
        )
        assert found.macro_f1 >= FIRST_SET_FLOORS[found.language], found.language
        assert found.crisis_recall_chosen >= FIRST_SET_MIN_CRISIS_RECALL, found.language
        assert found.crisis_recall_unchosen >= FIRST_SET_MIN_CRISIS_RECALL, found.language
        assert found.idioms_police_first == 0, found.language
