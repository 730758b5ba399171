"""Every Rasa internal the bot patches or relies on, in one place, behind a version guard.

Why one module: private Rasa APIs change without notice between releases. Keeping every use
here means one file to read when upgrading Rasa, one guard (`check_version`) that refuses a
Rasa other than the pinned one with a clear message, and one unit test
(tests/unit/test_rasa_internals.py) that fails loudly if any of them changes.

`install()` is called explicitly at start-up by bot/rasa_server.py, the entry point every
Rasa server of ours runs (`make run`, the supervisor, the systemd units all build their
command with bot.cli.rasa_command). The tracker store refuses to start without it.

What is relied on, besides the two patches below:
- `CollectingOutputChannel._persist_message`: the REST channel counts and adds messages through it;
- `DialogueStateTracker._max_event_history`: kept when the tracker store rebuilds a tracker;
- `RedisTrackerStore.red`, `.key_prefix`, `.record_exp`, `.serialise_tracker`: the Redis
  store that skips Rasa's merge with the stored copy (`LatestSessionRedisStore`);
- `SQLTrackerStore.SQLEvent` and `.session_scope`, `InMemoryTrackerStore.store`: deleting
  expired conversations.

The two patches remove per-message costs in Rasa 3.6 that redo constant work, without
changing behaviour. Found with py-spy while `make bench` drove 20 concurrent conversations
(docs/benchmarks.md):
- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the
  *schema itself* against the JSON Schema meta-schema on every call before checking the
  action server's answer: a third of the Rasa process's CPU under load. The schema is a
  constant, so it is checked once here and the same validator is reused.
- `Event.resolve_by_type` walks every subclass of `Event` (with `inspect.isabstract` on each)
  for every event it deserialises: almost half the CPU of a long conversation, because the
  tracker store deserialises every event on every message. The answer for a type name never
  changes once Rasa's event classes are imported, so it is looked up in a table.

Both replacements give the same results as the originals (tests/unit/test_rasa_internals.py
compares them), and `install()` is idempotent.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import logging
from typing import Any

import jsonschema
import rasa
from jsonschema.exceptions import ValidationError, best_match
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.rest import QueueOutputChannel
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

logger = logging.getLogger(__name__)

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


class RasaVersionError(SystemExit):
    """The installed Rasa is not the one these internals were checked against."""


def pinned_rasa_version() -> str:
    """The Rasa version pyproject.toml pins (read from the installed package's metadata)."""
    try:
        requirements = importlib.metadata.requires("safe-steps") or []
    except importlib.metadata.PackageNotFoundError:
        raise RasaVersionError(
            "error: Safe Steps is not installed, so its pinned Rasa version is unknown: "
            "run `make install` (pip install -e .)"
        ) from None
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        if name.strip() == "rasa":
            return version.strip()
    raise RasaVersionError("error: pyproject.toml must pin rasa with ==")


def check_version(installed: str = rasa.__version__) -> None:
    """Refuse to run on a Rasa other than the pinned one: the internals here may differ."""
    pinned = pinned_rasa_version()
    if installed != pinned:
        raise RasaVersionError(
            f"error: Safe Steps needs Rasa {pinned} (pinned in pyproject.toml), but Rasa "
            f"{installed} is installed. bot/rasa_internals.py patches and relies on Rasa "
            f"internals checked against {pinned} only: install it with `make install`, or "
            "re-check every internal listed there (and its test) before changing the pin."
        )


def install() -> None:
    """Check the Rasa version, then put both replacements in place (once)."""
    global _installed
    if _installed:
        return
    check_version()
    Event.resolve_by_type = staticmethod(resolve_by_type)
    RemoteAction._validate_action_result = validate_action_result
    _installed = True


def installed() -> bool:
    """Whether `install()` has run in this process."""
    return _installed


def require_installed(component: str) -> None:
    """Refuse to start a component when the start-up entry point did not install these."""
    if not _installed:
        raise RasaVersionError(
            f"error: {component} needs bot/rasa_internals.py installed at start-up; start "
            "Rasa with `python -m bot.rasa_server` (bot.cli.rasa_command), not `rasa run`"
        )
    logger.info("Rasa %s internals installed: %s", rasa.__version__, ", ".join(PATCHED))


# What install() replaces, by name, for the log line and the tests.
PATCHED = ("Event.resolve_by_type", "RemoteAction._validate_action_result")


def persist_message(output: CollectingOutputChannel, message: dict[str, Any]) -> Any:
    """Add one message to an output channel the way Rasa's own channels do (a coroutine)."""
    return output._persist_message(message)


def max_event_history(tracker: DialogueStateTracker) -> int | None:
    """How many events the tracker keeps (None: all), to build a copy that keeps as many."""
    limit: int | None = tracker._max_event_history
    return limit


class CountingQueueOutput(QueueOutputChannel):
    """Rasa's streaming output, counting what it sends: the stream is drained as it goes,
    so afterwards only a count can tell that the bot said nothing."""

    def __init__(self, queue: asyncio.Queue[Any]) -> None:
        super().__init__(queue)
        self.sent = 0

    async def _persist_message(self, message: dict[str, Any]) -> None:
        self.sent += 1
        await super()._persist_message(message)


class LatestSessionRedisStore(RedisTrackerStore):
    """Rasa's Redis store, minus the merge with the stored copy on every save.

    Rasa reads the stored tracker back and merges it in so that older sessions survive;
    this bot keeps no older sessions (nothing carries over, and keeping less is the point),
    the merge would put back the events `bot.history.compact` removed, and it costs a
    full deserialisation per message. One conversation's messages are already handled
    one at a time across instances by the Redis lock store.
    """

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        self.red.set(
            self.key_prefix + tracker.sender_id,
            self.serialise_tracker(tracker),
            ex=timeout or self.record_exp,
        )
