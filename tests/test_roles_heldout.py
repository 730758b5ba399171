"""Parents' and staff intents on the roles held-out set, through the running bot's NLU.

Only totals are printed (tests/roles_heldout.py); the messages themselves stay unread.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.harness import BotServers
from tests.roles_heldout import INTENT_OF_CATEGORY, RESULTS, examples, report, score

# Issue #13's target (0.92) is for the whole roles set, once the young people's situations
# have their own intents (branch `situations`): until then their messages fall into these
# intents for want of a better one, so this guards what these intents do among themselves.
# Measured 2026-11-23: 0.836 among themselves, 0.761 with every message counted.
MIN_MACRO_F1_WITHIN = 0.80


@pytest.mark.servers
def test_parent_and_staff_intents_on_the_roles_heldout_set(
    servers: BotServers,
) -> None:
    scores = score(lambda text: str(servers.parse(text)["intent"]["name"]))
    table = report(scores)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    assert scores.macro_f1_within >= MIN_MACRO_F1_WITHIN, table


def test_no_roles_heldout_message_is_in_the_training_data() -> None:
    data = Path(__file__).resolve().parent.parent / "data" / "nlu"
    trained = {
        line.strip()[2:].strip().lower()
        for path in data.glob("*.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- ")
    }
    # Counted, never printed: the messages stay unread. Only the parents' and staff
    # categories: three who_is_reading messages were already in data/nlu/opening.yml, word
    # for word, before the set was written.
    ours = [text for category, text in examples() if category in INTENT_OF_CATEGORY]
    assert sum(text.strip().lower() in trained for text in ours) == 0
