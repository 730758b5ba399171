"""Keep the services true: find entries not checked for a while, without a source, or broken.

A helpline that changed its number still shows the old one until someone notices. This
reads the registry and every profile's `extra_services` as written (so an entry the loader
would refuse is still reported), and lists what a person should re-check by hand.
`python -m bot registry check` prints it; the bot logs one warning at start-up.
"""

from __future__ import annotations

import datetime as dt
import logging
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot import hours
from bot.settings import Settings

logger = logging.getLogger(__name__)
LINK_TIMEOUT_SECONDS = 10.0
# Some sites refuse requests without a browser-like agent; say plainly who is asking.
USER_AGENT = "SafeStepsRegistryCheck/1.0 (link check of a helpline directory)"


@dataclass(frozen=True)
class Entry:
    """One service as written: where it is, its id, source, last check and addresses."""

    file: str
    id: str
    source: str | None
    last_checked: dt.date | None
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """Something a person should look at, in one entry."""

    file: str
    id: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.id}: {self.problem}"


def _entry(raw: Any, file: str, position: int) -> Entry | None:
    if not isinstance(raw, dict):
        return None
    contact: dict[str, Any] = raw["contact"] if isinstance(raw.get("contact"), dict) else {}
    source = raw.get("source") if isinstance(raw.get("source"), str) else None
    checked = raw.get("last_checked")
    web = contact.get("web") if isinstance(contact.get("web"), str) else None
    return Entry(
        file=file,
        id=str(raw.get("id") or f"#{position}"),
        source=source,
        last_checked=checked if isinstance(checked, dt.date) else None,
        addresses=tuple(dict.fromkeys(a for a in (source, web) if a)),
    )


def entries_in(path: Path, key: str) -> list[Entry]:
    """The service entries listed under `key` in one YAML file (unreadable files: none)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []  # the loader and `profiles check` report unreadable files
    listed = document.get(key) if isinstance(document, dict) else None
    found = [_entry(raw, path.name, i) for i, raw in enumerate(listed or [])]
    return [entry for entry in found if entry is not None]


def all_entries(registry: Path, profiles: Path) -> list[Entry]:
    """The registry's services and every profile's own services."""
    entries = entries_in(registry, "services")
    for profile in sorted(profiles.glob("*.yml")) if profiles.is_dir() else []:
        entries += entries_in(profile, "extra_services")
    return entries


def freshness(entries: list[Entry], today: dt.date, max_days: int) -> list[Finding]:
    """Entries without a source, and entries last checked more than `max_days` ago."""
    findings = []
    for entry in entries:
        if not entry.source:
            findings.append(Finding(entry.file, entry.id, "has no source"))
        if entry.last_checked is None:
            findings.append(Finding(entry.file, entry.id, "has no last_checked date"))
        elif (today - entry.last_checked).days > max_days:
            age = (today - entry.last_checked).days
            days = "1 day" if age == 1 else f"{age} days"
            findings.append(
                Finding(
                    entry.file,
                    entry.id,
                    f"last checked {entry.last_checked.isoformat()}, {days} ago (limit {max_days})",
                )
            )
    return findings


def fetch_problem(address: str, timeout: float) -> str | None:
    """Why an address fails to load, or None if it answers with a success."""
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read(1024)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return f"cannot be reached ({reason})"
    return None


def broken_links(entries: list[Entry], timeout: float = LINK_TIMEOUT_SECONDS) -> list[Finding]:
    """Every source and web address that fails, fetched a few at a time."""
    pairs = [(entry, address) for entry in entries for address in entry.addresses]
    with ThreadPoolExecutor(max_workers=8) as pool:
        problems = list(pool.map(lambda pair: fetch_problem(pair[1], timeout), pairs))
    return [
        Finding(entry.file, entry.id, f"{address}: {problem}")
        for (entry, address), problem in zip(pairs, problems, strict=True)
        if problem
    ]


def stale_limit(settings: Settings) -> int:
    """SAFE_STEPS_STALE_DAYS, checked."""
    return settings.get_int("SAFE_STEPS_STALE_DAYS", minimum=0)


def warn_if_stale(registry: Path, profiles: Path, settings: Settings) -> list[Finding]:
    """Log one warning at start-up if any entry is stale or has no source."""
    today = hours.now(settings).date()
    findings = freshness(all_entries(registry, profiles), today, stale_limit(settings))
    if findings:
        names = ", ".join(f"{f.id} ({f.file})" for f in findings[:10])
        more = f" and {len(findings) - 10} more" if len(findings) > 10 else ""
        logger.warning(
            "registry: %d things to check in the services: %s%s. Run `python -m bot registry "
            "check` and see docs/customising.md",
            len(findings),
            names,
            more,
        )
    return findings
