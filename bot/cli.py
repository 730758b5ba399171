"""The `python -m bot` command line: run the bot (Rasa and the action server together).

`make run` calls `python -m bot run`. One command supervises both processes, prefixes
their logs, and stops both on Ctrl-C or when either one dies, so a half-running bot
(Rasa up, actions down) never looks healthy.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot import settings

PROJECT = Path(__file__).resolve().parent.parent
MODEL = PROJECT / "models" / "safe-steps.tar.gz"
READY_TIMEOUT_SECONDS = 300


def server_env() -> dict[str, str]:
    """The environment for both servers: telemetry off, quiet TensorFlow, project importable."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    return env


def rasa_command(
    rasa_port: int,
    model: Path,
    endpoints: Path,
    extra: Sequence[str] = (),
    credentials: Path = PROJECT / "credentials.yml",
) -> list[str]:
    """`rasa run` with our channels, logging configuration and the given endpoints."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    return [
        rasa,
        "run",
        "--model",
        str(model),
        "--port",
        str(rasa_port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--logging-config-file",
        str(PROJECT / "logging.yml"),
        *extra,
    ]


def actions_command(actions_port: int, extra: Sequence[str] = ()) -> list[str]:
    """`rasa run actions` for the `actions` package."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    return [
        rasa,
        "run",
        "actions",
        "--actions",
        "actions",
        "--port",
        str(actions_port),
        "--logging-config-file",
        str(PROJECT / "logging.yml"),
        *extra,
    ]


def endpoints_for(
    actions_port: int, directory: Path, overrides: dict[str, Any] | None = None
) -> Path:
    """endpoints.yml as shipped, unless the action port or some sections differ."""
    shipped = PROJECT / "endpoints.yml"
    if actions_port == 5055 and not overrides:
        return shipped
    endpoints = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://localhost:{actions_port}/webhook"
    endpoints.update(overrides or {})
    moved = directory / "endpoints.yml"
    moved.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return moved


def credentials_for(directory: Path, options: dict[str, dict[str, Any]] | None = None) -> Path:
    """credentials.yml as shipped, unless some channels' options differ (merged over it)."""
    shipped = PROJECT / "credentials.yml"
    if not options:
        return shipped
    channels = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    for channel, changed in options.items():
        channels[channel] = {**(channels.get(channel) or {}), **changed}
    moved = directory / "credentials.yml"
    moved.write_text(yaml.safe_dump(channels), encoding="utf-8")
    return moved


def _relay(name: str, process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(f"[{name}] {line}")
        sys.stdout.flush()


def wait_until_ready(url: str, processes: Sequence[subprocess.Popen[str]]) -> bool:
    """Poll `url` until it answers, or until a process dies or time runs out."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    return False


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


def run(rasa_port: int, actions_port: int) -> int:
    """Start both servers, report where to chat, and supervise until Ctrl-C or a crash."""
    if not MODEL.exists():
        print(f"error: no trained model at {MODEL}. Run `make run` (it trains first).")
        return 2
    import tempfile

    with tempfile.TemporaryDirectory(prefix="safe-steps-") as scratch:
        endpoints = endpoints_for(actions_port, Path(scratch))
        processes: dict[str, subprocess.Popen[str]] = {}
        for name, command in (
            ("actions", actions_command(actions_port)),
            ("rasa", rasa_command(rasa_port, MODEL, endpoints)),
        ):
            processes[name] = subprocess.Popen(
                command,
                cwd=PROJECT,
                env=server_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            threading.Thread(target=_relay, args=(name, processes[name]), daemon=True).start()
        try:
            if wait_until_ready(f"http://localhost:{rasa_port}/", list(processes.values())):
                print(
                    "\nSafe Steps is ready.\n"
                    f"  Demo page:     http://localhost:{rasa_port}/webhooks/widget/demo\n"
                    f"  Chat endpoint: POST http://localhost:{rasa_port}/webhooks/rest/webhook\n"
                    f"  Try: curl -s -XPOST localhost:{rasa_port}/webhooks/rest/webhook "
                    '-d \'{"sender":"try-it-0001","message":"hi"}\'\n'
                    "  Press Ctrl-C to stop both servers.\n",
                    flush=True,
                )
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            dead = [name for name, p in processes.items() if p.poll() is not None]
            print(f"error: {', '.join(dead)} stopped; stopping the rest.", flush=True)
            return 1
        except KeyboardInterrupt:
            print("\nStopping Safe Steps...", flush=True)
            return 0
        finally:
            stop(list(processes.values()))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m bot` and the `safe-steps` script."""
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run Rasa and the action server together")
    run_parser.add_argument(
        "--port",
        type=int,
        default=int(settings.get("SAFE_STEPS_RASA_PORT")),
        help=settings.SETTINGS["SAFE_STEPS_RASA_PORT"].help,
    )
    run_parser.add_argument(
        "--actions-port",
        type=int,
        default=int(settings.get("SAFE_STEPS_ACTIONS_PORT")),
        help=settings.SETTINGS["SAFE_STEPS_ACTIONS_PORT"].help,
    )
    commands.add_parser(
        "transcripts", help="write example conversations to docs/transcripts/ for review"
    )
    profiles_parser = commands.add_parser("profiles", help="deployment profiles")
    profiles_parser.add_argument("action", choices=["check"], help="check every profile file")
    stats_parser = commands.add_parser("stats", help="print the anonymous daily counts")
    stats_parser.add_argument(
        "--url",
        default=settings.get("SAFE_STEPS_ANALYTICS_URL"),
        help=settings.SETTINGS["SAFE_STEPS_ANALYTICS_URL"].help,
    )
    stats_parser.add_argument("--csv", type=Path, help="also write the counts to this CSV file")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.port, args.actions_port)
    if args.command == "profiles":
        from bot.profiles.loader import PROFILES_DIR, load_profiles
        from bot.profiles.promises import promise_warnings

        profiles, problems = load_profiles(PROFILES_DIR)
        warnings = [
            w for path in sorted(PROFILES_DIR.glob("*.yml")) for w in promise_warnings(path)
        ]
        for problem in problems:
            print(problem)
        for warning in warnings:
            print(f"warning: {warning}")
        print(
            f"{len(profiles)} profiles ok ({', '.join(sorted(profiles))}); "
            f"{len(problems)} problems; {len(warnings)} warnings"
        )
        return 1 if problems else 0
    if args.command == "stats":
        from bot.analytics.stats import format_table, read_rows, write_csv

        rows = read_rows(args.url)
        print(format_table(rows) if rows else "No counts yet.")
        if args.csv:
            write_csv(rows, args.csv)
            print(f"wrote {args.csv}")
        return 0
    if args.command == "transcripts":
        from bot.transcripts import write_transcripts

        for path in write_transcripts():
            print(f"wrote {path.relative_to(PROJECT)}")
        return 0
    return 2
