"""The `python -m bot` command line: run the bot (Rasa and the action server together).

`make run` calls `python -m bot run`. One command supervises both processes and prefixes
their logs. A crashed server is restarted with backoff while the other keeps answering
(bot/supervisor.py): crisis replies are built inside Rasa, so they survive the action
server dying, and the supervisor must not take them down with it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.endpoints import endpoints_from_settings, write_endpoints
from bot.settings import SETTINGS, SettingError, Settings
from bot.supervisor import Supervisor

# The folder holding the `bot` and `actions` packages, put on the servers' PYTHONPATH. The
# running bot finds its files through bot/paths.py instead, so an installed package works too.
PROJECT = paths.PACKAGE.parent
READY_TIMEOUT_SECONDS = 300


def server_env() -> dict[str, str]:
    """The environment for both servers: telemetry off, quiet TensorFlow, package importable."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    return env


def api_args(settings: Settings) -> list[str]:
    """Rasa's HTTP API flags: none unless the operator turns it on, and then only with a token.

    The API can read and rewrite any conversation, so it stays off in production; Rasa would
    run it without authentication if `--enable-api` came without `--auth-token`.
    """
    if settings.get("SAFE_STEPS_ENABLE_API").strip().lower() not in ("1", "true", "yes"):
        return []
    token = settings.get("SAFE_STEPS_API_TOKEN").strip()
    if len(token) < 16:
        raise SettingError(
            "SAFE_STEPS_ENABLE_API is on, so SAFE_STEPS_API_TOKEN must be set to a secret of "
            "at least 16 characters (the API would otherwise be open to anyone who can reach it)"
        )
    return ["--enable-api", "--auth-token", token]


def rasa_command(
    rasa_port: int,
    model: Path,
    endpoints: Path,
    extra: Sequence[str] = (),
    credentials: Path | None = None,
) -> list[str]:
    """`rasa run` with our channels, logging and the given endpoints (HTTP API off).

    Through bot/rasa_server.py, so our Rasa internals are installed first (bot/rasa_internals.py).
    """
    return [
        sys.executable,
        "-m",
        "bot.rasa_server",
        "run",
        "--model",
        str(model),
        "--port",
        str(rasa_port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials or paths.shipped("credentials.yml")),
        "--logging-config-file",
        str(paths.shipped("logging.yml")),
        *extra,
    ]


def actions_command(actions_port: int, extra: Sequence[str] = ()) -> list[str]:
    """`rasa run actions` for the `actions` package."""
    return [
        sys.executable,
        "-m",
        "rasa",
        "run",
        "actions",
        "--actions",
        "actions",
        "--port",
        str(actions_port),
        "--logging-config-file",
        str(paths.shipped("logging.yml")),
        *extra,
    ]


def endpoints_for(
    actions_port: int,
    directory: Path,
    settings: Settings,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """endpoints.yml from the settings, with some sections replaced, written into `directory`."""
    endpoints = {**endpoints_from_settings(actions_port, settings), **(overrides or {})}
    return write_endpoints(endpoints, directory)


def credentials_for(directory: Path, options: dict[str, dict[str, Any]] | None = None) -> Path:
    """credentials.yml as shipped, unless some channels' options differ (merged over it)."""
    shipped = paths.shipped("credentials.yml")
    if not options:
        return shipped
    channels = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    for channel, changed in options.items():
        channels[channel] = {**(channels.get(channel) or {}), **changed}
    moved = directory / "credentials.yml"
    moved.write_text(yaml.safe_dump(channels), encoding="utf-8")
    return moved


def _announce_when_ready(rasa_port: int) -> None:
    """Say where to chat once Rasa first answers (Rasa takes about 10 s to load)."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{rasa_port}/", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    else:
        return
    print(
        "\nSafe Steps is ready.\n"
        f"  Demo page:     http://localhost:{rasa_port}/webhooks/widget/demo\n"
        f"  Chat endpoint: POST http://localhost:{rasa_port}/webhooks/rest/webhook\n"
        f"  Try: curl -s -XPOST localhost:{rasa_port}/webhooks/rest/webhook "
        '-d \'{"sender":"try-it-0001","message":"hi"}\'\n'
        "  Press Ctrl-C to stop both servers.\n",
        flush=True,
    )


def deployment_env(settings: Settings, needs_model: bool = True) -> dict[str, str]:
    """server_env() with the deployment's paths made absolute, so every child agrees on them.

    Raises SettingError with a clear reason when something the bot needs is missing.
    """
    model, profiles = paths.model(settings), paths.profiles_dir(settings)
    if needs_model and not model.is_file():
        raise SettingError(
            f"no trained model at {model}. Run `make train` (or set SAFE_STEPS_MODEL)."
        )
    if not profiles.is_dir():
        raise SettingError(
            f"no profiles folder at {profiles}. Create it (the package's examples are in "
            f"{paths.shipped('profiles')}) or set SAFE_STEPS_PROFILES_DIR."
        )
    return {
        **server_env(),
        "SAFE_STEPS_HOME": str(paths.home(settings)),
        "SAFE_STEPS_MODEL": str(model),
        "SAFE_STEPS_PROFILES_DIR": str(profiles),
    }


def run(settings: Settings, rasa_port: int, actions_port: int) -> int:
    """Start both servers, report where to chat, and keep them up until Ctrl-C or SIGTERM."""
    try:
        env = deployment_env(settings)
        extra = api_args(settings)
        endpoints_from_settings(actions_port, settings)  # a bad store setting fails here, clearly
        max_crashes = settings.get_int("SAFE_STEPS_MAX_CRASHES", minimum=1)
        window = settings.get_int("SAFE_STEPS_CRASH_WINDOW_SECONDS", minimum=1)
    except SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="safe-steps-") as scratch:
        endpoints = endpoints_for(actions_port, Path(scratch), settings)
        supervisor = Supervisor(
            {
                "actions": actions_command(actions_port),
                "rasa": rasa_command(rasa_port, Path(env["SAFE_STEPS_MODEL"]), endpoints, extra),
            },
            cwd=paths.home(settings),
            env=env,
            max_crashes=max_crashes,
            window_seconds=window,
        )
        signal.signal(signal.SIGTERM, lambda *_: supervisor.request_stop())
        threading.Thread(target=_announce_when_ready, args=(rasa_port,), daemon=True).start()
        try:
            code = supervisor.run()
        except KeyboardInterrupt:
            print("\nStopping Safe Steps...", flush=True)
            return 0
        if code:
            print("error: a server kept crashing; stopped Safe Steps.", flush=True)
        return code


def serve(settings: Settings, server: str, port: int) -> int:
    """Become one server (what a systemd unit runs): `rasa` or `actions`, on `port`.

    The process replaces itself with the server (exec), so systemd supervises, signals and
    restarts the server itself; its endpoints are written to a private temporary folder.
    """
    try:
        env = deployment_env(settings, needs_model=server == "rasa")
        if server == "rasa":
            extra = api_args(settings)
            scratch = Path(tempfile.mkdtemp(prefix="safe-steps-rasa-"))
            endpoints = write_endpoints(endpoints_from_settings(port, settings), scratch)
            command = rasa_command(port, Path(env["SAFE_STEPS_MODEL"]), endpoints, extra)
        else:
            command = actions_command(port)
    except SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    os.chdir(env["SAFE_STEPS_HOME"])
    os.execve(command[0], command, env)


def registry_check_command(args: argparse.Namespace, settings: Settings) -> int:
    """`python -m bot registry check`: print what needs checking; exit 1 if anything does."""
    from bot import hours, registry_check
    from bot.registry import REGISTRY_PATH

    try:
        days = args.days if args.days is not None else registry_check.stale_limit(settings)
        today = hours.now(settings).date()
    except SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    profiles = paths.profiles_dir(settings)
    entries = registry_check.all_entries(args.registry or REGISTRY_PATH, profiles)
    findings = registry_check.freshness(entries, today, days)
    if args.links:
        findings += registry_check.broken_links(entries, args.timeout)
    for finding in findings:
        print(finding)
    checked = "; links fetched" if args.links else ""
    print(f"{len(entries)} entries checked (limit {days} days{checked}); {len(findings)} problems")
    return 1 if findings else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m bot` and the `safe-steps` script."""
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    settings = Settings.from_env()  # the only place `python -m bot` reads its settings
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run Rasa and the action server together")
    run_parser.add_argument(
        "--port",
        type=int,
        default=int(settings.get("SAFE_STEPS_RASA_PORT")),
        help=SETTINGS["SAFE_STEPS_RASA_PORT"].help,
    )
    run_parser.add_argument(
        "--actions-port",
        type=int,
        default=int(settings.get("SAFE_STEPS_ACTIONS_PORT")),
        help=SETTINGS["SAFE_STEPS_ACTIONS_PORT"].help,
    )
    for server, what in (("rasa", "the Rasa server"), ("actions", "the action server")):
        server_parser = commands.add_parser(
            server, help=f"run {what} alone, on --port (what the systemd units run)"
        )
        server_parser.add_argument("--port", type=int, required=True, help="port to listen on")
    profiles_parser = commands.add_parser("profiles", help="deployment profiles")
    profiles_parser.add_argument("action", choices=["check"], help="check every profile file")
    registry_parser = commands.add_parser("registry", help="the services registry")
    registry_parser.add_argument(
        "action", choices=["check"], help="list stale, unsourced (and with --links, broken) entries"
    )
    registry_parser.add_argument(
        "--days",
        type=int,
        default=None,
        help=SETTINGS["SAFE_STEPS_STALE_DAYS"].help + " Default: that setting.",
    )
    registry_parser.add_argument(
        "--links", action="store_true", help="also fetch every source and web address"
    )
    registry_parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for each address"
    )
    registry_parser.add_argument(
        "--registry", type=Path, default=None, help="registry file (default: the shipped one)"
    )
    stats_parser = commands.add_parser("stats", help="print the anonymous daily counts")
    stats_parser.add_argument(
        "--url",
        default=settings.get("SAFE_STEPS_ANALYTICS_URL"),
        help=SETTINGS["SAFE_STEPS_ANALYTICS_URL"].help,
    )
    stats_parser.add_argument("--csv", type=Path, help="also write the counts to this CSV file")
    stats_parser.add_argument(
        "--html", type=Path, help="also write the dashboard (one self-contained page) to this file"
    )
    stats_parser.add_argument(
        "--weeks", type=int, default=12, help="how many weeks the dashboard shows (default 12)"
    )
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(settings, args.port, args.actions_port)
    if args.command in ("rasa", "actions"):
        return serve(settings, args.command, args.port)
    if args.command == "profiles":
        from bot.profiles.loader import load_profiles
        from bot.profiles.promises import promise_warnings

        folder = paths.profiles_dir(settings)
        profiles, problems = load_profiles(folder, settings.default_country)
        warnings = [w for path in sorted(folder.glob("*.yml")) for w in promise_warnings(path)]
        for problem in problems:
            print(problem)
        for warning in warnings:
            print(f"warning: {warning}")
        print(
            f"{len(profiles)} profiles ok ({', '.join(sorted(profiles))}); "
            f"{len(problems)} problems; {len(warnings)} warnings"
        )
        return 1 if problems else 0
    if args.command == "registry":
        return registry_check_command(args, settings)
    if args.command == "stats":
        from bot.analytics.stats import format_table, read_rows, write_csv

        rows = read_rows(args.url)
        print(format_table(rows) if rows else "No counts yet.")
        if args.csv:
            write_csv(rows, args.csv)
            print(f"wrote {args.csv}")
        if args.html:
            from bot.analytics.page import write_dashboard

            write_dashboard(args.url, args.html, paths.profiles_dir(settings), args.weeks)
            print(f"wrote {args.html}")
        return 0
    return 2
