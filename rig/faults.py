"""Fault injection against real processes: kill the action server, lock the analytics database."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rig.harness import BotServers
from rig.http import post


@contextmanager
def action_server_down(servers: BotServers) -> Iterator[None]:
    """Kill the action server for the duration of the block, then start it again."""
    process = servers.processes["actions"]
    process.kill()
    process.wait(timeout=30)
    try:
        yield
    finally:
        servers.start_actions()
        servers.wait_ready()


@contextmanager
def database_locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on a SQLite database, as a long-running writer would."""
    connection = sqlite3.connect(path, timeout=1, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def restart_rasa(servers: BotServers) -> float:
    """Kill the Rasa server, start it again, and return the seconds it was down."""
    process = servers.processes["rasa"]
    started = time.perf_counter()
    process.kill()
    process.wait(timeout=30)
    servers.start_rasa()
    servers.wait_ready()
    return time.perf_counter() - started


def redis_down_answer(servers: BotServers, redis_stop: Callable[[], None]) -> tuple[int, float]:
    """Stop Redis under a bot that keeps its state there; return the widget's status and time."""
    redis_stop()
    body = {"sender": "drill-redis-0001", "message": "hello"}
    started = time.perf_counter()
    status = post(f"{servers.url}/webhooks/widget/webhook", body).status
    return status, time.perf_counter() - started
