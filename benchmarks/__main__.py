"""`make bench`: Safe Steps against a stock `rasa init` bot, on the same machine, same load.

Trains both from scratch (with empty caches), starts both, drives 20 concurrent users x 10
turns through each one's REST channel in alternating rounds (so machine drift hits both),
times one long conversation, measures memory and start-up, then runs Safe Steps as one and as
two instances behind the recipe's nginx, sharing Redis. Writes docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.cli import PROJECT, server_env
from rig.harness import MACHINE_SPEED, BotServers, free_port, temporary_log_dir
from rig.http import post_json, wait_until
from rig.load import LoadResult, load
from rig.process import OtherLoad, RedisServer, percentile, rss_mb
from rig.stack import Nginx, nginx_in_front

OUT = PROJECT / "docs" / "benchmarks.md"
REST = "/webhooks/rest/webhook"
RASA = str(Path(sys.executable).with_name("rasa"))
# Typed messages only, so both bots do the same work (no button payloads for intents the
# stock bot does not have).
MESSAGES = (
    "hi",
    "someone on snap has my nudes and wants money",
    "what do i do now",
    "should i pay them",
    "i already paid 50 quid",
    "ok whats next",
    "should i delete my account",
    "how do i report it",
    "im in scotland",
    "thanks",
)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run a command to completion and return how long it took."""
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def first_answer(
    url: str, started: float, timeout: float = 300, tls: ssl.SSLContext | None = None
) -> float:
    """Seconds from `started` until the bot's REST channel gives its first answer."""
    body = {"sender": "bench-first", "message": "hi"}
    left = timeout - (time.perf_counter() - started)
    wait_until(lambda: post_json(f"{url}{REST}", body, context=tls), left, url, interval=0.2)
    return time.perf_counter() - started


def warm_up(url: str) -> None:
    """One conversation through every benchmark message, untimed, before any timed load.

    TensorFlow builds a new graph the first time it sees each input shape (hundreds of
    milliseconds each); both bots get the same warm-up so the tables compare steady states.
    """
    sender = f"bench-warm-up-{time.time_ns()}"
    for message in MESSAGES:
        post_json(f"{url}{REST}", {"sender": sender, "message": message})


def long_conversation(url: str, turns: int = 100) -> list[float]:
    """Latency of each turn of one conversation."""
    sender = f"bench-long-{time.time_ns()}"
    latencies = []
    for turn in tqdm(range(turns), desc="long conversation", leave=False):
        started = time.perf_counter()
        post_json(f"{url}{REST}", {"sender": sender, "message": MESSAGES[turn % len(MESSAGES)]})
        latencies.append(time.perf_counter() - started)
    return latencies


def early(latencies: list[float]) -> float:
    """Median latency of turns 1-10."""
    return percentile(latencies[:10], 0.5)


def late(latencies: list[float]) -> float:
    """Median latency of turns 90-100."""
    return percentile(latencies[89:100], 0.5)


def ratio(ours: float, stock: float) -> str:
    return f"{ours / stock:.2f}x" if stock else "n/a"


def merge(results: list[LoadResult]) -> LoadResult:
    merged = LoadResult(conversations=results[0].conversations, turns=results[0].turns)
    for result in results:
        merged.latencies += result.latencies
        merged.errors += result.errors
        merged.silent += result.silent
        merged.fallbacks += result.fallbacks
        merged.seconds += result.seconds
    return merged


def start_stock(directory: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    model = next((directory / "models").glob("*.tar.gz"))
    started = time.perf_counter()
    process = subprocess.Popen(
        [RASA, "run", "--model", str(model), "--port", str(port)],
        cwd=directory,
        env=server_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    return process, url, first_answer(url, started)


def scale_out(rounds: int, users: int, turns: int) -> dict[str, Any] | None:
    """One and two Safe Steps instances, each set-up behind the recipe's nginx, sharing Redis.

    Both set-ups run side by side and take turns, so the only difference measured is the
    second instance.
    """
    try:
        redis = RedisServer()
    except RuntimeError:
        return None
    store, lock = redis.stores()
    first = BotServers(
        temporary_log_dir(), tracker_store=store, lock_store=lock, channel_options=MACHINE_SPEED
    )
    instances = [first]
    fronts: list[Nginx] = []
    try:
        second = BotServers(
            temporary_log_dir(),
            tracker_store=store,
            lock_store=lock,
            actions_port=first.actions_port,
            channel_options=MACHINE_SPEED,
        )
        instances.append(second)
        # Both start at once (nothing here is timed): on two cores, one start-up's wait.
        first.start_actions()
        first.start_rasa()
        second.start_rasa()
        first.wait_ready()
        second.wait_ready()
        for backends in ([first.url], [first.url, second.url]):
            fronts.append(nginx_in_front(backends))
            first_answer(fronts[-1].url, time.perf_counter(), tls=fronts[-1].tls())
        one, two = fronts
        warm_up(first.url)
        warm_up(second.url)
        one_runs, two_runs = [], []
        others = OtherLoad()
        for _ in tqdm(range(rounds), desc="one and two instances", leave=False):
            one_runs.append(load(one.url, users, turns, REST, MESSAGES, tls=one.tls()))
            two_runs.append(load(two.url, users, turns, REST, MESSAGES, tls=two.tls()))
        return {
            "one": merge(one_runs).summary(),
            "two": merge(two_runs).summary(),
            "other_cores": round(others.cores(), 2),
        }
    finally:
        for front in fronts:
            front.remove()
        for instance in instances:
            instance.stop()
        redis.stop()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the report")
    parser.add_argument(
        "--caches",
        type=Path,
        help="keep the training caches here (cache/ for Safe Steps, as `make train` does, and "
        "cache-stock/) instead of empty ones: for tests of the benchmark itself, whose "
        "training figures then do not mean 'from scratch'",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="safe-steps-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # two models and two caches: about 100 MB


def run(args: argparse.Namespace, work: Path) -> int:
    """Train, start, load and measure both bots; write the report."""
    steps = tqdm(total=7, desc="benchmark", unit="step")

    # 1. Training, from scratch: empty caches for both (unless --caches keeps them).
    caches = args.caches or work
    stock_dir = work / "stock"
    stock_dir.mkdir()  # rasa init refuses a folder that does not exist yet
    env = {**server_env(), "RASA_CACHE_DIRECTORY": str(caches / "cache-stock")}
    stock_train = timed([RASA, "init", "--no-prompt", "--init-dir", str(stock_dir)], work, env)
    steps.update()
    ours_cache = caches / ("cache" if args.caches else "cache-ours")
    env = {**server_env(), "RASA_CACHE_DIRECTORY": str(ours_cache)}
    ours_train = timed(
        [
            RASA,
            "train",
            "--domain",
            "domain",
            "--out",
            str(work / "models"),
            "--fixed-model-name",
            "bench",
        ],
        PROJECT,
        env,
    )
    steps.update()

    # 2. Start both and time the first answer.
    stock, stock_url, stock_start = start_stock(stock_dir)
    ours = BotServers(temporary_log_dir(), channel_options=MACHINE_SPEED)
    started = time.perf_counter()
    ours.start_actions()
    ours.start_rasa()
    ours_start = first_answer(ours.url, started)
    warm_up(stock_url)
    warm_up(ours.url)
    steps.update()
    try:
        # 3. Alternating rounds of the same load.
        stock_runs, ours_runs = [], []
        for _ in tqdm(range(args.rounds), desc="rounds", leave=False):
            stock_runs.append(load(stock_url, args.users, args.turns, REST, MESSAGES))
            ours_runs.append(load(ours.url, args.users, args.turns, REST, MESSAGES))
        stock_load, ours_load = merge(stock_runs), merge(ours_runs)
        steps.update()
        # 4. One long conversation each.
        stock_long, ours_long = long_conversation(stock_url), long_conversation(ours.url)
        steps.update()
        memory = {
            "stock Rasa": rss_mb(stock.pid),
            "Safe Steps Rasa": rss_mb(ours.processes["rasa"].pid),
            "Safe Steps actions": rss_mb(ours.processes["actions"].pid),
        }
    finally:
        stock.terminate()
        ours.stop()
    steps.update()

    # 5. Scale-out: two instances behind one port.
    scaled = scale_out(args.rounds, args.users, args.turns)
    steps.update()
    steps.close()

    s, o = stock_load.summary(), ours_load.summary()
    rows = [
        (
            "throughput (messages/s)",
            s["throughput_per_s"],
            o["throughput_per_s"],
            ratio(o["throughput_per_s"], s["throughput_per_s"]),
            ">= 1.5x",
        ),
        ("p50 per turn (ms)", s["p50_ms"], o["p50_ms"], ratio(o["p50_ms"], s["p50_ms"]), ""),
        ("p95 per turn (ms)", s["p95_ms"], o["p95_ms"], ratio(o["p95_ms"], s["p95_ms"]), "<= 1.0x"),
        ("p99 per turn (ms)", s["p99_ms"], o["p99_ms"], ratio(o["p99_ms"], s["p99_ms"]), ""),
        ("errors (HTTP or connection)", s["errors"], o["errors"], "", "0"),
        ("turns answered with no message", s["silent_turns"], o["silent_turns"], "", "0 (ours)"),
        (
            "turns answered by our no-answer floor (help lines)",
            "-",
            o["help_line_fallbacks"],
            "",
            "0 (ours)",
        ),
        (
            "long conversation: median turn 1-10 (ms)",
            round(early(stock_long) * 1000),
            round(early(ours_long) * 1000),
            "",
            "",
        ),
        (
            "long conversation: median turn 90-100 (ms)",
            round(late(stock_long) * 1000),
            round(late(ours_long) * 1000),
            "",
            "",
        ),
        (
            "long conversation: turns 90-100 / 1-10",
            ratio(late(stock_long), early(stock_long)),
            ratio(late(ours_long), early(ours_long)),
            "",
            "<= 1.3x (ours)",
        ),
        (
            "start-up to first answer (s)",
            round(stock_start, 1),
            round(ours_start, 1),
            ratio(ours_start, stock_start),
            "",
        ),
        (
            "full training, empty cache (s)",
            round(stock_train),
            round(ours_train),
            ratio(ours_train, stock_train),
            "<= 150 s (ours)",
        ),
        (
            "RSS of Rasa (MB)",
            round(memory["stock Rasa"]),
            round(memory["Safe Steps Rasa"]),
            ratio(memory["Safe Steps Rasa"], memory["stock Rasa"]),
            "",
        ),
        ("RSS of the action server (MB)", "-", round(memory["Safe Steps actions"]), "", ""),
    ]
    scale_line = "Redis was not available, so the scale-out run was skipped."
    if scaled is not None:
        one, two = scaled["one"], scaled["two"]
        scale_line = (
            "Scale-out: Safe Steps instances behind the production recipe's nginx (deploy/, "
            "TLS, round robin, its rate limit raised because all load comes from one address), "
            "sharing the Redis tracker and lock stores, with the same load in alternating "
            "rounds.\n\n"
            "| set-up | messages/s | p95 (ms) | errors | turns with no message |\n"
            "|---|---|---|---|---|\n"
            f"| one instance | {one['throughput_per_s']} | {one['p95_ms']} | {one['errors']} "
            f"| {one['silent_turns']} |\n"
            f"| two instances | {two['throughput_per_s']} | {two['p95_ms']} | {two['errors']} "
            f"| {two['silent_turns']} |\n\n"
            f"Two instances / one: "
            f"{ratio(two['throughput_per_s'], one['throughput_per_s'])} (target >= 1.6x). "
            f"Other processes on this shared machine used {scaled['other_cores']} of its "
            f"{os.cpu_count()} cores on average during these rounds. "
            f"Against the single in-memory instance above: "
            f"{ratio(two['throughput_per_s'], o['throughput_per_s'])}."
        )
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    table = "\n".join(f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows)
    args.out.write_text(
        "# Benchmarks: Safe Steps against a stock Rasa bot\n\n"
        f"Written by `make bench` on {dt.date.today().isoformat()}. Machine: {machine}.\n\n"
        f"Load: {args.users} concurrent users x {args.turns} turns through each bot's REST "
        f"channel, {args.rounds} alternating rounds. The stock bot is `rasa init` with Rasa's "
        "default config. Both were trained from an empty cache, and each got one untimed "
        "warm-up conversation first.\n\n"
        "| measure | stock rasa init | Safe Steps | ours / stock | target |\n"
        "|---|---|---|---|---|\n" + table + "\n\n" + scale_line + "\n",
        encoding="utf-8",
    )
    print(args.out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
