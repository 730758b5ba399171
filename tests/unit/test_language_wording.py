"""Replies in each language: easy to read where a maintained library can say, numbers only
from the registry, and the same placeholders as English (so help is never dropped).

Readability: textstat 0.7.3 (the project's pinned version) has Spanish formulas
(Szigriszt-Pazos, Crawford's years of schooling) and French constants for Flesch reading
ease (Kandel and Moles). No maintained library offers a Welsh readability formula, so Welsh
is not scored; docs/translating.md asks for a native speaker's review instead.
"""

from __future__ import annotations

import re
import statistics

import textstat

from bot.languages import language_responses

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def texts(code: str) -> list[str]:
    return [
        PLACEHOLDER.sub("", str(v["text"]))
        for variations in language_responses(code).values()
        for v in variations
        if v.get("text")
    ]


def test_spanish_replies_read_at_primary_school_level() -> None:
    textstat.set_lang("es")
    try:
        years = [textstat.crawford(text) for text in texts("es")]
        ease = [textstat.szigriszt_pazos(text) for text in texts("es")]
    finally:
        textstat.set_lang("en")
    print(
        f"\nes: Crawford median {statistics.median(years)} years, max {max(years)}; "
        f"Szigriszt-Pazos median {statistics.median(ease):.0f}"
    )
    assert max(years) <= 6  # years of schooling: an 11-year-old has about six
    assert statistics.median(ease) >= 80  # "bastante fácil" or easier


def test_french_replies_are_easy_to_read() -> None:
    textstat.set_lang("fr")
    try:
        ease = [textstat.flesch_reading_ease(text) for text in texts("fr")]
    finally:
        textstat.set_lang("en")
    print(f"\nfr: Kandel-Moles median {statistics.median(ease):.0f}, min {min(ease):.0f}")
    assert min(ease) >= 60 and statistics.median(ease) >= 80


def test_no_reply_in_any_language_writes_a_number_of_its_own() -> None:
    for code in ("cy", "es", "fr"):
        for text in texts(code):
            assert not re.search(r"\d{3,}", text), (code, text[:40])
