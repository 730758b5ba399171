"""Property-based fuzzing of the widget's chat webhook with hypothesis.

Random JSON, deep nesting, odd unicode and control characters, huge bodies and wrong
content types. The property: the server never answers 500 or more, still answers a normal
message afterwards, and its memory does not grow without bound.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.harness import BotServers
from drills.process import rss_mb

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


@st.composite
def request_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """A request body and its content type."""
    kind = draw(st.sampled_from(["chat", "chat", "chat", "json", "deep", "huge", "bytes"]))
    content_type = draw(
        st.sampled_from(["application/json", "application/json", "text/plain", "", "x/y"])
    )
    if kind == "chat":
        body: object = {
            "sender": draw(_sender),
            "message": draw(st.one_of(_odd_text, _json)),
            "profile": draw(st.one_of(st.just("default"), st.text(max_size=20), _json)),
        }
        if draw(st.booleans()):
            body["metadata"] = draw(_json)  # type: ignore[index]
        return json.dumps(body).encode(), content_type
    if kind == "json":
        return json.dumps(draw(_json)).encode(), content_type
    if kind == "deep":
        depth = draw(st.integers(min_value=100, max_value=20_000))
        return ("[" * depth + "]" * depth).encode(), content_type
    if kind == "huge":
        size = draw(st.integers(min_value=16_000, max_value=2_000_000))
        return json.dumps({"sender": "fuzz-huge0001", "message": "a" * size}).encode(), content_type
    return draw(st.binary(max_size=2000)), content_type


@dataclass
class FuzzResult:
    """What the fuzzer saw."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    answers_after: bool = False


def _post(url: str, body: bytes, content_type: str) -> int:
    headers = {"Content-Type": content_type} if content_type else {}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def fuzz(servers: BotServers, requests: int) -> FuzzResult:
    """Send `requests` hostile requests; then check a normal message still gets an answer."""
    url = f"{servers.url}/webhooks/widget/webhook"
    rasa_pid = servers.processes["rasa"].pid
    result = FuzzResult(rss_before_mb=rss_mb(rasa_pid))

    @settings(
        max_examples=requests,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(request_bodies())
    def one(request: tuple[bytes, str]) -> None:
        body, content_type = request
        status = _post(url, body, content_type)
        result.requests += 1
        result.statuses[status] += 1
        if status >= 500:
            result.server_errors.append(body[:200].decode("utf-8", "replace"))

    one()
    result.rss_after_mb = rss_mb(rasa_pid)
    replies = servers.say("fuzz-after-0001", "someone has my pics and wants money")
    result.answers_after = bool(replies) and "not your fault" in (replies[0].get("text") or "")
    return result
