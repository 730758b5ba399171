"""The two-command quick start: finding Python 3.10, not retraining, and `python -m bot run`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.cli import PROJECT
from bot.harness import BotServers, free_port, post_json


def test_a_missing_python_310_gives_one_clear_line_and_a_non_zero_exit() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "PYENV_ROOT": "/nonexistent"}
    result = subprocess.run(
        ["bash", str(PROJECT / "scripts" / "find-python.sh")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("error: Python 3.10 not found.")
    assert "install" in result.stderr


def test_the_finder_returns_a_python_that_really_is_310() -> None:
    found = subprocess.run(
        ["bash", str(PROJECT / "scripts" / "find-python.sh")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    version = subprocess.run(
        [found, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
    )
    assert version.stdout.strip() == "(3, 10)"


@pytest.mark.servers
def test_the_model_is_not_retrained_when_nothing_changed(servers: BotServers) -> None:
    # The session fixture has just run `make train`; asking make again must find nothing to do.
    result = subprocess.run(["make", "-q", "train"], cwd=PROJECT)
    assert result.returncode == 0


@pytest.mark.servers
def test_bot_run_answers_the_rest_channel_and_ctrl_c_stops_both_servers(
    servers: BotServers,
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
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
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
