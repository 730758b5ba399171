"""Operators' features on the real running bot, with a fixed clock, and the dashboard in chromium.

One bot serves the whole module, with SAFE_STEPS_CLOCK set to a Saturday at 11:00 UK time:
Brightside's own line is open (Saturdays 10-2), Greenfield's safeguarding lead is not (school
days), and a third profile's evening team is closed until Monday. Its anonymous counts go to
a fresh database, which the dashboard is then made from and checked against.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.analytics.dashboard import ALL, ALL_WEEKS, HIDDEN, UNDER, week_of
from bot.analytics.recorder import Count, Recorder
from bot.cli import PROJECT
from rig.browser import chromium
from rig.harness import BotServers, temporary_log_dir

pytestmark = pytest.mark.servers
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WEEKLY_CHARTS = frozenset({"conversations", "quick_exits"})
SATURDAY_11AM = "2026-11-28T11:00+00:00"
EVENING_TEAM = """\
id: evening-team
organisation: Northside Youth Project
default_country: uk
live_help:
  phone: "01632 960 789"
  hours:
    time_zone: Europe/London
    open:
      mon-fri: "18:00-22:00"
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("operators")
    profiles = made / "profiles"
    shutil.copytree(PROJECT / "profiles", profiles)
    (profiles / "evening-team.yml").write_text(EVENING_TEAM, encoding="utf-8")
    return made


@pytest.fixture(scope="module")
def bot(folder: Path) -> Iterator[BotServers]:
    servers = BotServers(temporary_log_dir())
    servers.env.update(
        {
            "SAFE_STEPS_ANALYTICS_URL": f"sqlite:///{folder / 'analytics.db'}",
            "SAFE_STEPS_PROFILES_DIR": str(folder / "profiles"),
            "SAFE_STEPS_CLOCK": SATURDAY_11AM,
            # Every shipped entry was checked before this Saturday: all are stale at 0 days.
            "SAFE_STEPS_STALE_DAYS": "0",
        }
    )
    servers.start()
    try:
        yield servers
    finally:
        servers.stop()


def conversation(bot: BotServers, profile: str, *messages: str) -> str:
    sender = f"ops-{uuid.uuid4().hex}"
    replies = [bot.say(sender, message, {"profile": profile}) for message in messages]
    return "\n".join(r.get("text") or "" for said in replies for r in said)


TALK = ("/ask_who_to_tell", '/inform_country{"country":"uk"}', '/inform_age{"age_band":"13_17"}')


def test_start_up_logs_one_warning_about_stale_entries(bot: BotServers) -> None:
    log = (bot.log_dir / "rasa.log").read_text(errors="replace")
    warnings = [line for line in log.splitlines() if "registry:" in line and "to check" in line]
    assert len(warnings) == 1, warnings
    assert "WARNING" in warnings[0] and "registry check" in warnings[0]


def test_the_charity_s_own_line_comes_first_while_it_is_open(bot: BotServers) -> None:
    text = conversation(bot, "brightside", *TALK)
    lines = [line for line in text.splitlines() if line.startswith("•")]
    assert lines[0].startswith(
        "• Talk to someone at Brightside Youth Trust now: call 01632 960 456"
    )
    assert "(open now until 2pm)" in lines[0]
    assert any("Childline" in line for line in lines[1:])


def test_a_closed_own_line_says_when_it_opens_and_gives_the_24_7_lines(bot: BotServers) -> None:
    text = conversation(bot, "evening-team", *TALK)
    assert "Northside Youth Project is closed now. It opens Monday 6pm." in text
    assert "Childline: call 0800 1111" in text and "(phone any time)" in text
    assert "Talk to someone at Northside" not in text


def test_a_service_closed_now_is_listed_last_with_when_it_opens(bot: BotServers) -> None:
    text = conversation(bot, "greenfield-high", *TALK)
    lines = [line for line in text.splitlines() if line.startswith("•")]
    assert "Mrs Patel" in lines[-1] and "(closed now, opens Monday 8am)" in lines[-1]
    assert "Childline" in lines[0] and "(phone any time)" in lines[0]


def test_an_adult_is_told_the_weekday_helpline_is_closed_at_the_weekend(bot: BotServers) -> None:
    text = conversation(
        bot,
        "default",
        "/ask_who_to_tell",
        '/inform_country{"country":"uk"}',
        '/inform_age{"age_band":"18_plus"}',
    )
    assert "Revenge Porn Helpline: call 0345 6000 459" in text
    assert "(phone closed now, opens Monday 10am)" in text


# --------------------------------------------------------------------------- dashboard


def drive_conversations(bot: BotServers) -> None:
    """Real conversations today, counted by the running bot (no text is ever stored)."""
    for profile, count in (("default", 6), ("brightside", 5), ("greenfield-high", 2)):
        for _ in range(count):
            conversation(
                bot,
                profile,
                "someone is threatening to share my nudes",
                "/next_step",
                '/inform_country{"country":"uk"}',
            )
    for profile, count in (("brightside", 6), ("default", 2)):
        for _ in range(count):
            request = urllib.request.Request(
                f"{bot.url}/webhooks/widget/exit?profile={profile}", data=b"", method="POST"
            )
            with urllib.request.urlopen(request, timeout=10):
                pass


def earlier_weeks(url: str) -> None:
    """Counts for the weeks before today, added through the recorder as the bot would."""
    chance = random.Random(17)
    recorder = Recorder(url)
    today = dt.date.today()
    for back in range(7, 60):
        day = today - dt.timedelta(days=back)
        for profile, size in (("default", 8), ("brightside", 4), ("greenfield-high", 1)):
            started = chance.randint(0, size * 2)
            recorder.add(Count(day, profile, "unknown", "conversation_started", started))
            for position, step in enumerate(("dont_pay", "stop_replying", "save_evidence")):
                shown = max(0, started - position * chance.randint(0, 2))
                recorder.add(Count(day, profile, "uk", f"step:{step}", shown))
            for service in ("childline_uk", "samaritans_uk", "ceop"):
                recorder.add(
                    Count(day, profile, "uk", f"service:{service}", chance.randint(0, size))
                )
            recorder.add(Count(day, profile, "uk", "country:uk", chance.randint(0, size)))
            recorder.add(Count(day, profile, "unknown", "quick_exit", chance.randint(0, 2)))
            recorder.add(Count(day, profile, "uk", "crisis_reply", chance.randint(0, 2)))
    recorder.flush()


def database_totals(path: Path) -> dict[tuple[str, str, object], int]:
    """Sums straight from the database: per profile (and all), metric, week (and all weeks)."""
    totals: dict[tuple[str, str, object], int] = defaultdict(int)
    with sqlite3.connect(path) as db:
        for day, profile, metric, count in db.execute(
            "select day, profile, metric, count from daily_counts"
        ):
            week = week_of(dt.date.fromisoformat(day))
            if week < week_of(dt.date.today()) - dt.timedelta(weeks=11):
                continue
            for who in (profile, ALL):
                for when in (week.isoformat(), ALL_WEEKS):
                    totals[(who, metric, when)] += count
    return totals


def wait_for_counts(path: Path, expected: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if path.exists():
            with sqlite3.connect(path) as db:
                (found,) = db.execute(
                    "select coalesce(sum(count), 0) from daily_counts "
                    "where metric = 'quick_exit' and day = ?",
                    (dt.date.today().isoformat(),),
                ).fetchone()
            if found >= expected:
                return
        time.sleep(0.5)
    raise AssertionError("the running bot's counts did not reach the database")


def test_the_dashboard_charts_match_the_database_in_a_real_browser(
    bot: BotServers, folder: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    database = folder / "analytics.db"
    drive_conversations(bot)
    wait_for_counts(database, 8)
    time.sleep(1)  # the conversations' counts are queued before the last quick exit's
    earlier_weeks(f"sqlite:///{database}")
    page_file = folder / "dashboard.html"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "stats",
            "--url",
            f"sqlite:///{database}",
            "--html",
            str(page_file),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**bot.env, "PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert made.returncode == 0, made.stderr
    totals = database_totals(database)
    today_week = week_of(dt.date.today()).isoformat()
    # Each conversation is counted under its own profile (earlier tests here add a few more).
    for profile, least in (("default", 6), ("brightside", 5), ("greenfield-high", 2)):
        assert totals[(profile, "conversation_started", today_week)] >= least, profile
        assert totals[(profile, "step:stop_replying", today_week)] >= least, profile
    assert totals[("brightside", "quick_exit", today_week)] == 6

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(page_file.as_uri())
        assert requested == [page_file.as_uri()]  # nothing else, from anywhere

        bars = page.eval_on_selector_all(
            "svg[data-chart] g.bar",
            """bars => bars.map(g => ({
                chart: g.closest('svg').dataset.chart,
                profile: g.closest('svg').dataset.profile,
                metric: g.dataset.metric, week: g.dataset.week, value: g.dataset.value,
                labels: [...g.querySelectorAll('text')].map(t => t.textContent),
                height: Number(g.querySelector('rect').getAttribute('height')),
                width: Number(g.querySelector('rect').getAttribute('width')),
            }))""",
        )
        charts = {(bar["chart"], bar["profile"]) for bar in bars}
        assert {"conversations", "funnel", "services", "safety", "quick_exits", "countries"} <= {
            chart for chart, _ in charts
        }
        assert {profile for _, profile in charts} >= {
            "default",
            "brightside",
            "greenfield-high",
            ALL,
        }
        scales: dict[tuple[str, str], set[float]] = defaultdict(set)
        for bar in bars:
            counted = totals.get((bar["profile"], bar["metric"], bar["week"]), 0)
            assert bar["value"] in bar["labels"], bar
            if bar["value"] == UNDER:
                assert counted < 5, bar
            elif bar["value"] == HIDDEN:
                assert counted >= 5, bar  # hidden only so a small number elsewhere stays hidden
            else:
                assert int(bar["value"]) == counted, bar
                # Charts over weeks are drawn upwards; the others across.
                size = bar["height"] if bar["chart"] in WEEKLY_CHARTS else bar["width"]
                scales[(bar["chart"], bar["profile"])].add(size / counted)
        # Bars are drawn to scale (their sizes are rounded to a tenth of a pixel).
        assert all(max(found) - min(found) < 0.01 * max(found) for found in scales.values())
        shown = [bar for bar in bars if bar["value"] not in (UNDER, HIDDEN)]
        assert len(shown) > 20 and any(bar["value"] == UNDER for bar in bars)

        cells = page.eval_on_selector_all(
            "table[data-table] td",
            """tds => tds.map(td => [td.closest('table').dataset.profile, td.dataset.metric,
                td.dataset.week, td.textContent])""",
        )
        for profile, metric, week, text in cells:
            counted = totals.get((profile, metric, week), 0)
            assert text in (UNDER, HIDDEN) or int(text) == counted, (profile, metric, week, text)
            assert text != UNDER or counted < 5

        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        assert results.violations_count == 0, results.generate_report()
        (PROJECT / "docs").mkdir(exist_ok=True)
        page.screenshot(path=str(PROJECT / "docs" / "dashboard.png"))
