"""Find the user's country, age band and role in what they type ("im 15 from scotland").

Deterministic on purpose: these facts choose which helplines are shown, so they come from
the registry's country aliases and a few age phrasings, not from a statistical guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.registry import Registry
from bot.signposting import age_band_for
from bot.text import normalise

# Short aliases that are also ordinary words ("they want us to pay") count only after "in"/"from".
_AMBIGUOUS_ALIASES = frozenset({"us", "ie", "oz", "aus", "gb"})
_PLACE_WORDS = r"(?:in|from|live in|living in|based in|im in|i am in)(?: the)? "
# "im not in the uk" names a country the user is NOT in.
_NEGATED = re.compile(r"\b(not|dont|do not|never|arent|isnt)( \w+){0,3} $")
# "im 15", "aged 15", "15yo", "15 years old" (but not "im 100% sure" or "i paid 50 quid").
_AGE_NUMBER = re.compile(
    r"\b(?:im|i am|i m|age|aged|turning|just turned|only)\s+(\d{1,2})\b"
    r"(?!\s*(?:%|pounds|quid|dollars|euros|mins|minutes|hours|times))"
    r"|\b(\d{1,2})\s*(?:yo|y o|yrs?|years?|year old|years old|yr old|y\s?o)\b"
)
# A bare number is an answer to "how old are you?"; the bot asks no other number question.
_BARE_NUMBER = re.compile(r"^(\d{1,2})$")
_AGE_BAND_PHRASES = (
    (re.compile(r"\b(under 13|younger than 13|12 or under)\b"), "under_13"),
    (re.compile(r"\b(13 (to|and|-) 17|13 17|under 18|a teenager|a teen)\b"), "13_17"),
    (re.compile(r"\b(18 or over|over 18|18 plus|18 and over|an adult|im a grown up)\b"), "18_plus"),
)


@dataclass(frozen=True)
class Found:
    """A fact found in the text, with where it was (for Rasa's entity format)."""

    entity: str
    value: str
    start: int
    end: int


def find_country(registry: Registry, text: str) -> Found | None:
    """The country named in the text, preferring the longest alias ("northern ireland")."""
    clean = normalise(text)
    aliases = sorted(
        (
            (alias, country.id)
            for country in registry.countries.values()
            for alias in country.aliases
        ),
        key=lambda pair: -len(pair[0]),
    )
    for alias, country_id in aliases:
        if clean == alias:  # a bare answer to "where do you live?"
            return Found("country", country_id, 0, len(clean))
        prefix = _PLACE_WORDS if alias in _AMBIGUOUS_ALIASES else ""
        for match in re.finditer(rf"\b{prefix}{re.escape(alias)}\b", clean):
            if not _NEGATED.search(clean[: match.start()]):
                return Found("country", country_id, match.start(), match.end())
    return None


def find_age_band(text: str) -> Found | None:
    """The age band the text states, from "im 15", "15yo", "under 13" and the like."""
    clean = normalise(text)
    match = _BARE_NUMBER.match(clean) or _AGE_NUMBER.search(clean)
    if match:
        age = int(match.group(1) or match.group(2))
        if 5 <= age <= 99:
            return Found("age_band", age_band_for(age), match.start(), match.end())
    for pattern, band in _AGE_BAND_PHRASES:
        found = pattern.search(clean)
        if found:
            return Found("age_band", band, found.start(), found.end())
    return None


# Who the conversation is about, when the writer is an adult helping a young person.
_ROLES = (
    (
        "professional",
        re.compile(
            r"\b(?:im|i am|as) an? (?:teacher|teaching assistant|ta|youth worker|social worker|"
            r"school counsellor|safeguarding lead|dsl|head ?teacher|head of year|school nurse|"
            r"coach|tutor|member of staff|staff member)\b|\b(?:im|i am) the dsl\b"
            r"|\b(?:my|a|one of my|our) (?:student|pupil|learner)s?\b"
            r"|\bi work (?:in|at) a school\b|\bi work with (?:young people|children|kids)\b"
        ),
    ),
    (
        "parent",
        re.compile(
            r"\bmy (?:son|daughter|child|kid|teen|teenager|stepson|stepdaughter|grandson|"
            r"granddaughter|\d{1,2} year old)\b"
            r"|\b(?:im|i am) (?:a|his|her|their) "
            r"(?:mum|mom|dad|parent|carer|foster carer|guardian)\b"
        ),
    ),
)


def find_role(text: str) -> Found | None:
    """ "professional" or "parent" when an adult says who they are; None for young people."""
    clean = normalise(text)
    for role, pattern in _ROLES:
        match = pattern.search(clean)
        if match:
            return Found("role", role, match.start(), match.end())
    return None
