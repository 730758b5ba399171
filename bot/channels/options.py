"""The options both chat channels read from their section of credentials.yml, declared once.

`ChannelOptions` is the one declaration: each field's default and a sentence of help live
here and nowhere else. The widget and the REST channel read their sections through
`channel_options`, and docs/embedding.md lists them (a test keeps it in step). A typo in
credentials.yml stops the server at start-up instead of silently leaving the default in place.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class ChannelOptions:
    """A chat channel's options, with their defaults and help."""

    messages_per_minute: float = field(
        default=30,
        metadata={
            "help": "Messages a minute one client (its address and sender id together) may "
            "send, on average; past it the answer is 429. A person typing never comes near it."
        },
    )
    burst: int = field(
        default=10,
        metadata={
            "help": "Messages one client may send at once, such as quick button taps, before "
            "the per-minute rate applies."
        },
    )
    reply_timeout_seconds: float = field(
        default=10,
        metadata={
            "help": "Longest wait for the bot's answer before it is replaced by real people to "
            "contact (Rasa itself would wait five minutes for a slow action server)."
        },
    )


OPTIONS: dict[str, Field[Any]] = {option.name: option for option in fields(ChannelOptions)}


def channel_options(credentials: dict[str, Any] | None) -> ChannelOptions:
    """Read a channel's credentials.yml section, or raise ValueError saying what is wrong."""
    given = dict(credentials or {})
    unknown = sorted(set(given) - set(OPTIONS))
    if unknown:
        raise ValueError(f"unknown channel option(s) {unknown}; known: {sorted(OPTIONS)}")
    values: dict[str, Any] = {}
    for name, value in given.items():
        # bool is an int in Python, and `burst: yes` is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"channel option {name!r} must be a number above 0, not {value!r}")
        whole = OPTIONS[name].type in ("int", int)
        values[name] = max(1, int(value)) if whole else float(value)
    return ChannelOptions(**values)
