"""What every test runs with: the start-up the real servers do, and settings of its own.

- bot/rasa_internals.py is installed, as bot/rasa_server.py does before Rasa starts.
- The test process's runtime (bot/runtime.py) gets its own `Settings`: profiles are a copy
  in a temporary folder and analytics go to a temporary database, never the checkout.
- Nothing may write into the tracked profiles/ folder or into var/: the session fails at
  its end if anything did.

Unit tests live in tests/unit/ (no servers), tests against real servers in tests/system/.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import rasa_internals, runtime
from bot.cli import PROJECT
from bot.settings import Settings

rasa_internals.install()

# Folders of the checkout that tests must leave as they found them.
UNTOUCHED = ("profiles", "var")


def snapshot() -> dict[str, tuple[int, int]]:
    """Every file under the untouched folders, with its size and modification time."""
    return {
        str(path.relative_to(PROJECT)): (path.stat().st_size, path.stat().st_mtime_ns)
        for folder in UNTOUCHED
        for path in sorted((PROJECT / folder).rglob("*"))
        if path.is_file()
    }


def git_status() -> str:
    """`git status` of the untouched folders ('' when clean, or when not in a git checkout)."""
    done = subprocess.run(
        ["git", "status", "--porcelain", "--", *UNTOUCHED],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else ""


@pytest.fixture(scope="session", autouse=True)
def tracked_folders_untouched() -> Iterator[None]:
    """Fail the session if any test wrote into profiles/ or var/ of the checkout."""
    before, status = snapshot(), git_status()
    yield
    after = snapshot()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert changed == [], f"tests wrote into the checkout: {changed}"
    assert git_status() == status


def settings_in(home: Path) -> Settings:
    """Settings for a bot whose profiles and analytics database live in `home`."""
    shutil.copytree(PROJECT / "profiles", home / "profiles", dirs_exist_ok=True)
    return Settings.from_env(
        {},
        SAFE_STEPS_HOME=str(home),
        SAFE_STEPS_ANALYTICS_URL=f"sqlite:///{home / 'analytics.db'}",
    )


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """This process's settings: everything it writes goes to a temporary folder."""
    settings = settings_in(tmp_path_factory.mktemp("home"))
    runtime.configure(settings)
    return settings
