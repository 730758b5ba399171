"""Small fault drills and hostile input, against real processes that are really killed.

`make drills` runs the same drills at full size and writes docs/reliability.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rig.browser import chromium
from rig.faults import action_server_down, database_locked, redis_down_answer, restart_rasa
from rig.fuzz import fuzz
from rig.harness import BotServers, temporary_log_dir
from rig.load import load
from rig.process import RedisServer

pytestmark = pytest.mark.servers
HELP_NUMBER = "0800 1111"


@pytest.fixture(scope="module")
def analytics_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("drills") / "analytics.db"


@pytest.fixture(scope="module")
def bot(analytics_db: Path) -> Iterator[BotServers]:
    servers = BotServers(
        temporary_log_dir(), env={"SAFE_STEPS_ANALYTICS_URL": f"sqlite:///{analytics_db}"}
    )
    servers.start()
    try:
        yield servers
    finally:
        servers.stop()


def widget_say(bot: BotServers, sender: str, message: str) -> str:
    from rig.http import post_json

    replies = post_json(
        f"{bot.url}/webhooks/widget/webhook", {"sender": sender, "message": message}
    )
    return "\n".join(r.get("text") or "" for r in replies)


def test_with_the_action_server_down_help_is_still_shown(bot: BotServers) -> None:
    with action_server_down(bot):
        # Needs the action server: the widget channel answers with real people instead.
        report = widget_say(bot, "drill-actions-01", "how do i report this")
        assert HELP_NUMBER in report
        # Crisis help is produced inside Rasa and does not need the action server at all.
        crisis = widget_say(bot, "drill-actions-02", "i want to kill myself")
        assert "999" in crisis and HELP_NUMBER in crisis
    assert "CEOP" in widget_say(bot, "drill-actions-03", "im 15 in the uk how do i report it")


def test_the_rest_channel_also_answers_with_real_people_when_actions_are_down(
    bot: BotServers,
) -> None:
    with action_server_down(bot):
        replies = bot.say("drill-rest-01", "how do i report this")
    assert replies, "the REST channel gave an empty answer"
    assert HELP_NUMBER in replies[0]["text"] and replies[0]["recipient_id"] == "drill-rest-01"
    assert "CEOP" in bot.say("drill-rest-02", "im 15 in the uk how do i report it")[0]["text"]


def test_a_locked_analytics_database_does_not_affect_conversations(
    bot: BotServers, analytics_db: Path
) -> None:
    widget_say(bot, "drill-db-0001", "hi")  # creates the database
    with database_locked(analytics_db):
        text = widget_say(bot, "drill-db-0002", "someone has my nudes and wants money")
        assert "not your fault" in text
        assert HELP_NUMBER in widget_say(bot, "drill-db-0002", "i want to die")


@pytest.mark.parametrize("channel", ["widget", "rest"])
def test_fuzzing_a_webhook_never_gives_a_server_error_or_an_empty_answer(
    bot: BotServers, channel: str
) -> None:
    result = fuzz(bot, requests=300, channel=channel)
    print(
        f"\nfuzz {channel}: {result.requests} requests, statuses {dict(result.statuses)}, "
        f"{result.valid_answered} of {result.valid} valid answered, "
        f"Rasa RSS {result.rss_before_mb:.0f} -> {result.rss_after_mb:.0f} MB"
    )
    assert result.requests == 300
    assert result.server_errors == []
    assert result.empty_answers == []
    assert result.valid >= 10  # enough valid messages among the hostile ones to mean something
    assert result.valid_answered == result.valid
    assert result.answers_after
    assert result.rss_after_mb < result.rss_before_mb + 300


def test_concurrent_conversations_finish_without_errors(bot: BotServers) -> None:
    result = load(bot.url, conversations=20, turns=5)
    print(f"\nload: 20 conversations x 5 turns: {result.summary()}")
    assert result.errors == []
    assert result.silent == 0  # every turn got a reply
    assert result.fallbacks == 0  # every turn answered by the bot itself
    assert len(result.latencies) == 100


def test_a_rasa_restart_mid_conversation_shows_help_then_recovers(bot: BotServers) -> None:
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{bot.url}/webhooks/widget/frame?profile=default")
        page.get_by_role("button", name="Report it").click()
        # The answer comes first (for the default country), with the question about where.
        expect(page.get_by_role("log")).to_contain_text("If you live somewhere else")
        page.get_by_role("button", name="Scotland").click()
        expect(page.get_by_role("log")).to_contain_text("If you are 18 or over")
        bot.processes["rasa"].kill()
        bot.processes["rasa"].wait(timeout=30)
        page.get_by_label("Type your message").fill("how do i get the pics taken down")
        page.get_by_label("Type your message").press("Enter")
        offline = page.get_by_role("alert")
        expect(offline).to_be_visible()
        expect(offline).to_contain_text("999")
        bot.start_rasa()
        bot.wait_ready()
        log = page.get_by_role("log")
        expect(log).to_contain_text("This is a new conversation", timeout=30_000)
        expect(offline).to_be_hidden()
        # The country tapped before the restart is not asked again.
        last = page.locator(".msg.bot").last
        expect(last).not_to_contain_text("If you live somewhere else")
        assert re.search(r"How old|Take It Down|Report Remove", page.locator(".log").inner_text())


def test_restarting_rasa_is_measured(bot: BotServers) -> None:
    seconds = restart_rasa(bot)
    print(f"\nrestart: Rasa answered again {seconds:.1f} s after it was killed")
    assert "not your fault" in widget_say(bot, "drill-restart-1", "im being blackmailed")


def test_with_redis_down_the_widget_gets_a_clear_failure_quickly() -> None:
    redis = RedisServer()
    tracker, lock = redis.stores()
    servers = BotServers(temporary_log_dir(), tracker_store=tracker, lock_store=lock)
    try:
        servers.start()
        assert "not your fault" in widget_say(servers, "drill-redis-0000", "im being blackmailed")
        status, seconds = redis_down_answer(servers, redis.stop)
    finally:
        servers.stop()
        redis.stop()
    print(f"\nRedis down: widget got {status} after {seconds:.1f} s")
    assert status == 503  # the widget shows its offline help panel for this
    assert seconds < 15  # nothing hangs
    log = (servers.log_dir / "rasa.log").read_text(errors="replace")
    assert "widget: the bot could not answer (" in log
