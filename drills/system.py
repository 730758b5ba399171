"""The system drill: the production recipe under faults, with every message through nginx.

Kills a Rasa instance mid-conversation, restarts PostgreSQL and Redis, checks the rate limit
and the widget's same-origin check behind TLS, and sends canaries through nginx to both
tracker stores (Redis, then PostgreSQL). `make drills` runs it at full size, `make test` small
(tests/system/test_system.py). Each check gives a row for docs/reliability.md.
"""

from __future__ import annotations

import json
import time
import urllib.error
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from bot.facts import AGE_ENTITIES
from bot.guidance import current_step, next_step
from bot.signposting import age_band_concerned
from deploy.render import ENV_FILE, read_env_file
from rig.http import post
from rig.stack import Stack

Row = tuple[str, str, bool]
SETTLE_SECONDS = 30


@dataclass
class Turn:
    """One message through nginx: the replies, or why there were none."""

    replies: list[dict[str, Any]]
    status: int = 200

    @property
    def normal(self) -> bool:
        """Answered by the bot itself (not an error, not the no-answer floor)."""
        return self.status == 200 and bool(self.replies) and not self.floor

    @property
    def floor(self) -> bool:
        """Answered by the channel's no-answer floor (real people to contact)."""
        return any(r.get("fallback") for r in self.replies)

    @property
    def text(self) -> str:
        return "\n".join(str(r.get("text") or "") for r in self.replies)


def say(stack: Stack, sender: str, message: str, channel: str = "rest") -> Turn:
    """Send one message through nginx; an HTTP or connection error is a turn, not a crash."""
    try:
        return Turn(stack.say(sender, message, channel))
    except urllib.error.HTTPError as error:
        return Turn([], error.code)
    except (urllib.error.URLError, OSError):
        return Turn([], 0)


def stored_state(stack: Stack, sender: str) -> tuple[str | None, str | None, str | None]:
    """Country, the age band that counts, and guidance step, as the Redis store holds them."""
    raw = redis.Redis(port=stack.redis.port).get(f"tracker:{sender}")
    events = json.loads(raw)["events"] if raw else []
    slots: dict[str, Any] = {}
    said = []
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event.get("value")
        elif event.get("event") == "bot":
            said.append(str((event.get("metadata") or {}).get("utter_action") or ""))
    age = age_band_concerned(slots.get("role"), *(slots.get(name) for name in AGE_ENTITIES))
    return slots.get("country"), age, current_step(said)


def kill_rasa_mid_conversation(stack: Stack) -> Row:
    """SIGKILL one Rasa instance while a turn is in flight; the conversation must go on."""
    sender = f"system-kill-{uuid.uuid4().hex[:12]}"
    for message in ("someone has my pics and wants money", "im 15 and live in scotland"):
        say(stack, sender, message)
    before = stored_state(stack, sender)
    victim = stack.processes[stack.rasa(0)]
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(say, stack, sender, "/next_step")
        time.sleep(0.02)
        victim.kill()
        flight = in_flight.result()
    killed = time.perf_counter()
    after_turns: list[Turn] = []
    steps_continue = True
    for _ in range(4):
        step_before = stored_state(stack, sender)[2]
        after_turns.append(say(stack, sender, "/next_step"))
        expected = next_step(step_before)
        if expected is not None and stored_state(stack, sender)[2] != expected:
            steps_continue = False
    state = stored_state(stack, sender)
    access = (stack.nginx.logs / "safe-steps-access.log").read_text().splitlines()
    # nginx lists every instance it tried: "upstream=A, B" when A failed and B answered.
    retried = sum("upstream=" in line and ", " in line.split("upstream=")[1] for line in access)
    victim.wait(timeout=30)
    stack.start_unit("safe-steps-rasa@.service", stack.rasa_ports[0])  # Restart=always
    stack.wait_ready()
    back = time.perf_counter() - killed
    lost_after = sum(not turn.normal for turn in after_turns)
    facts_kept = state[:2] == before[:2] and before[0] is not None and before[1] is not None
    ok = lost_after == 0 and facts_kept and steps_continue
    return (
        "System: one of 2 Rasa instances killed mid-conversation (through nginx)",
        f"turn in flight: {'answered' if flight.normal else f'no answer (HTTP {flight.status})'}"
        f" (requests nginx moved from the killed instance to the other: {retried})"
        f"; {len(after_turns) - lost_after} of {len(after_turns)} later turns answered by the "
        f"other instance; country and age kept ({state[0]}, {state[1]}): {facts_kept}; steps "
        f"went on from {before[2]} to {state[2]}: {steps_continue}; killed instance "
        f"answering again after {back:.1f} s",
        ok,
    )


def _conversations(stack: Stack, count: int, label: str) -> int:
    """Start `count` short conversations; return how many were answered normally."""
    answered = 0
    for _ in range(count):
        turn = say(stack, f"system-{label}-{uuid.uuid4().hex[:12]}", "hi")
        answered += turn.normal
    return answered


def _settled_count(stack: Stack, metric: str, expected: int) -> int:
    """The count once it reaches `expected`, or whatever it is after SETTLE_SECONDS."""
    deadline = time.monotonic() + SETTLE_SECONDS
    total = stack.postgres.count(metric)
    while total < expected and time.monotonic() < deadline:
        time.sleep(0.5)
        total = stack.postgres.count(metric)
    return total


def restart_postgres(stack: Stack, conversations: int) -> Row:
    """PostgreSQL down for a while, then back: chats go on; counts are lost for the outage only."""
    start = stack.postgres.count("conversation_started")
    first = _conversations(stack, conversations, "pg-before")
    counted_before = _settled_count(stack, "conversation_started", start + first)
    started = time.perf_counter()
    stack.postgres.stop()
    during = _conversations(stack, conversations, "pg-down")
    stack.postgres.start()
    outage = time.perf_counter() - started
    after = _conversations(stack, conversations, "pg-after")
    counted = _settled_count(stack, "conversation_started", counted_before + after)
    kept_during = max(0, counted - counted_before - after)
    lost_after = max(0, counted_before + after - counted)
    ok = first == during == after == conversations and lost_after == 0
    return (
        "System: PostgreSQL (anonymous counts) stopped, then started again",
        f"down {outage:.1f} s; conversations answered before/during/after: {first}/{during}/"
        f"{after} of {conversations}; counts of the {conversations} started during the outage "
        f"kept: {kept_during}; counts lost after it: {lost_after}",
        ok,
    )


def restart_redis(stack: Stack, conversations: int) -> Row:
    """Redis (tracker and lock store) down, then back: the service must come back by itself."""
    started = time.perf_counter()
    stack.redis.pause()
    widget = say(stack, f"system-redis-down-{uuid.uuid4().hex[:8]}", "hi", "widget")
    rest = say(stack, f"system-redis-down-{uuid.uuid4().hex[:8]}", "hi")
    down_answers = f"widget {widget.status}, REST {rest.status}{' (floor)' if rest.floor else ''}"
    stack.redis.resume()
    back_at = time.perf_counter()
    first_ok: float | None = None
    failed = 0
    deadline = time.monotonic() + SETTLE_SECONDS
    while first_ok is None and time.monotonic() < deadline:
        if _conversations(stack, 1, "redis-first"):
            first_ok = time.perf_counter() - back_at
        else:
            failed += 1
            time.sleep(0.2)
    answered = _conversations(stack, conversations, "redis-after")
    ok = first_ok is not None and answered == conversations and widget.status == 503
    return (
        "System: Redis (tracker and lock store) stopped, then started again",
        f"while down ({back_at - started:.1f} s): {down_answers} (the widget shows its offline "
        f"help panel); after the start: first answer in {first_ok or 0:.1f} s ({failed} turns "
        f"failed first), then {answered} of {conversations} conversations answered",
        ok,
    )


def widget_same_origin_over_tls(stack: Stack) -> Row:
    """The widget's own page talks to its webhook through nginx with its https Origin."""
    import urllib.request

    body = {"sender": f"system-origin-{uuid.uuid4().hex[:12]}", "message": "hi"} | {
        "profile": "greenfield-high"
    }
    frame_url = f"{stack.nginx.url}/webhooks/widget/frame?profile=greenfield-high"
    with urllib.request.urlopen(frame_url, context=stack.nginx.tls()) as frame:
        csp = frame.headers.get("Content-Security-Policy", "")
        hsts = frame.headers.get("Strict-Transport-Security", "")
    status = post(
        f"{stack.nginx.url}/webhooks/widget/webhook",
        body,
        headers={"Origin": stack.nginx.url},
        context=stack.nginx.tls(),
    ).status
    ancestors = "frame-ancestors 'self' https://www.greenfield.sch.uk" in csp
    return (
        "System: widget through nginx over TLS",
        f"same-origin webhook call answered {status}; the profile's frame-ancestors kept: "
        f"{ancestors}; HSTS set: {bool(hsts)}",
        status == 200 and ancestors and bool(hsts),
    )


def rate_limit(stack: Stack, requests: int = 200) -> Row:
    """Many chat requests at once from one address: nginx answers 429 past the burst.

    The drill's other checks send everything from one address, so they run with a higher rate;
    this one reloads nginx with the recipe's own rate and burst first.
    """
    recipe = read_env_file(ENV_FILE)
    limits = ("SAFE_STEPS_NGINX_RATE", "SAFE_STEPS_NGINX_BURST")
    drill_values = {name: stack.nginx.values[name] for name in limits}
    stack.nginx.reload({name: recipe[name] for name in limits})
    with ThreadPoolExecutor(8) as pool:
        turns = pool.map(
            lambda n: say(stack, f"system-flood-{n:04d}-{uuid.uuid4().hex[:8]}", "hi", "widget"),
            range(requests),
        )
        statuses = [turn.status for turn in turns]
    stack.nginx.reload(drill_values)
    time.sleep(2)
    recovered = say(stack, f"system-after-flood-{uuid.uuid4().hex[:8]}", "hi").normal
    refused = statuses.count(429)
    return (
        "System: nginx rate limit (one address floods the chat)",
        f"recipe's {' '.join(recipe[name] for name in limits)}: {refused} of {requests} "
        f"requests at once answered 429 (statuses {dict(sorted(Counter(statuses).items()))}); "
        "any 5xx: "
        f"{any(s >= 500 for s in statuses)}; normal answers 2 s later: {recovered}",
        refused > 0 and recovered and not any(s >= 500 for s in statuses),
    )


def _canary_conversations(
    stack: Stack, count: int, prefix: str, counter: list[int]
) -> tuple[int, int]:
    """Conversations whose every typed message carries a canary; (answered, turns)."""

    def canary() -> str:
        counter[0] += 1
        return f"{prefix}x{counter[0]}"

    answered = turns = 0
    for n in range(count):
        sender = f"system-canary-{uuid.uuid4().hex[:12]}"
        channel = "widget" if n % 2 else "rest"
        messages = [
            f"hey {canary()}",
            f"someone has my pics and wants money {canary()}",
            f"im 15 and live in scotland {canary()}",
            "/next_step",
        ]
        if n % 4 == 0:
            messages.append(f"i cant take it anymore i want to die {canary()}")
        for message in messages:
            turns += 1
            answered += say(stack, sender, message, channel).normal
    return answered, turns


def _files_holding(root: Path, needle: bytes) -> list[str]:
    return [
        str(path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes()
    ]


def canaries_through_nginx(
    stack: Stack, conversations: int, switch_store: Callable[[str], None]
) -> Row:
    """Canaries through nginx into Redis, then PostgreSQL as the tracker store; find none."""
    prefix = f"zq{uuid.uuid4().hex[:10]}"
    counter = [0]
    half = max(1, conversations // 2)
    answered, turns = _canary_conversations(stack, half, prefix, counter)
    switch_store("sql")
    more_answered, more_turns = _canary_conversations(stack, half, prefix, counter)
    answered, turns = answered + more_answered, turns + more_turns
    needle = prefix.encode()
    client = redis.Redis(port=stack.redis.port)
    keys = client.keys("*")
    leaks = [f"redis {key!r}" for key in keys if needle in key + (client.get(key) or b"")]
    dumps = {db: stack.postgres.dump(db) for db in ("safe_steps_counts", "safe_steps_trackers")}
    leaks += [f"pg_dump {db}" for db, dump in dumps.items() if needle in dump]
    # Every file the stack wrote: nginx's logs and temporary folders, every server log,
    # PostgreSQL's data folder (tables and write-ahead log) and Redis's folder.
    leaks += _files_holding(stack.root, needle) + _files_holding(Path(stack.redis.dir), needle)
    trackers_in_sql = b"COPY public.events" in dumps["safe_steps_trackers"]
    access = (stack.nginx.logs / "safe-steps-access.log").read_text()
    ok = not leaks and answered == turns and bool(keys) and trackers_in_sql and "?" not in access
    return (
        "System: canaries through nginx (Redis, then PostgreSQL as tracker store)",
        f"{counter[0]} canaries in {2 * half} conversations ({answered} of {turns} turns "
        f"answered); found in nginx access/error logs, server logs, PostgreSQL (dump and data "
        f"files), Redis: {len(leaks)}; SQL trackers written: {trackers_in_sql}",
        ok,
    )


def system_drill(conversations: int, canary_conversations: int) -> list[Row]:
    """Start the recipe, run every system check, stop it; the rows for the report."""
    stack = Stack(nginx_overrides={"SAFE_STEPS_NGINX_RATE": "100r/s"})
    started = time.perf_counter()
    stack.start()
    rows: list[Row] = [
        (
            "System: the recipe started (nginx, 2 Rasa, 2 action servers, Redis, PostgreSQL)",
            f"first answer through nginx {time.perf_counter() - started:.0f} s after start",
            True,
        )
    ]
    try:
        rows.append(widget_same_origin_over_tls(stack))
        rows.append(kill_rasa_mid_conversation(stack))
        rows.append(restart_postgres(stack, conversations))
        rows.append(restart_redis(stack, conversations))
        rows.append(rate_limit(stack))
        rows.append(canaries_through_nginx(stack, canary_conversations, stack.switch_store))
    finally:
        stack.stop()
    return rows
