"""Small helpers for measuring the real server processes."""

from __future__ import annotations

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

        from bot.harness import free_port

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
        import time

        import redis

        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

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
