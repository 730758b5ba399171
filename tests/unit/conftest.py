"""Unit tests start no servers: the whole folder must stay fast (under 30 s)."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest

from rig.harness import BotServers


@pytest.fixture(autouse=True)
def no_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting the real servers here is a mistake: such a test belongs in tests/system/."""

    def refuse(self: Any) -> NoReturn:
        raise AssertionError("unit tests start no servers: move this test to tests/system/")

    monkeypatch.setattr(BotServers, "start", refuse)
