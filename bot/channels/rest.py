"""Rasa's REST channel, with the widget's request checks and its "never a dead end" floor.

Same address (POST /webhooks/rest/webhook) and the same JSON in and out as Rasa's own
`rest` channel, which it extends: {"sender", "message", "metadata"} in, a list of messages
out (or one JSON line per message with ?stream=true). Two differences, both so that an
integrator's front end is as safe as the widget:

- Every request passes the widget's checks first (bot/channels/checks.py): 413 for an
  oversized message, 400 with a JSON reason for a bad body or sender, 429 past the rate
  limit, and typed "/..." text only skips the NLU pipeline (and its crisis safety net) when
  it names a real intent. Stock Rasa accepted any size, answered a number with an empty
  list, and put every sender-less request into one shared "default" conversation.
- When the bot gives nothing back (the action server is down, something failed, or there
  is no answer within `reply_timeout_seconds`), the reply is the deployment's "talk to a
  real person" message, marked "fallback": true, instead of an empty list.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot import runtime
from bot.channels.answering import answer_within, no_answer_reply
from bot.channels.checks import NO_STORE, RequestChecks, error_response
from bot.channels.collecting import LanguageCollectingOutputChannel
from bot.channels.options import ChannelOptions, channel_options
from bot.channels.validation import RequestError
from bot.profiles.loader import profile_id_from
from bot.rasa_internals import CountingQueueOutput, persist_message


def _said_nothing(output: CollectingOutputChannel) -> bool:
    """True if the bot sent nothing to this output, plain or streamed."""
    if isinstance(output, CountingQueueOutput):
        return output.sent == 0
    return not output.messages


class SafeRestInput(RestInput):
    """Rasa's REST channel; bad requests are refused clearly, an empty answer gets help."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SafeRestInput:
        return cls(channel_options(credentials))

    def __init__(self, options: ChannelOptions | None = None) -> None:
        options = options or channel_options(None)
        self.checks = RequestChecks(options)
        self.reply_timeout = options.reply_timeout_seconds

    @staticmethod
    async def on_message_wrapper(
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        queue: asyncio.Queue[Any],
        sender_id: str,
        input_channel: str,
        metadata: dict[str, Any] | None,
    ) -> None:
        """Rasa's own streaming wrapper, with an output that counts (so the floor applies)."""
        output = CountingQueueOutput(queue)
        message = UserMessage(
            text, output, sender_id, input_channel=input_channel, metadata=metadata
        )
        await on_new_message(message)
        await queue.put("DONE")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answer_or_help(message: UserMessage) -> None:
            await answer_within(on_new_message, message, self.reply_timeout, "rest")
            output = message.output_channel
            if isinstance(output, CollectingOutputChannel) and _said_nothing(output):
                profile = runtime.current().profiles.get(profile_id_from(message.metadata))
                await persist_message(
                    output, no_answer_reply(profile, message.sender_id, message.metadata)
                )

        rest = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @rest.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            try:
                chat = self.checks.admit(request)
            except RequestError as error:
                return error_response(error.status, error.reason)
            if bool_arg(request, "stream", default=False):
                stream = self.stream_response(
                    answer_or_help, chat.message, chat.sender, self.name(), chat.metadata
                )
                return response.stream(stream, content_type="text/event-stream")
            collector = LanguageCollectingOutputChannel()
            await answer_or_help(
                UserMessage(
                    chat.message,
                    collector,
                    chat.sender,
                    input_channel=self.name(),
                    metadata=chat.metadata,
                )
            )
            return response.json(collector.messages, headers=NO_STORE)

        return rest
