"""Keep Rasa and the action server running: restart a crashed one, with backoff.

Why: crisis replies are built inside Rasa (bot/nlg.py) precisely so that they survive the
action server failing. A supervisor that stopped Rasa whenever the action server died would
take crisis help down with it. So a crashed process is restarted, on its own, while the
other keeps answering; the supervisor gives up (and exits non-zero, so systemd or a person
notices) only after repeated crashes in a short window, which means restarting is not
helping.

Restart log lines name the process, its exit code and the delay; never anything it said.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# The first restart is almost immediate (help should be back fast); each further crash in
# the window doubles the wait, up to a cap, so a crash loop does not burn the CPU that the
# surviving process needs to answer people.
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
POLL_SECONDS = 0.2


def backoff_seconds(recent_crashes: int) -> float:
    """How long to wait before restarting, given the crashes in the window (this one included)."""
    return float(min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** max(0, recent_crashes - 1)))


class CrashWindow:
    """Crash times of one process, kept for `window_seconds`: too many means give up."""

    def __init__(self, max_crashes: int, window_seconds: float) -> None:
        if max_crashes < 1 or window_seconds <= 0:
            raise ValueError("max_crashes must be at least 1 and window_seconds above 0")
        self.max_crashes = max_crashes
        self.window_seconds = window_seconds
        self._times: deque[float] = deque()

    def record(self, now: float) -> int:
        """Note a crash at `now`; return how many crashes fall inside the window."""
        self._times.append(now)
        while self._times and self._times[0] <= now - self.window_seconds:
            self._times.popleft()
        return len(self._times)

    def exhausted(self) -> bool:
        """True once `max_crashes` crashes fell inside one window."""
        return len(self._times) >= self.max_crashes


Log = Callable[[str], None]


def _print(line: str) -> None:
    print(f"[supervisor] {line}", flush=True)


def _relay(name: str, process: subprocess.Popen[str]) -> None:
    """Copy a child's output to ours, each line prefixed with the child's name."""
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(f"[{name}] {line}")
        sys.stdout.flush()


@dataclass
class Child:
    """One supervised server: how to start it, and its crash history."""

    name: str
    command: list[str]
    crashes: CrashWindow
    process: subprocess.Popen[str] | None = None
    restart_at: float | None = None


class Supervisor:
    """Starts the children, restarts any that exit, and stops them all at the end."""

    def __init__(
        self,
        commands: dict[str, list[str]],
        cwd: Path,
        env: dict[str, str],
        max_crashes: int,
        window_seconds: float,
        log: Log = _print,
    ) -> None:
        self.children = [
            Child(name, command, CrashWindow(max_crashes, window_seconds))
            for name, command in commands.items()
        ]
        self.cwd = cwd
        self.env = env
        self.log = log
        self._stopping = threading.Event()

    def _spawn(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.command,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        child.restart_at = None
        threading.Thread(target=_relay, args=(child.name, child.process), daemon=True).start()
        self.log(f"{child.name} started (pid {child.process.pid})")

    def request_stop(self) -> None:
        """Ask the loop to end (from a signal handler or another thread)."""
        self._stopping.set()

    def step(self, now: float) -> int | None:
        """Check every child once; return an exit code when supervision must end."""
        for child in self.children:
            process = child.process
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._spawn(child)
                continue
            if process is None or process.poll() is None:
                continue
            recent = child.crashes.record(now)
            if child.crashes.exhausted():
                self.log(
                    f"{child.name} exited with code {process.returncode}: {recent} crashes "
                    f"in {child.crashes.window_seconds:g} s; giving up and stopping everything"
                )
                return 1
            delay = backoff_seconds(recent)
            self.log(
                f"{child.name} exited with code {process.returncode}; restarting in "
                f"{delay:g} s (crash {recent} of {child.crashes.max_crashes} allowed in "
                f"{child.crashes.window_seconds:g} s)"
            )
            child.restart_at = now + delay
        return None

    def run(self) -> int:
        """Start every child and supervise until stopped (0) or a crash loop (1)."""
        try:
            for child in self.children:
                self._spawn(child)
            while not self._stopping.is_set():
                code = self.step(time.monotonic())
                if code is not None:
                    return code
                self._stopping.wait(POLL_SECONDS)
            return 0
        finally:
            self.stop_all()

    def stop_all(self) -> None:
        """Ask each child to stop, then kill any that linger."""
        stop([child.process for child in self.children if child.process is not None])


def stop(processes: Sequence[subprocess.Popen[str]] | Sequence[subprocess.Popen[bytes]]) -> None:
    """Ask each process to stop, then kill any that linger."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
