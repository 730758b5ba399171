"""Parents, staff and young people's situations: intent F1 on the held-out roles set, through
the running bot (rig/roles_eval.py maps categories to intents; only totals are printed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from rig.harness import BotServers
from rig.roles_eval import (
    ADULT_CATEGORIES,
    CATEGORIES,
    CORE_CATEGORIES,
    YOUTH_CATEGORIES,
    categories_of,
    examples,
    read_category,
    score,
    table,
)

RESULTS = Path(__file__).resolve().parents[2] / "results" / "roles_heldout.json"
# Issue #13 asks for 0.92 on the whole held-out roles set: every set, in all four languages
# together, reads 0.923 with the sentence encoder (README). These floors for the first set
# sit just under what the bot reached on 2026-12-07 with data/nlu/**/roles_wording*.yml
# (whole 0.910, young people 0.936, parents and staff 0.885, weakest category 0.76; before
# its third batch, roles_wording_hard.yml, 0.890, 0.933, 0.845, 0.67; the linear intent model
# before any of it 0.873, 0.911, 0.838, 0.65; DIET's 0.831, 0.853, 0.814, 0.59), so any real
# step back fails.
MIN_MACRO_F1 = {"whole": 0.89, "youth": 0.91, "adults": 0.86}
MIN_CATEGORY_F1 = 0.7
# tests/heldout/fresh2/ (written 2026-12-04 by a session that never saw the bot; nothing tuned
# on it), whole-set macro F1 per language. Measured 2026-12-04: en 0.861, cy 0.745, es 0.835,
# fr 0.809; 2026-12-07, with the everyday-questions data: en 0.876, cy 0.711, es 0.849, fr 0.807
# (Welsh situations lose a little to Welsh everyday questions); the same day with the linear
# intent model en 0.892, cy 0.767, es 0.792, fr 0.802, and with data/nlu/*/thin_intents.yml
# en 0.888, cy 0.806, es 0.856, fr 0.876; with the first two batches of
# data/nlu/**/roles_wording*.yml en 0.937, cy 0.877, es 0.882, fr 0.916, and with the third
# en 0.940, cy 0.916, es 0.900, fr 0.934 (en 0.936 once the intent model's solver stopped at
# 100 iterations, bot/intent_model.py). Floors: the last less a margin.
FRESH2 = Path(__file__).resolve().parents[1] / "heldout" / "fresh2"
FRESH2_FLOORS = {
    FRESH2 / "roles": 0.91,
    FRESH2 / "languages" / "cy": 0.89,
    FRESH2 / "languages" / "es": 0.87,
    FRESH2 / "languages" / "fr": 0.90,
}


def test_every_youth_category_is_in_the_set_with_at_least_15_messages() -> None:
    counts: dict[str, int] = {}
    for category, _ in examples(YOUTH_CATEGORIES):
        counts[category] = counts.get(category, 0) + 1
    assert set(counts) == set(YOUTH_CATEGORIES)
    assert min(counts.values()) >= 15, counts


def test_every_mapped_intent_is_one_the_bot_has() -> None:
    domain_dir = Path(__file__).resolve().parents[2] / "domain"
    intents = {
        intent
        for path in domain_dir.glob("*.yml")
        for intent in (yaml.safe_load(path.read_text()) or {}).get("intents") or []
    }
    assert {i for accepted in CATEGORIES.values() for i in accepted} <= intents


def test_no_heldout_message_is_in_the_training_data_written_after_it() -> None:
    """The situation files were written after the set; older files may share a few very
    short common phrases with it ("are you real"), written before it existed."""
    data = Path(__file__).resolve().parents[2] / "data" / "nlu"
    trained = {
        line.strip()[2:].strip().lower()
        for path in data.glob("situation_*.yml")
        for line in path.read_text().splitlines()
        if line.strip().startswith("- ")
    }
    heldout = [
        text.lower()
        for path in (Path(__file__).resolve().parents[1] / "heldout" / "roles").glob("*.yml")
        for text in read_category(path)[1]
    ]
    # Counted, not listed: the messages stay unread by whoever tunes the bot.
    assert sum(text in trained for text in heldout) == 0


@pytest.mark.servers
def test_roles_and_situations_are_understood_on_messages_never_seen(servers: BotServers) -> None:
    """One parse per message; the whole set, the young people's and the adults' categories
    are scored from the same predictions."""
    said: dict[str, str] = {}

    def predict(text: str) -> str:
        if text not in said:
            said[text] = str(servers.parse(text)["intent"]["name"])
        return said[text]

    found = {
        name: score(categories, predict)
        for name, categories in (
            ("whole", CATEGORIES),
            ("youth", YOUTH_CATEGORIES),
            ("adults", ADULT_CATEGORIES),
        )
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                name: {
                    "examples": scores.total,
                    "macro_f1": scores.macro_f1,
                    "per_category": scores.per_category,
                    "predicted_counts": {c: dict(n) for c, n in scores.went_to.items()},
                }
                for name, scores in found.items()
            },
            indent=2,
        )
    )
    for name, scores in found.items():
        print(f"\n{name}, held out:\n{table(scores)}")
    assert found["whole"].macro_f1 >= MIN_MACRO_F1["whole"], table(found["whole"])
    assert found["youth"].macro_f1 >= MIN_MACRO_F1["youth"], table(found["youth"])
    assert found["adults"].macro_f1 >= MIN_MACRO_F1["adults"], table(found["adults"])
    worst = min(found["whole"].per_category.values())
    assert worst >= MIN_CATEGORY_F1, found["whole"].per_category


def normalised(text: str) -> str:
    """Lower-cased, punctuation and quotes dropped: how two writers' same words are compared."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def training_lines() -> set[str]:
    """Every NLU training example, in every language, lower-cased: to count held-out overlap."""
    data = Path(__file__).resolve().parents[2] / "data" / "nlu"
    return {
        line.strip()[2:].strip().lower()
        for path in data.rglob("*.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- ")
    }


# Six short, common messages of the set were already training examples before it was
# written (added on 22-23 November, per `git log -S`; the set is from 4 December): two
# independent writers chose the same few words. Any more would be a leak.
FRESH2_SHARED_BEFORE_IT_EXISTED = 6


def test_no_fresh2_message_was_added_to_the_training_data() -> None:
    trained = training_lines()
    heldout = [
        text.lower()
        for folder in FRESH2_FLOORS
        for path in folder.glob("*.yml")
        for text in read_category(path)[1]
    ]
    assert len(heldout) == 176 + 3 * 88
    shared = sum(text in trained for text in heldout)  # counted, never listed
    assert shared <= FRESH2_SHARED_BEFORE_IT_EXISTED


@pytest.mark.servers
def test_the_second_fresh_set_holds_in_every_language(servers: BotServers) -> None:
    """One model reads all four languages; each folder is scored on its own."""
    for folder, floor in FRESH2_FLOORS.items():
        found = score(CATEGORIES, lambda text: str(servers.parse(text)["intent"]["name"]), folder)
        print(f"\n{folder.relative_to(FRESH2)}: macro F1 {found.macro_f1:.3f}")
        assert found.macro_f1 >= floor, (str(folder), found.macro_f1)


# tests/heldout/fresh3/core/ (written 2026-12-06 by a session that never saw the bot): a young
# person's everyday questions on the seven steps, 12 messages in each of 21 categories. Scored
# three times, on aggregates only, never tuned on: before the everyday-questions training data
# (data/nlu/everyday_questions.yml, written by another session that never saw this set) 0.695;
# with it 0.876; with the same intents' Welsh, Spanish and French data too 0.894; with the
# linear intent model in place of DIET (2026-12-07) 0.921; with the roles data that followed
# (data/nlu/**/roles_wording*.yml) 0.923 and 0.925. Floor: the last, less a margin.
FRESH3_CORE = FRESH2.parent / "fresh3" / "core"
FRESH3_MIN_MACRO_F1 = 0.90
# Short messages that were training lines before the set was written ("thanks", "bye"): two
# writers chose the same words. The new data dropped every line in any held-out set.
FRESH3_SHARED_BEFORE_IT_EXISTED = 34


def test_no_fresh3_message_is_in_the_training_data_beyond_those_there_before_it() -> None:
    trained = training_lines()
    heldout = [text.lower() for _, text in examples(CORE_CATEGORIES, FRESH3_CORE)]
    assert len(heldout) == 21 * 12
    assert sum(text in trained for text in heldout) <= FRESH3_SHARED_BEFORE_IT_EXISTED


@pytest.mark.servers
def test_a_young_persons_everyday_questions_are_understood_on_a_third_fresh_set(
    servers: BotServers,
) -> None:
    found = score(
        CORE_CATEGORIES, lambda text: str(servers.parse(text)["intent"]["name"]), FRESH3_CORE
    )
    print(f"\nfresh3 core, held out:\n{table(found)}")
    assert found.macro_f1 >= FRESH3_MIN_MACRO_F1, found.macro_f1


# tests/heldout/fresh4/ (written 2026-12-07 by five sessions that never saw the project, and
# committed before any model was scored on it) checked two changes: the linear intent model
# (bot/intent_model.py) in place of DIET, then data/nlu/*/thin_intents.yml. Whole-set macro
# F1, DIET as landed / DIET trained again on the same data / the linear model / with the new
# data: English roles 0.896 / 0.881 / 0.895 / 0.897, English everyday questions 0.900 / 0.861
# / 0.928 / 0.927, Welsh 0.743 / 0.716 / 0.715 / 0.781, Spanish 0.777 / 0.768 / 0.798 / 0.859,
# French 0.803 / 0.787 / 0.772 / 0.834 (README, "Intents and wording"). Its roles/ counts as
# seen since (its README); with the first two batches of data/nlu/**/roles_wording*.yml:
# English roles 0.933, everyday questions 0.928, Welsh 0.826, Spanish 0.918, French 0.862;
# with the third 0.933, 0.932, 0.853, 0.933, 0.883 (Welsh 0.849 and Spanish 0.932 once the
# intent model's solver stopped at 100 iterations). Floors: the last figures less a margin, so
# any real step back fails.
FRESH4 = FRESH2.parent / "fresh4"
FRESH4_FLOORS = {
    FRESH4 / "roles": 0.91,
    FRESH4 / "core": 0.90,
    FRESH4 / "languages" / "cy": 0.83,
    FRESH4 / "languages" / "es": 0.90,
    FRESH4 / "languages" / "fr": 0.86,
}
# Short messages that were training lines before the set was written ("hi", "thanks").
FRESH4_SHARED_BEFORE_IT_EXISTED = 35


def messages_and_shared(floors: dict[Path, float]) -> tuple[int, int]:
    """(messages in the folders, how many of them are training lines), compared normalised;
    counted, never listed."""
    trained = {normalised(line) for line in training_lines()}
    heldout = [
        normalised(text) for folder in floors for _, text in examples(categories_of(folder), folder)
    ]
    return len(heldout), sum(text in trained for text in heldout)


def assert_floors(servers: BotServers, floors: dict[Path, float], base: Path) -> None:
    """Score each folder on its own categories through the running bot; print the figure and
    fail below the folder's floor."""
    for folder, floor in floors.items():
        found = score(
            categories_of(folder), lambda text: str(servers.parse(text)["intent"]["name"]), folder
        )
        print(f"\n{base.name} {folder.relative_to(base)}: macro F1 {found.macro_f1:.3f}")
        assert found.macro_f1 >= floor, (str(folder), found.macro_f1)


def test_no_fresh4_message_is_in_the_training_data_beyond_those_there_before_it() -> None:
    messages, shared = messages_and_shared(FRESH4_FLOORS)
    assert messages == 220 + 168 + 3 * 180
    assert shared <= FRESH4_SHARED_BEFORE_IT_EXISTED


@pytest.mark.servers
def test_the_fourth_fresh_set_holds_in_every_language(servers: BotServers) -> None:
    """English roles, English everyday questions, and each language's mixed set."""
    assert_floors(servers, FRESH4_FLOORS, FRESH4)


# tests/heldout/fresh5/ (written 2026-12-07 by four sessions that never saw the project, asked
# for hard but fair messages, and committed before any model was scored on it) checked one
# change: more wordings for parents, staff and the situations (data/nlu/**/roles_wording*.yml,
# written at the same time by four other sessions that saw neither the set nor the project),
# with the risk model no longer learning a parent's account of their child's low mood as
# safe (bot/risk.py, LEFT_OUT). Whole-set macro F1 before / after: English 0.831 / 0.848,
# Welsh 0.737 / 0.846, Spanish 0.836 / 0.932, French 0.801 / 0.882; then, scored for the third
# batch (roles_wording_hard.yml, measured cleanly by fresh6 below), 0.880, 0.860, 0.951,
# 0.907 (English 0.882 with the solver stopped at 100 iterations). Floors: the last less a
# margin.
FRESH5 = FRESH2.parent / "fresh5"


def floors_by_language(base: Path, **floor: float) -> dict[Path, float]:
    """{folder: floor} for a set of English roles/ and languages/<code>/ folders."""
    return {
        base / ("roles" if code == "en" else f"languages/{code}"): value
        for code, value in floor.items()
    }


FRESH5_FLOORS = floors_by_language(FRESH5, en=0.86, cy=0.83, es=0.92, fr=0.88)
# One message was a training line before the set was written (compared as normalised()).
FRESH5_SHARED_BEFORE_IT_EXISTED = 1

# tests/heldout/fresh6/ (written 2026-12-07 by four sessions that never saw the project, with
# fresh5's instructions, and committed before any model was scored on it) checked the third
# batch of wordings (data/nlu/**/roles_wording_hard.yml: context first, indirect, written at
# the same time by four other sessions that saw neither the set nor the project). Whole-set
# macro F1 before / after: English 0.897 / 0.900, Welsh 0.882 / 0.918, Spanish 0.942 / 0.975,
# French 0.922 / 0.946; once the intent model's solver stopped at 100 iterations, English
# 0.897, the others the same. Floors: the second less a margin.
FRESH6 = FRESH2.parent / "fresh6"
FRESH6_FLOORS = floors_by_language(FRESH6, en=0.88, cy=0.89, es=0.94, fr=0.91)
# Six messages were training lines before the set was written.
FRESH6_SHARED_BEFORE_IT_EXISTED = 6

# tests/heldout/fresh7/ (written 2026-12-07 by five sessions that never saw the project, with
# fresh5's instructions, English once as UK and Irish writers and once as American,
# Canadian, Australian and New Zealand ones; committed before any model was scored on it)
# was scored once for the model as it was: English 0.924, Welsh 0.933, Spanish 0.942, French
# 0.958. Floors: those less a margin.
FRESH7 = FRESH2.parent / "fresh7"
FRESH7_FLOORS = floors_by_language(FRESH7, en=0.90, cy=0.91, es=0.92, fr=0.93)
# Three messages were training lines before the set was written.
FRESH7_SHARED_BEFORE_IT_EXISTED = 3

# tests/heldout/fresh8/ (written 2026-12-07 the same way, five sessions, committed before any
# model was scored on it) checked the sentence encoder beside the intent model's n-grams
# (bot/sentence_encoder.py). Before / after: English 0.885 / 0.900; Welsh 0.921, Spanish
# 0.946 and French 0.919 both times (the encoder reads English only). Floors: those less a
# margin.
FRESH8 = FRESH2.parent / "fresh8"
FRESH8_FLOORS = floors_by_language(FRESH8, en=0.88, cy=0.89, es=0.92, fr=0.89)
# Two messages were training lines before the set was written.
FRESH8_SHARED_BEFORE_IT_EXISTED = 2
# Each of them: its floors, how many messages it has, how many were training lines first.
HARD_SETS = {
    "fresh5": (FRESH5_FLOORS, 22 * 12 + 3 * 22 * 6, FRESH5_SHARED_BEFORE_IT_EXISTED),
    "fresh6": (FRESH6_FLOORS, 22 * 10 + 3 * 22 * 4, FRESH6_SHARED_BEFORE_IT_EXISTED),
    "fresh7": (FRESH7_FLOORS, 22 * 12 + 3 * 22 * 4, FRESH7_SHARED_BEFORE_IT_EXISTED),
    "fresh8": (FRESH8_FLOORS, 22 * 12 + 3 * 22 * 4, FRESH8_SHARED_BEFORE_IT_EXISTED),
}


@pytest.mark.parametrize("name", sorted(HARD_SETS))
def test_no_hard_set_message_is_in_the_training_data_beyond_those_there_before_it(
    name: str,
) -> None:
    floors, expected, shared_before = HARD_SETS[name]
    messages, shared = messages_and_shared(floors)
    assert messages == expected
    assert shared <= shared_before


@pytest.mark.parametrize("name", sorted(HARD_SETS))
def test_each_hard_set_has_every_role_and_situation_with_enough_messages(name: str) -> None:
    """At least the issue's 15 a situation, 80 parents' and 60 staff's messages, over all
    four languages; every category in every language."""
    counts: dict[str, int] = {}
    for folder in HARD_SETS[name][0]:
        found = {category for category, _ in examples(CATEGORIES, folder)}
        assert found == set(CATEGORIES), (str(folder), sorted(set(CATEGORIES) - found))
        for category, _ in examples(CATEGORIES, folder):
            counts[category] = counts.get(category, 0) + 1
    assert min(counts[c] for c in YOUTH_CATEGORIES) >= 15
    assert sum(counts[c] for c in ADULT_CATEGORIES if c.startswith("parent_")) >= 80
    assert sum(counts[c] for c in ADULT_CATEGORIES if not c.startswith("parent_")) >= 60


@pytest.mark.servers
@pytest.mark.parametrize("name", sorted(HARD_SETS))
def test_the_hard_sets_hold_in_every_language(servers: BotServers, name: str) -> None:
    """Parents, staff and young people's situations, in each language, scored on its own."""
    assert_floors(servers, HARD_SETS[name][0], FRESH2.parent / name)
