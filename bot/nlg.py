"""The in-process NLG: domain responses, filled with helplines from the registry.

Configured in endpoints.yml as `nlg: type: bot.nlg.SafeStepsNLG`. Running inside the Rasa
process means crisis and emergency replies never wait on the action server or a network
hop, and a phone number lives only in the registry: responses name it as `{crisis_lines}`,
`{talk_lines}`, `{report_lines}` or `{emergency_number}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import hours as opening
from bot import runtime
from bot.facts import AGE_ENTITIES
from bot.live_help import with_own_line
from bot.messages import action_messages
from bot.nlu.safety_net import OFFER_HELP_KEY
from bot.profiles.loader import Profile, ProfileStore, conversation_profile_id
from bot.registry import REGISTRY_PATH, Registry
from bot.registry_check import warn_if_stale
from bot.signposting import (
    age_band_concerned,
    age_buttons,
    country_buttons,
    select,
    signpost,
)

# Said where the registry has no verified emergency number for the country.
LOCAL_EMERGENCY = "your local emergency number"
# Replies that show crisis lines before we know the country: they offer a one-tap correction.
ASKS_IF_ELSEWHERE = frozenset({"utter_crisis", "utter_help_now", "utter_danger"})
# Replies that ask where the user lives: their buttons are the registry's countries.
ASKS_COUNTRY = frozenset({"utter_ask_country_for_crisis", "say_ask_country", "say_ask_country_too"})
ASKS_AGE = frozenset(
    {"say_ask_age", "say_ask_age_of_child", "say_ask_age_too", "say_ask_age_of_child_too"}
)
# Never the same reply twice in a row: a reply the bot sent in its previous turn is said in
# its `<name>_again` wording, or after this line. Stored events keep no text (bot/redaction.py),
# so "the same" is the same response with the same services; SAID_AGAIN marks the second
# wording in the event's metadata, so a third ask gets the first wording back.
AGAIN_SUFFIX = "_again"
SAID_AGAIN_RESPONSE = "say_said_again"
SAID_AGAIN = "said_again"


# Added to the first reply of a turn when the safety net flags `offer_help` (the risk
# model leans towards crisis, but not enough for the check-in) and it shows no crisis lines.
HELP_LINES_RESPONSE = "say_help_if_struggling"

# Which registry need each placeholder shows; the ids shown are recorded for the counts.
PLACEHOLDER_NEEDS = {"crisis_lines": "crisis", "talk_lines": "talk", "report_lines": "report"}


def template_values(
    registry: Registry,
    country: str | None,
    age_band: str | None,
    default_country: str,
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """The registry-driven values a response may name, for this country and age."""
    where = country if country in registry.countries else default_country
    emergency = select(registry, "emergency", where, None)
    return {
        "country_name": registry.countries[where].name,
        "default_country_name": registry.countries[default_country].name,
        "emergency_number": (emergency[0].contact.phone or LOCAL_EMERGENCY)
        if emergency
        else LOCAL_EMERGENCY,
        **{
            placeholder: signpost(registry, need, where, age_band, False, now).text
            for placeholder, need in PLACEHOLDER_NEEDS.items()
        },
    }


def shown_service_ids(
    registry: Registry, text: str, country: str | None, age_band: str | None, default: str
) -> list[str]:
    """Ids of the registry services a filled-in response shows (by its placeholders)."""
    where = country if country in registry.countries else default
    return [
        service.id
        for placeholder, need in PLACEHOLDER_NEEDS.items()
        if f"{{{placeholder}}}" in text
        for service in select(registry, need, where, age_band)
    ]


def first_reply_of_turn(tracker: DialogueStateTracker) -> bool:
    """True if the bot has said nothing since the user's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, BotUttered):
            return False
    return True


def said_last_turn(tracker: DialogueStateTracker) -> set[tuple[str, tuple[str, ...]]]:
    """(response, service ids) of each reply in the bot's previous turn, first wording only."""
    said: set[tuple[str, tuple[str, ...]]] = set()
    users_seen = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users_seen += 1
            if users_seen == 2:
                break
        elif users_seen == 1 and isinstance(event, BotUttered):
            metadata = event.metadata or {}
            name = metadata.get("utter_action")
            if name and not metadata.get(SAID_AGAIN):
                said.add((name, tuple(metadata.get("service_ids") or ())))
    return said


def offers_help(tracker: DialogueStateTracker) -> bool:
    """Whether the safety net asked for crisis lines to be added to this turn's reply."""
    parse = tracker.latest_message.parse_data if tracker.latest_message else {}
    return bool(parse.get(OFFER_HELP_KEY)) and first_reply_of_turn(tracker)


def conversation_profile(tracker: DialogueStateTracker, store: ProfileStore) -> Profile:
    """The deployment profile of this conversation (from the widget's metadata)."""
    session = tracker.get_slot("session_started_metadata")
    latest = tracker.latest_message.metadata if tracker.latest_message else None
    return store.get(conversation_profile_id(session, latest))


class SafeStepsNLG(TemplatedNaturalLanguageGenerator):
    """Templated responses, reworded per deployment profile, filled from the registry."""

    def __init__(self, endpoint_config: EndpointConfig | None, domain: Domain) -> None:
        super().__init__(domain.responses)
        self.profiles = runtime.current().profiles
        warn_if_stale(REGISTRY_PATH, self.profiles.folder, runtime.current().settings)
        default = self.profiles.get(None)
        if default.default_country not in default.registry.countries:
            raise ValueError(
                f"default country {default.default_country!r} is not a registry country "
                f"({', '.join(sorted(default.registry.countries))})"
            )

    @property
    def responses(self) -> dict[str, list[dict[str, Any]]]:
        """Domain responses plus the messages only actions send."""
        return self._responses

    @responses.setter
    def responses(self, domain_responses: dict[str, list[dict[str, Any]]]) -> None:
        # Rasa's Agent reassigns `nlg.responses` to the domain's after loading a model,
        # so the merge happens here rather than once in __init__.
        self._responses = {**action_messages(), **domain_responses}

    def _template_text(self, utter_action: str) -> str:
        """All texts the response could have been chosen from (placeholders still in)."""
        return " ".join(v.get("text") or "" for v in self.responses.get(utter_action, []))

    def _template_of(self, utter_action: str, profile: Profile) -> str:
        """The response's texts, placeholders still in (the profile's wording if it has one)."""
        override = profile.responses.get(utter_action)
        if override:
            return " ".join(v["text"] for v in override)
        return self._template_text(utter_action)

    async def _fill(
        self,
        utter_action: str,
        profile: Profile,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        values: dict[str, Any],
    ) -> dict[str, Any] | None:
        """One response, in the profile's wording if it has its own, filled with values."""
        override = profile.responses.get(utter_action)
        # A profile's wording replaces the domain's for this response only; the rest falls back.
        response: dict[str, Any] | None
        if override:
            profile_nlg = TemplatedNaturalLanguageGenerator({utter_action: override})
            response = await profile_nlg.generate(utter_action, tracker, output_channel, **values)
        else:
            response = await super().generate(utter_action, tracker, output_channel, **values)
        return response

    async def _said_again(
        self,
        utter_action: str,
        profile: Profile,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        values: dict[str, Any],
        response: dict[str, Any],
    ) -> dict[str, Any]:
        """The reply in its second wording, or led by a line saying it matters."""
        again = f"{utter_action}{AGAIN_SUFFIX}"
        if again in self.responses or again in profile.responses:
            reworded = await self.generate(again, tracker, output_channel, **values)
            if reworded:
                return {**reworded, SAID_AGAIN: True}
        lead = await self._fill(SAID_AGAIN_RESPONSE, profile, tracker, output_channel, values)
        text = f"{(lead or {}).get('text') or ''}\n{response.get('text') or ''}".strip()
        return {**response, "text": text, SAID_AGAIN: True}

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """Fill the response with registry values; values sent by an action take precedence."""
        profile = conversation_profile(tracker, self.profiles)
        country = tracker.get_slot("country")
        age_band = age_band_concerned(
            tracker.get_slot("role"), *(tracker.get_slot(name) for name in AGE_ENTITIES)
        )
        registry, home = profile.registry, profile.default_country
        now = opening.now(runtime.current().settings)
        values = template_values(registry, country, age_band, home, now)
        where = country if country in registry.countries else home
        filled = with_own_line(
            profile.organisation,
            profile.live_help,
            {**values, **kwargs},
            utter_action,
            registry,
            where,
            age_band,
            now,
        )
        response = await self._fill(utter_action, profile, tracker, output_channel, filled)
        if response is None:
            return None
        template = self._template_of(utter_action, profile)
        if "{crisis_lines}" not in template and offers_help(tracker):
            help_lines = await self._fill(
                HELP_LINES_RESPONSE, profile, tracker, output_channel, filled
            )
            if help_lines and help_lines.get("text"):
                response["text"] = f"{response.get('text') or ''}\n{help_lines['text']}".strip()
                template += " " + self._template_of(HELP_LINES_RESPONSE, profile)
        service_ids = shown_service_ids(registry, template, country, age_band, home)
        if service_ids:
            response["service_ids"] = service_ids
        shown = tuple(kwargs.get("service_ids") or service_ids)
        if not utter_action.endswith(AGAIN_SUFFIX) and (utter_action, shown) in said_last_turn(
            tracker
        ):
            response = await self._said_again(
                utter_action, profile, tracker, output_channel, filled, response
            )
        extra: list[dict[str, str]] = []
        if utter_action in ASKS_COUNTRY:
            extra = country_buttons(registry)
        elif utter_action in ASKS_AGE:
            extra = age_buttons()
        elif utter_action in ASKS_IF_ELSEWHERE and not country:
            extra = [
                {
                    "title": f"I'm not in {values['default_country_name']}",
                    "payload": "/not_in_default_country",
                }
            ]
        if extra:
            response["buttons"] = [*(response.get("buttons") or []), *extra]
        return response
