"""The request checks and rate limit both chat webhooks share, without a server.

tests/system/test_rest_requests.py drives the same checks through the running server.
"""

from __future__ import annotations

import json

import pytest

from bot.channels.rate_limit import RateLimiter
from bot.channels.validation import MAX_MESSAGE_CHARS, RequestError, parse_chat_request

INTENTS = ["greet", "inform_country", "crisis"]
SENDER = "w-1234abcd"


def body(**fields: object) -> bytes:
    return json.dumps({"sender": SENDER, "message": "hi", **fields}).encode()


@pytest.mark.parametrize(
    ("raw", "status", "reason"),
    [
        (b"", 400, "empty"),
        (b"not json", 400, "not valid JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (body(message=42), 400, "'message' must be a string"),
        (body(message="   "), 400, "'message' is empty"),
        (body(message="\x00\x01"), 400, "'message' is empty"),
        (body(sender="x"), 400, "'sender'"),
        (json.dumps({"message": "hi"}).encode(), 400, "'sender' is missing"),
        (body(sender="s" * 65), 400, "'sender'"),
        (body(sender="<script>alert(1)</script>"), 400, "'sender'"),
        (body(metadata="x"), 400, "'metadata'"),
        (body(profile="../../etc"), 400, "'profile'"),
        (body(message="a" * (MAX_MESSAGE_CHARS + 1)), 413, "longer than 1000"),
        (b"{" + b" " * 20_000 + b"}", 413, "larger than"),
        (b"[" * 5000 + b"]" * 5000, 400, "nested too deeply"),
    ],
)
def test_bad_requests_get_a_clear_error(raw: bytes, status: int, reason: str) -> None:
    with pytest.raises(RequestError) as error:
        parse_chat_request(raw, INTENTS)
    assert error.value.status == status
    assert reason in error.value.reason


def test_a_good_request_is_cleaned_and_keeps_its_profile() -> None:
    chat = parse_chat_request(body(message=" hi\x07 there ", profile="greenfield-high"), INTENTS)
    assert (chat.sender, chat.message, chat.profile) == (SENDER, "hi there", "greenfield-high")
    assert parse_chat_request(body(), INTENTS).profile == "default"


def test_only_the_profile_and_facts_reach_rasa_whichever_way_they_are_sent() -> None:
    sent = {"profile": "brightside", "facts": {"country": "uk"}, "name": "Sam", "note": "x"}
    chat = parse_chat_request(body(metadata=sent), INTENTS)
    assert chat.metadata == {"profile": "brightside", "facts": {"country": "uk"}}
    top_level = parse_chat_request(body(profile="brightside", facts={"age_band": "13_17"}), INTENTS)
    assert top_level.metadata == {"profile": "brightside", "facts": {"age_band": "13_17"}}
    with pytest.raises(RequestError, match="'facts'"):
        parse_chat_request(body(metadata={"facts": {"name": "Sam"}}), INTENTS)


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("/greet", "/greet"),
        ('/inform_country{"country":"uk"}', '/inform_country{"country":"uk"}'),
        ("/ i want to die", "i want to die"),
        ("/crisis_bypass", "crisis_bypass"),
        ("/inform_country{not json}", "inform_country{not json}"),
        ("//", "..."),
        # Rasa would read these as "greet" and drop the rest, skipping the safety net.
        ("/greet@1.0 i want to die", "greet@1.0 i want to die"),
        ('/greet{"x":"y"} i want to die', 'greet{"x":"y"} i want to die'),
    ],
)
def test_only_real_button_payloads_skip_the_nlu_pipeline(typed: str, seen: str) -> None:
    assert parse_chat_request(body(message=typed), INTENTS).message == seen


def test_the_rate_limit_allows_a_burst_then_refills() -> None:
    limiter = RateLimiter(per_minute=60, burst=3)
    assert [limiter.allow("a", now=0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", now=0)  # other clients are not affected
    assert limiter.allow("a", now=1.1)  # one token back after a second at 60 a minute
