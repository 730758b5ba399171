"""The package as a charity would install it: a wheel, installed with pip, run from elsewhere.

Why: an editable install finds the domain, profiles and widget files in the checkout, so a
missing piece of package data would only show on a charity's server. This builds the wheel
from a copy of the project, installs it with pip into an empty folder, and starts
`python -m bot run` from another empty folder with no checkout on the import path.
`tests/system/test_wheel.py` checks it; `make drills` reports its figures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.cli import PROJECT
from rig.harness import MODEL
from rig.supervised import SupervisedBot

SKIP = shutil.ignore_patterns(
    ".venv", ".git", "models", "results", ".rasa", "*cache*", "__pycache__", "build", "*.egg-info"
)


def pip(*arguments: str) -> None:
    """Run pip quietly, without dependencies (they are in this virtualenv already)."""
    command = [sys.executable, "-m", "pip", arguments[0], "-q", "--no-deps", *arguments[1:]]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def build_wheel(work: Path) -> Path:
    """Build the wheel from a copy of the project (the checkout gets no build/ folder)."""
    source = work / "source"
    shutil.copytree(PROJECT, source, symlinks=True, ignore=SKIP)
    pip("wheel", "--no-build-isolation", "-w", str(work / "dist"), str(source))
    return next((work / "dist").glob("safe_steps-*.whl"))


@dataclass
class InstalledRun:
    """What the installed package did, run from a folder of its own."""

    build_seconds: float
    start_seconds: float
    imported_from: str
    crisis_reply: str
    frame_page: str
    frame_script_status: int
    exit_code: int | None
    analytics_written: bool


def run_installed(work: Path) -> InstalledRun:
    """Build, install with pip into `work`/site, run from `work`/deployment, chat, stop."""
    started = time.perf_counter()
    wheel = build_wheel(work)
    site = work / "site"
    pip("install", "--no-index", "--target", str(site), str(wheel))
    build_seconds = time.perf_counter() - started
    home = work / "deployment"
    shutil.copytree(site / "bot" / "project" / "profiles", home / "profiles")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SAFE_STEPS_") and key != "PYTHONPATH"
    }
    env |= {
        "PYTHONPATH": str(site),
        "SAFE_STEPS_HOME": str(home),
        "SAFE_STEPS_MODEL": str(MODEL),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    imported_from = subprocess.run(
        [sys.executable, "-c", "import bot, actions; print(bot.__file__, actions.__file__)"],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    started = time.perf_counter()
    bot = SupervisedBot(work / "bot-run.log", cwd=home, env=env).start()
    start_seconds = time.perf_counter() - started
    try:
        crisis = "\n".join(str(r.get("text")) for r in bot.say("wheel-check-1", "i want to die"))
        with urllib.request.urlopen(f"{bot.url}/webhooks/widget/frame?profile=brightside") as page:
            frame = page.read().decode()
        with urllib.request.urlopen(f"{bot.url}/webhooks/widget/frame.js") as script:
            script_status = int(script.status)
    finally:
        code = bot.stop()
    return InstalledRun(
        build_seconds=build_seconds,
        start_seconds=start_seconds,
        imported_from=imported_from,
        crisis_reply=crisis,
        frame_page=frame,
        frame_script_status=script_status,
        exit_code=code,
        analytics_written=(home / "var" / "analytics.db").exists(),
    )
