"""Every deployment setting, declared once with its default and help.

Settings come from environment variables so that `make run`, CI and a charity's server
can each set them without editing files. They are read once, at start-up, into one frozen
`Settings` object that is handed to whatever needs it (`python -m bot` builds it in `main`;
inside Rasa and the action server, bot/runtime.py builds it when the first component is
created). Nothing reads the environment later, and tests build their own `Settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default and a sentence of help."""

    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    setting.env: setting
    for setting in (
        Setting(
            "SAFE_STEPS_DEFAULT_COUNTRY",
            "uk",
            "Country whose crisis lines are shown before the user has said where they are.",
        ),
        Setting(
            "SAFE_STEPS_ANALYTICS_URL",
            "sqlite:///var/analytics.db",
            "SQLAlchemy URL for the anonymous daily counts (for example "
            "postgresql://user:pass@host/db), or 'off'. Relative SQLite paths are from the "
            "directory the bot runs in.",
        ),
        Setting(
            "SAFE_STEPS_EXIT_URL",
            "https://www.bbc.co.uk/weather",
            "Neutral page the widget's quick exit goes to (it replaces the current page).",
        ),
        Setting(
            "SAFE_STEPS_RASA_PORT",
            "5005",
            "Port of the Rasa server (REST channel and widget) started by `python -m bot run`.",
        ),
        Setting(
            "SAFE_STEPS_ACTIONS_PORT",
            "5055",
            "Port of the action server started by `python -m bot run`.",
        ),
        Setting(
            "SAFE_STEPS_ACTIONS_URL",
            "",
            "Address of the action server's webhook, for example http://127.0.0.1:5050/webhook "
            "(nginx in front of several). Empty: http://localhost:SAFE_STEPS_ACTIONS_PORT/webhook.",
        ),
        Setting(
            "SAFE_STEPS_TRACKER_STORE",
            "memory",
            "Where the redacted conversation state is kept: memory (one instance only), redis "
            "(SAFE_STEPS_REDIS_URL; for several instances) or sql (SAFE_STEPS_TRACKER_SQL_URL).",
        ),
        Setting(
            "SAFE_STEPS_LOCK_STORE",
            "memory",
            "memory (one instance) or redis (SAFE_STEPS_REDIS_URL): several instances must share "
            "a Redis lock store, so one conversation's messages are handled one at a time.",
        ),
        Setting(
            "SAFE_STEPS_REDIS_URL",
            "redis://localhost:6379/0",
            "Redis for the tracker and lock stores: redis://[:password@]host:port/db.",
        ),
        Setting(
            "SAFE_STEPS_TRACKER_SQL_URL",
            "",
            "SQLAlchemy URL of the SQL tracker store (used when SAFE_STEPS_TRACKER_STORE=sql), for "
            "example postgresql://safe_steps:PASSWORD@localhost/safe_steps_trackers.",
        ),
        Setting(
            "SAFE_STEPS_HOME",
            ".",
            "Directory the bot runs in: the model, profiles and relative SQLite paths are "
            "found from here. Lets an installed package run from any directory.",
        ),
        Setting(
            "SAFE_STEPS_MODEL",
            "models/safe-steps.tar.gz",
            "The trained model (relative paths are from SAFE_STEPS_HOME).",
        ),
        Setting(
            "SAFE_STEPS_PROFILES_DIR",
            "profiles",
            "Folder of deployment profiles (relative paths are from SAFE_STEPS_HOME). It must "
            "exist; the package ships examples in bot/project/profiles.",
        ),
        Setting(
            "SAFE_STEPS_ENABLE_API",
            "false",
            "Turn on Rasa's HTTP API (true/false). Keep it off in production: it can read and "
            "change any conversation. When on, SAFE_STEPS_API_TOKEN is required.",
        ),
        Setting(
            "SAFE_STEPS_API_TOKEN",
            "",
            "Secret token (at least 16 characters) for Rasa's HTTP API, required when "
            "SAFE_STEPS_ENABLE_API is on; clients pass it as ?token=.",
        ),
        Setting(
            "SAFE_STEPS_MAX_CRASHES",
            "5",
            "`python -m bot run` restarts a crashed server, and gives up (exit code 1) only "
            "after this many crashes of one server within SAFE_STEPS_CRASH_WINDOW_SECONDS.",
        ),
        Setting(
            "SAFE_STEPS_CLOCK",
            "",
            "For tests and drills only: a fixed date and time the bot treats as now when it "
            "says which services are open (like 2026-11-28T02:00+00:00). Empty: the real clock.",
        ),
        Setting(
            "SAFE_STEPS_STALE_DAYS",
            "180",
            "A registry or profile service whose last_checked date is older than this many days "
            "is stale: `python -m bot registry check` lists it and the bot warns at start-up.",
        ),
        Setting(
            "SAFE_STEPS_CRASH_WINDOW_SECONDS",
            "60",
            "The window, in seconds, in which SAFE_STEPS_MAX_CRASHES crashes mean giving up.",
        ),
    )
}


class SettingError(ValueError):
    """A setting has a value the bot cannot use; the message names it and says why."""


def _declared(env: str) -> None:
    if env not in SETTINGS:
        raise KeyError(f"{env} is not a declared setting (see bot/settings.py)")


@dataclass(frozen=True)
class Settings:
    """The value of every declared setting, fixed when the process starts."""

    values: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({e: s.default for e, s in SETTINGS.items()})
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: str) -> Settings:
        """Every setting from `environ` (default: this process's environment), then overrides."""
        source = os.environ if environ is None else environ
        values = {env: source.get(env, setting.default) for env, setting in SETTINGS.items()}
        return cls(MappingProxyType(values)).replace(**overrides)

    def replace(self, **overrides: str) -> Settings:
        """A copy with some settings changed (KeyError for an undeclared one)."""
        for env in overrides:
            _declared(env)
        return Settings(MappingProxyType({**self.values, **overrides}))

    def get(self, env: str) -> str:
        """The value of a declared setting (KeyError for an undeclared one)."""
        _declared(env)
        return self.values[env]

    def get_int(self, env: str, minimum: int = 0) -> int:
        """A declared setting as a whole number, with a clear error for anything else."""
        value = self.get(env)
        try:
            number = int(value)
        except ValueError:
            raise SettingError(f"{env} must be a whole number, not {value!r}") from None
        if number < minimum:
            raise SettingError(f"{env} must be at least {minimum}, not {number}")
        return number

    def home(self) -> Path:
        """The directory the bot runs in (SAFE_STEPS_HOME), as an absolute path."""
        return Path(self.get("SAFE_STEPS_HOME")).expanduser().resolve()

    def path(self, env: str) -> Path:
        """A path setting; a relative one is taken from SAFE_STEPS_HOME."""
        path = Path(self.get(env)).expanduser()
        return path if path.is_absolute() else self.home() / path

    @property
    def default_country(self) -> str:
        """Country whose crisis lines come first, for profiles that do not choose one."""
        return self.get("SAFE_STEPS_DEFAULT_COUNTRY")


# The declared default, for code that builds profiles without a deployment's settings.
DEFAULT_COUNTRY = SETTINGS["SAFE_STEPS_DEFAULT_COUNTRY"].default
