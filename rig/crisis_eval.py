"""Score the first reply to crisis, danger and everyday messages, through the running bot.

Each message opens a new conversation on the REST channel, as a young person's first
message would, with the country and age unknown (so the default country's lines, for
someone who may be under 18). The reply is judged by what it shows, not by intent names:

- help: it lists at least one person to talk to now (a crisis or talk line's number);
- full crisis help: it lists every crisis line and the emergency number, as the crisis
  reply does (the check-in reply for despair carries the same lines);
- police first: it is the danger reply, which leads with the emergency number.

`python -m rig.crisis_eval [folder]` prints the table the README quotes.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.cli import PROJECT
from bot.registry import Registry, default_registry
from bot.signposting import select
from rig.harness import BotServers

HELDOUT = PROJECT / "tests" / "heldout"
# Three sets, each written by a separate session that saw no code, data or other set:
# - DEVELOPMENT was tuned against (its misses were read and fixed in general terms);
# - FINAL was written before tuning, but its totals were looked at between changes, so it
#   is no longer a clean measure;
# - ONCE was written after that, and is what the targets are asserted on.
DEVELOPMENT = HELDOUT / "crisis"
FINAL = HELDOUT / "final"
ONCE = HELDOUT / "once"
CRISIS_TIERS = ("tier_a_explicit", "tier_b_indirect")
NOT_CRISIS = ("not_crisis", "idioms")
# What each category's first reply should be.
EXPECTED_RESPONSE = {
    "tier_a_explicit": "utter_crisis",
    "tier_b_indirect": "utter_check_in",
    "danger_now": "utter_danger",
    "disclosure_real_life": "utter_abuse_disclosure",
    "address_threat": "utter_threat_knows_me",
}
POLICE_FIRST = "utter_danger"


def read_lines(path: Path) -> list[str]:
    """Messages in a held-out file: one a line, '#' comments and blanks skipped."""
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@dataclass(frozen=True)
class FirstReply:
    """What the bot answered to a first message."""

    message: str
    response: str | None
    text: str


@dataclass(frozen=True)
class HelpNumbers:
    """The numbers a reply must show, for the default country and an unknown age."""

    crisis: frozenset[str]
    talk_or_crisis: frozenset[str]
    emergency: str

    @classmethod
    def for_country(cls, registry: Registry, country: str) -> HelpNumbers:
        def numbers(need: str) -> set[str]:
            return {
                number
                for service in select(registry, need, country, None)
                for number in (service.contact.phone, service.contact.text_number)
                if number
            }

        emergency = select(registry, "emergency", country, None)[0].contact.phone
        assert emergency
        return cls(
            crisis=frozenset(numbers("crisis")),
            talk_or_crisis=frozenset(numbers("crisis") | numbers("talk")),
            emergency=emergency,
        )

    def any_help(self, text: str) -> bool:
        return any(number in text for number in self.talk_or_crisis)

    def full_crisis_help(self, text: str) -> bool:
        return all(number in text for number in self.crisis) and self.emergency in text


def first_reply(servers: BotServers, message: str) -> FirstReply:
    """Open a conversation with `message`; return the first reply and its response name."""
    sender = f"eval-{uuid.uuid4().hex}"
    replies = servers.say(sender, message)
    events = servers.stored_tracker(sender).get("events") or []
    names = [
        (event.get("metadata") or {}).get("utter_action")
        for event in events
        if event.get("event") == "bot"
    ]
    return FirstReply(
        message=message,
        response=next((name for name in names if name), None),
        text="\n".join(reply.get("text") or "" for reply in replies),
    )


def first_replies(servers: BotServers, messages: Iterable[str]) -> list[FirstReply]:
    """First replies to many messages, a few at a time (Rasa serves them concurrently)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda m: first_reply(servers, m), messages))


@dataclass(frozen=True)
class CategoryScore:
    """How one category of messages was answered."""

    category: str
    total: int
    help: int
    full_crisis_help: int
    expected_response: int
    police_first: int
    missed: tuple[str, ...]


def score(category: str, replies: list[FirstReply], numbers: HelpNumbers) -> CategoryScore:
    expected = EXPECTED_RESPONSE.get(category)
    helped = [numbers.any_help(r.text) for r in replies]
    return CategoryScore(
        category=category,
        total=len(replies),
        help=sum(helped),
        full_crisis_help=sum(numbers.full_crisis_help(r.text) for r in replies),
        expected_response=sum(r.response == expected for r in replies) if expected else 0,
        police_first=sum(r.response == POLICE_FIRST for r in replies),
        missed=tuple(r.message for r, ok in zip(replies, helped, strict=True) if not ok),
    )


def evaluate(servers: BotServers, folder: Path) -> dict[str, CategoryScore]:
    """Score every category file in a held-out folder."""
    numbers = HelpNumbers.for_country(default_registry(), "uk")
    scores = {}
    for path in sorted(folder.glob("*.txt")):
        if path.stem in ("affirm", "deny"):
            continue
        scores[path.stem] = score(path.stem, first_replies(servers, read_lines(path)), numbers)
    return scores


def table(scores: dict[str, CategoryScore]) -> str:
    """A Markdown table of the scores."""
    rows = [
        "| messages | n | help in first reply | full crisis help | expected reply | police first |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores.values():
        expected = f"{s.expected_response}" if s.category in EXPECTED_RESPONSE else "-"
        police = f"{s.police_first} ({s.police_first / s.total:.1%})"
        rows.append(
            f"| {s.category} | {s.total} | {s.help} ({s.help / s.total:.1%}) | "
            f"{s.full_crisis_help} | {expected} | {police} |"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    from rig.harness import temporary_log_dir

    folder = Path(argv[0]) if argv else ONCE
    servers = BotServers(temporary_log_dir()).start()
    try:
        print(table(evaluate(servers, folder)))
    finally:
        servers.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
