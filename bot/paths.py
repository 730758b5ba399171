"""Where the bot finds its files, whether it runs from a checkout or an installed package.

Why: a wheel has no checkout around it. Everything the running bot reads (domain,
credentials and endpoints templates, logging configuration, example profiles) ships inside
the package under bot/project/ (in a checkout those are links to the top-level files, so each
file still lives in one place). What belongs to one deployment (the trained model, its
profiles, relative SQLite paths) is found from SAFE_STEPS_HOME instead.
"""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings

PACKAGE = Path(__file__).resolve().parent
# Shipped with the package: domain/, profiles/ (examples), config.yml, credentials.yml,
# endpoints.yml, logging.yml.
SHIPPED = PACKAGE / "project"


def home(settings: Settings) -> Path:
    """The directory the bot runs in (SAFE_STEPS_HOME), as an absolute path."""
    return settings.home()


def model(settings: Settings) -> Path:
    """The trained model (SAFE_STEPS_MODEL)."""
    return settings.path("SAFE_STEPS_MODEL")


def profiles_dir(settings: Settings) -> Path:
    """The folder of deployment profiles (SAFE_STEPS_PROFILES_DIR)."""
    return settings.path("SAFE_STEPS_PROFILES_DIR")


def shipped(name: str) -> Path:
    """A file or folder shipped with the package, such as 'credentials.yml' or 'domain'."""
    return SHIPPED / name
