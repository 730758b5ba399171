"""Fixtures for tests against the real servers: the shared bot, started once per session.

Tests that only send messages share `servers` (one Rasa server and one action server for
the whole session). A test that stops, restarts or reconfigures a server starts its own
BotServers instead, so the shared one is never disturbed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from bot.cli import PROJECT
from rig.harness import MACHINE_SPEED, BotServers, Chat, temporary_log_dir
from rig.process import RedisServer


@pytest.fixture(scope="session")
def servers() -> Iterator[BotServers]:
    """Train if the model is stale (make decides), then start both servers once."""
    subprocess.run(["make", "--no-print-directory", "-s", "train"], cwd=PROJECT, check=True)
    running = BotServers(temporary_log_dir(), channel_options=MACHINE_SPEED).start()
    try:
        yield running
    finally:
        running.stop()


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
