"""Check a chat request before Rasa sees it: clear errors for bad input, nothing crashes.

Pure Python so every rule is unit-tested; bot/channels/checks.py turns the errors into
HTTP answers (400 or 413) with a JSON body that says what was wrong, for the widget and the
REST channel alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_CHARS = 1000
MAX_BODY_BYTES = 16 * 1024
_SENDER = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_PROFILE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PAYLOAD = re.compile(r"^/([a-z_]+)(\{.*\})?$", re.DOTALL)
_FACT_VALUE = re.compile(r"^[a-z0-9_]{1,16}$")
# A language code the user chose (data-lang or the switch); the NLG checks it is offered.
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
FACT_KEYS = frozenset({"country", "age_band"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RequestError(ValueError):
    """A request we refuse, with the HTTP status and a sentence saying why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class ChatRequest:
    """A validated chat message."""

    sender: str
    message: str
    profile: str
    # Country and age the user already chose, sent once after the bot restarted.
    facts: dict[str, str] | None = None
    # The language the user chose explicitly; absent when they have not chosen one.
    lang: str | None = None

    @property
    def metadata(self) -> dict[str, object]:
        """What the message carries into Rasa: the profile, any facts and the chosen language.

        Other metadata a client sends is dropped, so it can never reach the tracker or a log.
        """
        return {
            "profile": self.profile,
            **({"facts": self.facts} if self.facts else {}),
            **({"lang": self.lang} if self.lang else {}),
        }


def _text_of_payload(message: str, intents: Collection[str]) -> str:
    """Keep a button payload for a real intent; otherwise no typed text may look like one.

    Rasa reads any text starting with "/" as an intent, skipping the NLU pipeline and its
    crisis safety net, so "/ i want to die" must reach the pipeline as plain words.
    """
    match = _PAYLOAD.match(message)
    if match and match.group(1) in intents:
        if match.group(2) is None:
            return message
        try:
            entities = json.loads(match.group(2))
        except ValueError:
            entities = None
        if isinstance(entities, dict):
            return message
    # Only slashes left would still read as an intent; "..." goes through the pipeline.
    return message.lstrip("/ ") or "..."


def parse_chat_request(body: bytes, intents: Collection[str]) -> ChatRequest:
    """Validate a raw request body, or raise RequestError (400 or 413)."""
    if len(body) > MAX_BODY_BYTES:
        raise RequestError(413, f"The request is larger than {MAX_BODY_BYTES} bytes.")
    if not body:
        raise RequestError(400, "The request is empty: send JSON with 'sender' and 'message'.")
    try:
        data: Any = json.loads(body)
    except RecursionError:
        # Found by the fuzzer: deeply nested arrays exhaust the parser's stack.
        raise RequestError(400, "The request is nested too deeply.") from None
    except (ValueError, UnicodeDecodeError):
        raise RequestError(400, "The request is not valid JSON.") from None
    if not isinstance(data, dict):
        raise RequestError(400, "The request must be a JSON object.")
    sender, message = data.get("sender"), data.get("message")
    if sender is None:
        raise RequestError(400, "'sender' is missing: every conversation needs its own id.")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise RequestError(400, "'sender' must be 8 to 64 letters, digits, '-' or '_'.")
    if not isinstance(message, str):
        raise RequestError(400, "'message' must be a string.")
    message = _CONTROL.sub("", message).strip()
    if not message:
        raise RequestError(400, "'message' is empty.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise RequestError(413, f"'message' is longer than {MAX_MESSAGE_CHARS} characters.")
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError(400, "'metadata' must be a JSON object.")
    profile = data.get("profile", (metadata or {}).get("profile", "default"))
    if not isinstance(profile, str) or not _PROFILE.match(profile):
        raise RequestError(400, "'profile' must be lower-case letters, digits and '-'.")
    facts = data.get("facts", (metadata or {}).get("facts"))
    if facts is not None and (
        not isinstance(facts, dict)
        or not set(facts) <= FACT_KEYS
        or not all(isinstance(v, str) and _FACT_VALUE.match(v) for v in facts.values())
    ):
        raise RequestError(400, "'facts' may only hold 'country' and 'age_band' codes.")
    lang = data.get("lang", (metadata or {}).get("lang"))
    if lang is not None and (not isinstance(lang, str) or not _LANG.match(lang)):
        raise RequestError(400, "'lang' must be a language code like 'cy' or 'es'.")
    return ChatRequest(
        sender=sender,
        message=_text_of_payload(message, intents),
        profile=profile,
        facts=facts or None,
        lang=lang,
    )
