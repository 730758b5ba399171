"""The request checks both chat webhooks share, and how a refusal reads.

The widget and the REST channel admit a message the same way: the body is validated by
bot/channels/validation.py (400 or 413 with a JSON reason), then the client is held to its
rate limit (429). Keeping this in one place means a fix to one channel is a fix to both.
"""

from __future__ import annotations

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.options import ChannelOptions
from bot.channels.rate_limit import RateLimiter
from bot.channels.validation import ChatRequest, RequestError, parse_chat_request

# Answers about a young person's conversation must not sit in a shared cache.
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
RETRY_AFTER_SECONDS = 5
TOO_MANY = "Too many messages. Please wait a moment and try again."


def error_response(status: int, reason: str) -> HTTPResponse:
    """A refusal as JSON, {"error": reason}, so a front end can show or log why."""
    headers = dict(NO_STORE)
    if status == 429:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response.json({"error": reason}, status=status, headers=headers)


class RequestChecks:
    """Validation and a per-client rate limit: one instance per channel, each with its options."""

    def __init__(self, options: ChannelOptions) -> None:
        self.limiter = RateLimiter(per_minute=options.messages_per_minute, burst=options.burst)

    def admit(self, request: Request) -> ChatRequest:
        """The validated message, or RequestError (400, 413 or 429) saying why not."""
        agent = request.app.ctx.agent
        # Without the domain no typed "/..." can name a real intent, so none skips the NLU.
        intents = agent.domain.intents if agent and agent.domain else []
        chat = parse_chat_request(request.body or b"", intents)
        # Address and sender together: one school's server relays many young people.
        if not self.limiter.allow(f"{request.remote_addr or request.ip}|{chat.sender}"):
            raise RequestError(429, TOO_MANY)
        return chat
