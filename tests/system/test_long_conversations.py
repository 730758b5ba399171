"""A long conversation through each tracker store backend: remembered, but stored short.

Past COMPACT_AFTER_TURNS user turns the store keeps only the last few (bot.history), so
these check, through the real servers, that nothing the dialogue needs went with them.
"""

from __future__ import annotations

import sqlite3

import pytest

from bot.history import COMPACT_AFTER_TURNS
from rig.harness import BotServers, Chat
from tests.system.conftest import StoreServers
from tests.system.test_conversations import assert_safe, crisis_numbers

pytestmark = pytest.mark.servers
# Direct questions whose answers never move the guidance on to another step.
CHATTER = ["thank u", "should i just pay him", "is it my fault", "can i hack him back"]


def long_conversation(chat: Chat) -> None:
    """Step 2 and a country early on, then enough chatter to push them out of the store."""
    chat.say("some guy has my nudes and says pay him or he posts them")
    chat.say("im in australia")
    assert "Stop replying" in chat.text("/next_step")
    for message in CHATTER * 3:
        reply = chat.text(message)
        assert_safe(reply)
        assert "Step " not in reply, (message, reply)  # the step must come from before
    step3 = chat.text("ok what next")
    assert "screenshot" in step3.lower(), step3
    crisis = chat.text("i cant do this anymore i want to die")
    assert all(n in crisis for n in crisis_numbers("au"))


def assert_stored_short(servers: BotServers, sender: str) -> None:
    stored = servers.stored_tracker(sender)
    said = [e for e in stored["events"] if e["event"] == "user"]
    assert 0 < len(said) <= COMPACT_AFTER_TURNS
    assert stored["slots"]["country"] == "au"


def test_the_in_memory_store_remembers_a_long_conversation(servers: BotServers) -> None:
    chat = Chat(servers)
    long_conversation(chat)
    assert_stored_short(servers, chat.sender)


@pytest.mark.parametrize("backend", ["sql", "redis"])
def test_a_shared_store_remembers_a_long_conversation(
    store_servers: StoreServers, backend: str
) -> None:
    servers = store_servers.get(backend)
    chat = Chat(servers)
    long_conversation(chat)
    assert_stored_short(servers, chat.sender)
    shared_store = store_servers.stores[backend]
    if shared_store["backend"] == "sql":
        # The SQL store only appends, so a compacted conversation is rewritten: once.
        rows = sqlite3.connect(shared_store["db"]).execute(
            "select type_name, timestamp, data from events where sender_id = ?", (chat.sender,)
        )
        stored = rows.fetchall()
        assert len(stored) == len(set(stored)), "an event was stored twice"
        assert sum(1 for kind, _, _ in stored if kind == "user") <= COMPACT_AFTER_TURNS
