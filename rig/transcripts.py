"""Write full example conversations to docs/transcripts/ for safeguarding staff to review.

`make transcripts` (or `python -m rig transcripts`) starts the real bot, plays each scenario
below as a user would (typed messages and button taps), and writes what the bot really said.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from bot.cli import PROJECT
from rig.harness import MACHINE_SPEED, BotServers, temporary_log_dir

OUT = PROJECT / "docs" / "transcripts"

# (file name, title, messages). A message starting with "/" is a button tap.
SCENARIOS: list[tuple[str, str, list[str]]] = [
    (
        "uk-15-year-old",
        "A 15-year-old in England, blackmailed on Snapchat",
        [
            "hey",
            "someone on snap has my nudes and says pay £100 or he sends them to my friends",
            "Next step",
            "Next step",
            "should i delete my snap",
            "Next step",
            "Next step",
            "England",
            "im 15",
            "Next step",
            "Next step",
            "thanks",
        ],
    ),
    (
        "us-16-year-old",
        "A 16-year-old in the US who already paid",
        [
            "hi",
            "im 16 in the us and this girl on insta has my pics, i already paid her $50",
            "they want more now",
            "what do i do now",
            "Next step",
            "Next step",
            "Next step",
            "Next step",
            "Next step",
            "will i get in trouble",
        ],
    ),
    (
        "uk-adult",
        "A 22-year-old in the UK",
        [
            "hello",
            "im 22 and someone i met online is threatening to share my nudes",
            "how do i report it",
            "England",
            "how do i get them taken down",
        ],
    ),
    (
        "parent",
        "A parent whose son is being blackmailed",
        [
            "hi",
            "my son is 14 and someone is blackmailing him over photos he sent",
            "how do we report it",
            "Scotland",
            "can the pics be taken down",
        ],
    ),
    (
        "teacher",
        "A teacher after a pupil's disclosure",
        [
            "hi",
            "im a teacher and a year 10 boy just told me hes being sextorted",
            "he wants to show me the image",
            "how do we report it",
            "Wales",
            "13 to 17",
        ],
    ),
    (
        "parent-child-paid",
        "A parent whose daughter already paid, asking about her phone and how to talk",
        [
            "hi",
            "my daughter is 15 and she already paid someone £80 because they threatened to "
            "share her photos, now they want more",
            "should i take her phone off her",
            "how do i talk to her without making it worse",
            "she hasnt slept properly in days and barely eats",
        ],
    ),
    (
        "dsl",
        "A designated safeguarding lead asking about procedure",
        [
            "hello",
            "im the dsl at a secondary school, a year 10 boy is being sextorted. do we go to "
            "the police or ceop?",
            "should i look at the image to assess it",
            "he begged his tutor not to tell anyone, can we keep it confidential",
        ],
    ),
    (
        "crisis-mid-flow",
        "A crisis in the middle of the steps",
        [
            "hey",
            "im being blackmailed they want money or theyll post my video",
            "Next step",
            "i cant do this anymore i just want to die",
            "I'm not in the UK",
            "Australia",
            "Next step",
        ],
    ),
    (
        "despair-without-the-word",
        'Despair without the word "suicide": help first, then one calm question',
        [
            "he posted it to my story and everyone from school has seen it",
            "theres no coming back from this, everyone would honestly be better off",
            "No, I'm safe right now",
            "What do I do now?",
        ],
    ),
    (
        "safe-then-their-question",
        "Crisis help first, then the answer to what they had asked once they say they are safe",
        [
            "i paid him twice and he still wants more money, i cant take this anymore",
            "no im safe",
            "What do I do now?",
        ],
    ),
    (
        "crisis-not-answered",
        "After crisis help, a message that does not answer it: help without talking out loud,"
        " and the question again",
        [
            "its 3am and this guy keeps sending me my own pics with a countdown",
            "i cant do this anymore. everyone would be better off without me",
            "i dont want to call anyone my parents will hear",
            "No, I'm safe right now",
        ],
    ),
    (
        "parent-child-crisis",
        "A parent whose child says he doesn't want to be here, asking whether to call someone",
        [
            "My son is 15 and I found out tonight that someone is blackmailing him with photos",
            "He just told me he doesn't want to be here anymore. He's locked in his room",
            "What do I do?? Should I call someone now",
        ],
    ),
    (
        "idiom",
        "An everyday idiom about a parent's anger",
        [
            "someone has my pics and wants £50",
            "my dad is literally going to kill me when he finds out",
            "how do i even tell him",
        ],
    ),
    (
        "danger-age-unknown",
        "Danger right now, with the age not yet known",
        [
            "the guy who has my pics is outside my house right now",
        ],
    ),
    (
        "parent-own-age",
        "A parent who gives their own age, not the child's",
        [
            "hello",
            "im 46 and my daughter is being blackmailed over a video",
            "how do we report it",
            "England",
            "15",
        ],
    ),
    (
        "classmate-sharing",
        "A boy in the same year is sharing a pupil's picture around school",
        [
            "hi",
            "a boy in my year has been sending my nude to loads of people at school",
            "will i get in trouble for it",
            "how do i tell a teacher",
            "thanks",
        ],
    ),
    (
        "ai-fake",
        "A 15-year-old whose face was put on a fake nude with AI",
        [
            "im 15 and someone made a fake nude of me with ai, i never even sent anything",
            "how do i get it taken down",
            "will i get in trouble",
        ],
    ),
    (
        "already-posted",
        "The video was already posted and sent to a parent",
        [
            "they posted my video on their story and sent it to my mum",
            "honestly not great",
            "what do i do now",
            "Next step",
        ],
    ),
]


def _tap(replies: list[dict[str, Any]], title: str) -> str | None:
    """The payload of the button with this title in the last replies, if any."""
    for reply in reversed(replies):
        for button in reply.get("buttons") or []:
            if button.get("title") == title and button.get("payload"):
                return str(button["payload"])
    return None


def play(servers: BotServers, messages: list[str]) -> list[str]:
    """Play one scenario; return Markdown lines of the conversation."""
    sender = f"transcript-{uuid.uuid4().hex}"
    lines: list[str] = []
    replies: list[dict[str, Any]] = []
    for message in messages:
        payload = _tap(replies, message) or message
        shown = (
            f"*taps* **{message}**" if payload != message or message.startswith("/") else message
        )
        lines.append(f"**User:** {shown}\n")
        replies = servers.say(sender, payload)
        for reply in replies:
            text = (reply.get("text") or "").replace("\n", "  \n")
            lines.append(f"**Safe Steps:** {text}\n")
            buttons = reply.get("buttons") or []
            if buttons:
                labels = ", ".join(
                    f"[{b['title']}]({b['url']})" if b.get("url") else f"`{b['title']}`"
                    for b in buttons
                )
                lines.append(f"> buttons: {labels}\n")
    return lines


def write_transcripts(out: Path = OUT) -> list[Path]:
    """Start the bot, play every scenario and write one Markdown file each."""
    out.mkdir(parents=True, exist_ok=True)
    servers = BotServers(temporary_log_dir(), channel_options=MACHINE_SPEED).start()
    written = []
    try:
        for name, title, messages in SCENARIOS:
            path = out / f"{name}.md"
            body = play(servers, messages)
            path.write_text(
                f"# {title}\n\nGenerated by `make transcripts` from the running bot. "
                "Button taps are shown as *taps*.\n\n" + "\n".join(body),
                encoding="utf-8",
            )
            written.append(path)
    finally:
        servers.stop()
    return written
