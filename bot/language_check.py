"""`python -m bot languages check`: what each language is missing, and whether it is safe to ship.

A language is a folder of YAML (bot/languages.py) plus its training data. This compares each
one with English and lists the gaps: replies, intents, safety patterns, risk examples and
widget words. A gap in anything safety-critical (the crisis, check-in and danger replies,
the crisis and danger patterns, the risk examples, the quick-exit words...) fails the check;
any other gap is reported and falls back to English, marked `lang: en`, until translated.
New English intents and replies (added for parents, staff or situations) show up here as
gaps in every language the day they are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.adults import SHORT_SUFFIX
from bot.language_facts import FACTS, read_facts
from bot.languages import (
    BASE,
    LANGUAGES_DIR,
    RESPONSES,
    SAFETY_PATTERNS,
    WIDGET_TEXT,
    Language,
    LanguageError,
    discover,
    read_yaml,
)
from bot.messages import all_responses
from bot.safety import CRISIS, DANGER, SCARED_TO_TELL, PatternError, load_patterns

PROJECT = paths.PACKAGE.parent
NLU_DIR = PROJECT / "data" / "nlu"
RISK_DIR = PROJECT / "data" / "risk"
ENGLISH_WIDGET_TEXT = paths.PACKAGE / "resources" / WIDGET_TEXT
# Replies a person in crisis or danger may see first: never English-only in another language.
SAFETY_RESPONSES = frozenset(
    {
        "utter_crisis",
        "utter_crisis_stay",
        "utter_check_in",
        "utter_safe_now",
        "utter_help_now",
        "utter_danger",
        "utter_abuse_disclosure",
        "utter_threat_knows_me",
        "utter_tell_parents",
        "utter_ask_country_for_crisis",
        "say_help_if_struggling",
        "say_no_answer",
    }
)
# Intents the safety net and its replies depend on.
SAFETY_INTENTS = frozenset(
    {"crisis", "despair", "danger", "abuse_disclosure", "threat_knows_me", "ask_tell_parents"}
)
SAFETY_SECTIONS = (CRISIS, DANGER, SCARED_TO_TELL)
# Widget words someone leaving in a hurry, or offline, must be able to read.
SAFETY_WIDGET_WORDS = frozenset({"notice", "exit", "offline_title", "offline", "in_danger"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Gap:
    """One thing a language lacks compared with English."""

    language: str
    kind: str
    name: str
    critical: bool

    def __str__(self) -> str:
        mark = "SAFETY" if self.critical else "falls back to English"
        return f"{self.language}: {self.kind}: {self.name} ({mark})"


def _intents_in(files: list[Path]) -> set[str]:
    found = set()
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found |= {b["intent"] for b in document.get("nlu") or [] if b.get("intent")}
    return found


def _placeholders(variations: list[dict[str, Any]]) -> set[str]:
    # A short list of the same services ({adult_report_lines_short}) is the same help.
    return {
        p.removesuffix(SHORT_SUFFIX)
        for v in variations
        for p in _PLACEHOLDER.findall(str(v.get("text") or ""))
    }


def _responses(language: Language) -> dict[str, list[dict[str, Any]]]:
    path = language.file(RESPONSES)
    document = read_yaml(path) if path.is_file() else {}
    found = document.get("responses") if isinstance(document, dict) else None
    return found if isinstance(found, dict) else {}


def language_gaps(
    language: Language,
    english_responses: dict[str, list[dict[str, Any]]],
    english_intents: set[str],
    english_widget: dict[str, str],
    nlu_dir: Path = NLU_DIR,
    risk_dir: Path = RISK_DIR,
) -> list[Gap]:
    """Everything this language lacks, safety-critical gaps marked."""
    code = language.code
    gaps: list[Gap] = []
    translated = _responses(language)
    for name in sorted(set(english_responses) - set(translated)):
        gaps.append(Gap(code, "response", name, name in SAFETY_RESPONSES))
    for name in sorted(set(english_responses) & set(translated)):
        # A reply that drops {crisis_lines} or {emergency_number} would drop the help itself.
        missing = _placeholders(english_responses[name]) - _placeholders(translated[name])
        for placeholder in sorted(missing):
            gaps.append(Gap(code, "placeholder", f"{name} lacks {{{placeholder}}}", True))
    own_intents = _intents_in(sorted((nlu_dir / code).rglob("*.yml")))
    for intent in sorted(english_intents - own_intents):
        gaps.append(Gap(code, "intent", intent, intent in SAFETY_INTENTS))
    try:
        patterns = load_patterns(language.file(SAFETY_PATTERNS))
        for section in SAFETY_SECTIONS:
            if not patterns.sections[section]:
                gaps.append(Gap(code, "safety patterns", f"no '{section}' rules", True))
    except PatternError as error:
        gaps.append(Gap(code, "safety patterns", str(error), True))
    if not (risk_dir / f"{code}.yml").is_file():
        gaps.append(Gap(code, "risk examples", f"no {risk_dir.name}/{code}.yml", True))
    if not language.file(FACTS).is_file():
        gaps.append(Gap(code, "facts", f"no {FACTS}: country, age and role in English only", False))
    else:
        try:
            read_facts(language.file(FACTS))
        except LanguageError as error:
            # Not a safety gap in itself, but the bot would not start with it.
            gaps.append(Gap(code, "facts", str(error), True))
    path = language.file(WIDGET_TEXT)
    own_widget = read_yaml(path) if path.is_file() else {}
    own_widget = own_widget if isinstance(own_widget, dict) else {}
    for key in sorted(set(english_widget) - set(own_widget)):
        gaps.append(Gap(code, "widget text", key, key in SAFETY_WIDGET_WORDS))
    return gaps


def check(
    root: Path = LANGUAGES_DIR, nlu_dir: Path = NLU_DIR, risk_dir: Path = RISK_DIR
) -> dict[str, list[Gap]]:
    """Gaps per language (English, the base, has none by definition)."""
    english_responses = all_responses()
    english_intents = _intents_in(sorted(nlu_dir.glob("*.yml")))
    english_widget = yaml.safe_load(ENGLISH_WIDGET_TEXT.read_text(encoding="utf-8"))
    return {
        code: language_gaps(
            language, english_responses, english_intents, english_widget, nlu_dir, risk_dir
        )
        for code, language in discover(root).items()
        if code != BASE
    }


def report(gaps: dict[str, list[Gap]]) -> tuple[str, bool]:
    """The printed report, and whether every language is safe to ship."""
    lines = []
    for code, found in gaps.items():
        critical = [g for g in found if g.critical]
        lines.append(
            f"{code}: {len(found)} gaps, {len(critical)} safety-critical"
            + ("" if found else " (complete)")
        )
        lines += [f"  {gap}" for gap in sorted(found, key=lambda g: (not g.critical, g.kind))]
    ok = not any(g.critical for found in gaps.values() for g in found)
    lines.append("ok: no safety-critical gaps" if ok else "FAILED: safety-critical gaps above")
    return "\n".join(lines), ok


def main(root: Path = LANGUAGES_DIR) -> int:
    """Print the report; 1 if any language has a safety-critical gap (or cannot be read)."""
    try:
        text, ok = report(check(root))
    except (LanguageError, OSError, yaml.YAMLError) as error:
        print(f"error: {error}")
        return 1
    print(text)
    return 0 if ok else 1
