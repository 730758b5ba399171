"""A charity adds a language with YAML only: the check, the safety net and the fallback see it.

The fixture (tests/fixtures/extra_language/) is a small Italian: safety patterns, the
safety-critical replies, widget words and a little training data, and no Python.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.language_check import NLU_DIR, RISK_DIR, Gap, check, report
from bot.languages import LANGUAGES_DIR, discover, safety_pattern_files
from bot.safety import CRISIS, DANGER, SCARED_TO_TELL, load_patterns, merged

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "extra_language"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The shipped languages and training data, with the fixture's files added to them."""
    shutil.copytree(LANGUAGES_DIR, tmp_path / "languages")
    shutil.copytree(NLU_DIR, tmp_path / "nlu")
    shutil.copytree(RISK_DIR, tmp_path / "risk")
    for part in ("languages", "nlu", "risk"):
        shutil.copytree(FIXTURE / part, tmp_path / part, dirs_exist_ok=True)
    return tmp_path


def gaps(project: Path) -> dict[str, list[Gap]]:
    return check(project / "languages", project / "nlu", project / "risk")


def test_the_new_language_is_found_from_its_folder(project: Path) -> None:
    found = discover(project / "languages")
    assert "it" in found and found["it"].native_name == "Italiano"


def test_its_safety_patterns_join_the_one_detector(project: Path) -> None:
    files = safety_pattern_files(project / "languages")
    detector = merged([load_patterns(), *(load_patterns(path) for path in files)])
    assert (detector.classify("voglio ammazzarmi") or ("",))[0] == CRISIS
    assert (detector.classify("e fuori casa mia") or ("",))[0] == DANGER
    assert (detector.classify("mia madre mi ammazza") or ("",))[0] == SCARED_TO_TELL
    # The languages shipped before it keep working beside it.
    assert (detector.classify("me quiero matar") or ("",))[0] == CRISIS


def test_the_check_passes_and_lists_what_falls_back_to_english(project: Path) -> None:
    found = gaps(project)
    text, ok = report(found)
    assert ok, text
    italian = found["it"]
    assert not any(gap.critical for gap in italian)
    assert "utter_menu" in {gap.name for gap in italian if gap.kind == "response"}
    assert "it: response: utter_menu (falls back to English)" in text
    # The shipped languages have no safety gap; replies added since they were translated
    # (listed by `python -m bot languages check`) fall back to English until translated.
    assert not any(gap.critical for code in ("cy", "es", "fr") for gap in found[code])


def test_a_missing_safety_reply_fails_the_check(project: Path) -> None:
    responses = project / "languages" / "it" / "responses.yml"
    text = responses.read_text(encoding="utf-8")
    responses.write_text(text.replace("  utter_crisis:\n", "  utter_crisis_unused:\n", 1))
    text, ok = report(gaps(project))
    assert not ok
    assert "it: response: utter_crisis (SAFETY)" in text


def test_a_reply_that_drops_the_crisis_lines_fails_the_check(project: Path) -> None:
    responses = project / "languages" / "it" / "responses.yml"
    text = responses.read_text(encoding="utf-8")
    responses.write_text(text.replace("{crisis_lines}", "", 1))
    found = gaps(project)
    assert any(g.kind == "placeholder" and g.critical for g in found["it"])


def test_missing_safety_patterns_fail_the_check(project: Path) -> None:
    (project / "languages" / "it" / "safety_patterns.yml").unlink()
    assert not report(gaps(project))[1]
