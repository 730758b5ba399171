"""Held-out Welsh, Spanish and French through the running bot (figures in the README).

Two sets, both written by separate sessions before any training data and never read:
- tests/heldout/languages/ (about 140 messages a language): its category totals were
  looked at while adding training data, so it is no longer a clean measure. Since the linear
  intent model (bot/intent_model.py) the targets (macro F1 at least 0.85, crisis recall at
  least 99%) are met on it in every language too; the F1 floors below are today's figures
  less a margin, so a change that makes things worse fails;
- tests/heldout/fresh/languages/ (42 a language): nothing was tuned on it. The crisis
  target is asserted on it in every language, and so is the F1 target.
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
# Measured on 2026-12-07 with every language's everyday-questions data (data/nlu/*/
# everyday_questions.yml) and risk examples: cy 0.983, es 0.924, fr 0.942, crisis 100% in each.
# Every language meets the target, so no language has a lower floor any more (French had 0.80
# while it was at 0.849).
FRESH_MIN_MACRO_F1: dict[str, float] = {}
# The first set on 2026-12-07: cy 0.894, es 0.875, fr 0.868 with DIET (0.824, 0.829, 0.813
# before the everyday-questions data), crisis recall cy 100%, es 96.9% (one message), fr 100%;
# with the linear intent model the same day cy 0.888, es 0.916, fr 0.905, crisis 100% in each;
# with data/nlu/*/thin_intents.yml cy 0.861, es 0.894, fr 0.906, crisis still 100% in each;
# with data/nlu/**/roles_wording*.yml cy 0.871, es 0.917, fr 0.906, crisis 100% in each (cy
# 96.8% until the risk model stopped learning a parent's account of a low child as safe).
FIRST_SET_FLOORS = {"cy": 0.85, "es": 0.89, "fr": 0.88}
FIRST_SET_MIN_CRISIS_RECALL = MIN_CRISIS_RECALL


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
