"""Rasa's REST channel, with the widget's "never a dead end" floor.

Same address (POST /webhooks/rest/webhook) and the same JSON in and out as Rasa's own
`rest` channel, which it extends. The one difference: when the bot gives nothing back
(the action server is down, something failed, or there is no answer within
`reply_timeout_seconds`; Rasa itself would wait five minutes for an action), the reply is
the deployment's "talk to a real person" message instead of an empty list. A school or
charity building its own front end on this channel gets the same guarantee as the widget.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot.channels.answering import answer_within, no_answer_reply
from bot.profiles.loader import default_store, profile_id_from


class SafeRestInput(RestInput):
    """Rasa's REST channel; an empty answer becomes real people to contact."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SafeRestInput:
        options = credentials or {}
        return cls(reply_timeout=float(options.get("reply_timeout_seconds", 10)))

    def __init__(self, reply_timeout: float = 10.0) -> None:
        self.reply_timeout = reply_timeout

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answer_or_help(message: UserMessage) -> None:
            await answer_within(on_new_message, message, self.reply_timeout, "rest")
            output = message.output_channel
            # Streaming answers (?stream=true) go to a queue and are left as Rasa sends them.
            if type(output) is CollectingOutputChannel and not output.messages:
                profile = default_store().get(profile_id_from(message.metadata))
                output.messages.append(no_answer_reply(profile, message.sender_id))

        blueprint: Blueprint = super().blueprint(answer_or_help)
        return blueprint
