"""The package installs and runs on its own: a wheel, installed with pip, run from elsewhere.

The work is in rig/wheel.py (`make drills` reports its figures); see its docstring for why.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.cli import PROJECT
from rig.wheel import build_wheel, run_installed

pytestmark = pytest.mark.servers


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
    result = run_installed(tmp_path)
    print(
        f"\nwheel: built and installed in {result.build_seconds:.1f} s, answering after "
        f"{result.start_seconds:.1f} s"
    )
    site = str(tmp_path / "site")
    assert result.imported_from.count(site) == 2 and str(PROJECT) not in result.imported_from
    assert "999" in result.crisis_reply
    assert "Brightside" in result.frame_page  # a profile from the profiles folder
    assert result.frame_script_status == 200  # widget assets from the package
    assert result.exit_code == 0
    assert result.analytics_written  # relative paths are from SAFE_STEPS_HOME
