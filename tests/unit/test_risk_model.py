"""The learned crisis and despair detector, trained on the project's own NLU data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.cli import PROJECT
from bot.risk import LEFT_OUT, NONE, CorpusError, RiskModel, label_for, load_corpus, train

DATA = PROJECT / "data" / "nlu"
CORPUS = DATA.parent / "risk"


def training_examples() -> tuple[list[str], list[str]]:
    """What `rasa train` gives the risk model: every NLU example and the risk corpus."""
    texts, intents = load_corpus(CORPUS)
    for path in sorted(DATA.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                if line.strip().startswith("- "):
                    texts.append(line.strip()[2:])
                    intents.append(block["intent"])
    return texts, intents


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return train(*training_examples())


def test_every_intent_but_crisis_and_despair_counts_as_none() -> None:
    assert [label_for(i) for i in ("crisis", "despair", "danger", "greet")] == [
        "crisis",
        "despair",
        NONE,
        NONE,
    ]


def test_the_corpus_is_large_enough_to_learn_from() -> None:
    _, intents = training_examples()
    risk = sum(label_for(i) != NONE for i in intents)
    assert risk >= 400 and len(intents) - risk >= 400


def test_scores_stay_low_for_what_it_has_never_seen(model: RiskModel) -> None:
    # With balanced class weights an unfamiliar message scored a third for each class.
    for text in ("whats the weather tomorrow", "idk", "ok"):
        assert model.scores([text])[0].risk < 0.3, text


def test_training_is_deterministic(model: RiskModel) -> None:
    texts, intents = training_examples()
    one, two = model, train(texts, intents)  # the module's model was trained the same way
    probe = ["i cant see a way out of this", "how do i report him"]
    assert one.scores(probe) == two.scores(probe)


def test_a_model_without_risk_examples_is_refused() -> None:
    with pytest.raises(ValueError, match="needs examples"):
        train(["hi", "bye"], ["greet", "goodbye"])


def test_a_malformed_corpus_file_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "bad.yml").write_text("risk:\n  - examples: |\n      - hi\n")
    with pytest.raises(CorpusError, match=r"bad.yml: risk\[0\] needs a 'label'"):
        load_corpus(tmp_path)


def test_a_parent_describing_their_childs_low_mood_is_not_learned_as_safe(
    model: RiskModel,
) -> None:
    """Examples of the left-out intents change nothing: not "none", not risk."""
    texts, intents = training_examples()
    assert "parent_child_distressed" in LEFT_OUT and "parent_child_distressed" in intents
    probe = ["i cant eat or sleep and i dont see the point", "he wont eat and just sleeps"]
    extra = ["she cant sleep, cant eat, says theres no point in anything"] * 20
    widened = train(texts + extra, intents + ["parent_child_distressed"] * 20)
    assert widened.scores(probe) == model.scores(probe)


def test_texts_and_intents_must_pair_up() -> None:
    with pytest.raises(ValueError, match="texts but"):
        train(["one", "two"], ["crisis"])
