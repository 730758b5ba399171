"""Start the real Rasa server and action server for tests and scripts, and stop them.

Used by the pytest fixtures, the drills, the benchmarks and `python -m rig transcripts`,
so all of them drive exactly what `make run` runs, over HTTP.
"""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import tempfile
import urllib.request
import uuid
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bot.cli import (
    PROJECT,
    actions_command,
    credentials_for,
    endpoints_for,
    rasa_command,
    server_env,
)
from bot.settings import Settings
from bot.supervisor import stop
from rig.http import answers, post_json, wait_until

# The model the rig starts: the checkout's, as `make train` writes it.
MODEL = PROJECT / "models" / "safe-steps.tar.gz"
START_TIMEOUT_SECONDS = 240
# Scripts and tests talk at machine speed (a 100-turn conversation in seconds), far past the
# per-client limit that is right for a person; they pass this. Tests of the limit do not.
MACHINE_SPEED: dict[str, dict[str, Any]] = {
    "bot.channels.rest.SafeRestInput": {"messages_per_minute": 600_000, "burst": 10_000},
}


def free_port() -> int:
    """A TCP port on loopback that nothing is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class BotServers:
    """Both servers on free ports, with their logs in `log_dir`."""

    log_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    extra_rasa_args: list[str] = field(default_factory=list)
    tracker_store: dict[str, Any] | None = None
    lock_store: dict[str, Any] | None = None
    # Channel options merged over credentials.yml, by channel: {"bot.channels...": {...}}.
    channel_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    debug: bool = False
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def _debug_args(self) -> list[str]:
        return ["--debug"] if self.debug else []

    @property
    def profiles_dir(self) -> Path:
        """The servers' own copy of the shipped profiles: tests may add files to it."""
        return self.log_dir / "profiles"

    def isolated_env(self) -> dict[str, str]:
        """Settings that keep everything the servers write out of the checkout.

        Profiles are a copy in `log_dir` (so a test can publish one) and the analytics
        database is there too, unless `env` says otherwise.
        """
        if not self.profiles_dir.exists():
            shutil.copytree(PROJECT / "profiles", self.profiles_dir)
        return {
            "SAFE_STEPS_PROFILES_DIR": str(self.profiles_dir),
            "SAFE_STEPS_ANALYTICS_URL": f"sqlite:///{self.log_dir / 'analytics.db'}",
        }

    @property
    def url(self) -> str:
        """Base address of the Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    def start_actions(self) -> None:
        """Start (or restart) the action server."""
        self._spawn("actions", actions_command(self.actions_port, self._debug_args))

    def start_rasa(self) -> None:
        """Start the Rasa server with the HTTP API on (token-protected) for /model/parse."""
        overrides = {
            name: value
            for name, value in (
                ("tracker_store", self.tracker_store),
                ("lock_store", self.lock_store),
            )
            if value is not None
        }
        settings = Settings.from_env({**server_env(), **self.isolated_env(), **self.env})
        endpoints = endpoints_for(self.actions_port, self.log_dir, settings, overrides)
        extra = ["--enable-api", "--auth-token", self.token, *self._debug_args]
        extra += self.extra_rasa_args
        credentials = credentials_for(self.log_dir, self.channel_options)
        self._spawn("rasa", rasa_command(self.rasa_port, MODEL, endpoints, extra, credentials))

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=PROJECT,
            env={**server_env(), **self.isolated_env(), **self.env},
            stdout=log,
            stderr=log,
        )

    def start(self) -> BotServers:
        """Start both and wait until Rasa answers and the action server is up."""
        if not MODEL.exists():
            raise RuntimeError(f"no trained model at {MODEL}: run `make train` first")
        self.start_actions()
        self.start_rasa()
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        """Block until both servers answer their health checks."""
        checks = {"rasa": f"{self.url}/", "actions": f"http://127.0.0.1:{self.actions_port}/health"}
        for name, url in checks.items():
            if name in self.processes:  # not there: an instance sharing another's action server
                wait_until(
                    partial(answers, url),
                    START_TIMEOUT_SECONDS,
                    f"{name} at {url}",
                    alive=partial(self._alive, name),
                )

    def _alive(self, name: str) -> None:
        """Raise with the end of its log if the named server has exited."""
        process = self.processes[name]
        if process.poll() is not None:
            log = (self.log_dir / f"{name}.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{log}")

    def stop(self) -> None:
        """Stop both servers."""
        stop(list(self.processes.values()))

    def say(self, sender: str, message: str, metadata: dict[str, Any] | None = None) -> list[Any]:
        """Send one message through the REST channel; return the bot's messages."""
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        answer = post_json(f"{self.url}/webhooks/rest/webhook", body)
        return list(answer or [])

    def stored_tracker(self, sender: str) -> dict[str, Any]:
        """The tracker as the tracker store holds it (Rasa's HTTP API)."""
        url = f"{self.url}/conversations/{sender}/tracker?token={self.token}"
        with urllib.request.urlopen(url, timeout=30) as response:
            result: dict[str, Any] = json.loads(response.read())
        return result

    def parse(self, text: str) -> dict[str, Any]:
        """Run the NLU pipeline (including the safety net) on one text."""
        result: dict[str, Any] = post_json(
            f"{self.url}/model/parse?token={self.token}", {"text": text}
        )
        return result


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


def temporary_log_dir() -> Path:
    """A fresh folder for one run's server logs."""
    return Path(tempfile.mkdtemp(prefix="safe-steps-servers-"))
