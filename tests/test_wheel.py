"""The package installs and runs on its own: a wheel, installed with pip, run from elsewhere.

Why: an editable install finds the domain, profiles and widget files in the checkout, so a
missing piece of package data would only show on a charity's server. This test builds the
wheel from a copy of the project, installs it with pip into an empty folder, and starts
`python -m bot run` from another empty folder with no checkout on the import path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from bot.cli import MODEL, PROJECT
from drills.supervised import SupervisedBot

pytestmark = pytest.mark.servers
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


def test_the_wheel_ships_everything_the_bot_reads(tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(build_wheel(tmp_path)).namelist())
    for expected in (
        "bot/widget/frame.js",
        "bot/widget/loader.js",
        "bot/resources/services.yml",
        "bot/project/domain/responses_safety.yml",
        "bot/project/credentials.yml",
        "bot/project/endpoints.yml",
        "bot/project/logging.yml",
        "bot/project/profiles/greenfield-high.yml",
        "bot/analytics/migrations/versions/0001_daily_counts.py",
        "actions/__init__.py",
    ):
        assert expected in names, expected


def test_the_installed_wheel_runs_from_another_directory(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    site = tmp_path / "site"
    pip("install", "--no-index", "--target", str(site), str(wheel))
    home = tmp_path / "deployment"
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
    where = subprocess.run(
        [sys.executable, "-c", "import bot, actions; print(bot.__file__, actions.__file__)"],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.count(str(site)) == 2 and str(PROJECT) not in where
    bot = SupervisedBot(tmp_path / "bot-run.log", cwd=home, env=env).start()
    try:
        crisis = "\n".join(str(r.get("text")) for r in bot.say("wheel-1", "i want to die"))
        assert "999" in crisis
        with urllib.request.urlopen(f"{bot.url}/webhooks/widget/frame?profile=brightside") as page:
            assert "Brightside" in page.read().decode()
        with urllib.request.urlopen(f"{bot.url}/webhooks/widget/frame.js") as script:
            assert script.status == 200
    finally:
        assert bot.stop() == 0
    assert (home / "var" / "analytics.db").exists()  # relative paths are from SAFE_STEPS_HOME
