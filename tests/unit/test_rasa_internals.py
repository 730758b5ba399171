"""The Rasa internals we patch or rely on (bot/rasa_internals.py) are the ones we checked.

If Rasa changes any of them, `test_the_rasa_internals_we_rely_on_are_unchanged` fails and
names it: re-read the change, adapt bot/rasa_internals.py, then record the new fingerprint.
The two speed-ups must give exactly what Rasa's own code gives.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import rasa
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from bot import rasa_internals as speedups
from bot.cli import rasa_command

# sha256 of the source of every Rasa internal bot/rasa_internals.py patches or relies on,
# as in the pinned Rasa. The names are the ones its docstring lists.
FINGERPRINTS = {
    "Event.resolve_by_type": "b5cf570fa7f286c7",
    "RemoteAction._validate_action_result": "f8cdb4be68123961",
    "RemoteAction.action_response_format_spec": "091b74aa3738d126",
    "CollectingOutputChannel._persist_message": "0e9a47646e4e9314",
    "QueueOutputChannel._persist_message": "d7911467acae235e",
    "RestInput.on_message_wrapper": "6f349398dc626764",
    "RestInput.stream_response": "1fe0bdd810046ffe",
    "DialogueStateTracker.__init__": "8f39eb22462aa62b",
    "RedisTrackerStore.__init__": "38e681804e24d5ab",
    "RedisTrackerStore.save": "3507f91b23c4ae0c",
    "RedisTrackerStore.serialise_tracker": "e969bf6dc6fe886d",
    "SQLTrackerStore.session_scope": "6775e1ede3ec8d2d",
    "SQLTrackerStore.SQLEvent": "696a0661ef7643a9",
    "InMemoryTrackerStore.__init__": "30eeae0cfd67c259",
}
INTERNALS: dict[str, Any] = {
    "Event.resolve_by_type": speedups.ORIGINAL_RESOLVE_BY_TYPE,
    "RemoteAction._validate_action_result": speedups.ORIGINAL_VALIDATE_ACTION_RESULT,
    "RemoteAction.action_response_format_spec": RemoteAction.action_response_format_spec,
    "CollectingOutputChannel._persist_message": CollectingOutputChannel._persist_message,
    "QueueOutputChannel._persist_message": QueueOutputChannel._persist_message,
    "RestInput.on_message_wrapper": RestInput.on_message_wrapper,
    "RestInput.stream_response": RestInput.stream_response,
    "DialogueStateTracker.__init__": DialogueStateTracker.__init__,
    "RedisTrackerStore.__init__": RedisTrackerStore.__init__,
    "RedisTrackerStore.save": RedisTrackerStore.save,
    "RedisTrackerStore.serialise_tracker": RedisTrackerStore.serialise_tracker,
    "SQLTrackerStore.session_scope": SQLTrackerStore.session_scope,
    "SQLTrackerStore.SQLEvent": SQLTrackerStore.SQLEvent,
    "InMemoryTrackerStore.__init__": InMemoryTrackerStore.__init__,
}


def fingerprint(thing: Any) -> str:
    return hashlib.sha256(inspect.getsource(thing).encode()).hexdigest()[:16]


def test_the_rasa_internals_we_rely_on_are_unchanged() -> None:
    changed = {
        name: fingerprint(thing)
        for name, thing in INTERNALS.items()
        if fingerprint(thing) != FINGERPRINTS[name]
    }
    assert changed == {}, (
        f"Rasa {rasa.__version__} changed internals that bot/rasa_internals.py relies on: "
        f"{sorted(changed)}. Re-check them before updating FINGERPRINTS."
    )
    assert set(INTERNALS) == set(FINGERPRINTS)


def test_the_installed_rasa_is_the_pinned_one() -> None:
    assert rasa.__version__ == speedups.pinned_rasa_version()
    speedups.check_version()  # does not raise


def test_another_rasa_version_is_refused_with_a_clear_message() -> None:
    pinned = re.escape(speedups.pinned_rasa_version())
    with pytest.raises(speedups.RasaVersionError, match=rf"needs Rasa {pinned}.*0\.1 is installed"):
        speedups.check_version("0.1")


def test_a_component_refuses_to_start_without_the_internals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(speedups, "_installed", False)
    with pytest.raises(speedups.RasaVersionError, match=r"python -m bot\.rasa_server"):
        speedups.require_installed("the tracker store")


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


def test_every_rasa_server_starts_through_the_entry_point_that_installs_them() -> None:
    """`make run`, the supervisor, the systemd units and the rig all use rasa_command."""
    command = rasa_command(5005, Path("model.tar.gz"), Path("endpoints.yml"))
    assert command[1:4] == ["-m", "bot.rasa_server", "run"]
