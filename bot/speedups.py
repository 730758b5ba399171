"""Two per-message costs in Rasa 3.6 that redo constant work, removed without changing behaviour.

Found with py-spy while `make bench` drove 20 concurrent conversations (docs/benchmarks.md):
- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the
  *schema itself* against the JSON Schema meta-schema on every call before checking the
  action server's answer: a third of the Rasa process's CPU under load. The schema is a
  constant, so it is checked once here and the same validator is reused.
- `Event.resolve_by_type` walks every subclass of `Event` (with `inspect.isabstract` on each)
  for every event it deserialises: almost half the CPU of a long conversation, because the
  tracker store deserialises every event on every message. The answer for a type name never
  changes once Rasa's event classes are imported, so it is looked up in a table.

Both replacements give the same results as the originals (tests/test_speedups.py compares
them), and `install()` is idempotent. It is called when the tracker store is created, which
Rasa does once at start-up, before the first message.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

ORIGINAL_RESOLVE_BY_TYPE = Event.resolve_by_type
ORIGINAL_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result
_installed = False


def _event_classes() -> dict[str, type[Event]]:
    """Type name to class, keeping the first match in the order Rasa itself searches."""
    table: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


_EVENT_CLASSES: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type` from a table; unknown names take Rasa's own path (and errors)."""
    if not _EVENT_CLASSES:
        _EVENT_CLASSES.update(_event_classes())
    found = _EVENT_CLASSES.get(type_name)
    if found is not None:
        return found
    resolved: type[Event] | None = ORIGINAL_RESOLVE_BY_TYPE(type_name, default)
    return resolved


def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, instead of on every action call
    return validator_class(schema)


_ACTION_RESULT_VALIDATOR = _action_result_validator()


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """What `jsonschema.validate` does in Rasa's method, minus re-checking the schema."""
    error = best_match(_ACTION_RESULT_VALIDATOR.iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    # Rasa's own wording, so its logs read the same.
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Put both replacements in place (once)."""
    global _installed
    if _installed:
        return
    Event.resolve_by_type = staticmethod(resolve_by_type)
    RemoteAction._validate_action_result = validate_action_result
    _installed = True
