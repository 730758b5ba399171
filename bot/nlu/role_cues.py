"""A Rasa NLU component that reads who is writing, so a situation gets the writer's reply.

The classifier tells situations apart well, but not always who is in them: "i paid them
twice and they want more" and "my son already paid them" are the same situation, and a
young person needs a different reply from a parent. Many intents come in such twins, one
per writer (bot/roles.py lists them, `TWINS`). This component reads the cues in the
message itself, by kind:

- a young person about themselves: a first-person act ("i paid", "i sent him pics"), their
  own pictures ("my nudes"), being the one threatened ("they are blackmailing me"), their
  own family, teacher or friends ("without my parents", "my best mate"), their own age
  under 18 ("im 14");
- a parent or carer: their child in the third person ("my son", "our daughter", "my 15 year
  old"), or who they are ("as her mum", "im his dad", "as a parent");
- school staff: who they are ("as a teacher", "im a TA", "teacher here", "i coach"), or the
  pupil ("a pupil", "one of my students", "a year 10 girl", "one of our girls"); not "a boy
  in my class", which a pupil says as often as a teacher;
- the safeguarding lead: "im the DSL", "as safeguarding lead" (a lead is also staff).

When the top intent belongs to a twin group and the cues say one writer only, whose twin
it is not, the intent moves to that writer's twin (the one the classifier ranked highest,
else the group's usual one; "again", "twice" pick paying more than once) and the reason
is kept in the parse data under `role_cues` (the cue kinds, never the text). When the
FallbackClassifier fired only because the two top intents were twins too close to call,
the cues settle it the same way.

It never touches anything else: crisis, despair, danger and the other safety intents
(the risk model and the safety net own those) are never moved to or from; messages with
no cues, or cues for more than one writer ("my son's teacher said a pupil..."), or an
adult's own age next to a youth cue, are left as the classifier said. A few cues count
only for some questions (`SCOPED`): "she begged me not to tell" says a confidant only
about secrets, "her photos" an adult acting for a child only about reporting or removal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message

from bot.facts import OWN_AGE, find_ages
from bot.roles import LEAD, PARENT, STAFF, TWINS, YOUTH
from bot.text import normalise

CUES_KEY = "role_cues"
FALLBACK_INTENT = "nlu_fallback"

# Never moved to or from, whatever the cues say: the risk model and the safety net decide.
PROTECTED = frozenset(
    {"crisis", "despair", "danger", "abuse_disclosure", "threat_knows_me", FALLBACK_INTENT}
)

# --- Cue patterns, on normalised text (lower case, no apostrophes, punctuation as spaces).
_ADV = r"(?:(?:already|just|also|even|then|finally|actually|literally|stupidly) )?"
_I = r"\b(?:i|ive|i have|i had|id|ive already)\b"
_PICS = (
    r"(?:pics?|pictures?|photos?|nudes?|images?|videos?|vids?|snaps?|selfies?|nude pics?|"
    r"private (?:pics?|photos?|pictures?|videos?|stuff))"
)
_MONEY = r"(?:money|cash|quid|pounds?|dollars?|euros?|gift ?cards?|codes?|crypto|bitcoin|\d+)"
_THREATEN = r"(?:blackmail|threaten|extort|sextort|scam|catfish|harass|pressur)\w*"
_FAMILY = (
    r"(?:mum|mom|mam|mummy|mommy|dad|daddy|parents?|step ?(?:mum|mom|dad)|mother|father|"
    r"nan|nana|gran|grandma|grandad|carers?|foster (?:parents?|carers?))"
)
_CHILD = (
    r"(?:son|daughter|child|kid|boy|girl|lad|teen|teenager|stepson|stepdaughter|"
    r"stepchild|grandson|granddaughter|grandchild|nephew|niece|little one|eldest|youngest|"
    r"middle one|foster (?:child|son|daughter)|\d{1,2} ?(?:year old|yr old|yo|y o)|"
    r"(?:\d{1,2} ?(?:year old|yr old|yo) )?(?:son|daughter|boy|girl))"
)
_ADULT_SELF = (
    r"(?:mum|mom|mam|mother|dad|father|parent|parents|carer|guardian|step ?(?:mum|mom|dad))"
)
_STAFF_JOB = (
    r"(?:teacher|teaching assistant|ta|tutor|form tutor|class teacher|head of year|"
    r"head of house|head ?teacher|deputy head|coach|youth worker|youth leader|mentor|"
    r"learning mentor|senco|school nurse|school counsellor|counsellor|support worker|"
    r"pastoral (?:lead|manager|worker)|cover supervisor|lunchtime supervisor|"
    r"member of staff|staff member|lecturer|scout leader|teacher here)"
)
_PUPIL = r"(?:pupils?|students?|learners?|tutees?|year \d{1,2}s?)"

CUES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    YOUTH: (
        # "i paid", "ive paid them twice", "i already sent him 50"
        ("youth_paid", re.compile(rf"{_I} {_ADV}(?:paid|payed|pay|transferred)\b")),
        (
            "youth_sent",
            re.compile(
                rf"{_I} {_ADV}(?:sent|send|gave|give)(?: (?:him|her|them|the guy|this guy|"
                rf"this girl|it|some|more|another|a|an|my))* (?:{_PICS}|{_MONEY})\b"
            ),
        ),
        # "my nudes", "my pics": their own pictures
        ("youth_own_pictures", re.compile(rf"\bmy (?:own )?{_PICS}\b")),
        # "blackmailing me", "wants more money from me", "threatened me"
        (
            "youth_threatened",
            re.compile(
                rf"\b{_THREATEN} me\b|\b(?:from|off|off of) me\b"
                r"|\b(?:asking|asked|asks|told|telling|making|made|forcing|forced|want|wants|"
                r"wanted|demanding|demanded|messaging|messaged|texting|texted) me "
                r"(?:for|to (?:pay|send|give|buy))\b"
            ),
        ),
        # the "i" left out, as young people type: "paid them twice", "sent him 50 quid"
        (
            "youth_dropped_i",
            re.compile(rf"^{_ADV}(?:paid|sent|gave|transferred) (?:him|her|them|it|some|money|\d)"),
        ),
        # "i was blackmailed", "im being sextorted"
        (
            "youth_victim",
            re.compile(rf"\b(?:i|im|i am|i was|i got|ive been|i have been) (?:being )?{_THREATEN}"),
        ),
        # their own family or teacher: "my mum", "without my parents knowing", "my teacher"
        ("youth_own_family", re.compile(rf"\bmy {_FAMILY}\b(?! of)|\bmy (?:teachers?|tutor)\b")),
        # their own friends: "my best mate", "my girlfriend" (a parent says "my friend")
        (
            "youth_own_friends",
            re.compile(
                r"\bmy (?:mates?|bestie|best mate|best friend|bf|gf|boyfriend|girlfriend)\b"
            ),
        ),
    ),
    PARENT: (
        # "my son", "our daughter", "my 15yo"; not a school's "one of our girls" or "our
        # child protection policy"
        (
            "parent_my_child",
            re.compile(
                rf"(?<!one of )\b(?:my|our) {_CHILD}\b(?! (?:protection|services|social|care))"
                r"|\bmy (?:kids|children|sons|daughters)\b"
            ),
        ),
        (
            "parent_for_child",
            re.compile(
                rf"\b(?:his|her) (?:own )?{_PICS}\b|\bon (?:his|her|their) behalf\b"
                r"|\b(?:report|reporting|remove|removed|taken down|take down) (?:\w+ )?"
                r"for (?:him|her)\b"
            ),
        ),
        (
            "parent_says_so",
            re.compile(
                rf"\b(?:im|i am|as|speaking as) (?:a|an|his|her|their|the) {_ADULT_SELF}\b"
                r"|\bas (?:a )?parents?\b|\bwe are (?:his |her |their )?parents\b"
                rf"|\b(?:mum|mom|dad|parent) here\b"
            ),
        ),
    ),
    STAFF: (
        (
            "staff_says_so",
            re.compile(
                rf"\b(?:im|i am|as|i work as|speaking as) (?:a|an|the|her|his|their) "
                rf"(?:\w+ )?{_STAFF_JOB}\b|\bteacher here\b|\bi (?:teach|coach|tutor)\b"
                r"|\bi work (?:in|at) (?:a|the|our) (?:school|college|academy)\b"
            ),
        ),
        (
            "staff_pupil",
            re.compile(
                rf"(?<!\bim )(?<!\bi am )\b(?:a|the|one of my|one of our|my|our|this|"
                rf"another) {_PUPIL}\b"
                r"|\bone of our (?:boys|girls|lads|young people)\b"
                r"|\byear \d{1,2} (?:boy|girl|pupil|student|lad|child)\b"
            ),
        ),
        # "she wants to show me the picture": a young person showing the writer (an adult)
        (
            "staff_shown",
            re.compile(
                r"\b(?:wants|wanted|trying|tried|keeps trying|offered|offering|asked|asking|"
                r"going|pulled (?:it|the \w+) up) to show me\b|\b(?:showed|shown) me\b"
            ),
        ),
        # "she begged me not to tell", "he made me promise": a secret confided to the writer
        (
            "staff_confided_in",
            re.compile(
                r"\b(?:begged|asked|made|wants|wanted|asking|begging|making) me "
                r"(?:to )?(?:promise|swear|not (?:to )?(?:tell|say|report|pass)|"
                r"keep (?:it|this|that|what)\b)"
                r"|\btold me (?:this )?in confidence\b|\bi (?:promised|swore) (?:him|her|them)\b"
            ),
        ),
    ),
    LEAD: (
        (
            "lead_says_so",
            re.compile(
                r"\b(?:im|i am|as|as the|as a|speaking as)(?: the| a| an| our| school)?"
                r" (?:deputy )?(?:dsl|ddsl|dsp|designated safeguarding (?:lead|person|officer)|"
                r"safeguarding lead|designated teacher|child protection (?:lead|officer))\b"
            ),
        ),
    ),
}


# Cue kinds that count only when every twin group of the classifier's intent is in their
# scope. Someone asking the writer to keep their secret says "an adult they confided in"
# about secrets, reporting and telling, but "he made me promise not to tell" in a young
# person's disclosure is the blackmailer talking. Someone else's pictures ("get her photos
# taken down") or reporting on someone's behalf says an adult acting for a child only when
# the question is reporting or removal ("she sent her pics first" is the fake girl's).
SCOPED = {
    "staff_confided_in": frozenset({"secret", "report", "telling"}),
    "parent_for_child": frozenset({"report", "secret"}),
    # "she wants to show me the picture" is a pupil showing staff, when the question is the
    # image itself; in a young person's story "he showed me" is someone else.
    "staff_shown": frozenset({"image", "phone"}),
}
# Within a writer's twins, words that pick one over the classifier's ranking.
PREFER = {
    "paid_more_than_once": re.compile(
        r"\b(?:again|twice|more|another|times|keep paying|kept paying|second|third|double|"
        r"every (?:day|week)|still)\b"
    ),
}


@dataclass(frozen=True)
class Writer:
    """Who the cues say is writing (None when absent or mixed) and the cue kinds found."""

    role: str | None
    cues: tuple[str, ...]


def read_writer(text: str, group_names: frozenset[str] = frozenset()) -> Writer:
    """The one writer the message's cues point to, or None when they are absent or mixed.

    `group_names` are the twin groups being decided: scoped cue kinds count only there."""
    clean = normalise(text)
    found = {
        role: [
            kind
            for kind, pattern in patterns
            if (kind not in SCOPED or (group_names and group_names <= SCOPED[kind]))
            and pattern.search(clean)
        ]
        for role, patterns in CUES.items()
    }
    cues = tuple(kind for kinds in found.values() for kind in kinds)
    roles = {role for role, kinds in found.items() if kinds}
    # A lead is staff too: "im the DSL and a pupil told me" is the lead.
    if LEAD in roles:
        roles.discard(STAFF)
    own_ages = [fact.value for fact in find_ages(clean) if fact.entity == OWN_AGE]
    if own_ages:
        if own_ages[0] == "18_plus":
            # An adult's own age rules out a young person writing, and says nothing else.
            roles.discard(YOUTH)
        else:
            roles.add(YOUTH)
            cues += ("youth_own_age",)
    return Writer(next(iter(roles)) if len(roles) == 1 else None, cues)


def _group_names(intent: str) -> frozenset[str]:
    return frozenset(n for n, g in TWINS.items() if any(intent in i for i in g.values()))


def _groups(intent: str) -> list[dict[str, tuple[str, ...]]]:
    return [TWINS[name] for name in TWINS if name in _group_names(intent)]


def _writer_of(intent: str) -> set[str]:
    writers = {role for group in _groups(intent) for role, i in group.items() if intent in i}
    # Staff asking about the school's procedure is what the lead's intent answers too.
    return writers | {STAFF} if LEAD in writers else writers


def twin_for(intent: str, writer: str, ranking: list[str], text: str = "") -> str | None:
    """The writer's twin of `intent` (named by a PREFER cue, else the highest ranked, else
    the first group's first), or None when the intent is already the writer's, is
    protected, or has no such twin."""
    if intent in PROTECTED or writer in _writer_of(intent):
        return None
    candidates = [i for group in _groups(intent) for i in group.get(writer, ())]
    if not candidates:
        return None
    clean = normalise(text)
    preferred = [i for i in candidates if i in PREFER and PREFER[i].search(clean)]
    if preferred:
        return preferred[0]
    ranked = [name for name in ranking if name in candidates]
    return ranked[0] if ranked else candidates[0]


@dataclass(frozen=True)
class Decision:
    """The intent to use instead of the classifier's, and why."""

    intent: str
    moved_from: str
    writer: str
    cues: tuple[str, ...]


def decide(
    text: str, top: str | None, ranking: list[tuple[str, float]], min_confidence: float
) -> Decision | None:
    """What to change, or None. `ranking` is (intent, confidence), most likely first; `top`
    may be the fallback intent, in which case only a near tie between twins is settled."""
    if not top:
        return None
    names = [name for name, _ in ranking if name != FALLBACK_INTENT]
    classifier_top = top
    if top == FALLBACK_INTENT:
        scored = [(n, c) for n, c in ranking if n != FALLBACK_INTENT]
        # Only a fallback for ambiguity between twins: confident enough, and the runner-up
        # is the same situation for another writer.
        if len(scored) < 2 or scored[0][1] < min_confidence:
            return None
        first, second = scored[0][0], scored[1][0]
        shared = [g for g in _groups(first) if any(second in i for i in g.values())]
        if not shared or _writer_of(first) & _writer_of(second) or second in PROTECTED:
            return None
        classifier_top = first
    if classifier_top in PROTECTED or not _groups(classifier_top):
        return None
    writer = read_writer(text, _group_names(classifier_top))
    if writer.role is None:
        return None
    if writer.role in _writer_of(classifier_top):
        # The classifier's own top is the writer's: settle a twin tie in its favour.
        if top == FALLBACK_INTENT:
            return Decision(classifier_top, top, writer.role, writer.cues)
        return None
    twin = twin_for(classifier_top, writer.role, names, text)
    if twin is None or twin in PROTECTED:
        return None
    return Decision(twin, top, writer.role, writer.cues)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RoleCues(GraphComponent, IntentClassifier):
    """Moves a youth/adult twin intent to the writer the message's cues name."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # A fallback is settled only when the classifier's top was at least this confident
        # (the FallbackClassifier's threshold: below it the fallback was not a twin tie).
        return {"min_confidence": 0.25}

    def __init__(self, min_confidence: float) -> None:
        self.min_confidence = min_confidence

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RoleCues:
        """Patterns only: nothing to train or load."""
        return cls(float(config["min_confidence"]))

    def process(self, messages: list[Message]) -> list[Message]:
        """Move the intent where the cues say so; leave every other message alone."""
        for message in messages:
            intent = message.get("intent") or {}
            ranking = [
                (str(r.get("name")), float(r.get("confidence") or 0.0))
                for r in message.get("intent_ranking") or []
            ]
            decision = decide(
                message.get("text") or "", intent.get("name"), ranking, self.min_confidence
            )
            if decision is None:
                continue
            confidence = max(
                [c for n, c in ranking if n in (decision.intent, decision.moved_from)]
                + [float(intent.get("confidence") or 0.0)]
            )
            moved = {"name": decision.intent, "confidence": confidence}
            rest = [
                r for r in message.get("intent_ranking") or [] if r.get("name") != decision.intent
            ]
            message.set("intent", moved, add_to_output=True)
            message.set("intent_ranking", [moved, *rest], add_to_output=True)
            # Why, for tests and tuning: the writer and the kinds of cue, never the text.
            message.set(
                CUES_KEY,
                {
                    "writer": decision.writer,
                    "cues": list(decision.cues),
                    "from": decision.moved_from,
                    "to": decision.intent,
                },
                add_to_output=True,
            )
        return messages
