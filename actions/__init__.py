"""Thin rasa-sdk actions: they read slots, ask `bot.guidance` what to say, and send it.

Nothing here imports `rasa`: the action server runs only rasa-sdk.
"""

from actions.answer_held_question import ActionAnswerHeldQuestion
from actions.next_step import ActionNextStep
from actions.show_services import ActionShowServices

__all__ = ["ActionAnswerHeldQuestion", "ActionNextStep", "ActionShowServices"]
