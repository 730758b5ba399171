"""Start the real Rasa server and action server for tests and scripts, and stop them.

Used by the pytest fixtures (once per test session) and by `python -m bot transcripts`,
so both drive exactly what `make run` runs, over HTTP.
"""

from __future__ import annotations

import json
import secrets
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.cli import (
    MODEL,
    PROJECT,
    actions_command,
    credentials_for,
    endpoints_for,
    rasa_command,
    server_env,
)
from bot.supervisor import stop

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


def post_json(
    url: str,
    body: Any,
    timeout: float = 30,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> Any:
    """POST a JSON body and return the decoded JSON answer (`context` for HTTPS)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
        return json.loads(response.read() or b"null")


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
        endpoints = endpoints_for(self.actions_port, self.log_dir, overrides)
        extra = ["--enable-api", "--auth-token", self.token, *self._debug_args]
        extra += self.extra_rasa_args
        credentials = credentials_for(self.log_dir, self.channel_options)
        self._spawn("rasa", rasa_command(self.rasa_port, MODEL, endpoints, extra, credentials))

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=PROJECT, env={**server_env(), **self.env}, stdout=log, stderr=log
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
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        checks = {"rasa": f"{self.url}/", "actions": f"http://127.0.0.1:{self.actions_port}/health"}
        for name, url in checks.items():
            if name not in self.processes:
                continue  # an instance that shares another's action server
            while True:
                process = self.processes[name]
                if process.poll() is not None:
                    log = (self.log_dir / f"{name}.log").read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"{name} exited with {process.returncode}:\n{log}")
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except (urllib.error.URLError, OSError):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{name} did not answer {url} in time") from None
                    time.sleep(0.5)

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


def temporary_log_dir() -> Path:
    """A fresh folder for one run's server logs."""
    return Path(tempfile.mkdtemp(prefix="safe-steps-servers-"))
