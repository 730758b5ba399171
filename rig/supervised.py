"""The action server killed under the real `python -m bot run`, the command people run.

Why: the other drills kill servers that the test harness started, so they could not see that
the supervisor itself stopped Rasa when the action server died. This drill starts the real
command, kills its action server, and checks that a crisis reply still comes back at once and
that ordinary replies (which need the action server) come back on their own.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path

from bot.cli import PROJECT, server_env
from rig.harness import free_port
from rig.http import post_json, wait_until

START_TIMEOUT_SECONDS = 240
BACK_TIMEOUT_SECONDS = 60
_STARTED = re.compile(r"\[supervisor\] (\w+) started \(pid (\d+)\)")


@dataclass
class SupervisedBot:
    """`python -m bot run` on free ports, its output in `log`, run in `cwd` with `env`."""

    log: Path
    cwd: Path = PROJECT
    env: dict[str, str] = field(default_factory=server_env)
    rasa_port: int = 0
    actions_port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base address of the supervised Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> SupervisedBot:
        """Start the command and wait until Rasa answers on its REST channel."""
        self.rasa_port, self.actions_port = free_port(), free_port()
        if self.cwd == PROJECT:
            # Run in the checkout: counts go next to the log (unless the caller chose), never
            # into the checkout's var/. Elsewhere (the wheel drill) relative paths are the test.
            analytics = f"sqlite:///{self.log.parent / 'analytics.db'}"
            self.env = {"SAFE_STEPS_ANALYTICS_URL": analytics, **self.env}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    "--port",
                    str(self.rasa_port),
                    "--actions-port",
                    str(self.actions_port),
                ],
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until(
                lambda: self.answers_normally("drill-supervised-start"),
                START_TIMEOUT_SECONDS,
                "`python -m bot run`",
                alive=self._alive,
                interval=1,
            )
        except RuntimeError as error:
            raise RuntimeError(f"{error}; it printed:\n{self.output()[-3000:]}") from None
        return self

    def _alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"`python -m bot run` exited with {self.process.returncode}")

    def output(self) -> str:
        """Everything the supervisor and its servers printed so far."""
        return self.log.read_text(errors="replace")

    def pid(self, name: str) -> int:
        """The pid of the latest `name` process the supervisor started (from its log)."""
        found = [int(pid) for child, pid in _STARTED.findall(self.output()) if child == name]
        if not found:
            raise RuntimeError(f"the supervisor has not logged starting {name}")
        return found[-1]

    def say(self, sender: str, message: str) -> list[dict[str, object]]:
        """One message through the REST channel."""
        body = {"sender": sender, "message": message}
        return list(post_json(f"{self.url}/webhooks/rest/webhook", body, timeout=30) or [])

    def answers_normally(self, sender: str) -> bool:
        """True if a question that needs the action server gets the action's own answer."""
        try:
            replies = self.say(sender, "im 15 in the uk how do i report it")
        except (urllib.error.URLError, OSError, ValueError):
            return False
        return any("CEOP" in str(r.get("text") or "") and not r.get("fallback") for r in replies)

    def stop(self) -> int | None:
        """Stop the supervisor the way systemd does (SIGTERM); return its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@dataclass
class ActionsKilledResult:
    """What happened after the action server was killed under the supervisor."""

    crisis_reply: str
    crisis_seconds: float
    actions_back_seconds: float | None
    restart_logged: bool
    supervisor_alive: bool


def kill_action_server(bot: SupervisedBot, sender: str) -> ActionsKilledResult:
    """SIGKILL the action server; time a crisis reply, then the return of action replies."""
    killed_pid = bot.pid("actions")
    os.kill(killed_pid, signal.SIGKILL)
    killed = time.perf_counter()
    crisis = bot.say(f"{sender}-crisis", "i want to kill myself")
    crisis_seconds = time.perf_counter() - killed
    back: float | None = None
    attempt = 0
    while time.perf_counter() - killed < BACK_TIMEOUT_SECONDS:
        attempt += 1
        if bot.answers_normally(f"{sender}-back-{attempt}"):
            back = time.perf_counter() - killed
            break
        time.sleep(0.5)
    restarted = bot.pid("actions") != killed_pid and "actions exited with code" in bot.output()
    return ActionsKilledResult(
        crisis_reply="\n".join(str(r.get("text") or "") for r in crisis),
        crisis_seconds=crisis_seconds,
        actions_back_seconds=back,
        restart_logged=restarted,
        supervisor_alive=bot.process is not None and bot.process.poll() is None,
    )
