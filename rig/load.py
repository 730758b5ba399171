"""Many concurrent conversations through the widget webhook; counts errors and times turns."""

from __future__ import annotations

import asyncio
import ssl
import time
import uuid
from dataclasses import dataclass, field

import aiohttp

from rig.process import percentile

# Ten turns a frightened young person might really send, buttons included.
TURNS = (
    "hi",
    "someone on snap has my nudes and wants money",
    "/next_step",
    "should i pay them",
    "i already paid 50 quid",
    "/next_step",
    "should i delete my account",
    "/next_step",
    '/inform_country{"country":"uk"}',
    "i cant take this anymore",
)


@dataclass
class LoadResult:
    """Latency of every turn, and every error."""

    conversations: int
    turns: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Turns answered by the widget's "can't answer right now, here are real people" reply.
    fallbacks: int = 0
    # Turns answered 200 with no message at all: a dead end for the person typing.
    silent: int = 0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, float]:
        return {
            "messages": len(self.latencies),
            "errors": len(self.errors),
            "silent_turns": self.silent,
            "help_line_fallbacks": self.fallbacks,
            "throughput_per_s": round(self.throughput, 1),
            "p50_ms": round(percentile(self.latencies, 0.50) * 1000),
            "p95_ms": round(percentile(self.latencies, 0.95) * 1000),
            "p99_ms": round(percentile(self.latencies, 0.99) * 1000),
        }


async def _conversation(
    session: aiohttp.ClientSession,
    url: str,
    turns: int,
    result: LoadResult,
    messages: tuple[str, ...],
) -> None:
    sender = f"load-{uuid.uuid4().hex[:16]}"
    for turn in range(turns):
        message = messages[turn % len(messages)]
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as answer:
                body = await answer.json(content_type=None)
                if answer.status != 200:
                    result.errors.append(f"{answer.status} on turn {turn + 1}")
                elif not body:
                    result.silent += 1
                elif any(isinstance(r, dict) and r.get("fallback") for r in body):
                    result.fallbacks += 1
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            result.errors.append(f"{type(error).__name__} on turn {turn + 1}")
        result.latencies.append(time.perf_counter() - started)


async def _run(
    base_url: str,
    conversations: int,
    turns: int,
    path: str,
    messages: tuple[str, ...],
    tls: ssl.SSLContext | None,
) -> LoadResult:
    result = LoadResult(conversations=conversations, turns=turns)
    url = f"{base_url}{path}"
    timeout = aiohttp.ClientTimeout(total=300)
    connector = aiohttp.TCPConnector(limit=conversations, ssl=tls if tls is not None else True)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(_conversation(session, url, turns, result, messages) for _ in range(conversations))
        )
        result.seconds = time.perf_counter() - started
    return result


def load(
    base_url: str,
    conversations: int,
    turns: int,
    path: str = "/webhooks/widget/webhook",
    messages: tuple[str, ...] = TURNS,
    tls: ssl.SSLContext | None = None,
) -> LoadResult:
    """Run `conversations` at once, each `turns` long, against a chat webhook at `path`.

    `tls` is the client TLS context for an https address (nginx with its own certificate).
    """
    return asyncio.run(_run(base_url, conversations, turns, path, messages, tls))
