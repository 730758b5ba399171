"""Score the held-out roles set (tests/heldout/roles/) through the running bot's NLU.

The set was written by a separate session before any training data, by category; this
module maps each category to the intent (or intents) that answers it, and scores only
aggregates: per-category F1 and which intents each category went to, as counts. Nobody
tuning the bot reads the messages themselves.

`python -m rig.roles_eval` prints the table the README quotes.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

ROLES = Path(__file__).resolve().parent.parent / "tests" / "heldout" / "roles"

# Category -> the intents whose reply answers it; the first is the label it is scored as.
# Young people's situations (issue #13, parts 3 and 4).
YOUTH_CATEGORIES: dict[str, tuple[str, ...]] = {
    "sent_more_images": ("sent_more_images",),
    "paid_more_than_once": ("paid_more_than_once",),
    "already_posted_or_sent": ("ask_already_posted",),
    "classmate_sharing": ("classmate_sharing",),
    "outing_threat": ("outing_threat",),
    "fake_girl_catfish": ("catfished",),
    "ai_fake": ("fake_image",),
    "hacked_account_blackmail": ("account_hacked",),
    "gaming_giftcards_crypto": ("games_gift_cards_crypto",),
    "does_bot_tell": ("privacy",),
    "report_without_parents": ("ask_report_secretly",),
    # "Is this a real person?" and "I want a real person" get the same people to talk to.
    "who_is_reading": ("bot_challenge", "ask_human"),
}
# Parents and school staff (issue #13, parts 1 and 2: domain/parents.yml, domain/staff.yml).
ADULT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "parent_disclosure": ("parent_help",),
    "parent_child_paid": ("parent_child_paid",),
    "parent_phone": ("parent_phone",),
    "parent_talk": ("parent_talk",),
    "parent_report_remove": ("parent_report_remove",),
    "parent_child_distressed": ("parent_child_distressed",),
    "staff_disclosure": ("professional_help",),
    "staff_image": ("staff_image",),
    "dsl_procedure": ("dsl_procedure",),
    "staff_confidential": ("staff_confidential",),
}
# The whole set: issue #13's macro F1 target is over every category together.
CATEGORIES: dict[str, tuple[str, ...]] = {**YOUTH_CATEGORIES, **ADULT_CATEGORIES}
# A young person's everyday questions on the seven steps, and the small talk around them
# (tests/heldout/fresh3/core/). Mapped from the category definitions before any score was
# seen; where a reply split off since covers the same question (a payment in gift cards, a
# removal after posting, "are you a bot" beside "a real person please"), both count.
CORE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "should_pay": ("ask_should_pay", "games_gift_cards_crypto"),
    "already_paid": ("already_paid", "paid_more_than_once", "games_gift_cards_crypto"),
    "keep_replying": ("ask_keep_replying",),
    "delete_question": ("ask_delete",),
    "evidence_what_to_keep": ("ask_evidence",),
    "save_the_pictures": ("ask_save_pictures",),
    "offer_image": ("offer_image",),
    "how_report": ("ask_how_report",),
    "in_trouble": ("ask_in_trouble",),
    "report_without_parents": ("ask_report_secretly",),
    "fear_of_parents_reaction": ("ask_tell_parents",),
    "who_to_tell": ("ask_who_to_tell",),
    "remove_images": ("ask_remove_images", "ask_already_posted"),
    "scared": ("feeling_scared",),
    "privacy": ("privacy",),
    "ask_human": ("ask_human", "bot_challenge"),
    "what_can_you_do": ("menu",),
    "out_of_scope": ("out_of_scope",),
    "greet": ("greet",),
    "goodbye": ("goodbye",),
    "thanks": ("thanks",),
}


def read_category(path: Path) -> tuple[str, list[str]]:
    """(category id, messages) from one held-out file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(document["category"]), [str(text) for text in document["examples"]]


def examples(categories: dict[str, tuple[str, ...]], folder: Path = ROLES) -> list[tuple[str, str]]:
    """(category, message) for every mapped category, from every file (dated ones too)."""
    found = []
    for path in sorted(folder.glob("*.yml")):
        category, messages = read_category(path)
        if category in categories:
            found += [(category, text) for text in messages]
    return found


# Both mappings, for a set that mixes roles and everyday questions (tests/heldout/fresh4/
# languages). The one category in both, report_without_parents, maps to the same intent.
EVERY_CATEGORY: dict[str, tuple[str, ...]] = {**CATEGORIES, **CORE_CATEGORIES}


def categories_of(folder: Path) -> dict[str, tuple[str, ...]]:
    """The mapping a set uses: the core questions' for a set of them, the roles' for a set of
    them, and for a set with some of each, both mappings' entries for its own categories."""
    found = {read_category(p)[0] for p in folder.glob("*.yml")}
    if found and found <= set(CORE_CATEGORIES):
        return CORE_CATEGORIES
    if found <= set(CATEGORIES):
        return CATEGORIES
    return {category: EVERY_CATEGORY[category] for category in sorted(found & set(EVERY_CATEGORY))}


def unmapped(folder: Path = ROLES) -> list[str]:
    """Categories in the set that no mapping here covers yet."""
    return sorted({read_category(p)[0] for p in folder.glob("*.yml")} - set(categories_of(folder)))


@dataclass(frozen=True)
class Scores:
    """Aggregates only: the figures, never the messages."""

    macro_f1: float
    per_category: dict[str, float]
    went_to: dict[str, Counter[str]]
    total: int


def score(
    categories: dict[str, tuple[str, ...]],
    predict: Callable[[str], str],
    folder: Path = ROLES,
) -> Scores:
    """Macro F1 over the categories' labels; a prediction any accepted intent counts as right."""
    pairs = examples(categories, folder)
    expected, predicted = [], []
    went_to: dict[str, Counter[str]] = {category: Counter() for category in categories}
    for category, text in pairs:
        intent = predict(text)
        accepted = categories[category]
        went_to[category][intent] += 1
        expected.append(category)
        # Scored by category, so two categories answered by the same intent stay apart.
        matching = [c for c, intents in categories.items() if intent in intents]
        predicted.append(category if intent in accepted else (matching[0] if matching else intent))
    labels = sorted(categories)
    per = f1_score(expected, predicted, labels=labels, average=None, zero_division=0.0)
    return Scores(
        macro_f1=float(sum(per) / len(per)),
        per_category={label: float(value) for label, value in zip(labels, per, strict=True)},
        went_to=went_to,
        total=len(pairs),
    )


def table(scores: Scores) -> str:
    """A Markdown table: F1 and where each category's messages went (counts)."""
    rows = ["| category | n | F1 | intents predicted (counts) |", "|---|---|---|---|"]
    for category, f1 in scores.per_category.items():
        counts = scores.went_to[category]
        spread = ", ".join(f"{intent} {n}" for intent, n in counts.most_common())
        rows.append(f"| {category} | {sum(counts.values())} | {f1:.3f} | {spread} |")
    rows.append(f"| **macro** | {scores.total} | **{scores.macro_f1:.3f}** | |")
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    """Score tests/heldout/roles, or each folder named (a set in the same format, in any
    of the bot's languages: one model reads them all; a set of the core questions, such
    as tests/heldout/fresh3/core, is scored with their mapping)."""
    from rig.harness import BotServers, temporary_log_dir

    folders = [Path(arg) for arg in argv] or [ROLES]
    missing = [str(folder) for folder in folders if not any(folder.glob("*.yml"))]
    if missing:
        raise SystemExit(f"no held-out files (*.yml) in: {', '.join(missing)}")
    servers = BotServers(temporary_log_dir()).start()
    try:
        for folder in folders:
            mapping = categories_of(folder)
            parts = (
                [
                    ("whole set", CATEGORIES),
                    ("young people", YOUTH_CATEGORIES),
                    ("parents and staff", ADULT_CATEGORIES),
                ]
                if mapping is CATEGORIES
                else [
                    (
                        "young people's questions" if mapping is CORE_CATEGORIES else "whole set",
                        mapping,
                    )
                ]
            )
            for name, categories in parts:
                scores = score(
                    categories, lambda text: servers.parse(text)["intent"]["name"], folder
                )
                print(f"\n{folder}: {name}\n{table(scores)}")
            if unmapped(folder):
                print(f"not mapped here yet: {', '.join(unmapped(folder))}")
    finally:
        servers.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
