"""The system drill, small: the production recipe run for real (nginx, 2 Rasa instances, 2 action
servers, Redis, PostgreSQL), with a Rasa instance killed mid-conversation, PostgreSQL and Redis
restarted, the rate limit, and canaries through nginx. `make drills` runs it at full size.
"""

from __future__ import annotations

import pytest

from drills.system import system_drill

pytestmark = pytest.mark.servers


def test_the_production_recipe_survives_its_faults_and_keeps_no_text() -> None:
    rows = system_drill(conversations=5, canary_conversations=8)
    for name, measured, _ in rows:
        print(f"\n{name}: {measured}")
    assert [name for name, _, ok in rows if not ok] == []
    assert len(rows) == 7
