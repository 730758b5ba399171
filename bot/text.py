"""Normalise what young people type so simple patterns can match it.

Shared by the safety net and the country/age extractor so both read a message the same way.
"""

from __future__ import annotations

import re
import unicodedata

# Straight, curly and accent apostrophes, as phones type them.
_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4]")
_LEET = {"1": "i", "!": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s"}
# A leet character counts as a letter only between letters ("su1c1de", not "15" or "1-2-1").
_LEET_IN_WORD = re.compile(
    r"(?<=[a-z])[1!304@$5]+(?=[a-z])|(?<=[a-z])[1!304@$5]+(?=[a-z1!304@$5]*\b)"
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# Text-speak "2" between words means "to" ("i want 2 die").
_TWO_AS_TO = re.compile(r"(?<=[a-z]) 2 (?=[a-z])")


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes, read leetspeak, turn punctuation into spaces.

    "I'm gonna k1ll myselffff!!" -> "im gonna kill myselff"
    """
    # Accents are dropped (más -> mas, tŷ -> ty, fenêtre -> fenetre): people type them or
    # not, so patterns in Spanish, French and Welsh are written without them.
    # Apostrophes go first: NFKD would split the accent apostrophe into a space and an accent.
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text.lower()))
    lowered = "".join(c for c in decomposed if not unicodedata.combining(c))
    unleeted = _LEET_IN_WORD.sub(lambda m: "".join(_LEET[c] for c in m.group(0)), lowered)
    spaced = _NON_WORD.sub(" ", unleeted)
    return _TWO_AS_TO.sub(" to ", _STRETCHED.sub(r"\1\1", spaced)).strip()
