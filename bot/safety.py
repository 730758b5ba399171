"""The deterministic crisis and danger detector behind the NLU safety net.

It reads the patterns in resources/safety_patterns.yml. It is pure Python so it can be
tested for recall and false alarms in milliseconds, without a trained model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.languages import safety_pattern_files
from bot.text import normalise

PATTERNS_PATH = Path(__file__).parent / "resources" / "safety_patterns.yml"
CRISIS = "crisis"
DANGER = "danger"
DISCLOSURE = "disclosure"
THREAT = "threat"
SCARED_TO_TELL = "scared_to_tell"
# Sections in the order they are tried: the first with a match decides. Crisis comes
# first because its reply also carries the emergency number.
SECTIONS: tuple[str, ...] = (CRISIS, DANGER, DISCLOSURE, THREAT, SCARED_TO_TELL)


class PatternError(ValueError):
    """The safety patterns file is missing, malformed or contradicts its own examples."""


@dataclass(frozen=True)
class Rule:
    """One named pattern and the examples it must match."""

    id: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class SafetyPatterns:
    """Compiled patterns: idioms to ignore, then one tuple of rules per section."""

    ignore: tuple[Rule, ...]
    sections: dict[str, tuple[Rule, ...]]

    def classify(self, text: str) -> tuple[str, str] | None:
        """Return (section, rule id) for the first rule that matches, else None."""
        clean = normalise(text)
        idiom = next(
            (r for r in self.sections.get(SCARED_TO_TELL, ()) if r.regex.search(clean)), None
        )
        # Idioms are blanked so "my mum will kill me" cannot look like a threat to life.
        for rule in (*self.ignore, *self.sections.get(SCARED_TO_TELL, ())):
            clean = rule.regex.sub(" ", clean)
        for label in SECTIONS[:-1]:
            for rule in self.sections.get(label, ()):
                if rule.regex.search(clean):
                    return label, rule.id
        return (SCARED_TO_TELL, idiom.id) if idiom else None


def _compile(section: str, position: int, raw: Any) -> Rule:
    where = f"{section}[{position}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("pattern"), str):
        raise PatternError(f"{where}: needs a 'pattern' string")
    try:
        regex = re.compile(raw["pattern"])
    except re.error as error:
        raise PatternError(f"{where} ({raw.get('id', '?')}): bad pattern: {error}") from error
    examples = tuple(str(example) for example in raw.get("examples") or [])
    if not examples:
        raise PatternError(f"{where} ({raw.get('id', '?')}): list at least one example")
    return Rule(id=str(raw.get("id", where)), regex=regex, examples=examples)


def load_patterns(path: Path = PATTERNS_PATH) -> SafetyPatterns:
    """Read and compile the patterns file, or raise PatternError naming the bad entry."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PatternError(f"{path}: cannot be read: {error}") from error
    if not isinstance(document, dict) or not document.get(CRISIS):
        raise PatternError(f"{path}: needs a non-empty '{CRISIS}' section")

    def rules(section: str) -> tuple[Rule, ...]:
        return tuple(_compile(section, i, raw) for i, raw in enumerate(document.get(section) or []))

    unknown = set(document) - {"ignore", *SECTIONS}
    if unknown:
        raise PatternError(f"{path}: unknown sections {sorted(unknown)}; use {list(SECTIONS)}")
    return SafetyPatterns(
        ignore=rules("ignore"), sections={label: rules(label) for label in SECTIONS}
    )


def merged(patterns: list[SafetyPatterns]) -> SafetyPatterns:
    """One detector for every language: each section's rules, one language after another.

    One detector rather than one per language, so safety never waits on knowing the
    language: a crisis message in any language is caught whatever language is chosen.
    """
    return SafetyPatterns(
        ignore=tuple(rule for p in patterns for rule in p.ignore),
        sections={
            label: tuple(r for p in patterns for r in p.sections[label]) for label in SECTIONS
        },
    )


@lru_cache(maxsize=1)
def default_patterns() -> SafetyPatterns:
    """The shipped patterns, English and every language's own file, compiled once per process."""
    return merged([load_patterns(), *(load_patterns(path) for path in safety_pattern_files())])
