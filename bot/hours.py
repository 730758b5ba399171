"""Opening hours as data: when a service is open, in its own time zone, and how to say so.

A weekday-only line must not be offered at 2 a.m. on a Saturday as if someone will answer,
so hours are structured (days, times, time zone) rather than free text. "any time" is a
value of its own. A service whose hours are unknown has no hours at all, and nothing is
said about them: the bot never guesses an opening time.

In a registry entry or profile (see docs/customising.md):

    hours: any time
    hours:
      for: [phone]            # optional: which ways of reaching it these hours are for
      open: any time
    hours:
      for: [phone]
      time_zone: Europe/London
      open:
        mon-fri: "10:00-16:00"
        sat-sun: "09:00-13:00, 14:00-18:00"
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings import SettingError, Settings

ANY_TIME = "any time"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CHANNELS = {"phone": "phone", "text": "text", "web": "online"}
_FIELDS = frozenset({"for", "open", "time_zone"})
_DAY_ALIASES = {
    **{day: i for i, day in enumerate(DAYS)},
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
}
_RANGE = re.compile(r"^([0-2]\d):([0-5]\d)\s*-\s*([0-2]\d):([0-5]\d)$")
MINUTES_PER_DAY = 24 * 60
FORMAT_HELP = (
    "use 'any time', or a mapping with time_zone (like Europe/London) and open, where open "
    "maps days (every day, mon-fri, sat, sat-sun, mon,wed) to times like '10:00-16:00' "
    "(several as '09:00-13:00, 14:00-17:00'; '22:00-02:00' runs past midnight)"
)


class HoursError(ValueError):
    """Opening hours that cannot be read; the message says what is wrong and the format."""


@dataclass(frozen=True)
class Window:
    """Open on one weekday (0 = Monday) from `start` to `end`, in minutes after midnight."""

    day: int
    start: int
    end: int


@dataclass(frozen=True)
class Hours:
    """When a service answers. `always` means any time; otherwise `windows` in `time_zone`."""

    always: bool
    windows: tuple[Window, ...] = ()
    time_zone: str | None = None
    channels: tuple[str, ...] = ()

    def zone(self) -> ZoneInfo:
        """The service's time zone (always set when the hours are limited)."""
        return ZoneInfo(self.time_zone or "UTC")


@dataclass(frozen=True)
class Status:
    """Whether a service is open at a moment, and when that changes (local to the service)."""

    open: bool
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None


def _days(spec: str) -> list[int]:
    text = spec.strip().lower()
    if text in ("every day", "daily"):
        return list(range(7))
    found: list[int] = []
    for part in text.split(","):
        ends = [end.strip() for end in re.split(r"\s*(?:-|\bto\b)\s*", part.strip())]
        if len(ends) > 2 or any(end not in _DAY_ALIASES for end in ends):
            raise HoursError(f"'{spec}' is not a day or range of days, like mon-fri or sat")
        first, last = _DAY_ALIASES[ends[0]], _DAY_ALIASES[ends[-1]]
        found += [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    return found


def _ranges(spec: Any) -> list[tuple[int, int]]:
    if not isinstance(spec, str):
        raise HoursError(f"{spec!r} must be times in quotes, like '10:00-16:00'")
    ranges = []
    for part in spec.split(","):
        match = _RANGE.match(part.strip())
        if not match:
            raise HoursError(f"'{part.strip()}' is not a time range like '10:00-16:00'")
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start >= MINUTES_PER_DAY or end > MINUTES_PER_DAY or start == end:
            raise HoursError(f"'{part.strip()}' is not a time range like '10:00-16:00'")
        ranges.append((start, end))
    return ranges


def _windows(open_times: dict[Any, Any]) -> tuple[Window, ...]:
    windows: list[Window] = []
    for day_spec, time_spec in open_times.items():
        for day in _days(str(day_spec)):
            for start, end in _ranges(time_spec):
                if end > start:
                    windows.append(Window(day, start, end))
                else:  # past midnight: the rest of this day, then the small hours of the next
                    windows += [Window(day, start, MINUTES_PER_DAY), Window((day + 1) % 7, 0, end)]
    return tuple(sorted(set(windows), key=lambda w: (w.day, w.start)))


def _channels(raw: Any) -> tuple[str, ...]:
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not values or any(v not in CHANNELS for v in values):
        raise HoursError(f"'for' must list some of {', '.join(CHANNELS)}")
    return tuple(values)


def parse_hours(raw: Any) -> Hours:
    """Read hours from a registry entry or profile; HoursError says what is wrong."""
    if isinstance(raw, str):
        if raw.strip().lower() == ANY_TIME:
            return Hours(always=True)
        raise HoursError(f"'{raw}' cannot be read: {FORMAT_HELP}")
    if not isinstance(raw, dict):
        raise HoursError(f"must be 'any time' or a mapping: {FORMAT_HELP}")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise HoursError(f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(_FIELDS))})")
    channels = _channels(raw["for"]) if "for" in raw else ()
    open_times = raw.get("open")
    if isinstance(open_times, str) and open_times.strip().lower() == ANY_TIME:
        return Hours(always=True, channels=channels)
    if not isinstance(open_times, dict) or not open_times:
        raise HoursError(f"'open' must be 'any time' or days with times: {FORMAT_HELP}")
    zone = raw.get("time_zone")
    if not isinstance(zone, str):
        raise HoursError("'time_zone' is required with opening times, like Europe/London")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise HoursError(f"'{zone}' is not a time zone name like Europe/London") from None
    return Hours(always=False, windows=_windows(open_times), time_zone=zone, channels=channels)


def status(hours: Hours, now: dt.datetime) -> Status:
    """Open or closed at `now` (an aware datetime), with the next change, in the service's zone."""
    if hours.always:
        return Status(open=True)
    local = now.astimezone(hours.zone())
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    minute = local.hour * 60 + local.minute
    # Walk a week of openings from today's; the first that has not ended decides.
    for offset in range(8):
        day = (local.weekday() + offset) % 7
        for window in (w for w in hours.windows if w.day == day):
            start = midnight + dt.timedelta(days=offset, minutes=window.start)
            end = midnight + dt.timedelta(days=offset, minutes=window.end)
            if offset == 0 and window.end <= minute:
                continue
            zone = hours.zone()
            if offset == 0 and window.start <= minute:
                return Status(open=True, closes=_closing(hours, end).replace(tzinfo=zone))
            return Status(open=False, opens=start.replace(tzinfo=zone))
    return Status(open=False)


def _closing(hours: Hours, end: dt.datetime) -> dt.datetime:
    """When an opening really ends: one that runs on into the next day's ends with that."""
    while end.hour == 0 and end.minute == 0:
        following = [w for w in hours.windows if w.day == end.weekday() and w.start == 0]
        if not following or following[0].end == MINUTES_PER_DAY:
            break
        end = end + dt.timedelta(minutes=following[0].end)
    return end


def clock_time(moment: dt.datetime) -> str:
    """10am, 4:30pm, midnight: how the bot says a time."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """'today 10am', 'tomorrow 9am' or 'Monday 10am', counted in the moment's own zone."""
    days = (moment.date() - now.astimezone(moment.tzinfo).date()).days
    day = {0: "today", 1: "tomorrow"}.get(days, DAY_NAMES[moment.weekday()])
    return f"{day} {clock_time(moment)}"


def describe(hours: Hours, now: dt.datetime) -> str:
    """'phone any time', 'open now until 4pm' or 'closed now, opens Monday 10am'."""
    ways = " and ".join(CHANNELS[channel] for channel in hours.channels)
    prefix = f"{ways} " if ways else ""
    if hours.always:
        return f"{prefix}{ANY_TIME}"
    state = status(hours, now)
    if state.open and state.closes is not None:
        return f"{prefix}open now until {clock_time(state.closes)}"
    if state.opens is not None:
        return f"{prefix}closed now, opens {when(state.opens, now)}"
    return f"{prefix}closed now"


def open_now(hours: Hours | None, now: dt.datetime) -> bool:
    """False only for limited hours that are closed now: unknown hours are never called closed."""
    return hours is None or status(hours, now).open


def now(settings: Settings) -> dt.datetime:
    """The time the bot treats as now: SAFE_STEPS_CLOCK if set (tests, drills), else the clock."""
    fixed = settings.get("SAFE_STEPS_CLOCK").strip()
    if not fixed:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(fixed)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise SettingError(
            f"SAFE_STEPS_CLOCK must be a date and time with its offset, like "
            f"2026-11-28T02:00+00:00, not {fixed!r}"
        )
    return moment
