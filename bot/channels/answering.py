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


def no_answer_reply(profile: Profile, sender_id: str) -> dict[str, Any]:
    """What to say when the bot gave nothing back: real people, from the registry.

    Built without Rasa's tracker or NLG, because either may be what failed.
    """
    from bot.nlg import template_values

    values = template_values(profile.registry, None, None, profile.default_country)
    template = (profile.responses.get("say_no_answer") or action_messages()["say_no_answer"])[0]
    text = template["text"].format(**values)
    # "fallback" lets load tests count answers that came from here rather than the bot.
    return {"recipient_id": sender_id, "text": text, "fallback": True}
