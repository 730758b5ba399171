"""The chat channels' options: declared once, checked at start-up, documented."""

from __future__ import annotations

import pytest
import yaml

from bot.channels.options import OPTIONS, channel_options
from bot.cli import PROJECT


def test_the_shipped_credentials_give_both_channels_the_declared_defaults() -> None:
    shipped = yaml.safe_load((PROJECT / "credentials.yml").read_text(encoding="utf-8"))
    for channel in ("bot.channels.rest.SafeRestInput", "bot.channels.widget.WidgetInput"):
        options = channel_options(shipped[channel])
        assert options.messages_per_minute == OPTIONS["messages_per_minute"].default
        assert options.burst == OPTIONS["burst"].default
        assert options.reply_timeout_seconds == OPTIONS["reply_timeout_seconds"].default


def test_a_channel_option_can_be_changed() -> None:
    options = channel_options({"messages_per_minute": 6, "burst": 2})
    assert (options.messages_per_minute, options.burst) == (6.0, 2)


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"messages_per_minit": 6}, "unknown channel option"),
        ({"burst": 0}, "'burst' must be a number above 0"),
        ({"burst": True}, "'burst' must be a number above 0"),
        ({"messages_per_minute": "30"}, "'messages_per_minute' must be a number"),
        ({"reply_timeout_seconds": -1}, "'reply_timeout_seconds' must be a number"),
    ],
)
def test_a_mistake_in_credentials_stops_start_up_with_a_reason(
    given: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        channel_options(given)


def test_every_option_is_documented_for_integrators() -> None:
    embedding = (PROJECT / "docs" / "embedding.md").read_text(encoding="utf-8")
    for name, option in OPTIONS.items():
        assert f"| `{name}` | {option.default:g} |" in embedding, name
        assert option.metadata["help"]
