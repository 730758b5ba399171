"""The dashboard's numbers: weekly totals, and suppression nobody can undo by subtraction."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy

from bot.analytics.counting import metrics_for
from bot.analytics.dashboard import (
    ALL,
    ALL_WEEKS,
    HIDDEN,
    UNDER,
    Publication,
    _lines,
    build,
    week_of,
)
from bot.analytics.page import render
from bot.analytics.recorder import Count, Recorder
from bot.analytics.suppression import Line, suppressed
from bot.cli import main

MONDAY = dt.date(2026, 11, 16)
TODAY = dt.date(2026, 11, 25)


def test_one_small_cell_in_a_published_sum_hides_another() -> None:
    values = {"a": 12, "b": 3, "c": 30, "total": 45}
    small, hidden = suppressed(values, [Line(("a", "b", "c"), "total")])
    assert small == {"b"}
    assert hidden == {"a"}  # the smallest other cell: 45 - 30 no longer gives b away


def test_hidden_cells_that_could_only_be_4_each_hide_one_more() -> None:
    values = {"a": 4, "b": 4, "c": 20, "total": 28}
    small, hidden = suppressed(values, [Line(("a", "b", "c"), "total")])
    assert small == {"a", "b"} and hidden == {"c"}
    values = {"a": 4, "b": 2, "c": 20, "total": 26}
    assert suppressed(values, [Line(("a", "b", "c"), "total")])[1] == set()


def test_a_total_under_5_is_hidden_and_so_is_a_second_cell() -> None:
    values = {"a": 0, "b": 3, "total": 3}
    small, hidden = suppressed(values, [Line(("a", "b"), "total")])
    assert small == {"a", "b", "total"} and hidden == set()


def rows_for(seed: int) -> list[tuple[dt.date, str, str, str, int]]:
    chance = random.Random(seed)
    rows = []
    for day in range(21):
        for profile in ("school", "charity", "default"):
            for country in ("uk", "ie"):
                for metric in ("conversation_started", "service:childline_uk", "country:uk"):
                    if chance.random() < 0.5:
                        count = chance.choice([1, 2, 3, 4, 5, 6, 9, 15])
                        rows.append(
                            (TODAY - dt.timedelta(days=day), profile, country, metric, count)
                        )
    return rows


def worked_out(publication: Publication) -> set[Hashable]:
    """Small cells that some combination of the published sums pins down exactly.

    Every line says: its cells add up to its total. Shown numbers are known; the hidden
    ones are unknowns. A hidden cell is given away when its unit vector is a combination of
    the lines' rows: then no direction in the matrix's null space moves it.
    """
    days_of: dict[Any, list[Any]] = {}
    for key in publication.daily:
        if key[1] >= publication.weeks[0]:
            days_of.setdefault(("week", key[2], key[4], week_of(key[1])), []).append(key)
    lines = _lines(publication, dict(publication.values), days_of)
    hidden = publication.small | publication.hidden
    unknowns = sorted({m for ln in lines for m in (*ln.cells, ln.total) if m in hidden}, key=repr)
    column = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for known in lines:
        row = numpy.zeros(len(unknowns))
        for cell in known.cells:
            if cell in column:
                row[column[cell]] += 1
        if known.total in column:
            row[column[known.total]] -= 1
        rows.append(row)
    matrix = numpy.array(rows)
    # The hidden numbers can move together along the null space of the lines' matrix; a
    # cell that no null-space direction moves is pinned down.
    _, singular, directions = numpy.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    free = directions[rank:]
    given_away = {
        key
        for key in publication.small & set(column)
        if numpy.abs(free[:, column[key]]).max(initial=0) < 1e-9
    }
    return given_away


def test_no_small_number_can_be_worked_out_from_the_published_sums() -> None:
    for seed in range(10):
        publication = build(rows_for(seed), TODAY, weeks=3)
        assert publication.small and publication.hidden
        assert worked_out(publication) == set(), seed


def test_weekly_numbers_add_up_and_small_ones_are_hidden() -> None:
    rows = [
        (MONDAY, "school", "uk", "conversation_started", 7),
        (MONDAY + dt.timedelta(days=1), "school", "unknown", "conversation_started", 6),
        (MONDAY + dt.timedelta(days=7), "school", "uk", "conversation_started", 3),
        (MONDAY + dt.timedelta(days=7), "charity", "uk", "conversation_started", 20),
        (MONDAY, "charity", "uk", "conversation_started", 8),
    ]
    publication = build(rows, TODAY, weeks=2)
    assert publication.weeks == [MONDAY, MONDAY + dt.timedelta(days=7)]
    shown = {
        view: [publication.weekly(view, "conversation_started", w) for w in publication.weeks]
        + [publication.weekly(view, "conversation_started", ALL_WEEKS)]
        for view in publication.views
    }
    # school's 3 is under 5; 16 - 13 and 23 - 20 would give it back, so 13 and 20 are hidden,
    # and then charity's 8 (28 - 20) too. The totals stay: they no longer pin anything down.
    assert shown == {
        "charity": [HIDDEN, HIDDEN, "28"],
        "school": [HIDDEN, UNDER, "16"],
        ALL: ["21", "23", "44"],
    }
    assert worked_out(publication) == set()
    daily = {(row[0], row[1]): row[4] for row in publication.daily_rows()}
    # 7 is shown: its week (13) is hidden, and the day beside it (6) is hidden with it.
    assert daily[(MONDAY.isoformat(), "school")] == "7"
    assert daily[((MONDAY + dt.timedelta(days=1)).isoformat(), "school")] == HIDDEN


def test_the_daily_csv_cannot_be_undone_with_the_weekly_total() -> None:
    this_week = week_of(TODAY)
    rows = [
        (this_week, "school", "uk", "conversation_started", 12),
        (this_week, "school", "us", "conversation_started", 3),
    ]
    publication = build(rows, TODAY, weeks=1)
    assert publication.weekly("school", "conversation_started", this_week) == "15"
    shown = {row[2]: row[4] for row in publication.daily_rows()}
    assert shown == {"uk": HIDDEN, "us": UNDER}  # 15 - 12 would have given the 3 away


def test_countries_and_languages_are_counted_from_their_slots_as_codes() -> None:
    assert metrics_for({"event": "slot", "name": "country", "value": "uk"}) == ["country:uk"]
    assert metrics_for({"event": "slot", "name": "language", "value": "cy"}) == ["language:cy"]
    assert metrics_for({"event": "slot", "name": "country", "value": None}) == []
    assert metrics_for({"event": "slot", "name": "country", "value": "I live in Leeds"}) == []
    assert metrics_for({"event": "slot", "name": "role", "value": "parent"}) == []


def test_languages_get_a_chart_once_they_are_counted() -> None:
    rows = [(MONDAY, "school", "uk", "conversation_started", 7)]
    assert "languages" not in build(rows, TODAY).metrics
    rows.append((MONDAY, "school", "uk", "language:cy", 6))
    publication = build(rows, TODAY)
    assert publication.metrics["languages"] == ["language:cy"]
    page = render(publication, {}, TODAY)
    assert 'data-chart="languages"' in page


def test_the_page_loads_nothing_from_anywhere(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'counts.db'}"
    recorder = Recorder(url)
    recorder.add(Count(dt.date.today(), "school", "uk", "conversation_started", 9))
    recorder.add(Count(dt.date.today(), "school", "uk", "service:childline_uk", 6))
    recorder.flush()
    out = tmp_path / "dashboard.html"
    assert main(["stats", "--url", url, "--html", str(out), "--csv", str(tmp_path / "c.csv")]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(?:src|href)=["'](?!#|data:)""", page)
    assert "@import" not in page and "url(" not in page
    assert "childline_uk (Childline)" in page
    assert (tmp_path / "c.csv").read_text().startswith("day,profile,country,metric,count")
