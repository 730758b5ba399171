"""Where the bot finds its files, whether it runs from a checkout or an installed package.

Why: a wheel has no checkout around it. Everything the running bot reads (domain,
credentials and endpoints templates, logging configuration, example profiles) ships inside
the package under bot/project/ (in a checkout those are links to the top-level files, so each
file still lives in one place). What belongs to one deployment (the trained model, its
profiles, relative SQLite paths) is found from SAFE_STEPS_HOME instead.
"""

from __future__ import annotations

from pathlib import Path

from bot import settings

PACKAGE = Path(__file__).resolve().parent
# Shipped with the package: domain/, profiles/ (examples), config.yml, credentials.yml,
# endpoints.yml, logging.yml.
SHIPPED = PACKAGE / "project"


def home() -> Path:
    """The directory the bot runs in (SAFE_STEPS_HOME), as an absolute path."""
    return Path(settings.get("SAFE_STEPS_HOME")).expanduser().resolve()


def _from_home(env: str) -> Path:
    path = Path(settings.get(env)).expanduser()
    return path if path.is_absolute() else home() / path


def model() -> Path:
    """The trained model (SAFE_STEPS_MODEL)."""
    return _from_home("SAFE_STEPS_MODEL")


def profiles_dir() -> Path:
    """The folder of deployment profiles (SAFE_STEPS_PROFILES_DIR)."""
    return _from_home("SAFE_STEPS_PROFILES_DIR")


def shipped(name: str) -> Path:
    """A file or folder shipped with the package, such as 'credentials.yml' or 'domain'."""
    return SHIPPED / name
