"""Both chat webhooks check requests the same way: driven through the running server.

Stock Rasa's REST channel accepted a 100 KB message, answered a number with an empty list
and put every request without a sender into one shared conversation (issue #18). Each case
here goes over HTTP to a real Rasa server, to the REST channel and the widget alike.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest

import rig.http
from bot.channels.validation import MAX_MESSAGE_CHARS
from rig.faults import action_server_down
from rig.fuzz import WEBHOOKS
from rig.harness import BotServers, temporary_log_dir

pytestmark = pytest.mark.servers
# Small enough to reach in a test, and not the shipped default, so the limit seen is the one
# configured in credentials.yml and not a constant somewhere.
LIMIT = {"messages_per_minute": 2, "burst": 3}
CHANNELS = {
    "rest": "bot.channels.rest.SafeRestInput",
    "widget": "bot.channels.widget.WidgetInput",
}
HELP_NUMBER = "0800 1111"


@pytest.fixture(scope="module")
def bot() -> Iterator[BotServers]:
    servers = BotServers(
        temporary_log_dir(), channel_options={name: LIMIT for name in CHANNELS.values()}
    )
    servers.start()
    try:
        yield servers
    finally:
        servers.stop()


def sender() -> str:
    return f"checks-{uuid.uuid4().hex}"


def post(bot: BotServers, channel: str, body: bytes, query: str = "") -> tuple[int, Message, Any]:
    """POST raw bytes; return the status, headers and the JSON answer (a stream's raw text)."""
    answer = rig.http.post(bot.url + WEBHOOKS[channel] + query, body)
    status, headers, raw = answer.status, answer.headers, answer.body
    if "stream=true" in query and status == 200:
        return status, headers, raw.decode("utf-8")
    return status, headers, json.loads(raw)


def chat(**fields: object) -> bytes:
    return json.dumps({"sender": sender(), "message": "hi", **fields}).encode()


BAD_REQUESTS = [
    pytest.param(b"", 400, "empty", id="empty body"),
    pytest.param(b"sender=abc&message=hi", 400, "not valid JSON", id="form, not JSON"),
    pytest.param(b"\xff\xfe", 400, "not valid JSON", id="not UTF-8"),
    pytest.param(b'["hi"]', 400, "JSON object", id="a list"),
    pytest.param(chat(message=42), 400, "'message' must be a string", id="message a number"),
    pytest.param(chat(message=None), 400, "'message' must be a string", id="message null"),
    pytest.param(chat(message=" \x00 "), 400, "'message' is empty", id="message blank"),
    pytest.param(chat(metadata=["x"]), 400, "'metadata' must be a JSON object", id="metadata"),
    pytest.param(chat(metadata={"profile": 7}), 400, "'profile'", id="profile a number"),
    pytest.param(
        json.dumps({"message": "hi"}).encode(), 400, "'sender' is missing", id="no sender"
    ),
    pytest.param(chat(sender=12345678), 400, "'sender' must be", id="sender a number"),
    pytest.param(chat(sender="s" * 65), 400, "'sender' must be", id="sender too long"),
    pytest.param(chat(sender="x"), 400, "'sender' must be", id="sender too short"),
    pytest.param(
        chat(message="a" * (MAX_MESSAGE_CHARS + 1)), 413, "longer than 1000", id="message 1001"
    ),
    pytest.param(chat(message="a" * 100_000), 413, "larger than", id="message 100 KB"),
    pytest.param(b"[" * 5000 + b"]" * 5000, 400, "nested too deeply", id="deep nesting"),
]


@pytest.mark.parametrize("channel", sorted(CHANNELS))
@pytest.mark.parametrize(("body", "status", "reason"), BAD_REQUESTS)
def test_a_bad_request_gets_a_clear_json_reason_on_both_channels(
    bot: BotServers, channel: str, body: bytes, status: int, reason: str
) -> None:
    answer_status, headers, answer = post(bot, channel, body)
    assert (answer_status, type(answer)) == (status, dict), answer
    assert reason in answer["error"]
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Cache-Control"] == "no-store"


def test_a_valid_rest_request_keeps_rasas_contract(bot: BotServers) -> None:
    me = sender()
    status, headers, replies = post(
        bot,
        "rest",
        json.dumps(
            {"sender": me, "message": "someone has my pics and wants money", "metadata": {}}
        ).encode(),
    )
    assert status == 200 and isinstance(replies, list) and replies
    assert all(reply["recipient_id"] == me for reply in replies)
    assert "not your fault" in replies[0]["text"]
    assert headers["Cache-Control"] == "no-store"


def test_the_profile_in_the_metadata_and_real_button_payloads_still_work(
    bot: BotServers,
) -> None:
    me, school = sender(), {"profile": "greenfield-high"}
    for message in ("who should i tell about this", '/inform_country{"country":"uk"}'):
        assert post(bot, "rest", chat(sender=me, message=message, metadata=school))[0] == 200
    age = '/inform_age{"age_band":"13_17"}'
    status, _, replies = post(bot, "rest", chat(sender=me, message=age, metadata=school))
    assert status == 200
    text = " ".join(r.get("text") or "" for r in replies)
    assert "Mrs Patel" in text and "Childline" in text


@pytest.mark.parametrize("channel", sorted(CHANNELS))
@pytest.mark.parametrize(
    "typed", ["/greet@1.0 i want to die", '/greet{"x":"y"} i want to die', "/ i want to die"]
)
def test_typed_slash_text_cannot_skip_the_crisis_safety_net(
    bot: BotServers, channel: str, typed: str
) -> None:
    # Stock Rasa reads the first two as the intent "greet" and drops the rest with a warning:
    # no NLU pipeline, so no safety net, and the reply would be a cheerful hello.
    status, _, replies = post(bot, channel, chat(message=typed))
    assert status == 200
    text = " ".join(r.get("text") or "" for r in replies)
    assert "999" in text and HELP_NUMBER in text, text


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_the_configured_rate_limit_applies_per_client(bot: BotServers, channel: str) -> None:
    me = sender()
    statuses = [post(bot, channel, chat(sender=me))[0] for _ in range(LIMIT["burst"] + 1)]
    assert statuses == [200] * LIMIT["burst"] + [429]
    status, headers, answer = post(bot, channel, chat(sender=me))
    assert status == 429 and "Too many messages" in answer["error"]
    assert int(headers["Retry-After"]) > 0
    assert post(bot, channel, chat())[0] == 200  # another client is not affected


def test_everything_that_passes_the_checks_gets_the_floor_even_streamed(
    bot: BotServers,
) -> None:
    with action_server_down(bot):
        plain = post(bot, "rest", chat(message="how do i report this"))
        streamed = post(bot, "rest", chat(message="how do i report this"), "?stream=true")
    status, _, replies = plain
    assert status == 200 and replies[0]["fallback"] is True and HELP_NUMBER in replies[0]["text"]
    status, _, lines = streamed
    assert status == 200
    first = json.loads(lines.splitlines()[0])
    assert first["fallback"] is True and HELP_NUMBER in first["text"]


def test_the_floor_speaks_the_language_the_page_asked_for(bot: BotServers) -> None:
    with action_server_down(bot):
        status, _, replies = post(
            bot, "rest", chat(message="¿cómo lo denuncio?", metadata={"lang": "es"})
        )
    assert status == 200 and replies[0]["fallback"] is True
    assert replies[0]["lang"] == "es" and "persona real" in replies[0]["text"]
    assert HELP_NUMBER in replies[0]["text"]


def test_a_streamed_answer_is_checked_and_answered_like_a_plain_one(bot: BotServers) -> None:
    assert post(bot, "rest", chat(message=42), "?stream=true")[0] == 400
    status, _, lines = post(bot, "rest", chat(message="i want to die"), "?stream=true")
    assert status == 200
    replies = [json.loads(line) for line in lines.splitlines() if line.strip()]
    assert HELP_NUMBER in replies[0]["text"]
