"""Debian's chromium for the browser tests (never Playwright's own download), and the bot a
widget test talks to."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, sync_playwright

from rig.harness import BotServers, temporary_log_dir

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


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, closed afterwards."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def widget_bot(**env: str) -> Iterator[BotServers]:
    """A bot of a widget test's own (a test may stop it), whose quick exit goes to a local
    page: the browser here reaches no other host. `env` adds settings (SAFE_STEPS_*)."""
    servers = BotServers(temporary_log_dir())
    servers.env["SAFE_STEPS_EXIT_URL"] = f"http://127.0.0.1:{servers.rasa_port}/"
    servers.env.update(env)
    servers.start()
    try:
        yield servers
    finally:
        servers.stop()
