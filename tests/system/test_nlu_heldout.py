"""Intent accuracy on the held-out set, scored through the running bot's NLU pipeline."""

from __future__ import annotations

import json

import pytest
import yaml
from sklearn.metrics import f1_score

from bot.cli import PROJECT
from rig.harness import BotServers

pytestmark = pytest.mark.servers
HELDOUT = PROJECT / "tests" / "nlu" / "heldout.yml"
RESULTS = PROJECT / "results" / "nlu_heldout.json"
# English intents, with every language in the one model: 0.855 before Welsh and French got
# training data for the parents', staff and situation intents (2026-12-04), 0.841 after, and
# 0.879 with the everyday-questions data in every language (2026-12-07, data/nlu/*/
# everyday_questions.yml), and 0.899 with the linear intent model in place of DIET (the same
# day, bot/intent_model.py). The floor is that less a margin.
MIN_MACRO_F1 = 0.88


# The final crisis set (tests/heldout/final) labels whole categories; these map to intents.
# Its idioms and everyday messages have no single intent, so they are scored elsewhere
# (tests/system/test_crisis_heldout.py), not here.
FINAL = PROJECT / "tests" / "heldout" / "final"
INTENT_OF_FINAL_FILE = {
    "tier_a_explicit": "crisis",
    "tier_b_indirect": "despair",
    "danger_now": "danger",
    "disclosure_real_life": "abuse_disclosure",
    "address_threat": "threat_knows_me",
    "affirm": "affirm",
    "deny": "deny",
}
# How intents are compared, said openly rather than by editing the held-out labels:
# - crisis and despair count as one class here: both replies give every crisis line first,
#   and tests/system/test_crisis_heldout.py scores which tier each message got;
# - the first set's `danger` label predates the split of in-person risk into danger right
#   now, a real-life disclosure and a threat about the address (issue #12), so any of the
#   three counts for those examples.
# - the first set's parent_help and professional_help labels predate the split of the adults'
#   intents (issue #13: what a parent or a member of staff asks about), so any parent intent
#   counts for parent_help and any staff intent for professional_help; a member of staff
#   offering to show an image now has staff_image, so that counts for offer_image.
# - the first set also predates the young people's situations (issue #13): a disclosure or
#   a payment now answered by the reply for its situation (sent more, paid more than once, a
#   classmate, an outing threat, a fake account, gift cards or crypto) is answered, since
#   each of those replies says not to pay, to stop replying, to save proof and to report.
RISK_INTENTS = {"crisis", "despair"}
DANGER_FAMILY = {"danger", "abuse_disclosure", "threat_knows_me"}
SPLIT_SINCE = {
    "parent_help": {
        "parent_child_paid",
        "parent_phone",
        "parent_talk",
        "parent_report_remove",
        "parent_child_distressed",
    },
    "professional_help": {"staff_image", "staff_confidential", "dsl_procedure"},
    "offer_image": {"staff_image"},
    "disclose": {
        "sent_more_images",
        "paid_more_than_once",
        "classmate_sharing",
        "outing_threat",
        "catfished",
        "games_gift_cards_crypto",
    },
    "already_paid": {"paid_more_than_once", "games_gift_cards_crypto"},
    "ask_should_pay": {"games_gift_cards_crypto"},
}


def compared(expected: str, predicted: str, from_first_set: bool) -> tuple[str, str]:
    """The (expected, predicted) pair as scored, with the two mappings above."""
    if expected in RISK_INTENTS:
        expected = "crisis"
    if predicted in RISK_INTENTS:
        predicted = "crisis"
    if from_first_set and expected == "danger" and predicted in DANGER_FAMILY:
        return expected, expected
    if from_first_set and predicted in SPLIT_SINCE.get(expected, set()):
        return expected, expected
    return expected, predicted


def first_set() -> list[tuple[str, str]]:
    """(intent, text) from tests/nlu/heldout.yml, the first milestone's held-out set."""
    document = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return [
        (block["intent"], line[2:].strip())
        for block in document["nlu"]
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    ]


def heldout() -> list[tuple[str, str]]:
    """The first set, then the final crisis set's categories that map to one intent."""
    examples = first_set()
    for stem, intent in INTENT_OF_FINAL_FILE.items():
        text = (FINAL / f"{stem}.txt").read_text(encoding="utf-8")
        examples += [(intent, t.strip()) for t in text.splitlines() if t.strip() and t[0] != "#"]
    return examples


def test_heldout_set_has_at_least_20_examples_per_intent() -> None:
    counts: dict[str, int] = {}
    for intent, _ in heldout():
        counts[intent] = counts.get(intent, 0) + 1
    domain = yaml.safe_load((HELDOUT.parents[2] / "domain" / "_shared.yml").read_text())
    assert set(counts) == set(domain["intents"])
    assert min(counts.values()) >= 20, counts


def test_heldout_examples_are_not_in_the_training_data() -> None:
    training = "\n".join(p.read_text() for p in (HELDOUT.parents[2] / "data" / "nlu").glob("*.yml"))
    trained = {
        line.strip()[2:].strip().lower()
        for line in training.splitlines()
        if line.strip().startswith("- ")
    }
    overlap = [text for _, text in heldout() if text.lower() in trained]
    assert overlap == []


def test_intent_f1_and_crisis_recall_on_the_heldout_set(servers: BotServers) -> None:
    examples = heldout()
    predicted = [servers.parse(text)["intent"]["name"] for _, text in examples]
    expected = [intent for intent, _ in examples]
    first = len(first_set())
    pairs = [
        compared(e, p, position < first)
        for position, (e, p) in enumerate(zip(expected, predicted, strict=True))
    ]
    # Macro F1 over the intents the held-out set has (a prediction of nlu_fallback is an
    # error for its true intent, not a class of its own); the raw figure is printed too.
    raw_f1 = float(f1_score(expected, predicted, average="macro"))
    macro_f1 = float(
        f1_score(
            [e for e, _ in pairs],
            [p for _, p in pairs],
            labels=sorted({e for e, _ in pairs}),
            average="macro",
        )
    )
    crisis = [p for e, p in zip(expected, predicted, strict=True) if e == "crisis"]
    crisis_recall = sum(p in RISK_INTENTS for p in crisis) / len(crisis)
    errors = [
        {"text": t, "expected": e, "predicted": p}
        for (e, t), p in zip(examples, predicted, strict=True)
        if e != p
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "examples": len(examples),
                "macro_f1": macro_f1,
                "macro_f1_raw": raw_f1,
                "crisis_recall": crisis_recall,
                "errors": errors,
            },
            indent=2,
        )
    )
    print(
        f"\nheld-out intents: macro F1 {macro_f1:.3f} (raw {raw_f1:.3f}) "
        f"on {len(examples)} examples; crisis recall {crisis_recall:.1%} of {len(crisis)}; "
        f"errors in {RESULTS}"
    )
    assert crisis_recall >= 0.99, [x for x in errors if x["expected"] == "crisis"]
    assert macro_f1 >= MIN_MACRO_F1
