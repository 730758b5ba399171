"""Every profile field, declared once with its default, help and example.

docs/customising.md is checked against this list by tests/unit/test_profiles.py, so the
documentation cannot drift from what the loader accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.settings import DEFAULT_COUNTRY


@dataclass(frozen=True)
class Field:
    """One field of a profile file."""

    name: str
    default: Any
    help: str
    example: str


FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        None,
        "Required. The profile's id: lower-case letters, digits and '-'. It must "
        "match the file name (greenfield-high.yml has id greenfield-high).",
        "greenfield-high",
    ),
    Field(
        "organisation",
        "Safe Steps",
        "Your organisation's name, shown in the chat header.",
        "Greenfield High School",
    ),
    Field(
        "default_country",
        DEFAULT_COUNTRY,
        "Country whose crisis lines are shown before the user says "
        "where they are: one of uk, ie, us, ca, au, nz.",
        "uk",
    ),
    Field(
        "language",
        "en",
        "Language the conversation starts in: en, cy, es or fr (or any language added "
        "under bot/resources/languages/, see docs/translating.md).",
        "cy",
    ),
    Field(
        "languages",
        None,
        "Optional list of the languages this deployment offers in the language switch "
        "(default: every language). It must include `language`.",
        "[en, cy]",
    ),
    Field(
        "colours",
        {"primary": "#0b3d6b"},
        "Header and button colour. It must have a contrast of at least 4.5:1 with white text.",
        "{primary: '#2f4f2f'}",
    ),
    Field(
        "logo",
        None,
        "Optional logo file (PNG or SVG, under 200 KB) in the profiles folder, "
        "shown in the chat header.",
        "greenfield-logo.svg",
    ),
    Field(
        "greeting",
        None,
        "Optional first message. It must still say that this is a chatbot, not a person.",
        "Hi, I'm the Greenfield helper. I'm a chatbot, not a person.",
    ),
    Field(
        "extra_services",
        [],
        "Your own services, in the same format as the services "
        "registry (bot/resources/services.yml), for example your safeguarding lead. They are "
        "shown alongside the national services.",
        "see profiles/greenfield-high.yml",
    ),
    Field(
        "live_help",
        None,
        "Optional: your own live chat or phone line, with its hours (see Opening hours "
        "below). While it is open, replies that offer real people start with 'talk to "
        "someone at ORGANISATION now'; while it is closed, they say when it opens and "
        "give the lines that are open any time.",
        "see profiles/brightside.yml",
    ),
    Field(
        "hide_services",
        [],
        "Registry service ids not to show. Crisis lines and emergency numbers can never be hidden.",
        "[stopncii]",
    ),
    Field(
        "responses",
        {},
        "Your own wording for any response, by response name (see "
        "domain/, bot/resources/action_messages.yml and situation_messages.yml). Give a "
        "text, or a list of "
        "variations. Safety-critical responses must keep their required parts.",
        "utter_goodbye: 'Take care. Our team is here on weekdays.'",
    ),
    Field(
        "allowed_origins",
        [],
        "Web origins allowed to embed the widget with this profile, "
        "like https://www.example.org. Empty means any site may embed it.",
        "['https://www.example.org']",
    ),
)

FIELD_NAMES = frozenset(field.name for field in FIELDS)
DEFAULTS = {field.name: field.default for field in FIELDS}


def field_table() -> str:
    """The Markdown table of fields that docs/customising.md must contain, word for word."""
    rows = ["| field | default | what it does | example |", "|---|---|---|---|"]
    for field in FIELDS:
        if field.name == "id":
            default = "(required)"
        else:
            default = "(none)" if field.default is None else f"`{field.default}`"
        rows.append(f"| `{field.name}` | {default} | {field.help} | `{field.example}` |")
    return "\n".join(rows)
