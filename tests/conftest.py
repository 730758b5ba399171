"""Fixtures: the real Rasa server and action server, started once per test session.

Tests marked `servers` drive the bot over HTTP exactly as a client would. Run only the
fast unit tests with `pytest -m "not servers"`.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bot.cli import PROJECT
from bot.harness import MACHINE_SPEED, BotServers, temporary_log_dir
from drills.process import RedisServer


@pytest.fixture(scope="session")
def servers() -> Iterator[BotServers]:
    """Train if the model is stale (make decides), then start both servers once."""
    subprocess.run(["make", "--no-print-directory", "-s", "train"], cwd=PROJECT, check=True)
    running = BotServers(temporary_log_dir(), channel_options=MACHINE_SPEED).start()
    try:
        yield running
    finally:
        running.stop()


class Chat:
    """One conversation with the running bot, with a fresh sender id."""

    def __init__(self, servers: BotServers, metadata: dict[str, Any] | None = None) -> None:
        self.servers = servers
        self.sender = f"test-{uuid.uuid4().hex}"
        self.metadata = metadata

    def say(self, message: str) -> list[dict[str, Any]]:
        """Send a message; return the bot's replies."""
        return self.servers.say(self.sender, message, self.metadata)

    def text(self, message: str) -> str:
        """Send a message; return all reply texts joined, for assertions on meaning."""
        return "\n".join(r.get("text") or "" for r in self.say(message))


@pytest.fixture
def chat(servers: BotServers) -> Chat:
    return Chat(servers)


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    """A real redis-server on a loopback port, with persistence off, for one test module."""
    server = RedisServer()
    try:
        yield server.port
    finally:
        server.stop()
