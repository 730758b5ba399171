"""Anonymous counts: what is counted, how it is stored, and how it is read back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from bot.analytics.counting import Counter, metrics_for
from bot.analytics.recorder import Count, Recorder
from bot.analytics.stats import format_table, read_rows, shown, write_csv


class Slots:
    def __init__(self, **slots: Any) -> None:
        self.slots = slots
        self.latest_message: Any = None

    def get_slot(self, key: str) -> Any:
        return self.slots.get(key)


def bot(name: str, **metadata: Any) -> dict[str, Any]:
    return {"event": "bot", "metadata": {"utter_action": name, **metadata}}


def test_what_each_event_counts_as() -> None:
    assert metrics_for({"event": "session_started"}) == ["conversation_started"]
    assert metrics_for(bot("utter_step_dont_pay")) == ["step:dont_pay"]
    assert metrics_for(bot("say_step_report")) == ["step:report"]
    assert metrics_for(bot("utter_crisis", service_ids=["childline_uk"])) == [
        "crisis_reply",
        "service:childline_uk",
    ]
    assert metrics_for(bot("utter_default")) == ["fallback"]
    assert metrics_for({"event": "user", "parse_data": {"intent": {"name": "greet"}}}) == []


def test_counts_are_added_per_day_profile_and_country(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'counts.db'}"
    recorder = Recorder(url)
    counter = Counter(recorder)
    tracker = Slots(country="uk", session_started_metadata={"profile": "school-a"})
    for _ in range(6):
        counter.count([{"event": "session_started"}, bot("utter_crisis")], tracker)
    counter.count([{"event": "session_started"}], Slots())
    recorder.flush()
    rows = (
        sqlite3.connect(tmp_path / "counts.db")
        .execute("select profile, country, metric, count from daily_counts order by 1, 2, 3")
        .fetchall()
    )
    assert rows == [
        ("default", "unknown", "conversation_started", 1),
        ("school-a", "uk", "conversation_started", 6),
        ("school-a", "uk", "crisis_reply", 6),
    ]


def test_the_profile_comes_from_the_latest_message_when_the_session_slot_is_empty(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'counts.db'}"
    recorder = Recorder(url)
    tracker = Slots(country="uk")
    tracker.latest_message = type("Message", (), {"metadata": {"profile": "school-b"}})()
    Counter(recorder).count([{"event": "session_started"}], tracker)
    # A profile id nobody configured could be any text a client sent: it is never stored.
    known = Counter(recorder, lambda profile: profile if profile == "school-b" else "default")
    tracker.latest_message.metadata = {"profile": "my name is Sam"}
    known.count([{"event": "session_started"}], tracker)
    recorder.flush()
    rows = sqlite3.connect(tmp_path / "counts.db").execute(
        "select profile from daily_counts order by 1"
    )
    assert rows.fetchall() == [("default",), ("school-b",)]


def test_an_unreachable_database_drops_the_count_with_a_warning(caplog: Any) -> None:
    recorder = Recorder("postgresql://nobody@127.0.0.1:1/none")
    recorder.add(Count(dt.date.today(), "default", "uk", "fallback"))
    recorder.flush()
    assert "analytics: database unavailable, count dropped (fallback" in caplog.text


def test_stats_suppress_numbers_under_5_in_the_table_and_csv(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'counts.db'}"
    recorder = Recorder(url)
    day = dt.date(2026, 11, 20)
    recorder.add(Count(day, "default", "uk", "conversation_started", 12))
    recorder.add(Count(day, "default", "us", "conversation_started", 3))
    recorder.flush()
    # What else is hidden depends on the weeks shown, so the day it is read is fixed.
    rows = read_rows(url, today=dt.date(2026, 11, 23))
    assert rows == [
        ("2026-11-20", "default", "uk", "conversation_started", "12"),
        ("2026-11-20", "default", "us", "conversation_started", "<5"),
    ]
    table = format_table(rows)
    assert table.splitlines()[0].split() == ["day", "profile", "country", "metric", "count"]
    write_csv(rows, tmp_path / "counts.csv")
    assert (tmp_path / "counts.csv").read_text().splitlines()[2].endswith(",<5")
    assert [shown(n) for n in (0, 4, 5)] == ["<5", "<5", "5"]


def test_one_process_has_one_analytics_writer() -> None:
    """The tracker store and the widget channel count through the runtime's one writer."""
    from bot import runtime
    from bot.tracker_store import RedactingTrackerStore

    process = runtime.current()
    assert process.counter is not None
    assert process.counter is runtime.current().counter
    assert RedactingTrackerStore().counter is process.counter
