"""The counts as one page a trustee reads at a glance: per profile and per week, with charts.

`python -m bot stats --html FILE` writes it. The page is one self-contained HTML file: its
styles are inline, its charts are inline SVG, and it loads nothing (no script, font or
image from anywhere), so it can be emailed or opened offline. Each chart has a text
alternative and the same numbers in a table beside it.

Numbers under 5 are shown as "<5", and a number that would let one of those be worked out
from a total is "hidden" (suppression.py). The daily CSV is part of the same publication:
its cells are suppressed together with the weekly totals here, so the two files side by
side give nothing away either.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import create_engine, select

from bot.analytics.migrate import upgrade
from bot.analytics.schema import daily_counts
from bot.analytics.suppression import SMALL, Line, suppressed

ALL = "All profiles"
ALL_WEEKS = "all"
DEFAULT_WEEKS = 12
HIDDEN = "hidden"
UNDER = f"<{SMALL}"


@dataclass(frozen=True)
class Family:
    """One chart: a set of metrics, each an item (row), counted per profile and week."""

    key: str
    title: str
    about: str
    # Fixed items (metric name -> label), or a metric prefix whose items come from the data.
    items: tuple[tuple[str, str], ...] = ()
    prefix: str = ""
    by_week: bool = False  # one item per week as bars (else: items as bars, all weeks)
    optional: bool = False  # shown only once there is some count for it


STEP_LABELS = (
    ("dont_pay", "1. Don't pay"),
    ("stop_replying", "2. Stop replying"),
    ("save_evidence", "3. Save evidence"),
    ("block_and_report", "4. Block and report"),
    ("report", "5. Report"),
    ("remove", "6. Get images removed"),
    ("talk", "7. Talk to someone"),
)
FAMILIES: tuple[Family, ...] = (
    Family(
        "conversations",
        "Conversations",
        "Conversations started each week.",
        items=(("conversation_started", "Conversations"),),
        by_week=True,
    ),
    Family(
        "funnel",
        "How far people got through the steps",
        "How many times each step of the guidance was shown, from the first to the last.",
        items=tuple((f"step:{step}", label) for step, label in STEP_LABELS),
    ),
    Family(
        "services",
        "Services shown",
        "How many times each service was offered, by its id in the registry or profile.",
        prefix="service:",
    ),
    Family(
        "safety",
        "Crisis and danger replies",
        "Replies with crisis lines, danger replies, despair check-ins and replies to a "
        "disclosure of abuse.",
        items=(
            ("crisis_reply", "Crisis replies"),
            ("danger_reply", "Danger replies"),
            ("check_in_reply", "Check-ins"),
            ("disclosure_reply", "Abuse disclosure replies"),
        ),
    ),
    Family(
        "quick_exits",
        "Quick exits",
        "Times someone pressed the widget's quick exit button.",
        items=(("quick_exit", "Quick exits"),),
        by_week=True,
    ),
    Family(
        "countries",
        "Countries",
        "Times people said which country they were in.",
        prefix="country:",
    ),
    Family(
        "languages",
        "Languages",
        "Conversations by language.",
        prefix="language:",
        optional=True,
    ),
)

DailyKey = tuple[str, dt.date, str, str, str]  # ("day", day, profile, country, metric)
WeekKey = tuple[str, str, str, object]  # ("week", profile, metric, week start or ALL_WEEKS)


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Publication:
    """Every number the CSV and the dashboard publish, and which of them are hidden."""

    weeks: list[dt.date]
    profiles: list[str]
    metrics: dict[str, list[str]]  # family key -> metrics shown, in order
    values: dict[Hashable, int] = field(default_factory=dict)
    daily: list[DailyKey] = field(default_factory=list)
    small: set[Hashable] = field(default_factory=set)
    hidden: set[Hashable] = field(default_factory=set)

    @property
    def views(self) -> list[str]:
        """The profiles, and "All profiles" when there is more than one."""
        return [*self.profiles, ALL] if len(self.profiles) > 1 else list(self.profiles)

    def value(self, key: Hashable) -> int | None:
        """The number as published: None when it is hidden or under 5."""
        return None if key in self.small or key in self.hidden else self.values.get(key, 0)

    def shown(self, key: Hashable) -> str:
        """The number as published, as text."""
        if key in self.small:
            return UNDER
        if key in self.hidden:
            return HIDDEN
        return str(self.values.get(key, 0))

    def weekly(self, profile: str, metric: str, week: object) -> str:
        """One week's (or all weeks') number for a profile (or ALL) and metric."""
        return self.shown(("week", profile, metric, week))

    def daily_rows(self) -> list[tuple[str, str, str, str, str]]:
        """The daily counts for the CSV and the text table, suppressed with the rest."""
        return [(key[1].isoformat(), key[2], key[3], key[4], self.shown(key)) for key in self.daily]


def _family_metrics(present: set[str]) -> dict[str, list[str]]:
    metrics: dict[str, list[str]] = {}
    for family in FAMILIES:
        if family.items:
            metrics[family.key] = [metric for metric, _ in family.items]
        else:
            metrics[family.key] = sorted(m for m in present if m.startswith(family.prefix))
        if family.optional and not metrics[family.key]:
            del metrics[family.key]
    return metrics


def build(
    rows: Iterable[tuple[dt.date, str, str, str, int]],
    today: dt.date,
    weeks: int = DEFAULT_WEEKS,
) -> Publication:
    """Weekly totals of the last `weeks` weeks up to `today`, and what to hide."""
    rows = sorted(rows)
    newest = week_of(today)
    oldest = newest - dt.timedelta(weeks=weeks - 1)
    if rows:
        oldest = max(oldest, week_of(rows[0][0]))
    shown_weeks = [oldest + dt.timedelta(weeks=i) for i in range((newest - oldest).days // 7 + 1)]
    values: dict[Hashable, int] = defaultdict(int)
    days_of: dict[WeekKey, list[DailyKey]] = defaultdict(list)
    daily: list[DailyKey] = []
    for day, profile, country, metric, count in rows:
        key: DailyKey = ("day", day, profile, country, metric)
        daily.append(key)
        values[key] += count
        if oldest <= day < newest + dt.timedelta(weeks=1):
            week: WeekKey = ("week", profile, metric, week_of(day))
            values[week] += count
            days_of[week].append(key)
    in_window = {key[4] for keys in days_of.values() for key in keys}
    profiles = sorted({key[2] for keys in days_of.values() for key in keys}) or ["default"]
    publication = Publication(shown_weeks, profiles, _family_metrics(in_window), daily=daily)
    lines = _lines(publication, values, days_of)
    publication.values = dict(values)
    publication.small, publication.hidden = suppressed(publication.values, lines)
    return publication


def _lines(
    publication: Publication, values: dict[Hashable, int], days_of: dict[WeekKey, list[DailyKey]]
) -> list[Line]:
    """Every published sum: weeks into all weeks, profiles into all, days into a week."""
    lines: list[Line] = []
    metrics = [m for family in publication.metrics.values() for m in family]
    columns: list[object] = [*publication.weeks, ALL_WEEKS]
    for metric in metrics:
        for profile in publication.profiles:
            cells: list[WeekKey] = [("week", profile, metric, w) for w in publication.weeks]
            total: WeekKey = ("week", profile, metric, ALL_WEEKS)
            values[total] = sum(values.get(cell, 0) for cell in cells)
            lines.append(Line(tuple(cells), total))
            for week in publication.weeks:
                found = days_of.get(("week", profile, metric, week), [])
                if found:
                    lines.append(Line(tuple(found), ("week", profile, metric, week)))
        if ALL in publication.views:
            for column in columns:
                across: list[WeekKey] = [("week", p, metric, column) for p in publication.profiles]
                everyone: WeekKey = ("week", ALL, metric, column)
                values[everyone] = sum(values.get(cell, 0) for cell in across)
                lines.append(Line(tuple(across), everyone))
            everything = [("week", ALL, metric, week) for week in publication.weeks]
            lines.append(Line(tuple(everything), ("week", ALL, metric, ALL_WEEKS)))
    return lines


def read_publication(
    url: str, today: dt.date | None = None, weeks: int = DEFAULT_WEEKS
) -> Publication:
    """Read every daily count from the database and build what may be published."""
    engine = create_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        rows = [
            (row.day, row.profile, row.country, row.metric, row.count)
            for row in connection.execute(select(daily_counts))
        ]
    return build(rows, today or dt.date.today(), weeks)
