"""Score intents on the roles and situations held-out set (tests/heldout/roles), by category.

The set was written before any training data, by a session that never saw data/. Each file
is one category; this module maps the categories to the intents that answer them and scores
macro F1 over every message in the set, so a young person's message taken for a parent's
counts against the parent intent's precision too. Only totals are printed: per category F1
and, for each category, how many messages went to each intent (never the messages).

`python -m rig.roles_heldout` parses through a trained model in this process (no servers);
tests/system/test_roles_heldout.py asserts it through the running bot.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import yaml
from sklearn.metrics import f1_score

from bot.cli import PROJECT

ROLES = PROJECT / "tests" / "heldout" / "roles"
# Categories answered by the parents' and staff intents (domain/parents.yml, domain/staff.yml).
# Categories not listed here are scored as "another intent": a prediction of one of these
# intents for them is a false positive.
INTENT_OF_CATEGORY = {
    "parent_disclosure": "parent_help",
    "parent_child_paid": "parent_child_paid",
    "parent_phone": "parent_phone",
    "parent_talk": "parent_talk",
    "parent_report_remove": "parent_report_remove",
    "parent_child_distressed": "parent_child_distressed",
    "staff_disclosure": "professional_help",
    "staff_image": "staff_image",
    "dsl_procedure": "dsl_procedure",
    "staff_confidential": "staff_confidential",
}
OTHER = "<not scored here>"


@dataclass(frozen=True)
class Scores:
    """Aggregate figures only."""

    examples: int
    macro_f1: float
    # Over the parents' and staff messages only: how well these intents tell each other
    # apart, before young people's messages (other intents' work) are counted against them.
    macro_f1_within: float
    f1_by_category: dict[str, float]
    confusion: dict[str, Counter[str]]


def examples() -> list[tuple[str, str]]:
    """(category, message) for every message in the set."""
    found = []
    for path in sorted(ROLES.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(document["category"], str(text)) for text in document["examples"]]
    return found


def score(parse: Callable[[str], str]) -> Scores:
    """Parse every message with `parse` (text -> intent name) and score the mapped categories."""
    pairs = [(category, parse(text)) for category, text in examples()]
    expected = [INTENT_OF_CATEGORY.get(category, OTHER) for category, _ in pairs]
    predicted = [intent for _, intent in pairs]
    labels = sorted(set(INTENT_OF_CATEGORY.values()))
    per_label = f1_score(expected, predicted, labels=labels, average=None, zero_division=0)
    by_intent = dict(zip(labels, (float(f) for f in per_label), strict=True))
    within = [(e, p) for e, p in zip(expected, predicted, strict=True) if e != OTHER]
    macro_within = f1_score(
        [e for e, _ in within], [p for _, p in within], labels=labels, average="macro"
    )
    confusion: dict[str, Counter[str]] = {}
    for category, intent in pairs:
        confusion.setdefault(category, Counter())[intent] += 1
    return Scores(
        examples=len(pairs),
        macro_f1=sum(by_intent.values()) / len(by_intent),
        macro_f1_within=float(macro_within),
        f1_by_category={c: by_intent[i] for c, i in INTENT_OF_CATEGORY.items()},
        confusion=confusion,
    )


def report(scores: Scores) -> str:
    """The table printed by the test and the command line."""
    lines = [
        f"roles held-out: macro F1 {scores.macro_f1:.3f} over {scores.examples} messages "
        f"({scores.macro_f1_within:.3f} over the parents' and staff messages alone)"
    ]
    for category, f1 in scores.f1_by_category.items():
        counts = ", ".join(f"{i} {n}" for i, n in scores.confusion[category].most_common())
        lines.append(f"  {category:26} F1 {f1:.3f}  ({counts})")
    ours = set(INTENT_OF_CATEGORY.values())
    strays: Counter[str] = Counter()
    for category, counted in scores.confusion.items():
        if category not in INTENT_OF_CATEGORY:
            strays.update({i: n for i, n in counted.items() if i in ours})
    taken = ", ".join(f"{i} {n}" for i, n in strays.most_common()) or "none"
    lines.append(f"  other categories taken for these intents: {taken}")
    return "\n".join(lines)


def _agent_parse(model: str) -> Callable[[str], str]:
    import asyncio

    from rasa.core.agent import Agent

    agent = Agent.load(model)
    loop = asyncio.new_event_loop()

    def parse(text: str) -> str:
        result = loop.run_until_complete(agent.parse_message(text))
        return str(result["intent"]["name"])

    return parse


RESULTS = PROJECT / "results" / "roles_heldout.txt"

if __name__ == "__main__":
    model = sys.argv[1] if len(sys.argv) > 1 else "models/safe-steps.tar.gz"
    table = report(score(_agent_parse(model)))
    # Written to a file too: Rasa's debug logging can echo parsed text on stdout.
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(table + "\n", encoding="utf-8")
    print(table)
