"""Collect the bot's messages for a JSON answer, keeping the language each one is in.

Rasa's CollectingOutputChannel drops every field it does not know, and the language of a
message is one it does not know: the NLG marks each reply with `lang` (bot/nlg.py), so
the widget can set `lang` on the message and a reply not yet translated is marked `en`.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel

from bot.languages import LANG_KEY


class LanguageCollectingOutputChannel(CollectingOutputChannel):
    """A CollectingOutputChannel whose messages say which language they are in."""

    def _keep_language(self, kwargs: dict[str, Any]) -> None:
        if self.messages and isinstance(kwargs.get(LANG_KEY), str):
            self.messages[-1][LANG_KEY] = kwargs[LANG_KEY]

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, text, **kwargs)
        self._keep_language(kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
        self._keep_language(kwargs)
