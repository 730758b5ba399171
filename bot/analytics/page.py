"""The dashboard as one accessible HTML page: inline SVG charts, each with its table.

Nothing is loaded from anywhere: no script, font, image or style sheet. Every chart is
an image with a name and a description, and the numbers it draws are in a table right
after it (the table is what a screen reader reads). Bars carry their published number in
`data-value`, so a test can check the drawing against the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.parse
from collections.abc import Callable
from html import escape
from pathlib import Path

from bot.analytics.dashboard import (
    ALL,
    ALL_WEEKS,
    DEFAULT_WEEKS,
    FAMILIES,
    HIDDEN,
    UNDER,
    Family,
    Publication,
    read_publication,
)

BAR = "#0b3d6b"
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1a1a1a;
background:#fff;line-height:1.4}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header{border-bottom:4px solid #0b3d6b}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.35rem;margin-top:2rem;
border-bottom:1px solid #ccc}h3{font-size:1.1rem;margin:1.5rem 0 .3rem}
nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1rem;padding:0;list-style:none}
a{color:#0b3d6b}
.about{margin:.2rem 0 .5rem;color:#333}
figure{margin:0 0 .5rem}svg{max-width:100%;height:auto}
.scroll{overflow-x:auto;margin:.3rem 0 1rem}
.scroll:focus{outline:3px solid #0b3d6b;outline-offset:2px}
table{border-collapse:collapse;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid #bbb;padding:.2rem .45rem;text-align:right;white-space:nowrap}
th[scope=row]{text-align:left}thead th{background:#eef2f6}
.legend{background:#f4f6f8;border-left:4px solid #0b3d6b;padding:.5rem .8rem}
"""


def week_label(week: object) -> str:
    """'16 Nov' for a week starting on that Monday; 'All weeks' for the total."""
    if isinstance(week, dt.date):
        return f"{week.day} {week:%b}"
    return "All weeks"


def item_label(family: Family, metric: str, names: dict[str, str]) -> str:
    """How an item is named on the page: its label, or its id (with a name if known)."""
    fixed = dict(family.items)
    if metric in fixed:
        return fixed[metric]
    item = metric.removeprefix(family.prefix)
    return f"{item} ({names[item]})" if item in names else item


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _week_bars(pub: Publication, family: Family, view: str, title_id: str, desc_id: str) -> str:
    """Vertical bars, one per week, for a family with a single item."""
    metric = pub.metrics[family.key][0]
    width, height, left, top, bottom = 640, 220, 10, 24, 40
    step = (width - 2 * left) / max(len(pub.weeks), 1)
    numbers = [pub.value(("week", view, metric, week)) for week in pub.weeks]
    scale = (height - top - bottom) / max([n for n in numbers if n] or [1])
    parts = []
    for i, (week, number) in enumerate(zip(pub.weeks, numbers, strict=True)):
        x = left + i * step
        bar_height = (number or 0) * scale
        y = height - bottom - bar_height
        shown = pub.weekly(view, metric, week)
        parts.append(
            f'<g class="bar" data-metric="{escape(metric)}" data-week="{week.isoformat()}" '
            f'data-value="{escape(shown)}"><rect x="{x + step * 0.15:.1f}" y="{y:.1f}" '
            f'width="{step * 0.7:.1f}" height="{bar_height:.1f}" fill="{BAR}"/>'
            f'<text x="{x + step / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" '
            f'font-size="12">{escape(shown)}</text>'
            f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16:.1f}" text-anchor="middle" '
            f'font-size="11">{escape(week_label(week))}</text></g>'
        )
    base = height - bottom
    axis = f'<line x1="{left}" x2="{width - left}" y1="{base}" y2="{base}" stroke="#555"/>'
    return _svg(width, height, title_id, desc_id, family, view, axis + "".join(parts))


def _item_bars(
    pub: Publication, family: Family, view: str, names: dict[str, str], title_id: str, desc_id: str
) -> str:
    """Horizontal bars, one per item, with the total over all the weeks shown."""
    metrics = pub.metrics[family.key]
    label_width, width, row = 260, 640, 26
    height = row * len(metrics) + 10
    numbers = [pub.value(("week", view, metric, ALL_WEEKS)) for metric in metrics]
    scale = (width - label_width - 70) / max([n for n in numbers if n] or [1])
    parts = []
    for i, (metric, number) in enumerate(zip(metrics, numbers, strict=True)):
        y = 5 + i * row
        shown = pub.weekly(view, metric, ALL_WEEKS)
        bar_width = (number or 0) * scale
        label = item_label(family, metric, names)
        parts.append(
            f'<g class="bar" data-metric="{escape(metric)}" data-week="{ALL_WEEKS}" '
            f'data-value="{escape(shown)}"><text x="{label_width - 8}" y="{y + 17}" '
            f'text-anchor="end" font-size="12">{escape(label[:40])}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width:.1f}" height="{row - 8}" '
            f'fill="{BAR}"/><text x="{label_width + bar_width + 6:.1f}" y="{y + 17}" '
            f'font-size="12">{escape(shown)}</text></g>'
        )
    return _svg(width, height, title_id, desc_id, family, view, "".join(parts))


def _svg(
    width: int, height: int, title_id: str, desc_id: str, family: Family, view: str, body: str
) -> str:
    return (
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'data-chart="{family.key}" data-profile="{escape(view)}">'
        f'<title id="{title_id}">{escape(family.title)}: {escape(view)}</title>'
        f'<desc id="{desc_id}">Bar chart. The numbers are in the table below it.</desc>'
        f"{body}</svg>"
    )


def _column_id(column: object) -> str:
    return column.isoformat() if isinstance(column, dt.date) else str(column)


def _table(
    pub: Publication, family: Family, view: str, names: dict[str, str], caption_id: str
) -> str:
    """The chart's numbers, in a region that scrolls sideways (and takes keyboard focus)."""
    columns: list[object] = [*pub.weeks, ALL_WEEKS]
    head = "".join(f'<th scope="col">{escape(week_label(c))}</th>' for c in columns)
    body = []
    for metric in pub.metrics[family.key]:
        cells = "".join(
            f'<td data-metric="{escape(metric)}" data-week="{_column_id(c)}">'
            f"{escape(pub.weekly(view, metric, c))}</td>"
            for c in columns
        )
        body.append(
            f'<tr><th scope="row">{escape(item_label(family, metric, names))}</th>{cells}</tr>'
        )
    return (
        f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{caption_id}">'
        f'<table data-table="{family.key}" data-profile="{escape(view)}"><caption '
        f'id="{caption_id}">'
        f"{escape(family.title)}, week by week (weeks start on Monday)</caption><thead><tr>"
        f'<th scope="col">{"Step" if family.key == "funnel" else "What"}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _family_section(
    pub: Publication, family: Family, view: str, names: dict[str, str], ids: Callable[[str], str]
) -> str:
    heading = ids("h")
    if not pub.metrics.get(family.key):
        return (
            f'<section aria-labelledby="{heading}"><h3 id="{heading}">{escape(family.title)}</h3>'
            f'<p class="about">None in these weeks.</p></section>'
        )
    title_id, desc_id = ids("t"), ids("d")
    chart = (
        _week_bars(pub, family, view, title_id, desc_id)
        if family.by_week
        else _item_bars(pub, family, view, names, title_id, desc_id)
    )
    return (
        f'<section aria-labelledby="{heading}"><h3 id="{heading}">{escape(family.title)}</h3>'
        f'<p class="about">{escape(family.about)}</p><figure>{chart}</figure>'
        f"{_table(pub, family, view, names, ids('c'))}</section>"
    )


def csv_link(pub: Publication) -> str:
    """The weekly numbers as a CSV file inside the page (a data: address loads nothing)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["profile", "chart", "item", *[w.isoformat() for w in pub.weeks], "all weeks"])
    for view in pub.views:
        for family in FAMILIES:
            for metric in pub.metrics.get(family.key, []):
                cells = [pub.weekly(view, metric, c) for c in [*pub.weeks, ALL_WEEKS]]
                writer.writerow([view, family.key, metric, *cells])
    data = urllib.parse.quote(out.getvalue())
    return (
        f'<a download="safe-steps-weekly.csv" href="data:text/csv;charset=utf-8,{data}">'
        "Download these numbers as a CSV file</a>"
    )


def render(pub: Publication, names: dict[str, str], generated: dt.date) -> str:
    """The whole page."""
    counter = iter(range(1_000_000))

    def ids(kind: str) -> str:
        return f"{kind}{next(counter)}"

    first, last = pub.weeks[0], pub.weeks[-1]
    period = f"{week_label(first)} {first.year} to {week_label(last)} {last.year}"
    nav = "".join(f'<li><a href="#p-{_slug(v)}">{escape(v)}</a></li>' for v in pub.views)
    sections = []
    for view in pub.views:
        families = "".join(
            _family_section(pub, family, view, names, ids)
            for family in FAMILIES
            if family.key in pub.metrics
        )
        title = "All profiles together" if view == ALL else f"Profile: {escape(view)}"
        anchor = f"p-{_slug(view)}"
        sections.append(
            f'<section id="{anchor}" aria-labelledby="{anchor}-h">'
            f'<h2 id="{anchor}-h">{title}</h2>{families}</section>'
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Safe Steps: what the bot did, {escape(period)}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<header><h1>Safe Steps: what the bot did</h1><p>Weeks from {escape(period)}, "
        f"per deployment profile. Made on {generated.isoformat()}.</p></header><main>"
        '<p class="legend"><strong>How to read this.</strong> These are anonymous counts: '
        "no messages, names or conversations are kept. To protect young people in small "
        f"groups, a number under 5 is shown as {escape(UNDER)}, and a number that would let "
        f"one of those be worked out from a total is shown as {HIDDEN}.</p>"
        f'<nav aria-label="Profiles"><ul>{nav}</ul></nav>{"".join(sections)}'
        f"<p>{csv_link(pub)}</p></main>"
        "<footer><p>Made by <code>python -m bot stats --html</code>.</p></footer></body></html>"
    )


def display_names(profiles_dir: Path) -> dict[str, str]:
    """Names for service and country ids, from the shipped registry and every profile."""
    from bot.profiles.loader import load_profiles

    profiles, _ = load_profiles(profiles_dir)
    names: dict[str, str] = {}
    for profile in profiles.values():
        names.update({s.id: s.name for s in profile.registry.services})
        names.update(
            {c.id: c.name.removeprefix("the ") for c in profile.registry.countries.values()}
        )
    return names


def write_dashboard(
    url: str, path: Path, profiles_dir: Path, weeks: int = DEFAULT_WEEKS
) -> Publication:
    """Read the counts, and write the page to `path`."""
    publication = read_publication(url, weeks=weeks)
    path.write_text(
        render(publication, display_names(profiles_dir), dt.date.today()), encoding="utf-8"
    )
    return publication
