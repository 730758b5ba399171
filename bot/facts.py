"""Find the user's country, age band and role in what they type ("im 15 from scotland").

Deterministic on purpose: these facts choose which helplines are shown, so they come from
the registry's country aliases and a few age phrasings, not from a statistical guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language_facts import LanguageFacts, shipped_facts
from bot.registry import Registry
from bot.signposting import age_band_for
from bot.text import normalise

# Short aliases that are also ordinary words ("they want us to pay") count only after "in"/"from".
_AMBIGUOUS_ALIASES = frozenset({"us", "ie", "oz", "aus", "gb"})
_PLACE_WORDS = r"(?:in|from|live in|living in|based in|im in|i am in)(?: the)? "
# A country the registry has no services for counts only when the writer places themselves
# there ("im 16 from india", "we live in spain"): "some guy from nigeria" is the blackmailer,
# and most of them are abroad.
_OWN_PLACE = (
    r"(?:i am|im|i m|we are|were|we re|i live|we live|living|i stay|we stay|based|"
    r"i was born|i go to school)(?: \w+){0,3} (?:in|from)(?: the)? "
)
ELSEWHERE = "other"
# Where the blackmailer is, or says they are ("the girl said she was from the us", "he said
# hes american"), is not where the writer is: a country just after someone else.
_SOMEONE_ELSES_PLACE = re.compile(
    r"\b(?:he|she|they|hes|shes|theyre|guy|girl|man|woman|person|account|scammer|"
    r"blackmailer|someone|somebody)(?: \w+){0,3} $"
)
# "im not in the uk" names a country the user is NOT in.
_NEGATED = re.compile(r"\b(not|dont|do not|never|arent|isnt)( \w+){0,3} $")
_UNITS_NOT_AGE = r"(?!\s*(?:%|pounds|quid|dollars|euros|mins|minutes|hours|times|k\b))"
_YEARS_OLD = r"\s*(?:yo|y o|yrs?|years?|year old|years old|yr old|y\s?o)\b"
# Someone the writer is responsible for: a child, a pupil, a young person.
_CHILD = (
    r"(?:son|daughter|child|kid|boy|girl|lad|teen|teenager|stepson|stepdaughter|grandson|"
    r"granddaughter|grandchild|nephew|niece|pupil|student|learner|"
    r"young person|foster child|foster son|foster daughter)"
)
# The writer's own age: "im 15", "aged 15", "15yo", "15 years old", "im an adult".
# Not "im 100% sure" or "i paid 50 quid"; and not "my 14 year old" (a child's age).
_OWN_AGE = re.compile(
    rf"\b(?:im|i am|i m|age|aged|turning|just turned|only)\s+(\d{{1,2}})\b{_UNITS_NOT_AGE}"
    rf"(?!{_YEARS_OLD}\s+{_CHILD})"
    rf"|(?<!\bmy )(?<!\bour )(?<!\ba )(?<!\ban )\b(\d{{1,2}}){_YEARS_OLD}(?!\s+{_CHILD})"
)
# A child's age, said by the adult helping them: "my son is 14", "my 14 year old",
# "a 15 year old pupil", "our daughter who is 13", "my boy (14)".
_CHILD_AGE = re.compile(
    rf"\b(?:my|our|a|an|the|one of my|one of our|this)\s+(?:\w+\s+)?{_CHILD}s?\b"
    rf"(?:\s+(?:who|whos|is|s|was|has just|just|turned|aged|age|only|is only|who is)){{0,3}}"
    rf"\s+(\d{{1,2}})\b{_UNITS_NOT_AGE}"
    rf"|\b(?:my|our|a|an|this)\s+(\d{{1,2}}){_YEARS_OLD}"
    rf"|\b(\d{{1,2}}){_YEARS_OLD}\s+(?:\w+\s+)?{_CHILD}"
)
# "she's 15", "he is 14": only counts as the child's age when an adult is writing (the
# same words from a young person are more often about the blackmailer: "he said hes 19").
_THEIR_AGE = re.compile(
    rf"\b(?:he|she|they)\s*(?:s|is|are|was|were|has just turned|just turned|turned)"
    rf"(?:\s+only|\s+just)?\s+(\d{{1,2}})\b{_UNITS_NOT_AGE}"
)
# A bare number is an answer to "how old are you / is your child?"; no other number is asked.
_BARE_NUMBER = re.compile(r"^(\d{1,2})$")
# Age bands named in words: the buttons' wording, and answers to the bot's age question.
_AGE_BAND_PHRASES = (
    (re.compile(r"\b(under 13|younger than 13|12 or under)\b"), "under_13"),
    (re.compile(r"\b(13 (to|and|-) 17|13 17|under 18|a teenager|a teen)\b"), "13_17"),
    (re.compile(r"\b(18 or over|over 18|18 plus|18 and over)\b"), "18_plus"),
)
_OWN_ADULT = re.compile(r"\b(?:im|i am) (?:an adult|a grown up|over 18|18 or over)\b")

# Entity names: whose age a number is.
AGE_OF_YOUNG_PERSON = "age_band"  # the person the conversation is about (answers, "my son is 14")
OWN_AGE = "own_age_band"  # the writer's own age ("im 15", "im 45")
THEIR_AGE = "their_age_band"  # "she's 15": the child's age only when an adult writes it
AGE_ENTITIES = (AGE_OF_YOUNG_PERSON, OWN_AGE, THEIR_AGE)


@dataclass(frozen=True)
class Found:
    """A fact found in the text, with where it was (for Rasa's entity format)."""

    entity: str
    value: str
    start: int
    end: int


def find_country(
    registry: Registry, text: str, other_languages: LanguageFacts | None = None
) -> Found | None:
    """The country named in the text, preferring the longest alias ("northern ireland"), in
    English (the registry's aliases) or any other language (its facts.yml)."""
    clean = normalise(text)
    facts = other_languages or shipped_facts()
    foreign = facts.country_aliases
    negated = facts.not_in_pattern
    aliases = sorted(
        [
            *(
                (alias, country.id)
                for country in registry.countries.values()
                for alias in country.aliases
            ),
            *((alias, country) for alias, country in foreign if country in registry.countries),
        ],
        key=lambda pair: -len(pair[0]),
    )
    for alias, country_id in aliases:
        if clean == alias:  # a bare answer to "where do you live?"
            return Found("country", country_id, 0, len(clean))
        if country_id == ELSEWHERE:
            prefix = _OWN_PLACE
        elif alias in _AMBIGUOUS_ALIASES:
            prefix = _PLACE_WORDS
        else:
            prefix = ""
        for match in re.finditer(rf"\b{prefix}{re.escape(alias)}\b", clean):
            before = clean[: match.start()]
            if _SOMEONE_ELSES_PLACE.search(clean[: match.end() - len(alias)]):
                continue
            if not _NEGATED.search(before) and not (negated and negated.search(before)):
                return Found("country", country_id, match.start(), match.end())
    return None


# The UK nations, where a school's guidance differs (domain/staff.yml): a name or its adjective,
# in English or Welsh, to the `nation` value the country buttons set (bot.signposting.nation_of).
NATION_WORDS = {
    "england": "england",
    "lloegr": "england",
    "scotland": "scotland",
    "scottish": "scotland",
    "yr alban": "scotland",
    "wales": "wales",
    "welsh": "wales",
    "cymru": "wales",
    "northern ireland": "northern_ireland",
    "northern irish": "northern_ireland",
    "gogledd iwerddon": "northern_ireland",
}
_NATION = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, NATION_WORDS), key=len, reverse=True)) + r")\b"
)


def find_nation(text: str) -> Found | None:
    """The UK nation named in the text ("a scottish secondary", "in wales"), unless negated."""
    clean = normalise(text)
    for match in _NATION.finditer(clean):
        if not _NEGATED.search(clean[: match.start()]):
            return Found("nation", NATION_WORDS[match.group(1)], match.start(), match.end())
    return None


def _age_found(entity: str, match: re.Match[str]) -> Found | None:
    number = next(group for group in match.groups() if group)
    age = int(number)
    if 5 <= age <= 99:
        return Found(entity, age_band_for(age), match.start(), match.end())
    return None


def _overlap(one: Found, other: Found) -> bool:
    return one.start < other.end and other.start < one.end


def find_ages(text: str, other_languages: LanguageFacts | None = None) -> list[Found]:
    """Every age the text states, each labelled with whose age it is (one per kind).

    A parent's or teacher's own age must never be taken as the child's, so "im 45 and my
    son is 14" gives own_age_band=18_plus and age_band=13_17, and the caller decides which
    one counts from the writer's role (`signposting.age_band_concerned`).
    """
    clean = normalise(text)
    found: dict[str, Found] = {}
    bare = _BARE_NUMBER.match(clean)
    if bare:
        fact = _age_found(AGE_OF_YOUNG_PERSON, bare)
        return [fact] if fact else []
    foreign = other_languages or shipped_facts()
    for entity, pattern in (
        (AGE_OF_YOUNG_PERSON, _CHILD_AGE),
        (THEIR_AGE, _THEIR_AGE),
        (OWN_AGE, _OWN_AGE),
        *((AGE_OF_YOUNG_PERSON, p) for p in foreign.child_age),
        *((THEIR_AGE, p) for p in foreign.their_age),
        *((OWN_AGE, p) for p in foreign.own_age),
    ):
        if entity in found:
            continue
        for match in pattern.finditer(clean):
            fact = _age_found(entity, match)
            # "14 year old son" and "hes only 13" also look like an own age: the longer,
            # more specific reading found first wins.
            if fact and not any(_overlap(fact, other) for other in found.values()):
                found.setdefault(entity, fact)
                break
    if OWN_AGE not in found:
        adult = _OWN_ADULT.search(clean)
        if adult:
            found[OWN_AGE] = Found(OWN_AGE, "18_plus", adult.start(), adult.end())
    if AGE_OF_YOUNG_PERSON not in found and OWN_AGE not in found:
        for pattern, band in _AGE_BAND_PHRASES:
            phrase = pattern.search(clean)
            if phrase:
                found[AGE_OF_YOUNG_PERSON] = Found(
                    AGE_OF_YOUNG_PERSON, band, phrase.start(), phrase.end()
                )
                break
    return list(found.values())


# Who the conversation is about, when the writer is an adult helping a young person.
_ROLES = (
    # The school's safeguarding lead first: they must never be told to tell themselves.
    (
        "dsl",
        re.compile(
            r"\b(?:im|i am|as)(?: the| a| an)?\s+(?:deputy |the deputy )?"
            r"(?:dsl|ddsl|dsp|designated safeguarding (?:lead|person|officer)|safeguarding lead|"
            r"designated teacher(?: for child protection)?|child protection (?:lead|officer))\b"
        ),
    ),
    (
        "professional",
        re.compile(
            r"\b(?:im|i am|as) an? (?:[a-z]+ )?(?:teacher|teaching assistant|ta|youth worker|"
            r"social worker|school counsellor|head ?teacher|head of year|school nurse|"
            r"coach|tutor|member of staff|staff member)\b"
            r"|\b(?:my|a|one of my|our) (?:student|pupil|learner)s?\b"
            r"|\bi work (?:in|at) a school\b|\bi work with (?:young people|children|kids)\b"
        ),
    ),
    (
        "parent",
        re.compile(
            r"\bmy (?:son|daughter|child|children|kid|kids|teen|teenager|stepson|stepdaughter|"
            r"grandson|granddaughter|lad|boy|girl|little one|eldest|youngest|foster child|"
            r"\d{1,2} year old)\b"
            r"|\b(?:im|i am) (?:a|his|her|their) "
            r"(?:mum|mom|dad|parent|carer|foster carer|guardian)\b"
        ),
    ),
)


def find_role(text: str, other_languages: LanguageFacts | None = None) -> Found | None:
    """ "dsl", "professional" or "parent" when an adult says who they are; else None."""
    clean = normalise(text)
    for role, pattern in (*_ROLES, *(other_languages or shipped_facts()).roles):
        match = pattern.search(clean)
        if match:
            return Found("role", role, match.start(), match.end())
    return None
