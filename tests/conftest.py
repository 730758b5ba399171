"""What every test runs with: the start-up the real servers do, and settings of its own.

- bot/rasa_internals.py is installed, as bot/rasa_server.py does before Rasa starts.
- The test process's runtime (bot/runtime.py) gets its own `Settings`: profiles are a copy
  in a temporary folder and analytics go to a temporary database, never the checkout.
- Nothing may write into the tracked profiles/ folder or into var/: the session fails at
  its end if anything did.

Unit tests live in tests/unit/ (no servers), tests against real servers in tests/system/.

`make test` runs pytest on two workers (pytest-xdist, `--dist loadfile`): each test module
runs whole on one worker, so a module's own servers (module-scoped fixtures) start once, and
each worker starts the shared pair (tests/system/conftest.py) once, when it first needs it.
Modules in SAME_WORKER share servers of another kind, so they run together on one worker.
The slowest modules are handed out first, so the two workers finish at about the same time.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import rasa_internals, runtime
from bot.cli import PROJECT
from bot.settings import Settings

rasa_internals.install()

# Modules that take longest (each over a minute on a 2-core machine): handed out first under
# xdist, so no long module starts last while the other worker sits idle. Others follow in
# collection order; the order is for speed only, and no test depends on it.
SLOWEST_FIRST = (
    "tests/system/test_benchmarks.py",
    "tests/system/test_system.py",
    "tests/system/test_long_conversations.py",
    "tests/system/test_privacy.py",
    "tests/system/test_drills.py",
    "tests/system/test_crisis_heldout.py",
    "tests/system/test_supervisor.py",
)

# Modules that use the same `store_servers` (tests/system/conftest.py): under xdist they go
# to one worker, as one unit of work, so those servers start once.
SAME_WORKER = {
    "tests/system/test_long_conversations.py": "store_servers",
    "tests/system/test_privacy.py": "store_servers",
}

# Folders of the checkout that tests must leave as they found them.
UNTOUCHED = ("profiles", "var")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the slowest modules first (with --no-loadscope-reorder, which keeps it)."""
    if not hasattr(config, "workerinput"):
        return  # a plain run keeps pytest's order: unit tests first, then system

    def rank(item: pytest.Item) -> int:
        module = item.nodeid.split("::")[0]
        return SLOWEST_FIRST.index(module) if module in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: collection order within a rank


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile`, with the modules in SAME_WORKER as one unit of work."""
    if config.getvalue("dist") != "loadfile":
        return None  # xdist's own choice
    from xdist.scheduler import LoadFileScheduling

    class ModuleScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return SAME_WORKER.get(module, module)

    return ModuleScheduling(config, log)


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
