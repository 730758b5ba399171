"""Parents' and staff intents on the roles held-out set, through the running bot's NLU.

Only totals are printed (rig/roles_heldout.py); the messages themselves stay unread.
"""

from __future__ import annotations

import pytest

from rig.harness import BotServers
from rig.roles_heldout import RESULTS, report, score

pytestmark = pytest.mark.servers
# Issue #13's target (0.92) is for the whole roles set, once the young people's situations
# have their own intents (branch `situations`): until then their messages fall into these
# intents for want of a better one, so this guards what these intents do among themselves.
# Measured 2026-11-23: 0.824 among themselves, 0.752 with every message counted.
MIN_MACRO_F1_WITHIN = 0.80


def test_parent_and_staff_intents_on_the_roles_heldout_set(
    servers: BotServers,
) -> None:
    scores = score(lambda text: str(servers.parse(text)["intent"]["name"]))
    table = report(scores)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    assert scores.macro_f1_within >= MIN_MACRO_F1_WITHIN, table
