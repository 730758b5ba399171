"""The languages the bot speaks: one folder of YAML per language, so adding one needs no Python.

English is the base: its texts live where they always have (domain/, resources/*.yml).
Every other language is a folder resources/languages/<code>/ holding:

- language.yml: its names, writing direction and the one-tap question the detection hint asks;
- safety_patterns.yml: crisis and danger patterns, in the same sections as the English file;
- responses.yml: the bot's replies, by the English response names;
- widget_text.yml: the words around the conversation in the web widget.

Training data sits with the rest of the training data (data/nlu/<code>/, data/risk/<code>.yml),
because `rasa train` reads it from there; one model understands every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES_DIR = Path(__file__).parent / "resources" / "languages"
BASE = "en"
SAFETY_PATTERNS = "safety_patterns.yml"
RESPONSES = "responses.yml"
WIDGET_TEXT = "widget_text.yml"
_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_DIRECTIONS = frozenset({"ltr", "rtl"})


class LanguageError(ValueError):
    """A language folder is missing a file or a field, or a file is malformed."""


@dataclass(frozen=True)
class Language:
    """One language the bot can speak."""

    code: str
    name: str
    native_name: str
    direction: str
    prefer_question: str
    accept: str
    folder: Path
    # Short words the NLG builds replies from: country names, age buttons, "call", "text".
    phrases: dict[str, Any] = field(default_factory=dict)

    def file(self, name: str) -> Path:
        """A file of this language's folder (it may not exist: `languages check` says so)."""
        return self.folder / name


def phrase(code: str, key: str, default: str) -> str:
    """One of a language's short phrases (English's wording when it has none)."""
    language = languages().get(code)
    value = language.phrases.get(key) if language else None
    return value if isinstance(value, str) else default


def phrase_map(code: str, key: str) -> dict[str, str]:
    """A language's named phrases, such as its country names by registry id."""
    language = languages().get(code)
    value = language.phrases.get(key) if language else None
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def read_yaml(path: Path) -> Any:
    """A YAML document, or LanguageError naming the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LanguageError(f"{path}: cannot be read: {error}") from error


def load_language(folder: Path) -> Language:
    """The language described by folder/language.yml; the folder's name is its code."""
    path = folder / "language.yml"
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise LanguageError(f"{path}: needs name, native_name and prefer_question")
    code = folder.name
    if not _CODE.match(code):
        raise LanguageError(f"{folder}: the folder name must be a language code like 'es'")
    missing = [
        f for f in ("name", "native_name", "prefer_question", "accept") if not document.get(f)
    ]
    if missing:
        raise LanguageError(f"{path}: missing {', '.join(missing)}")
    direction = document.get("direction", "ltr")
    if direction not in _DIRECTIONS:
        raise LanguageError(f"{path}: direction must be ltr or rtl, not {direction!r}")
    return Language(
        code=code,
        name=str(document["name"]),
        native_name=str(document["native_name"]),
        direction=direction,
        prefer_question=str(document["prefer_question"]),
        accept=str(document["accept"]),
        folder=folder,
        phrases=dict(document.get("phrases") or {}),
    )


def discover(root: Path = LANGUAGES_DIR) -> dict[str, Language]:
    """Every language with a folder under root, English first, then by code."""
    found = {
        folder.name: load_language(folder)
        for folder in sorted(root.iterdir())
        if folder.is_dir() and (folder / "language.yml").is_file()
    }
    if BASE not in found:
        raise LanguageError(f"{root}: needs an '{BASE}' folder (the base language)")
    return {BASE: found.pop(BASE), **found}


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    """The shipped languages, read once per process."""
    return discover()


def safety_pattern_files(root: Path = LANGUAGES_DIR) -> list[Path]:
    """The safety patterns of every language but English (whose file is the reviewed base)."""
    return [
        language.file(SAFETY_PATTERNS)
        for code, language in discover(root).items()
        if code != BASE and language.file(SAFETY_PATTERNS).is_file()
    ]


# Where a conversation's language comes from: the message metadata the widget (or any
# channel) sends. Only an explicit choice is sent: the embed's data-lang or the switch.
LANG_KEY = "lang"


@cache
def language_responses(code: str) -> dict[str, list[dict[str, Any]]]:
    """A language's replies by response name (empty for English, whose replies are the domain's)."""
    if code == BASE or code not in languages():
        return {}
    path = languages()[code].file(RESPONSES)
    if not path.is_file():
        return {}
    document = read_yaml(path)
    responses = document.get("responses") if isinstance(document, dict) else None
    if not isinstance(responses, dict):
        raise LanguageError(f"{path}: needs a 'responses' mapping")
    return responses


def choose(requested: Any, default: str, offered: frozenset[str] | None = None) -> str:
    """The conversation's language: an explicit choice if the bot speaks it here, else the default.

    `offered` is the profile's list (None: every language). An unknown or refused choice
    falls back quietly: the conversation must go on whatever a page sends.
    """
    allowed = set(languages()) if offered is None else set(languages()) & offered
    if isinstance(requested, str) and requested.lower() in allowed:
        return requested.lower()
    return default if default in allowed or not allowed else sorted(allowed)[0]
