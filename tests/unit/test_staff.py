"""School staff and safeguarding leads: staff go to their DSL today; the DSL is never told to.

Each response's variation is chosen the way the NLG does, for every role (tests/system has
the conversations through the running bot).
"""

from __future__ import annotations

import re

import pytest
import yaml
from rasa.core.nlg.generator import ResponseVariationFilter

from bot.cli import PROJECT
from bot.messages import all_responses
from bot.nlg import has_variation_for
from bot.roles import FALLBACK, LEAD, PARENT, STAFF, effective_role

STAFF_DOMAIN = PROJECT / "domain" / "staff.yml"
RESEARCH_FILES = ("guidance.md", "milestone2-facts.md")
TELL_THE_LEAD = re.compile(
    r"\b(tell|pass it to|go to|report (it )?to) (your|the) (safeguarding lead|dsl)\b", re.I
)


def texts_for(role: str, country: str | None = None) -> dict[str, list[str]]:
    """Every text each response can show a writer with this role (as bot/nlg.py chooses)."""
    responses = all_responses()
    chooser = ResponseVariationFilter(responses)
    shown = {}
    for name, variations in responses.items():
        as_role = role
        if role in FALLBACK and not has_variation_for(variations, role):
            as_role = FALLBACK[role]
        slots = {"role": as_role, "country": country}
        chosen = chooser.responses_for_utter_action(name, "rest", slots)
        shown[name] = [v["text"] for v in chosen]
    return shown


@pytest.mark.parametrize("country", [None, "uk", "us", "other"])
def test_a_safeguarding_lead_is_never_told_to_tell_the_safeguarding_lead(
    country: str | None,
) -> None:
    told = [
        name
        for name, texts in texts_for(LEAD, country).items()
        for text in texts
        if TELL_THE_LEAD.search(text)
    ]
    assert told == []


def test_staff_are_told_to_tell_their_dsl_and_not_to_promise_secrecy() -> None:
    for text in texts_for(STAFF)["utter_professional_help"]:
        assert TELL_THE_LEAD.search(text) or "Pass it to your safeguarding lead" in text
        assert "secre" in text and "copy" in text and "{school_lead}" in text


def test_every_staff_answer_names_its_sources_in_the_research() -> None:
    document = yaml.safe_load(STAFF_DOMAIN.read_text(encoding="utf-8"))
    for name, variations in document["responses"].items():
        for variation in variations:
            sources = (variation.get("metadata") or {}).get("sources") or []
            assert sources and all(any(f in s for f in RESEARCH_FILES) for s in sources), name


def test_a_lead_stays_the_lead_when_a_later_message_only_sounds_like_staff() -> None:
    assert effective_role([LEAD, STAFF]) == LEAD
    assert effective_role([STAFF, LEAD, STAFF, STAFF]) == LEAD
    assert effective_role([STAFF]) == STAFF
    assert effective_role([STAFF, PARENT]) == PARENT  # a teacher writing about their own child
