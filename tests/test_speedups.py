"""The two Rasa speed-ups give exactly what Rasa's own code gives."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot import speedups

ACTION_RESULTS: list[Any] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "country", "value": "uk"}], "responses": []},
    {"events": [{"event": "slot", "timestamp": None}], "responses": [{"response": "say_x"}]},
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
    {"events": [], "responses": "nope"},
    [],
    {},
]


def test_every_event_type_resolves_to_the_class_rasa_finds() -> None:
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert speedups.resolve_by_type(name) is speedups.ORIGINAL_RESOLVE_BY_TYPE(name)


def test_unknown_event_types_behave_as_in_rasa() -> None:
    assert speedups.resolve_by_type("topic") is None
    default = all_subclasses(Event)[0]
    assert speedups.resolve_by_type("no-such-event", default) is default
    with pytest.raises(ValueError, match="Unknown event name 'no-such-event'"):
        speedups.resolve_by_type("no-such-event")


def outcome(validate: Any, result: Any) -> str:
    action = RemoteAction("action_next_step", None)
    try:
        return str(validate(action, result))
    except ValidationError as error:
        return f"invalid: {error.message}"


@pytest.mark.parametrize("result", ACTION_RESULTS)
def test_action_results_are_judged_as_rasa_judges_them(result: Any) -> None:
    ours = outcome(speedups.validate_action_result, result)
    assert ours == outcome(speedups.ORIGINAL_VALIDATE_ACTION_RESULT, result)


def test_installing_twice_changes_nothing_more() -> None:
    speedups.install()
    speedups.install()
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert Event.resolve_by_type("slot") is speedups.resolve_by_type("slot")
