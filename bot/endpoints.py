"""Rasa's endpoints.yml, built from the shipped file and the settings.

Why: a production deployment sets its stores and action server in one environment file
(deploy/safe-steps.env), not by editing YAML on each machine. The shipped endpoints.yml keeps
what does not change between deployments (the in-process NLG, the redacting tracker store and
its expiry); the settings choose the backends and addresses.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.settings import SettingError, Settings

TRACKER_BACKENDS = ("memory", "redis", "sql")
LOCK_BACKENDS = ("memory", "redis")


def _choice(settings: Settings, env: str, allowed: tuple[str, ...]) -> str:
    value = settings.get(env).strip().lower()
    if value not in allowed:
        raise SettingError(f"{env} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def redis_options(settings: Settings) -> dict[str, Any]:
    """Host, port, db and password from SAFE_STEPS_REDIS_URL (redis://[:password@]host:port/db)."""
    url = settings.get("SAFE_STEPS_REDIS_URL")
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "redis" or not parsed.hostname:
        raise SettingError(
            f"SAFE_STEPS_REDIS_URL must look like redis://[:password@]host:port/db, not {url!r}"
        )
    options: dict[str, Any] = {"url": parsed.hostname, "port": parsed.port or 6379}
    options["db"] = int(parsed.path.strip("/") or 0)
    if parsed.password:
        options["password"] = urllib.parse.unquote(parsed.password)
    return options


def sql_options(settings: Settings) -> dict[str, Any]:
    """Rasa's SQL tracker store options from SAFE_STEPS_TRACKER_SQL_URL (an SQLAlchemy URL)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = settings.get("SAFE_STEPS_TRACKER_SQL_URL")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingError(
            "SAFE_STEPS_TRACKER_SQL_URL must be an SQLAlchemy URL such as "
            f"postgresql://user:password@host/db, not {url!r}"
        ) from None
    options: dict[str, Any] = {"dialect": parsed.drivername, "db": parsed.database}
    for key, value in (
        ("url", parsed.host),
        ("port", parsed.port),
        ("username", parsed.username),
        ("password", parsed.password),
    ):
        if value is not None:
            options[key] = value
    return options


def endpoints_from_settings(actions_port: int, settings: Settings) -> dict[str, Any]:
    """The shipped endpoints with the action server, tracker store and lock store from settings."""
    endpoints: dict[str, Any] = yaml.safe_load(
        paths.shipped("endpoints.yml").read_text(encoding="utf-8")
    )
    actions_url = settings.get("SAFE_STEPS_ACTIONS_URL").strip()
    endpoints["action_endpoint"]["url"] = actions_url or f"http://localhost:{actions_port}/webhook"
    tracker = dict(endpoints["tracker_store"])
    backend = _choice(settings, "SAFE_STEPS_TRACKER_STORE", TRACKER_BACKENDS)
    tracker["backend"] = backend
    if backend == "redis":
        tracker.update(redis_options(settings))
    elif backend == "sql":
        tracker.update(sql_options(settings))
    endpoints["tracker_store"] = tracker
    if _choice(settings, "SAFE_STEPS_LOCK_STORE", LOCK_BACKENDS) == "redis":
        endpoints["lock_store"] = {"type": "redis", **redis_options(settings)}
    return endpoints


def write_endpoints(endpoints: dict[str, Any], directory: Path) -> Path:
    """Write endpoints.yml into `directory`, readable by this user only (it may hold passwords)."""
    path = directory / "endpoints.yml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        yaml.safe_dump(endpoints, out)
    return path
