"""Launching Debian's chromium for the browser tests (never Playwright's own download)."""

from __future__ import annotations

import shutil

import pytest

# Without the background-networking flags, Chromium keeps trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """Debian's chromium, or a clear failure saying how to install it."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make chromium` (make test does)")
    return executable
