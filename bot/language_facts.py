"""How people say their country, their age and who they are, in languages other than English.

Each language folder may hold a `facts.yml` (docs/translating.md): country names, age
phrasings with `{age}` for the number, and the words a parent or school staff use about a
child. A charity adds them as YAML; bot/facts.py reads every language's, for every message,
because a Welsh message can come in an English conversation. English stays in bot/facts.py:
its phrasings need the finer rules there (whose age a number is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from bot.languages import BASE, LANGUAGES_DIR, LanguageError, discover, read_yaml
from bot.text import normalise

FACTS = "facts.yml"
AGE_SLOT = "{age}"
# Roles in the order they are tried: the safeguarding lead first, as in bot/facts.py.
ROLE_ORDER = ("dsl", "professional", "parent")
_FIELDS = frozenset({"countries", "not_in", "own_age", "child_age", "their_age", "roles"})
# Money and counts are not ages ("tengo 50 euros"), as in bot/facts.py.
_NOT_AN_AGE = r"(?!\s*(?:%|euros?|libras?|dolares?|livres?|punt|bunt|minut|min\b|h\b|k\b))"


@dataclass(frozen=True)
class LanguageFacts:
    """Every language's phrasings, merged: aliases and compiled patterns."""

    country_aliases: tuple[tuple[str, str], ...] = ()  # (alias, country id), longest first
    # Words just before a country that say the writer is NOT there ("no vivo en", "pas").
    not_in: tuple[str, ...] = ()
    own_age: tuple[re.Pattern[str], ...] = ()
    child_age: tuple[re.Pattern[str], ...] = ()
    # "il a 16 ans": the child's age only when an adult writes it (a young person is more
    # often telling us the blackmailer's), as bot/facts.py does for "she's 15".
    their_age: tuple[re.Pattern[str], ...] = ()
    roles: tuple[tuple[str, re.Pattern[str]], ...] = ()

    @cached_property
    def not_in_pattern(self) -> re.Pattern[str] | None:
        """`not_in` as one pattern for the text just before a country, compiled once rather
        than for every message: "no vivo en ... " with up to three words between."""
        if not self.not_in:
            return None
        return re.compile(r"\b(?:" + "|".join(map(re.escape, self.not_in)) + r")( \w+){0,3} $")


def _words(path: Path, field: str, value: Any) -> list[str]:
    """A list of phrases, normalised as messages are; LanguageError if it is not one."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LanguageError(f"{path}: {field} must be a list of phrases")
    return [normalise(v) if AGE_SLOT not in v else v for v in value]


def age_pattern(path: Path, template: str) -> re.Pattern[str]:
    """'tengo {age} anos' -> a pattern whose one group is the number.

    Write the word for years where the language has one: "tengo 20 fotos" is not an age,
    and an adult's age read wrongly would show a child adult-only services.
    """
    if template.count(AGE_SLOT) != 1:
        raise LanguageError(f"{path}: {template!r} needs {AGE_SLOT} exactly once")
    before, after = (normalise(part) for part in template.split(AGE_SLOT))
    # "15ans" and "15 ans" both count: phones often drop the space.
    number = r"(\d{1,2})" + _NOT_AN_AGE + (r"\s*" + re.escape(after) if after else r"(?!\d)")
    return re.compile(r"\b" + (re.escape(before) + r"\s+" if before else "") + number + r"\b")


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    longest_first = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in longest_first) + r")\b")


def read_facts(path: Path) -> LanguageFacts:
    """One language's facts.yml, checked: a mistake names the file and the field."""
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise LanguageError(f"{path}: needs countries, own_age, child_age or roles")
    unknown = sorted(set(document) - _FIELDS)
    if unknown:
        raise LanguageError(f"{path}: unknown field(s) {', '.join(unknown)}")
    countries = document.get("countries") or {}
    roles = document.get("roles") or {}
    if not isinstance(countries, dict) or not isinstance(roles, dict):
        raise LanguageError(f"{path}: countries and roles map an id to a list of phrases")
    bad_roles = sorted(set(roles) - set(ROLE_ORDER))
    if bad_roles:
        raise LanguageError(f"{path}: roles are {', '.join(ROLE_ORDER)}, not {bad_roles}")
    aliases = [
        (alias, str(country))
        for country, names in countries.items()
        for alias in _words(path, f"countries.{country}", names)
    ]
    return LanguageFacts(
        country_aliases=tuple(aliases),
        not_in=tuple(_words(path, "not_in", document.get("not_in") or [])),
        own_age=tuple(
            age_pattern(path, t) for t in _words(path, "own_age", document.get("own_age") or [])
        ),
        child_age=tuple(
            age_pattern(path, t) for t in _words(path, "child_age", document.get("child_age") or [])
        ),
        their_age=tuple(
            age_pattern(path, t) for t in _words(path, "their_age", document.get("their_age") or [])
        ),
        roles=tuple(
            (role, _phrase_pattern(_words(path, f"roles.{role}", roles[role])))
            for role in ROLE_ORDER
            if roles.get(role)
        ),
    )


def merged(parts: list[LanguageFacts]) -> LanguageFacts:
    """All languages' facts as one, country aliases longest first."""
    aliases = sorted({a for part in parts for a in part.country_aliases}, key=lambda a: -len(a[0]))
    roles: list[tuple[str, re.Pattern[str]]] = []
    for role in ROLE_ORDER:
        roles += [(name, pattern) for part in parts for name, pattern in part.roles if name == role]
    return LanguageFacts(
        country_aliases=tuple(aliases),
        not_in=tuple(word for part in parts for word in part.not_in),
        own_age=tuple(p for part in parts for p in part.own_age),
        child_age=tuple(p for part in parts for p in part.child_age),
        their_age=tuple(p for part in parts for p in part.their_age),
        roles=tuple(roles),
    )


def facts_of(root: Path = LANGUAGES_DIR) -> LanguageFacts:
    """Every language's facts.yml under root (English has none: bot/facts.py holds it)."""
    return merged(
        [
            read_facts(language.file(FACTS))
            for code, language in discover(root).items()
            if code != BASE and language.file(FACTS).is_file()
        ]
    )


@lru_cache(maxsize=1)
def shipped_facts() -> LanguageFacts:
    """The shipped languages' facts, read once per process."""
    return facts_of()
