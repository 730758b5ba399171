"""`python -m bot run` through real servers: no retraining, answers, and Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bot.cli import PROJECT
from bot.rasa_internals import PATCHED
from rig.harness import BotServers, free_port
from rig.http import post_json


@pytest.mark.servers
def test_the_model_is_not_retrained_when_nothing_changed(servers: BotServers) -> None:
    # The session fixture has just run `make train`; asking make again must find nothing to do.
    result = subprocess.run(["make", "-q", "train"], cwd=PROJECT)
    assert result.returncode == 0


@pytest.mark.servers
def test_bot_run_answers_the_rest_channel_and_ctrl_c_stops_both_servers(
    servers: BotServers, tmp_path: Path
) -> None:
    rasa_port, actions_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "run",
            "--port",
            str(rasa_port),
            "--actions-port",
            str(actions_port),
        ],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Counts go to a temporary database: tests never write into the checkout's var/.
        env={
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "SAFE_STEPS_ANALYTICS_URL": f"sqlite:///{tmp_path / 'analytics.db'}",
        },
    )
    output: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if "Safe Steps is ready" in line or process.poll() is not None:
                break
        assert any("Safe Steps is ready" in line for line in output), "".join(output[-30:])
        # Keep reading its output: a full pipe would block `bot run`'s writes, and with them
        # its shutdown (seen with two pytest workers, when the servers log more).
        threading.Thread(target=output.extend, args=(process.stdout,), daemon=True).start()
        replies = post_json(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            {"sender": "foundation-0001", "message": "hi"},
        )
        assert "chatbot" in replies[0]["text"]
        assert any(line.startswith("[rasa] ") for line in output)
        assert any(line.startswith("[actions] ") for line in output)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    for port in (rasa_port, actions_port):
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


@pytest.mark.servers
def test_a_running_server_has_the_rasa_internals_installed(servers: BotServers) -> None:
    """Rasa started through bot/rasa_server.py, and the tracker store saw the patches."""
    log = (servers.log_dir / "rasa.log").read_text(errors="replace")
    assert "internals installed: " + ", ".join(PATCHED) in log
    assert servers.say("internals-check", "hi")  # and the patched server still answers
