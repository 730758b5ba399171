"""Read, check and serve deployment profiles (profiles/*.yml), reloading them when they change.

Every problem is reported with its file, field and reason. An invalid profile is refused
and the others keep serving; an unknown profile id gets the default profile.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.messages import known_response_names
from bot.profiles.fields import DEFAULTS, FIELD_NAMES
from bot.profiles.safety_floor import missing_parts
from bot.registry import (
    Contact,
    Registry,
    RegistryError,
    default_registry,
    parse_contact,
    parse_service,
)
from bot.settings import DEFAULT_COUNTRY

logger = logging.getLogger(__name__)
# The example profiles shipped with the package (in a checkout: the top-level profiles/).
PROFILES_DIR = paths.shipped("profiles")
DEFAULT_ID = "default"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d+)?$")
MIN_CONTRAST = 4.5
MAX_LOGO_BYTES = 200 * 1024
PROTECTED_NEEDS = frozenset({"crisis", "emergency"})


@dataclass(frozen=True)
class Problem:
    """Why (part of) a profile was refused."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Profile:
    """A checked profile, with its services already merged into its own registry."""

    id: str
    organisation: str
    default_country: str
    language: str
    primary_colour: str
    logo: Path | None
    registry: Registry
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    allowed_origins: tuple[str, ...] = ()
    # The organisation's own chat or phone line, offered first while it is open.
    live_help: Contact | None = None

    def allows_origin(self, origin: str | None) -> bool:
        """True if a page at `origin` may embed and talk to this profile's widget."""
        return not self.allowed_origins or origin in self.allowed_origins


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio between a #rrggbb colour and white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def builtin_default(default_country: str = DEFAULT_COUNTRY) -> Profile:
    """The default profile when profiles/default.yml is absent."""
    return Profile(
        id=DEFAULT_ID,
        organisation=DEFAULTS["organisation"],
        default_country=default_country,
        language=DEFAULTS["language"],
        primary_colour=DEFAULTS["colours"]["primary"],
        logo=None,
        registry=default_registry(),
    )


class _Checker:
    """Collects problems for one file while building its profile."""

    def __init__(self, path: Path) -> None:
        self.file = path.name
        self.problems: list[Problem] = []

    def fail(self, where: str, reason: str) -> None:
        self.problems.append(Problem(self.file, where, reason))


def _variations(raw: Any) -> list[dict[str, Any]] | None:
    if isinstance(raw, str):
        return [{"text": raw}]
    if (
        isinstance(raw, list)
        and raw
        and all(
            isinstance(v, str) or (isinstance(v, dict) and isinstance(v.get("text"), str))
            for v in raw
        )
    ):
        return [{"text": v} if isinstance(v, str) else dict(v) for v in raw]
    return None


def _check_responses(raw: Any, check: _Checker) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(raw, dict):
        check.fail("responses", "must be a mapping of response name to wording")
        return {}
    known = known_response_names()
    responses: dict[str, list[dict[str, Any]]] = {}
    for name, value in raw.items():
        where = f"responses.{name}"
        if name not in known:
            check.fail(where, "is not a response the bot has (see domain/)")
            continue
        variations = _variations(value)
        if variations is None:
            check.fail(where, "must be a text or a list of variations, each with a text")
            continue
        for number, variation in enumerate(variations, start=1):
            for part in missing_parts(name, variation["text"]):
                check.fail(f"{where}[{number}]", f"is safety-critical and must keep: {part}")
        responses[name] = variations
    return responses


def _check_services(raw: dict[str, Any], base: Registry, check: _Checker) -> Registry:
    extras = []
    for position, entry in enumerate(raw.get("extra_services") or []):
        try:
            extras.append(parse_service(entry, frozenset(base.countries), position))
        except RegistryError as error:
            check.fail(f"extra_services[{position}]", str(error))
    hide = raw.get("hide_services") or []
    if not isinstance(hide, list):
        check.fail("hide_services", "must be a list of service ids")
        hide = []
    ids = {s.id for s in base.services}
    for service_id in hide:
        if service_id not in ids:
            check.fail("hide_services", f"'{service_id}' is not a registry service")
        elif base.service(service_id).needs & PROTECTED_NEEDS:
            check.fail(
                "hide_services",
                f"'{service_id}' is a crisis line or emergency number and cannot be hidden",
            )
    kept = tuple(s for s in base.services if s.id not in set(hide))
    return Registry(countries=base.countries, services=tuple(extras) + kept)


def _check_live_help(raw: Any, check: _Checker) -> Contact | None:
    """The organisation's own line: a contact block whose hours are required."""
    if raw is None:
        return None
    try:
        contact = parse_contact(raw, "live_help")
    except RegistryError as error:
        # The block is itself the contact, so its fields are named without "contact.".
        reason = str(error).removeprefix("live_help: ").replace("'contact.", "'")
        check.fail("live_help", reason.replace("field 'contact'", "the block"))
        return None
    if contact.hours is None:
        check.fail("live_help", "field 'hours' is required, so the bot knows when it is open")
        return None
    return contact


def parse_profile(
    path: Path, base: Registry, default_country: str = DEFAULT_COUNTRY
) -> tuple[Profile | None, list[Problem]]:
    """Check one profile file; the profile is None if anything is wrong with it.

    `default_country` (SAFE_STEPS_DEFAULT_COUNTRY) is used when the file does not choose one.
    """
    check = _Checker(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        check.fail("(file)", f"cannot be read as YAML: {error}")
        return None, check.problems
    if not isinstance(raw, dict):
        check.fail("(file)", "must be a mapping of fields")
        return None, check.problems
    for unknown in sorted(set(raw) - FIELD_NAMES):
        check.fail(unknown, "unknown field (see docs/customising.md)")
    profile_id = raw.get("id")
    if not isinstance(profile_id, str) or not _ID.match(profile_id):
        check.fail("id", "is required: lower-case letters, digits and '-'")
    elif profile_id != path.stem:
        check.fail("id", f"'{profile_id}' must match the file name '{path.stem}'")
    country = raw.get("default_country", default_country)
    if country not in base.countries:
        check.fail("default_country", f"'{country}' is not one of {', '.join(base.countries)}")
    if raw.get("language", "en") != "en":
        check.fail("language", "only 'en' is available")
    colours = raw.get("colours") or DEFAULTS["colours"]
    primary = colours.get("primary") if isinstance(colours, dict) else None
    if not isinstance(primary, str) or not _COLOUR.match(primary):
        check.fail("colours.primary", "must be a colour like '#0b3d6b'")
        primary = DEFAULTS["colours"]["primary"]
    elif contrast_with_white(primary) < MIN_CONTRAST:
        ratio = contrast_with_white(primary)
        check.fail("colours.primary", f"contrast with white text is {ratio:.1f}:1, below 4.5:1")
    logo = None
    if raw.get("logo") is not None:
        logo = (path.parent / str(raw["logo"])).resolve()
        if logo.parent != path.parent.resolve() or logo.suffix not in {".png", ".svg"}:
            check.fail("logo", "must be a .png or .svg file in the profiles folder")
        elif not logo.is_file() or logo.stat().st_size > MAX_LOGO_BYTES:
            check.fail("logo", "file is missing or larger than 200 KB")
    responses = _check_responses(raw.get("responses") or {}, check)
    if raw.get("greeting") is not None:
        responses.update(_check_responses({"utter_greet": raw["greeting"]}, check))
    origins = raw.get("allowed_origins") or []
    if not isinstance(origins, list) or not all(
        isinstance(o, str) and _ORIGIN.match(o) for o in origins
    ):
        check.fail("allowed_origins", "must be a list of origins like 'https://www.example.org'")
        origins = []
    registry = _check_services(raw, base, check)
    live_help = _check_live_help(raw.get("live_help"), check)
    if check.problems:
        return None, check.problems
    return (
        Profile(
            id=str(profile_id),
            organisation=str(raw.get("organisation", DEFAULTS["organisation"])),
            default_country=str(country),
            language="en",
            primary_colour=str(primary),
            logo=logo,
            registry=registry,
            responses=responses,
            allowed_origins=tuple(origins),
            live_help=live_help,
        ),
        [],
    )


def load_profiles(
    folder: Path = PROFILES_DIR, default_country: str = DEFAULT_COUNTRY
) -> tuple[dict[str, Profile], list[Problem]]:
    """Every valid profile in the folder, and every problem found.

    `default_country` (SAFE_STEPS_DEFAULT_COUNTRY) applies to every profile that sets none.
    """
    base = default_registry()
    profiles: dict[str, Profile] = {DEFAULT_ID: builtin_default(default_country)}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        profile, found = parse_profile(path, base, default_country)
        problems += found
        if profile is not None:
            profiles[profile.id] = profile
    return profiles, problems


class ProfileStore:
    """Serves profiles, re-reading the folder when a file changes (checked every half second)."""

    def __init__(
        self,
        folder: Path = PROFILES_DIR,
        default_country: str = DEFAULT_COUNTRY,
        check_every: float = 0.5,
    ) -> None:
        self.folder = folder
        self.default_country = default_country
        self.check_every = check_every
        self._lock = threading.Lock()
        self._signature: tuple[tuple[str, int, int], ...] | None = None
        self._checked = 0.0
        self._profiles: dict[str, Profile] = {}

    def _current_signature(self) -> tuple[tuple[str, int, int], ...]:
        if not self.folder.is_dir():
            return ()
        return tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(self.folder.iterdir())
        )

    def _refresh(self) -> None:
        now = time.monotonic()
        if self._profiles and now - self._checked < self.check_every:
            return
        with self._lock:
            self._checked = now
            signature = self._current_signature()
            if signature == self._signature:
                return
            profiles, problems = load_profiles(self.folder, self.default_country)
            for problem in problems:
                logger.error("profile refused: %s", problem)
            self._profiles, self._signature = profiles, signature
            logger.info("profiles loaded: %s", ", ".join(sorted(profiles)))

    def get(self, profile_id: str | None) -> Profile:
        """The profile with this id, or the default profile."""
        self._refresh()
        return self._profiles.get(profile_id or DEFAULT_ID) or self._profiles[DEFAULT_ID]


def profile_id_from(metadata: Any) -> str | None:
    """The profile id a message's (or session's) metadata carries, if any."""
    if isinstance(metadata, dict) and isinstance(metadata.get("profile"), str):
        return str(metadata["profile"])
    return None


def conversation_profile_id(session_metadata: Any, latest_metadata: Any) -> str | None:
    """The profile a conversation uses: its session's (set by its first message), else the
    latest message's. The NLG, the actions and the analytics all ask this one function."""
    return profile_id_from(session_metadata) or profile_id_from(latest_metadata)
