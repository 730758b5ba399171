"""`python -m bot run` keeps crisis help up when the action server is killed under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rig.supervised import SupervisedBot, kill_action_server

HELP_NUMBER = "0800 1111"


@pytest.mark.servers
def test_killing_the_action_server_under_bot_run_keeps_crisis_help_up(tmp_path: Path) -> None:
    bot = SupervisedBot(tmp_path / "bot-run.log").start()
    try:
        result = kill_action_server(bot, "test-supervised")
        print(
            f"\nsupervisor: crisis reply {result.crisis_seconds:.1f} s after the kill; "
            f"actions back after {result.actions_back_seconds} s"
        )
        assert "999" in result.crisis_reply and HELP_NUMBER in result.crisis_reply
        assert result.actions_back_seconds is not None, "action replies never came back"
        assert result.restart_logged and result.supervisor_alive
    finally:
        code = bot.stop()
    assert code == 0
    output = bot.output()
    # `python -m bot run` starts Rasa through bot/rasa_server.py, with our internals in place.
    assert "internals installed: Event.resolve_by_type" in output
    # The supervisor's log (restarts included) holds no message text.
    assert "kill myself" not in output and "how do i report it" not in output
