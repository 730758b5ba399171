"""`python -m bot run` keeps help up: it restarts a crashed server and gives up only on a loop."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.cli import PROJECT, api_args, rasa_command, server_env
from bot.settings import Settings
from bot.supervisor import CrashWindow, Supervisor, backoff_seconds


def _run_cli(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--port", "1", "--actions-port", "2"],
        cwd=PROJECT,
        env={**server_env(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_backoff_doubles_from_half_a_second_up_to_a_cap() -> None:
    assert [backoff_seconds(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_the_crash_window_forgets_old_crashes() -> None:
    window = CrashWindow(max_crashes=3, window_seconds=60)
    assert window.record(0) == 1
    assert window.record(30) == 2
    assert window.record(61) == 2  # the crash at 0 s has left the window
    assert not window.exhausted()
    assert window.record(62) == 3
    assert window.exhausted()


def test_a_crash_window_needs_sensible_limits() -> None:
    with pytest.raises(ValueError, match="max_crashes"):
        CrashWindow(max_crashes=0, window_seconds=60)


def test_a_server_that_keeps_crashing_makes_the_supervisor_give_up(tmp_path: Path) -> None:
    lines: list[str] = []
    supervisor = Supervisor(
        {"flaky": [sys.executable, "-c", "import sys; sys.exit(3)"]},
        cwd=tmp_path,
        env=server_env(),
        max_crashes=3,
        window_seconds=60,
        log=lines.append,
    )
    assert supervisor.run() == 1
    assert sum("flaky started" in line for line in lines) == 3
    assert any("restarting in 0.5 s" in line for line in lines)
    assert any("restarting in 1 s" in line for line in lines)
    assert "giving up" in lines[-1]


def test_a_server_that_crashes_once_is_restarted_and_kept(tmp_path: Path) -> None:
    def script(marker: Path) -> list[str]:
        """Crashes if `marker` is missing (and creates it); otherwise runs until stopped."""
        code = (
            "import pathlib, sys, time\n"
            f"marker = pathlib.Path({str(marker)!r})\n"
            "if not marker.exists():\n"
            "    marker.touch(); sys.exit(7)\n"
            "time.sleep(600)\n"
        )
        return [sys.executable, "-c", code]

    (tmp_path / "steady").touch()
    lines: list[str] = []
    supervisor = Supervisor(
        {"once": script(tmp_path / "once"), "steady": script(tmp_path / "steady")},
        cwd=tmp_path,
        env=server_env(),
        max_crashes=2,
        window_seconds=60,
        log=lines.append,
    )
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(supervisor.run()))
    thread.start()
    deadline = time.monotonic() + 30
    while sum("started" in line for line in lines) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    running = [c.process for c in supervisor.children if c.process is not None]
    supervisor.request_stop()
    thread.join(timeout=30)
    assert result == [0]
    assert sum("exited with code 7" in line for line in lines) == 1
    assert len(running) == 2 and all(p.poll() is not None for p in running)  # both stopped


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        (
            {"SAFE_STEPS_MAX_CRASHES": "five"},
            "SAFE_STEPS_MAX_CRASHES must be a whole number, not 'five'",
        ),
        ({"SAFE_STEPS_ENABLE_API": "true"}, "SAFE_STEPS_API_TOKEN must be set"),
        ({"SAFE_STEPS_PROFILES_DIR": "/nowhere/profiles"}, "no profiles folder at /nowhere"),
    ],
)
def test_bad_settings_get_a_clear_error_before_anything_starts(
    tmp_path: Path, settings: dict[str, str], error: str
) -> None:
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    result = _run_cli({"SAFE_STEPS_MODEL": str(model), **settings})
    assert result.returncode == 2
    assert error in result.stderr


def test_the_http_api_is_off_unless_turned_on_with_a_token() -> None:
    off = Settings.from_env({})
    command = rasa_command(5005, Path("model.tar.gz"), Path("endpoints.yml"), api_args(off))
    assert "--enable-api" not in command
    on = off.replace(SAFE_STEPS_ENABLE_API="true", SAFE_STEPS_API_TOKEN="a-long-enough-secret")
    assert api_args(on) == ["--enable-api", "--auth-token", "a-long-enough-secret"]
