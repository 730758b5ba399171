"""What a profile can never change: the parts a safety-critical response must keep.

A charity may reword any response, but a crisis reply without the crisis lines, or a
"should I pay?" answer that no longer says don't pay, would make the bot unsafe. Each
override of these responses must still contain every required part, or it is refused.
"""

from __future__ import annotations

import re

_DONT_PAY = ("says not to pay", re.compile(r"\b(don'?t|do not|never)\b[^.]*\bpay", re.I))
_DONT_DELETE = ("says not to delete", re.compile(r"\b(don'?t|do not|never)\b[^.]*\bdelete", re.I))
_NO_IMAGE = (
    "says never to save, send or look at the image",
    re.compile(r"\b(never|don'?t|do not)\b[^.]*\b(save|send|screenshot|look|copy)", re.I),
)
_CRISIS = ("the crisis lines placeholder {crisis_lines}", re.compile(r"\{crisis_lines\}"))
_EMERGENCY = (
    "the emergency number placeholder {emergency_number}",
    re.compile(r"\{emergency_number\}"),
)

REQUIRED: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "utter_crisis": (_CRISIS, _EMERGENCY),
    "utter_help_now": (_CRISIS, _EMERGENCY),
    "utter_danger": (_CRISIS, _EMERGENCY),
    "utter_check_in": (_CRISIS, _EMERGENCY),
    "say_help_if_struggling": (_CRISIS, _EMERGENCY),
    "utter_abuse_disclosure": (_EMERGENCY,),
    "utter_threat_knows_me": (_EMERGENCY,),
    "utter_dont_pay": (_DONT_PAY,),
    "utter_step_dont_pay": (_DONT_PAY,),
    "utter_already_paid": (_DONT_PAY,),
    "utter_paid_more_than_once": (_DONT_PAY,),
    "utter_games_gift_cards_crypto": (_DONT_PAY,),
    "utter_dont_delete": (_DONT_DELETE,),
    "say_step_block_and_report": (_DONT_DELETE,),
    "utter_never_save_image": (_NO_IMAGE,),
    "utter_never_send_image": (_NO_IMAGE,),
    "utter_not_your_fault": (
        (
            "says it is not their fault",
            re.compile(r"not (your|their|your child'?s) fault|not to blame", re.I),
        ),
    ),
    "utter_greet": (
        (
            "says it is a chatbot, not a person",
            re.compile(r"\b(chatbot|automated|not a (real )?person)\b", re.I),
        ),
    ),
}


def missing_parts(response: str, text: str) -> list[str]:
    """The required parts this variation of `response` leaves out (empty if it is safe)."""
    return [what for what, pattern in REQUIRED.get(response, ()) if not pattern.search(text)]
