"""Property-based fuzzing of both chat webhooks (widget and REST) with hypothesis.

Random JSON, deep nesting, odd unicode and control characters, huge bodies and wrong
content types, mixed with valid messages in odd words. The properties: the server never
answers 500 or more, never answers 200 with an empty list (a silent dead end), answers every
valid message, still answers a normal message afterwards, and its memory does not grow
without bound.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rig.harness import BotServers
from rig.http import post
from rig.process import rss_mb

_json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=50)
)
_json = st.recursive(
    _json_leaf,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
_odd_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=0, max_size=1200)
_sender = st.one_of(st.from_regex(r"\Afuzz-[a-z0-9]{8,20}\Z"), st.text(max_size=80))
# Valid messages: something a person might type, with odd text around it and, sometimes, a
# leading "/" that must not skip the NLU pipeline unless it names a real intent.
_typed = st.sampled_from(
    ["hi", "someone has my pics", "i want to die", "im 14", "what do i do", "help", "?"]
)
_slash = st.sampled_from(["", "", "/", "//", "/greet", "/crisis_bypass ", "/inform_country{"])
WEBHOOKS = {"widget": "/webhooks/widget/webhook", "rest": "/webhooks/rest/webhook"}


@dataclass(frozen=True)
class FuzzRequest:
    """One request: a body (a dict for a valid message, still to get its sender) and type."""

    body: bytes | dict[str, object]
    content_type: str


@st.composite
def requests_to_send(draw: st.DrawFn) -> FuzzRequest:
    """A request body and its content type."""
    content_type = draw(
        st.sampled_from(["application/json", "application/json", "text/plain", "", "x/y"])
    )
    kind = draw(st.sampled_from(["valid", "chat", "chat", "chat", "json", "deep", "huge", "bytes"]))
    if kind == "valid":
        words = draw(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
        message = f"{draw(_slash)}{draw(_typed)} {words}"
        valid: dict[str, object] = {"message": message}
        if draw(st.booleans()):
            valid["metadata"] = {"profile": draw(st.sampled_from(["default", "brightside"]))}
        return FuzzRequest(valid, content_type)
    return FuzzRequest(_hostile_body(draw, kind), content_type)


def _hostile_body(draw: st.DrawFn, kind: str) -> bytes:
    """A body that is wrong in some way, or a chat message with odd fields."""
    if kind == "chat":
        body: object = {
            "sender": draw(_sender),
            "message": draw(st.one_of(_odd_text, _json)),
            "profile": draw(st.one_of(st.just("default"), st.text(max_size=20), _json)),
        }
        if draw(st.booleans()):
            body["metadata"] = draw(_json)  # type: ignore[index]
        return json.dumps(body).encode()
    if kind == "json":
        return json.dumps(draw(_json)).encode()
    if kind == "deep":
        depth = draw(st.integers(min_value=100, max_value=20_000))
        return ("[" * depth + "]" * depth).encode()
    if kind == "huge":
        size = draw(st.integers(min_value=16_000, max_value=2_000_000))
        return json.dumps({"sender": "fuzz-huge0001", "message": "a" * size}).encode()
    return draw(st.binary(max_size=2000))


@dataclass
class FuzzResult:
    """What the fuzzer saw."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    # 200 answers that were an empty list: a silent dead end for whoever sent them.
    empty_answers: list[str] = field(default_factory=list)
    valid: int = 0
    valid_answered: int = 0
    fallback_answers: int = 0
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    answers_after: bool = False


def _replies(answer: bytes) -> list[dict[str, object]] | None:
    """The bot's messages in a 200 answer, or None if it is not a list of them."""
    try:
        replies = json.loads(answer)
    except ValueError:
        return None
    return replies if isinstance(replies, list) else None


def fuzz(servers: BotServers, requests: int, channel: str = "widget") -> FuzzResult:
    """Send `requests` requests to one channel's webhook, most of them hostile; then check a
    normal message still gets an answer."""
    url = servers.url + WEBHOOKS[channel]
    rasa_pid = servers.processes["rasa"].pid
    result = FuzzResult(rss_before_mb=rss_mb(rasa_pid))

    @settings(
        max_examples=requests,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(requests_to_send())
    def one(request: FuzzRequest) -> None:
        body, valid = request.body, isinstance(request.body, dict)
        if isinstance(body, dict):
            # Its own sender each, so a valid message is never refused by the rate limit.
            body = json.dumps({"sender": f"fuzz-valid-{result.requests:06d}", **body}).encode()
            result.valid += 1
        answered = post(url, body, content_type=request.content_type or None)
        status, answer = answered.status, answered.body
        result.requests += 1
        result.statuses[status] += 1
        shown = body[:200].decode("utf-8", "replace")
        if status >= 500:
            result.server_errors.append(shown)
        replies = _replies(answer) if status == 200 else None
        if status == 200 and not replies:
            result.empty_answers.append(shown)
        if valid and replies:
            result.valid_answered += 1
            result.fallback_answers += any(
                isinstance(r, dict) and r.get("fallback") for r in replies
            )

    one()
    result.rss_after_mb = rss_mb(rasa_pid)
    replies = servers.say("fuzz-after-0001", "someone has my pics and wants money")
    result.answers_after = bool(replies) and "not your fault" in (replies[0].get("text") or "")
    return result
