"""Score the held-out Welsh, Spanish and French sets through the running bot; aggregates only.

`python -m rig.language_eval` prints, per language, the macro F1 of the NLU over the
sets' categories, each category's F1, the confusion counts, and the crisis recall of the
first reply (tiers (a)+(b): it lists the crisis lines), with the language chosen and with
none chosen. It never prints a message: the sets stay unseen (tests/heldout/languages/).

How categories and intents are compared (said here rather than by editing the sets):
- crisis_explicit and crisis_indirect are one class for F1, as in the English held-out
  test: both replies give every crisis line first; the recall figures score each tier;
- danger accepts the three in-person intents (danger right now, a real-life disclosure, a
  threat about the address), as the English test does;
- idioms are right when the bot heard no risk (any intent but crisis, despair or danger).
"""

from __future__ import annotations

import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

from bot.registry import default_registry
from bot.signposting import select
from rig.harness import MACHINE_SPEED, BotServers, temporary_log_dir

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "heldout" / "languages"
CRISIS_TIERS = ("crisis_explicit", "crisis_indirect")
RISK = {"crisis", "despair", "danger"}
CATEGORY_OF_INTENT = {
    **dict.fromkeys(["disclose", "fake_image", "account_hacked"], "disclosure"),
    **dict.fromkeys(["ask_should_pay", "already_paid"], "paying"),
    **dict.fromkeys(
        ["ask_evidence", "ask_delete", "ask_keep_replying", "ask_save_pictures"], "evidence"
    ),
    **dict.fromkeys(["ask_how_report", "ask_in_trouble", "ask_report_secretly"], "reporting"),
    **dict.fromkeys(["ask_remove_images", "ask_already_posted"], "removal"),
    **dict.fromkeys(["crisis", "despair"], "crisis"),
    **dict.fromkeys(["danger", "abuse_disclosure", "threat_knows_me"], "danger"),
    **dict.fromkeys(["parent_help", "professional_help"], "parents"),
    **dict.fromkeys(
        ["greet", "goodbye", "thanks", "bot_challenge", "ask_human", "menu", "privacy"],
        "greeting_and_other",
    ),
}
# Intents split off since these sets were written (issues #13): each answers the categories
# listed, as tests/system/test_nlu_heldout.py's SPLIT_SINCE does for English; the first is
# the category it is counted as when the message was from another category.
SPLIT_SINCE: dict[str, tuple[str, ...]] = {
    "paid_more_than_once": ("paying",),
    "games_gift_cards_crypto": ("paying", "disclosure"),
    **dict.fromkeys(
        ["sent_more_images", "classmate_sharing", "outing_threat", "catfished"], ("disclosure",)
    ),
    **dict.fromkeys(
        [
            "parent_child_paid",
            "parent_phone",
            "parent_talk",
            "parent_report_remove",
            "parent_child_distressed",
            "staff_image",
            "staff_confidential",
            "dsl_procedure",
        ],
        ("parents",),
    ),
}
CRISIS_NUMBERS = {
    number
    for service in select(default_registry(), "crisis", "uk", None)
    for number in (service.contact.phone, service.contact.text_number)
    if number
}


@dataclass(frozen=True)
class Scores:
    """One language's figures."""

    language: str
    n: int
    macro_f1: float
    per_category: dict[str, float]
    confusion: Counter[tuple[str, str]]
    crisis_recall_chosen: float
    crisis_recall_unchosen: float
    crisis_n: int
    idioms_police_first: int
    idioms_n: int


def read_set(path: Path) -> tuple[str, list[tuple[str, str]]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = [(str(m), c) for c, messages in document["categories"].items() for m in messages]
    return str(document["language"]), pairs


def truth(category: str) -> str:
    return "crisis" if category in CRISIS_TIERS else category


def predicted(category: str, intent: str) -> str:
    if category == "idioms" and intent not in RISK:
        return "idioms"
    answers = SPLIT_SINCE.get(intent)
    if answers:
        return category if category in answers else answers[0]
    return CATEGORY_OF_INTENT.get(intent, "other")


def first_reply(servers: BotServers, text: str, lang: str | None) -> str:
    replies = servers.say(f"eval-{uuid.uuid4().hex[:16]}", text, {"lang": lang} if lang else None)
    return str(replies[0].get("text") or "") if replies else ""


def gives_crisis_help(reply: str) -> bool:
    return all(number in reply for number in CRISIS_NUMBERS)


def score(servers: BotServers, path: Path) -> Scores:
    language, pairs = read_set(path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        intents = list(pool.map(lambda p: servers.parse(p[0])["intent"]["name"], pairs))
        crisis = [text for text, category in pairs if category in CRISIS_TIERS]
        chosen = list(pool.map(lambda t: first_reply(servers, t, language), crisis))
        unchosen = list(pool.map(lambda t: first_reply(servers, t, None), crisis))
        idioms = [text for text, category in pairs if category == "idioms"]
        idiom_replies = list(pool.map(lambda t: first_reply(servers, t, language), idioms))
    gold = [truth(category) for _, category in pairs]
    guess = [
        predicted(category, intent) for (_, category), intent in zip(pairs, intents, strict=False)
    ]
    labels = sorted(set(gold))
    per = f1_score(gold, guess, labels=labels, average=None, zero_division=0)
    return Scores(
        language=language,
        n=len(pairs),
        macro_f1=float(f1_score(gold, guess, labels=labels, average="macro", zero_division=0)),
        per_category={label: float(value) for label, value in zip(labels, per, strict=False)},
        confusion=Counter((g, p) for g, p in zip(gold, guess, strict=False) if g != p),
        crisis_recall_chosen=sum(map(gives_crisis_help, chosen)) / len(crisis),
        crisis_recall_unchosen=sum(map(gives_crisis_help, unchosen)) / len(crisis),
        crisis_n=len(crisis),
        # Only the danger reply names the emergency number in its first line.
        idioms_police_first=sum(1 for reply in idiom_replies if "999" in reply.split("\n")[0]),
        idioms_n=len(idioms),
    )


def run(folder: Path = HELDOUT) -> list[Scores]:
    servers = BotServers(temporary_log_dir(), channel_options=MACHINE_SPEED).start()
    try:
        return [score(servers, path) for path in sorted(folder.glob("*.yml"))]
    finally:
        servers.stop()


def table(results: list[Scores]) -> str:
    lines = [
        "| language | messages | macro F1 | crisis (a)+(b) help in first reply, language "
        "chosen | same, no language chosen | idioms answered police first |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.language} | {r.n} | {r.macro_f1:.3f} | {r.crisis_recall_chosen:.1%} of "
            f"{r.crisis_n} | {r.crisis_recall_unchosen:.1%} | {r.idioms_police_first} of "
            f"{r.idioms_n} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    results = run(Path(argv[0]) if argv else HELDOUT)
    print(table(results))
    for r in results:
        cells = ", ".join(f"{k} {v:.2f}" for k, v in sorted(r.per_category.items()))
        print(f"\n{r.language} F1 per category: {cells}")
        top = ", ".join(f"{g}->{p}: {n}" for (g, p), n in r.confusion.most_common(8))
        print(f"{r.language} most frequent confusions: {top}")


if __name__ == "__main__":
    main(sys.argv[1:])
