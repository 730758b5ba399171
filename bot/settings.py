"""Every deployment setting, declared once with its default and help.

Settings come from environment variables so that `make run`, CI and a charity's server
can each set them without editing files. Nothing here reads the environment at import
time: `get()` reads it when asked, so tests can change a setting for one server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


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
    )
}


def get(env: str) -> str:
    """Return the current value of a declared setting (KeyError for an undeclared one)."""
    setting = SETTINGS[env]
    return os.environ.get(env, setting.default)
