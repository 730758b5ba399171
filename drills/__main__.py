"""`make drills`: every drill at full size, written to docs/reliability.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from bot.cli import PROJECT
from drills.system import system_drill
from rig.faults import action_server_down, database_locked, redis_down_answer, restart_rasa
from rig.fuzz import WEBHOOKS, FuzzResult, fuzz
from rig.harness import BotServers, temporary_log_dir
from rig.http import post_json
from rig.load import load
from rig.process import RedisServer
from rig.supervised import SupervisedBot, kill_action_server
from rig.wheel import run_installed

OUT = PROJECT / "docs" / "reliability.md"
FUZZ_METHOD = (
    "How the fuzz rows are measured (rig/fuzz.py): hypothesis draws 10,000 requests for each"
    " webhook (derandomized, so every run sends the same ones), sent one at a time over HTTP to"
    " the running server with the shipped rate limit. Some are valid messages, counted in the "
    "row (each with its own sender: something a person might type, up to 200 random characters "
    "after it, sometimes a leading `/`); the rest are chat requests with random fields, random "
    "JSON, "
    "nesting up to 20,000 deep, bodies up to 2 MB, random bytes; three content types or none. "
    "Counted: every status; answers of 500 or more; 200 answers that are not a non-empty JSON "
    "list (a silent dead end); valid messages answered with at least one message, and of those,"
    " how many came from the no-answer floor; Rasa's resident memory before and after; and "
    "whether a normal message is answered afterwards."
)


def _say(bot: BotServers, sender: str, message: str) -> str:
    replies = post_json(
        f"{bot.url}/webhooks/widget/webhook", {"sender": sender, "message": message}
    )
    return "\n".join(r.get("text") or "" for r in replies)


def fuzz_row(channel: str, fuzzed: FuzzResult) -> tuple[str, str, str]:
    """One channel's fuzz figures as a table row."""
    passed = (
        not fuzzed.server_errors
        and not fuzzed.empty_answers
        and fuzzed.valid_answered == fuzzed.valid
        and fuzzed.answers_after
    )
    return (
        f"Fuzz: 10,000 requests to the {channel} webhook (hypothesis, "
        f"{WEBHOOKS[channel]}), most of them hostile",
        f"statuses {dict(sorted(fuzzed.statuses.items()))}; "
        f"{len(fuzzed.server_errors)} answers of 500 or more; "
        f"{len(fuzzed.empty_answers)} empty answers; "
        f"{fuzzed.valid_answered} of {fuzzed.valid} valid messages answered "
        f"({fuzzed.fallback_answers} of them by the no-answer floor); Rasa RSS "
        f"{fuzzed.rss_before_mb:.0f} MB before, {fuzzed.rss_after_mb:.0f} MB after; "
        f"answers normally afterwards: {fuzzed.answers_after}",
        "pass" if passed else "FAIL",
    )


def supervised_row() -> tuple[str, str, str]:
    """Kill the action server under the real `python -m bot run`."""
    log = Path(tempfile.mkdtemp(prefix="safe-steps-drills-")) / "bot-run.log"
    bot = SupervisedBot(log).start()
    try:
        result = kill_action_server(bot, "drills-supervised")
    finally:
        code = bot.stop()
    crisis_ok = "999" in result.crisis_reply and "0800 1111" in result.crisis_reply
    back = result.actions_back_seconds
    ok = crisis_ok and back is not None and result.restart_logged and code == 0
    return (
        "Action server killed under `python -m bot run` (the supervisor)",
        f"crisis reply with help lines {result.crisis_seconds:.1f} s after the kill; "
        f"action replies back after {back:.1f} s; restart logged; supervisor stayed up"
        if ok
        else f"crisis ok: {crisis_ok}; actions back: {back}; restart logged: "
        f"{result.restart_logged}; exit code {code}",
        "pass" if ok else "FAIL",
    )


def wheel_row() -> tuple[str, str, str]:
    """Build the wheel, install it with pip, and run the bot from another directory."""
    work = Path(tempfile.mkdtemp(prefix="safe-steps-drills-wheel-"))
    try:
        result = run_installed(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ok = (
        "999" in result.crisis_reply
        and "Brightside" in result.frame_page
        and result.frame_script_status == 200
        and result.exit_code == 0
        and str(PROJECT) not in result.imported_from
    )
    return (
        "Installed wheel run from another directory (no checkout on the import path)",
        f"built and installed with pip in {result.build_seconds:.1f} s; `python -m bot run` "
        f"answering {result.start_seconds:.1f} s after start; crisis reply, widget files and a "
        "profile from its own folder served",
        "pass" if ok else "FAIL",
    )


def main() -> int:
    analytics = Path(tempfile.mkdtemp(prefix="safe-steps-drills-")) / "analytics.db"
    bot = BotServers(
        temporary_log_dir(), env={"SAFE_STEPS_ANALYTICS_URL": f"sqlite:///{analytics}"}
    )
    bot.start()
    rows: list[tuple[str, str, str]] = []
    try:
        with action_server_down(bot):
            report = _say(bot, "drills-actions-1", "how do i report this")
            crisis = _say(bot, "drills-actions-2", "i want to kill myself")
        ok = "0800 1111" in report and "999" in crisis
        rows.append(
            (
                "Action server killed",
                "help lines in the reply to a question that needs it; crisis reply unchanged",
                "pass" if ok else "FAIL",
            )
        )
        _say(bot, "drills-db-0001", "hi")
        with database_locked(analytics):
            text = _say(bot, "drills-db-0002", "someone has my nudes and wants money")
        rows.append(
            (
                "Analytics database locked",
                "conversation unaffected",
                "pass" if "not your fault" in text else "FAIL",
            )
        )
        for channel in ("widget", "rest"):
            print(f"fuzzing the {channel} webhook with 10,000 requests...", flush=True)
            rows.append(fuzz_row(channel, fuzz(bot, requests=10_000, channel=channel)))
        print("load: 200 conversations x 10 turns...", flush=True)
        loaded = load(bot.url, conversations=200, turns=10)
        summary = loaded.summary()
        rows.append(
            (
                "Load: 200 concurrent conversations x 10 turns (widget webhook)",
                ", ".join(f"{k} {v}" for k, v in summary.items())
                + f", {loaded.seconds:.0f} s in all",
                "pass" if not loaded.errors and not loaded.silent else "FAIL",
            )
        )
        down = restart_rasa(bot)
        text = _say(bot, "drills-restart-1", "im being blackmailed")
        rows.append(
            (
                "Rasa killed and restarted",
                f"answering again after {down:.1f} s",
                "pass" if "not your fault" in text else "FAIL",
            )
        )
    finally:
        bot.stop()
    redis = RedisServer()
    tracker, lock = redis.stores()
    scaled = BotServers(temporary_log_dir(), tracker_store=tracker, lock_store=lock)
    try:
        scaled.start()
        status, seconds = redis_down_answer(scaled, redis.stop)
    finally:
        scaled.stop()
        redis.stop()
    rows.append(
        (
            "Redis (tracker and lock store) stopped under a running bot",
            f"widget webhook answered {status} in {seconds:.1f} s (the widget shows its "
            "offline help panel); the error is logged",
            "pass" if status == 503 else "FAIL",
        )
    )
    rows.append(supervised_row())
    rows.append(wheel_row())
    print("system drill: the production recipe (deploy/) under faults...", flush=True)
    rows += [
        (name, measured, "pass" if ok else "FAIL")
        for name, measured, ok in system_drill(conversations=20, canary_conversations=200)
    ]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    OUT.write_text(
        "# Reliability drills\n\n"
        f"Written by `make drills` on {dt.date.today().isoformat()} ({machine}), against real "
        "Rasa and action server processes that are really killed and restarted. `make test` runs "
        "smaller versions of the same drills (tests/system/test_drills.py, "
        "tests/system/test_supervisor.py, tests/system/test_system.py), including a browser that "
        "sees the offline help panel while Rasa is down and recovers by itself. The System rows "
        "run the production recipe in deploy/ "
        "(docs/deploying.md) for real: nginx with TLS in front of 2 Rasa instances and 2 action "
        "servers, Redis and PostgreSQL, started with the systemd units' own commands and "
        "environment file (systemd itself is not available here).\n\n"
        f"{FUZZ_METHOD}\n\n"
        "| drill | what was measured | result |\n|---|---|---|\n" + table + "\n",
        encoding="utf-8",
    )
    print(OUT.read_text())
    return 0 if all(r[2] == "pass" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
