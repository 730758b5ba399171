"""Fixtures for tests against the real servers: the shared bot, started once per session.

Tests that only send messages share `servers` (one Rasa server and one action server for
the whole session, per xdist worker). A test that stops, restarts or reconfigures a server
starts its own BotServers instead, so the shared one is never disturbed.

Tests that need the redacting tracker store on a backend several instances could share (SQL,
Redis) share `store_servers`: one pair per backend, started when first asked for.
"""

from __future__ import annotations

import fcntl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import PROJECT
from rig.harness import MACHINE_SPEED, BotServers, Chat, temporary_log_dir
from rig.process import RedisServer


@pytest.fixture(scope="session")
def servers() -> Iterator[BotServers]:
    """Train if the model is stale (make decides), then start both servers once."""
    # Under xdist each worker gets here: the lock lets one train while the other waits.
    (PROJECT / "models").mkdir(exist_ok=True)
    with (PROJECT / "models" / ".train.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "--no-print-directory", "-s", "train"], cwd=PROJECT, check=True)
    running = BotServers(temporary_log_dir(), channel_options=MACHINE_SPEED).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def chat(servers: BotServers) -> Chat:
    return Chat(servers)


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """A real redis-server on a loopback port, with persistence off, for the session."""
    server = RedisServer()
    try:
        yield server.port
    finally:
        server.stop()


class StoreServers:
    """A server pair on each shared-store backend, `--debug` on, each started on first use.

    `--debug` because the privacy test reads their logs for message text; machine speed
    because the long-conversation test talks faster than a person could.
    """

    STORE = "bot.tracker_store.RedactingTrackerStore"

    def __init__(self, folder: Path, redis_port: int) -> None:
        self.stores: dict[str, dict[str, Any]] = {
            "sql": {"type": self.STORE, "backend": "sql", "dialect": "sqlite"},
            "redis": {"type": self.STORE, "backend": "redis", "url": "127.0.0.1"},
        }
        self.stores["sql"]["db"] = str(folder / "trackers.db")
        self.stores["redis"]["port"] = redis_port
        self.running: dict[str, BotServers] = {}

    def get(self, backend: str) -> BotServers:
        """The running pair on `backend` ("sql" or "redis"), started if it is not."""
        if backend not in self.running:
            self.running[backend] = BotServers(
                temporary_log_dir(),
                tracker_store=self.stores[backend],
                channel_options=MACHINE_SPEED,
                debug=True,
            ).start()
        return self.running[backend]

    def stop(self, backend: str) -> BotServers | None:
        """Stop the pair (its logs are then complete); the next `get` starts a new one."""
        servers = self.running.pop(backend, None)
        if servers is not None:
            servers.stop()
        return servers


@pytest.fixture(scope="session")
def store_servers(
    tmp_path_factory: pytest.TempPathFactory, redis_port: int
) -> Iterator[StoreServers]:
    pool = StoreServers(tmp_path_factory.mktemp("stores"), redis_port)
    try:
        yield pool
    finally:
        for backend in list(pool.running):
            pool.stop(backend)
