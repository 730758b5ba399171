"""Nothing anyone types is kept: canaries through every store, log and file, with --debug on.

Each message carries a unique canary. After the conversations, the canaries are searched
for in the stored trackers, the SQL tracker database, every Redis key and value, the
analytics database, every server log, the model, and every file written under the project
or the temp folder during the run. The count must be 0.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.cli import PROJECT
from rig.harness import BotServers, free_port, temporary_log_dir
from tests.system.conftest import StoreServers

pytestmark = pytest.mark.servers

# One prefix per test run: it cannot be in any file unless this run leaked it.
PREFIX = f"zq{uuid.uuid4().hex[:10]}"
STORE = "bot.tracker_store.RedactingTrackerStore"
MAX_FILE_BYTES = 64 * 1024 * 1024


def canary(counter: list[int]) -> str:
    counter[0] += 1
    return f"{PREFIX}x{counter[0]}"


def conversation(n: int, counter: list[int]) -> list[str]:
    """A realistic conversation; every typed message carries a canary, taps do not."""
    messages = [
        f"hey {canary(counter)}",
        f"someone has my pics and wants money {canary(counter)}",
        "/next_step",
        f"im 15 and live in scotland {canary(counter)}",
    ]
    if n % 4 == 0:
        messages.append(f"i cant take it anymore i want to die {canary(counter)}")
    if n % 5 == 0:
        messages.append(f"<script>alert('{canary(counter)}')</script>")
    return messages


def drive(
    servers: BotServers, conversations: int, counter: list[int]
) -> tuple[dict[str, int], list[str]]:
    """Send the conversations; return what happened (for the counts) and the sender ids."""
    sent = {"conversations": 0, "crisis": 0, "disclosures": 0}
    senders = []
    for n in range(conversations):
        sender = f"privacy-{uuid.uuid4().hex}"
        senders.append(sender)
        for message in conversation(n, counter):
            replies = servers.say(sender, message)
            assert replies, f"no reply to {message!r}"
        sent["conversations"] += 1
        sent["disclosures"] += 1
        sent["crisis"] += 1 if n % 4 == 0 else 0
    return sent, senders


def leaks_in(where: str, data: bytes) -> list[str]:
    return [where] if PREFIX.encode() in data else []


def scan_files_written_since(start: float, roots: list[Path]) -> list[str]:
    """Every file under the roots modified since `start` that contains a canary."""
    leaks: list[str] = []
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                try:
                    stat = path.stat()
                    if stat.st_mtime < start or stat.st_size > MAX_FILE_BYTES:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                if path.suffix == ".gz":
                    with contextlib.suppress(OSError, EOFError):
                        data = gzip.decompress(data)
                leaks += leaks_in(str(path), data)
    return leaks


def scan_model() -> list[str]:
    leaks: list[str] = []
    for model in (PROJECT / "models").glob("*.tar.gz"):
        leaks += leaks_in(str(model), gzip.decompress(model.read_bytes()))
    return leaks


def wait_for_count(db: Path, metric: str, expected: int, timeout: float = 30) -> int:
    """Counts are written in the background; wait until they add up (or time runs out)."""
    deadline = time.monotonic() + timeout
    total = -1
    while time.monotonic() < deadline:
        if db.exists():
            try:
                row = (
                    sqlite3.connect(db)
                    .execute(
                        "select coalesce(sum(count), 0) from daily_counts where metric = ?",
                        (metric,),
                    )
                    .fetchone()
                )
                total = int(row[0])
            except sqlite3.OperationalError:
                total = -1
            if total == expected:
                return total
        time.sleep(0.5)
    return total


def start(tmp: Path, tracker_store: dict[str, Any] | None, analytics: str) -> BotServers:
    return BotServers(
        temporary_log_dir(),
        tracker_store=tracker_store,
        debug=True,
        env={"SAFE_STEPS_ANALYTICS_URL": analytics},
    ).start()


def test_no_canary_is_kept_anywhere_across_200_conversations(
    tmp_path: Path, redis_port: int, store_servers: StoreServers
) -> None:
    start_time = time.time() - 1
    counter = [0]
    leaks: list[str] = []
    analytics_db = tmp_path / "analytics.db"
    analytics = f"sqlite:///{analytics_db}"
    runs: list[BotServers] = []

    # 1. The default: redacting in-memory store.
    memory = start(tmp_path, None, analytics)
    runs.append(memory)
    try:
        sent, senders = drive(memory, 120, counter)
        for sender in senders:
            leaks += leaks_in(
                f"memory tracker {sender}", str(memory.stored_tracker(sender)).encode()
            )
        # The counts match what was driven.
        assert wait_for_count(analytics_db, "conversation_started", sent["conversations"]) == 120
        assert wait_for_count(analytics_db, "crisis_reply", sent["crisis"]) == sent["crisis"]
        assert wait_for_count(analytics_db, "step:dont_pay", sent["disclosures"]) == 120
    finally:
        memory.stop()

    # 2. The SQL store (SQLite file), then 3. the Redis store: 40 conversations each, on the
    # servers the long-conversation tests share (also --debug); stopped afterwards, so their
    # logs are complete, and started again if a later test asks for them.
    for backend in ("sql", "redis"):
        try:
            drive(store_servers.get(backend), 40, counter)
        finally:
            stopped = store_servers.stop(backend)
            if stopped is not None:
                runs.append(stopped)
    tracker_db = Path(store_servers.stores["sql"]["db"])
    assert tracker_db.stat().st_size > 0
    leaks += leaks_in(str(tracker_db), tracker_db.read_bytes())
    client = redis.Redis(port=redis_port)
    keys = client.keys("*")
    assert keys, "the Redis store kept nothing at all"
    for key in keys:
        leaks += leaks_in(f"redis key {key!r}", key)
        if client.type(key) == b"string":
            leaks += leaks_in(f"redis value {key!r}", client.get(key) or b"")
    assert all(0 < (client.ttl(key) or 0) <= 1800 for key in keys), "Redis keys must expire"

    # 4. Everything else: analytics, logs, the model, and any file written during the run.
    leaks += leaks_in(str(analytics_db), analytics_db.read_bytes())
    for run in runs[1:]:  # the shared-store servers count into a database of their own
        counts = run.log_dir / "analytics.db"
        leaks += leaks_in(str(counts), counts.read_bytes()) if counts.exists() else []
    for run in runs:
        for log in run.log_dir.glob("*.log"):
            text = log.read_bytes()
            assert b"DEBUG" in text or log.name == "actions.log", "--debug was not on"
            leaks += leaks_in(str(log), text)
    leaks += scan_model()
    leaks += scan_files_written_since(start_time, [PROJECT, Path(tempfile.gettempdir())])

    print(f"\nprivacy: {counter[0]} canaries over 200 conversations, {len(leaks)} found")
    assert counter[0] >= 600  # at least three typed messages in each of 200 conversations
    assert leaks == []


def test_a_tracker_store_that_cannot_be_created_stops_the_server() -> None:
    closed_port = free_port()
    servers = BotServers(
        temporary_log_dir(),
        tracker_store={"type": STORE, "backend": "redis", "url": "127.0.0.1", "port": closed_port},
    )
    servers.start_rasa()
    try:
        assert servers.processes["rasa"].wait(timeout=120) != 0
    finally:
        servers.stop()
    log = (servers.log_dir / "rasa.log").read_text(errors="replace")
    assert "Safe Steps cannot create its 'redis' tracker store" in log
    assert "Rasa server is up and running" not in log


def test_an_unreachable_analytics_database_does_not_break_a_conversation() -> None:
    servers = BotServers(
        temporary_log_dir(),
        env={"SAFE_STEPS_ANALYTICS_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/none"},
    ).start()
    try:
        replies = servers.say("analytics-down", "someone has my nudes and wants money")
        assert "not your fault" in replies[0]["text"]
        crisis = servers.say("analytics-down", "i want to die")
        assert "0800 1111" in crisis[0]["text"]
        time.sleep(2)
    finally:
        servers.stop()
    log = (servers.log_dir / "rasa.log").read_text(errors="replace")
    assert "analytics: database unavailable, count dropped" in log
