"""A deployment profile chooses its default language and may restrict the ones it offers."""

from __future__ import annotations

import json
from pathlib import Path

from bot.channels.widget import frame_config
from bot.languages import choose
from bot.profiles.loader import parse_profile
from bot.registry import default_registry


def profile_file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "ysgol.yml"
    path.write_text(f"id: ysgol\n{extra}", encoding="utf-8")
    return path


def test_a_welsh_medium_school_starts_in_welsh_and_offers_welsh_and_english(
    tmp_path: Path,
) -> None:
    path = profile_file(tmp_path, "language: cy\nlanguages: [cy, en]\n")
    profile, problems = parse_profile(path, default_registry())
    assert problems == [] and profile is not None
    config = json.loads(frame_config(profile, "https://www.bbc.co.uk"))
    assert config["lang"] == "cy" and config["explicit"] is False
    assert [language["code"] for language in config["languages"]] == ["en", "cy"]
    assert set(config["texts"]) == {"en", "cy"}
    # A page or message asking for a language the profile does not offer gets its default.
    assert choose("es", profile.language, profile.languages) == "cy"
    assert json.loads(frame_config(profile, "https://www.bbc.co.uk", "es"))["lang"] == "cy"


def test_a_language_the_bot_does_not_speak_is_refused_with_a_reason(tmp_path: Path) -> None:
    _, problems = parse_profile(profile_file(tmp_path, "language: de\n"), default_registry())
    assert [p.field for p in problems] == ["language"]
    _, problems = parse_profile(
        profile_file(tmp_path, "language: cy\nlanguages: [en, fr]\n"), default_registry()
    )
    assert [p.field for p in problems] == ["languages"]
