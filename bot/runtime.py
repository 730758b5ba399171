"""The process's settings and the shared pieces built from them, created once at start-up.

Why: Rasa creates our tracker store, channels and NLG itself, from endpoints.yml and
credentials.yml, so they cannot be handed their settings as arguments. They ask this module
instead, and it builds everything exactly once per process: one `Settings` read from the
environment, one profile store, and one analytics writer shared by the tracker store and
the widget channel (two writers would mean two database engines and two threads).

Tests and tools call `configure(Settings(...))` first to run with settings of their own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property

from bot import paths
from bot.analytics.counting import Counter, counter_for
from bot.profiles.loader import ProfileStore
from bot.settings import Settings


@dataclass
class Runtime:
    """Everything built from one process's settings."""

    settings: Settings
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def profiles(self) -> ProfileStore:
        """The profile store over SAFE_STEPS_PROFILES_DIR."""
        return ProfileStore(paths.profiles_dir(self.settings), self.settings.default_country)

    @cached_property
    def counter(self) -> Counter | None:
        """The analytics counter (None when SAFE_STEPS_ANALYTICS_URL is off), made once."""
        return counter_for(self.settings, lambda profile: self.profiles.get(profile).id)


_current: Runtime | None = None
_lock = threading.Lock()


def configure(settings: Settings) -> Runtime:
    """Start this process's runtime with these settings (replacing any earlier one)."""
    global _current
    with _lock:
        _current = Runtime(settings)
        return _current


def current() -> Runtime:
    """This process's runtime; the first call (at start-up) reads the environment."""
    with _lock:
        if _current is None:
            return _configure_from_env()
        return _current


def _configure_from_env() -> Runtime:
    global _current
    _current = Runtime(Settings.from_env())
    return _current
