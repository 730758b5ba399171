"""Small helpers for measuring the real server processes."""

from __future__ import annotations

import os
import time
from pathlib import Path


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


class RedisServer:
    """A real redis-server on a free loopback port, with persistence off."""

    def __init__(self) -> None:
        import shutil
        import tempfile

        from rig.harness import free_port

        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed: run `make redis-server`")
        self.binary = binary
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="safe-steps-redis-")
        self._start()

    def _start(self) -> None:
        import subprocess

        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        import redis

        from rig.http import wait_until

        client = redis.Redis(port=self.port)
        wait_until(client.ping, 10, "redis-server", interval=0.1, not_yet=(redis.ConnectionError,))

    def stores(self) -> tuple[dict[str, object], dict[str, object]]:
        """Endpoint sections for the redacting tracker store and the lock store on this Redis."""
        tracker = {
            "type": "bot.tracker_store.RedactingTrackerStore",
            "backend": "redis",
            "url": "127.0.0.1",
            "port": self.port,
        }
        return tracker, {"type": "redis", "url": "127.0.0.1", "port": self.port}

    def pause(self) -> None:
        """Stop Redis (SIGTERM, as `systemctl stop` does), keeping its port and folder."""
        self.process.terminate()
        self.process.wait(timeout=10)

    def resume(self) -> None:
        """Start Redis again on the same port, after `pause`."""
        self._start()

    def stop(self) -> None:
        import shutil

        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores), from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _tree_seconds(root: int) -> float:
    """CPU seconds used so far by a process and all its living descendants."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [root]
    while pending:
        pid = pending.pop()
        total += times.get(pid, 0.0)
        pending += [child for child, parent in parents.items() if parent == pid]
    return total


class OtherLoad:
    """How many cores processes outside this one's tree used while it measured something.

    Why: the benchmark machine is shared; a scale-out figure means little if other people's
    processes took a core meanwhile, so the report says how much they took.
    """

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.machine = _busy_seconds()
        self.ours = _tree_seconds(os.getpid())

    def cores(self) -> float:
        """Average cores used by everything else on the machine since this was created."""
        elapsed = time.monotonic() - self.started
        machine = _busy_seconds() - self.machine
        ours = _tree_seconds(os.getpid()) - self.ours
        return max(0.0, machine - ours) / elapsed if elapsed else 0.0
