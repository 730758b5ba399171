"""The two-command quick start: finding Python 3.10."""

from __future__ import annotations

import subprocess

from bot.cli import PROJECT


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
