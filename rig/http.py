"""The one way tests, drills and benchmarks talk HTTP to a running bot: POST, and wait until up.

Why one module: each caller used to build its own request and its own polling loop, and
they drifted (different timeouts, some treating an error status as an exception, some not).
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any

# What "not answering yet" looks like while a server starts: refused, reset, half-written.
NOT_YET = (urllib.error.URLError, OSError, ValueError)


@dataclass(frozen=True)
class Answer:
    """A server's answer to one request, whatever its status."""

    status: int
    headers: Message
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON (an empty body is None)."""
        return json.loads(self.body or b"null")


def _request(
    url: str, body: Any, headers: dict[str, str] | None, content_type: str | None
) -> urllib.request.Request:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"Content-Type": content_type} if content_type else {}
    return urllib.request.Request(
        url, data=data, headers={**sent, **(headers or {})}, method="POST"
    )


def post(
    url: str,
    body: Any,
    *,
    headers: dict[str, str] | None = None,
    content_type: str | None = "application/json",
    timeout: float = 60,
    context: ssl.SSLContext | None = None,
) -> Answer:
    """POST a body (bytes as they are, anything else as JSON); any status is an Answer."""
    request = _request(url, body, headers, content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            return Answer(int(response.status), response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(int(error.code), error.headers, error.read())


def post_json(
    url: str,
    body: Any,
    timeout: float = 30,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> Any:
    """POST JSON and return the decoded answer; an error status raises HTTPError."""
    request = _request(url, body, headers, "application/json")
    with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
        return json.loads(response.read() or b"null")


def answers(url: str, context: ssl.SSLContext | None = None) -> bool:
    """True once a GET of `url` succeeds (NOT_YET errors propagate to `wait_until`)."""
    with urllib.request.urlopen(url, timeout=2, context=context):
        return True


def wait_until(
    ready: Callable[[], Any],
    timeout: float,
    what: str,
    alive: Callable[[], None] | None = None,
    interval: float = 0.5,
    not_yet: tuple[type[BaseException], ...] = NOT_YET,
) -> None:
    """Poll `ready()` until it returns something true, or raise RuntimeError naming `what`.

    `ready` may raise any of `not_yet` while the server starts. `alive` is called before
    each try and should raise if the process being waited for has already died, so a crash
    is reported at once with its reason rather than after the whole timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        if alive is not None:
            alive()
        try:
            if ready():
                return
        except not_yet:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer in {timeout:.0f} s")
        time.sleep(interval)
