"""Waiting for the bot's answer, and what to send when there is none: one rule for both channels.

Rasa would wait five minutes for a slow action server and then send nothing at all. Both the
widget and the REST channel wait at most their `reply_timeout_seconds`, and both turn an
empty answer into the deployment's "talk to a real person" message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.languages import BASE, LANG_KEY, choose, language_responses
from bot.messages import action_messages
from bot.profiles.loader import Profile

logger = logging.getLogger(__name__)


async def answer_within(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    timeout: float,
    channel: str,
) -> Exception | None:
    """Let the bot answer, for at most `timeout` seconds; return the error if it failed.

    Only the kind of failure is logged, never the message: Rasa's own handlers would log it.
    """
    try:
        await asyncio.wait_for(on_new_message(message), timeout=timeout)
    except asyncio.TimeoutError:
        logger.error("%s: no answer within %.0f s", channel, timeout)
    except Exception as error:
        logger.error("%s: the bot could not answer (%s)", channel, type(error).__name__)
        return error
    return None


def no_answer_reply(
    profile: Profile, sender_id: str, metadata: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What to say when the bot gave nothing back: real people, from the registry, in the
    language the page asked for (the message's `lang`) if this deployment offers it.

    Built without Rasa's tracker or NLG, because either may be what failed.
    """
    from bot.nlg import template_values

    requested = (metadata or {}).get(LANG_KEY) if isinstance(metadata, dict) else None
    language = choose(requested, profile.language, profile.languages)
    values = template_values(profile.registry, None, None, profile.default_country, None, language)
    own = profile.responses.get("say_no_answer") if language == profile.language else None
    translated = language_responses(language).get("say_no_answer") if language != BASE else None
    template = (own or translated or action_messages()["say_no_answer"])[0]
    text = template["text"].format(**values)
    said_in = language if (own or translated) else BASE
    # "fallback" lets load tests count answers that came from here rather than the bot.
    return {"recipient_id": sender_id, "text": text, "fallback": True, LANG_KEY: said_in}
