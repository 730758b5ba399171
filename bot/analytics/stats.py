"""Read the daily counts back, for people: a table on screen and a CSV file.

Numbers under 5 are shown as "<5": with small counts, a day, a school's profile and a
country together could point at one young person. A number from which one of those could
be worked out with the dashboard's weekly totals is "hidden" (see dashboard.py).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from bot.analytics.dashboard import read_publication

SMALL = 5
HEADER = ("day", "profile", "country", "metric", "count")


def shown(count: int) -> str:
    """The count as published: exact from 5 up, "<5" below."""
    return str(count) if count >= SMALL else f"<{SMALL}"


def read_rows(url: str, today: dt.date | None = None) -> list[tuple[str, str, str, str, str]]:
    """All counts, oldest day first, suppressed together with the dashboard's totals (which
    depend on the weeks shown up to `today`, so what is hidden can change as weeks pass)."""
    return read_publication(url, today).daily_rows()


def format_table(rows: list[tuple[str, str, str, str, str]]) -> str:
    """A plain aligned text table."""
    table = [HEADER, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_csv(rows: list[tuple[str, str, str, str, str]], path: Path) -> None:
    """The same rows as CSV, with a header line."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
